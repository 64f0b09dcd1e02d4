"""The languages a need can be ranked in: those the embedding model and the vocabulary read."""

from __future__ import annotations

from greenbridge.ingest.language import detect_language, language_name

RANKED_LANGUAGES = {"en"}  # all-MiniLM-L6-v2 and the CTCN taxonomy are English


def need_language(need: str) -> str | None:
    """The language `need` is written in, when it can be told."""
    return detect_language(need)


def unranked_note(language: str | None) -> str | None:
    """A plain sentence when a need's language is one the matcher cannot rank, else None."""
    if language is None or language in RANKED_LANGUAGES:
        return None
    return (
        f"This need reads as {language_name(language)}: the matcher ranks English text only, "
        "so the results below are not a reliable match. Describe the need in English."
    )
