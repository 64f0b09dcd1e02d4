"""A small language guess: enough to keep English extraction off Chinese or French text."""

from __future__ import annotations

import re
from collections import Counter

_STOPWORDS = {
    "en": {"the", "of", "and", "to", "in", "is", "for", "on", "with", "was", "by", "as", "at"},
    "fr": {"le", "la", "les", "des", "et", "est", "du", "une", "dans", "pour", "au", "sur"},
    "es": {"el", "la", "los", "las", "del", "y", "es", "una", "en", "para", "por", "con"},
    "de": {"der", "die", "das", "und", "ist", "von", "mit", "den", "zu", "im", "für", "auf"},
    "pt": {"o", "os", "as", "do", "da", "dos", "e", "em", "para", "uma", "com", "não"},
}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
# The names shown for the codes `detect_language` gives.
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese", "fr": "French", "es": "Spanish",
                  "de": "German", "pt": "Portuguese", "ru": "Russian", "ar": "Arabic"}  # fmt: skip


def language_name(code: str | None) -> str:
    """`French (fr)` for `fr`; `unknown language` when no language was recognised."""
    if not code:
        return "unknown language"
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})"


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the dominant language of `text` (`en`, `zh`, `fr`, ...), or None."""
    sample = text[:20000]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return None
    for code, script in (("zh", _CJK), ("ru", _CYRILLIC), ("ar", _ARABIC)):
        if len(script.findall(sample)) / letters > 0.3:
            return code
    words = Counter(w.lower() for w in _WORD.findall(sample))
    total = sum(words.values())
    if not total:
        return None
    scores = {code: sum(words[w] for w in stop) / total for code, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= 0.05 else None
