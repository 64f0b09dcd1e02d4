"""Context of a match: country and region fit, deployments, cooperation history, readiness."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from greenbridge.match.records import country_converter

# Bonus added to the retrieval score (cosine scale); general values, not fitted to any answers.
WEIGHTS = {
    "same_country": 0.04,
    "same_subregion": 0.02,
    "same_continent": 0.01,
    "deployed_in_country": 0.08,
    "deployed_in_subregion": 0.04,
    "cooperation_with_country": 0.05,
    "readiness": 0.02,
}


@dataclass
class Fact:
    """A piece of context evidence shown with a result: what, where, and the source sentence."""

    kind: str
    country: str | None
    text: str
    sentence: str | None = None
    document_id: int | None = None


@dataclass
class TechnologyContext:
    """What the store knows around one technology."""

    country: str | None = None
    readiness: int | None = None
    deployments: list[Fact] = field(default_factory=list)
    cooperation: list[Fact] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _groups(country: str) -> tuple[str | None, str | None]:
    converter = country_converter()
    subregion = converter.convert(country, src="ISO2", to="UNregion", not_found=None)
    continent = converter.convert(country, src="ISO2", to="continent", not_found=None)
    return (subregion if isinstance(subregion, str) else None,
            continent if isinstance(continent, str) else None)  # fmt: skip


def closeness(a: str | None, b: str | None) -> str | None:
    """`country`, `subregion`, `continent` or None: how near two countries are."""
    if not a or not b:
        return None
    if a == b:
        return "country"
    (sub_a, cont_a), (sub_b, cont_b) = _groups(a), _groups(b)
    if sub_a and sub_a == sub_b:
        return "subregion"
    if cont_a and cont_a == cont_b:
        return "continent"
    return None


def nearest(countries: Iterable[str], other: str | None) -> str | None:
    order = {"country": 0, "subregion": 1, "continent": 2}
    found = [c for c in (closeness(c, other) for c in countries) if c]
    return min(found, key=order.__getitem__) if found else None


def context_bonus(need_countries: list[str], context: TechnologyContext) -> tuple[float, list[str]]:
    """The re-ranking bonus of a technology for a need's countries, with the reasons."""
    bonus, reasons = 0.0, []
    fit = nearest(need_countries, context.country)
    if fit:
        bonus += WEIGHTS[f"same_{fit}"]
        reasons.append(f"from the same {fit} ({context.country})")
    deployed = [nearest(need_countries, fact.country) for fact in context.deployments]
    if "country" in deployed:
        bonus += WEIGHTS["deployed_in_country"]
        reasons.append("deployed in the country")
    elif "subregion" in deployed:
        bonus += WEIGHTS["deployed_in_subregion"]
        reasons.append("deployed in a neighbouring country")
    if any(fact.country in need_countries for fact in context.cooperation):
        bonus += WEIGHTS["cooperation_with_country"]
        reasons.append("provider has cooperated with the country")
    if context.readiness:
        bonus += WEIGHTS["readiness"] * (context.readiness - 5) / 4
        reasons.append(f"readiness TRL {context.readiness}")
    return bonus, reasons
