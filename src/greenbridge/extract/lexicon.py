"""The general vocabulary of the rules (extract/data/lexicon.yaml), loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Lexicon:
    honorifics: frozenset[str]
    title_heads: frozenset[str]
    title_modifiers: frozenset[str]
    organization_heads: dict[str, str | None]
    research_modifiers: frozenset[str]
    organization_plural_heads: frozenset[str]
    event_heads: dict[str, str]
    event_heads_lowercase: frozenset[str]
    initiative_heads: frozenset[str]
    initiative_compound_heads: dict[str, frozenset[str]]
    name_connectors: frozenset[str]
    months: frozenset[str]
    weekdays: frozenset[str]
    ordinals: tuple[str, ...]
    non_name_words: frozenset[str]
    non_person_words: frozenset[str]
    demonyms: dict[str, str]

    @property
    def title_words(self) -> frozenset[str]:
        return self.title_heads | self.title_modifiers

    def head_type(self, word: str) -> str | None:
        """`organization`, `event` or `initiative` when `word` heads such a name."""
        low = word.lower()
        if low in self.initiative_heads:
            return "initiative"
        if low in self.event_heads:
            return "event"
        if low in self.organization_heads:
            return "organization"
        return None


def load_data(name: str) -> Any:
    text = resources.files("greenbridge.extract").joinpath("data", name).read_text("utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = load_data("lexicon.yaml")
    return Lexicon(
        honorifics=frozenset(data["honorifics"]),
        title_heads=frozenset(data["title_heads"]),
        title_modifiers=frozenset(data["title_modifiers"]),
        organization_heads=dict(data["organization_heads"]),
        research_modifiers=frozenset(data["research_modifiers"]),
        organization_plural_heads=frozenset(data["organization_plural_heads"]),
        event_heads=dict(data["event_heads"]),
        event_heads_lowercase=frozenset(data["event_heads_lowercase"]),
        initiative_heads=frozenset(data["initiative_heads"]),
        initiative_compound_heads={
            k: frozenset(v) for k, v in data["initiative_compound_heads"].items()
        },
        name_connectors=frozenset(data["name_connectors"]),
        months=frozenset(data["months"]),
        weekdays=frozenset(data["weekdays"]),
        ordinals=tuple(data["ordinals"]),
        non_name_words=frozenset(data["non_name_words"]),
        non_person_words=frozenset(data["non_person_words"]),
        demonyms=dict(data["demonyms"]),
    )
