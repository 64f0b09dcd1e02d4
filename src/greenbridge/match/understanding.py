"""What a typed need says about where and in which sector: the countries (by the extractor's
country names), the UN regions and the CTCN taxonomy sectors its text names, for the user to
check and change before the need is ranked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from greenbridge.extract.places import country_names
from greenbridge.index.keyword import stem, words
from greenbridge.match.records import country_converter
from greenbridge.match.taxonomy import taxonomy_leaves

_SECTOR_STOPWORDS = {"and", "of", "the"}


@dataclass
class Understood:
    """Countries (ISO alpha-2), UN regions and taxonomy sectors read from a need."""

    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)

    def ranked_countries(self) -> list[str]:
        """The countries the ranker favours: the named ones, then those of the named regions."""
        found = list(self.countries)
        for region in self.regions:
            found += [c for c in region_countries(region) if c not in found]
        return found


def understand_need(text: str) -> Understood:
    """The countries, regions and sectors named in `text`, each once, in the order written."""
    return Understood(
        countries=_in_order(text, _country_pattern(), country_names()),
        regions=_in_order(text, _region_pattern(), region_aliases()),
        sectors=need_sectors(text),
    )


def countries_in(text: str) -> list[str]:
    """The countries (ISO alpha-2) named in `text`, each once, in the order written; a
    country's name inside a longer proper name (`Inner Mongolia`) is not the country."""
    names = country_names()
    found: list[str] = []
    for match in _country_pattern().finditer(text):
        if _INSIDE_NAME.search(text, 0, match.start()):
            continue
        value = names.get(match.group(0)) or names.get(match.group(0).lower())
        if value and value not in found:
            found.append(value)
    return found


_INSIDE_NAME = re.compile(r"\b[A-Z][a-z]+ $")


def _in_order(text: str, pattern: re.Pattern[str], names: dict[str, str]) -> list[str]:
    found: list[str] = []
    for match in pattern.finditer(text):
        value = names.get(match.group(0)) or names.get(match.group(0).lower())
        if value and value not in found:
            found.append(value)
    return found


@lru_cache(maxsize=1)
def _country_pattern() -> re.Pattern[str]:
    """Country names as written (case matters: `Chad`, not `chad`), longest first."""
    names = sorted(country_names(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")


@lru_cache(maxsize=1)
def region_aliases() -> dict[str, str]:
    """Lower-case ways to write a UN region (`east africa`, `southeast asia`) -> its UN name."""
    aliases: dict[str, str] = {}
    for region in _regions():
        lower = region.lower()
        aliases[lower] = region
        short = re.sub(r"\b(north|south|east|west)ern\b", r"\1", lower)
        aliases[short] = region
        aliases[short.replace("-", "")] = region
        aliases[short.replace("-", " ")] = region
    return aliases


@lru_cache(maxsize=1)
def _region_pattern() -> re.Pattern[str]:
    names = sorted(region_aliases(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _regions() -> tuple[str, ...]:
    data = country_converter().data
    return tuple(sorted({r for r in data["UNregion"] if isinstance(r, str)}))


def region_name(value: str) -> str | None:
    """The UN name of a region typed by a user (`East Africa` -> `Eastern Africa`)."""
    return region_aliases().get(" ".join(value.lower().split()))


@lru_cache(maxsize=64)
def region_countries(region: str) -> tuple[str, ...]:
    data = country_converter().data
    rows = data[data["UNregion"] == region]
    return tuple(code for code in rows["ISO2"] if isinstance(code, str) and len(code) == 2)


@lru_cache(maxsize=1)
def taxonomy_sectors() -> tuple[str, ...]:
    return tuple(dict.fromkeys(leaf.sector for leaf in taxonomy_leaves()))


def sector_name(value: str) -> str | None:
    """The taxonomy's spelling of a sector typed by a user, any case."""
    wanted = " ".join(value.lower().split())
    return next((s for s in taxonomy_sectors() if s.lower() == wanted), None)


def need_sectors(text: str) -> list[str]:
    """Sectors of the CTCN taxonomy all of whose content words the need uses (by stem)."""
    stems = {stem(w) for w in words(text)}
    found = []
    for sector in taxonomy_sectors():
        keys = {stem(w) for w in words(sector) if w not in _SECTOR_STOPWORDS}
        if keys and keys <= stems:
            found.append(sector)
    return found
