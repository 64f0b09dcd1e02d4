"""The Chinese word lists of `data/zh_lexicon.yaml`, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).resolve().parent.parent / "data" / "zh_lexicon.yaml"


@dataclass(frozen=True)
class ZhLexicon:
    organization_heads: dict[str, str]
    organization_stop: frozenset[str]
    initiative_heads: frozenset[str]
    agreement_heads: frozenset[str]
    initiative_stop: frozenset[str]
    technology_heads: frozenset[str]
    technology_stop: frozenset[str]
    event_heads: dict[str, str]
    event_stop: frozenset[str]
    visit_verbs: dict[str, str]
    titles: frozenset[str]
    honorifics: frozenset[str]
    compounds: frozenset[str]
    relation_verbs: dict[str, frozenset[str]]
    organized_roles: dict[str, str]
    participated_roles: dict[str, str]

    def heads(self) -> list[tuple[str, str]]:
        """(head word, entity type), longest first; on a tie event, initiative, organization,
        technology."""
        table = [(h, "event") for h in self.event_heads]
        table += [(h, "initiative") for h in self.initiative_heads | self.agreement_heads]
        table += [(h, "organization") for h in self.organization_heads]
        table += [(h, "technology") for h in self.technology_heads]
        order = ["event", "initiative", "organization", "technology"]
        return sorted(table, key=lambda ht: (-len(ht[0]), order.index(ht[1])))


@lru_cache(maxsize=1)
def zh_lexicon() -> ZhLexicon:
    data = yaml.safe_load(_DATA.read_text("utf-8"))
    return ZhLexicon(
        organization_heads=dict(data["organization_heads"]),
        organization_stop=frozenset(data["organization_stop"]),
        initiative_heads=frozenset(data["initiative_heads"]),
        agreement_heads=frozenset(data["agreement_heads"]),
        initiative_stop=frozenset(data["initiative_stop"]),
        technology_heads=frozenset(data["technology_heads"]),
        technology_stop=frozenset(data["technology_stop"]),
        event_heads=dict(data["event_heads"]),
        event_stop=frozenset(data["event_stop"]),
        visit_verbs=dict(data["visit_verbs"]),
        titles=frozenset(data["titles"]),
        honorifics=frozenset(data["honorifics"]),
        compounds=frozenset(data["compounds"]),
        relation_verbs={k: frozenset(v) for k, v in data["relation_verbs"].items()},
        organized_roles=dict(data["organized_roles"]),
        participated_roles=dict(data["participated_roles"]),
    )


@lru_cache(maxsize=1)
def heads() -> tuple[tuple[str, str], ...]:
    return tuple(zh_lexicon().heads())
