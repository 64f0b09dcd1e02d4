"""Needs and technologies as plain records: field names, countries, regions and readiness."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

NEED = "need"
TECHNOLOGY = "technology"
KINDS = (NEED, TECHNOLOGY)
FIELDS = (
    "source_id", "title", "description", "sector", "country", "countries", "region",
    "provider", "readiness", "source", "lang",
)  # fmt: skip

_TRL_WORDS = (
    ("full commercial", 9), ("at scale", 9), ("proven", 9), ("market", 9), ("ready", 8),
    ("pilot", 7), ("demonstrat", 7), ("prototype", 6), ("validat", 5), ("concept", 3), ("idea", 2),
)  # fmt: skip


@dataclass
class MatchRecord:
    """One need or technology as imported: the attributes its Entity row carries."""

    kind: str
    title: str
    source_id: str | None = None
    description: str = ""
    sector: str | None = None
    country: str | None = None
    countries: list[str] = field(default_factory=list)
    region: str | None = None
    provider: str | None = None
    readiness: int | None = None
    source: str | None = None
    lang: str | None = None

    def attributes(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in FIELDS if name != "title"}
        values["title"] = self.title
        return {key: value for key, value in values.items() if value not in (None, "", [])}

    @property
    def text(self) -> str:
        return text_of(self.title, self.description)


def text_of(title: str, description: str | None) -> str:
    """The text that keyword and dense retrieval see."""
    description = (description or "").strip()
    if not description or description.lower().startswith(title.lower()):
        return description or title
    return f"{title}. {description}"


@lru_cache(maxsize=4096)
def country_code(value: str | None) -> str | None:
    """ISO alpha-2 code of a country given as alpha-2, alpha-3 or a name; None if not a country."""
    if not value or not value.strip():
        return None
    value = value.strip()
    import pycountry

    if len(value) == 2 and value.isalpha():
        found = pycountry.countries.get(alpha_2=value.upper())
        return found.alpha_2 if found else None
    if len(value) == 3 and value.isalpha() and value.isupper():
        found = pycountry.countries.get(alpha_3=value)
        return found.alpha_2 if found else None
    return _country_by_name(value)


def _country_by_name(name: str) -> str | None:
    import pycountry

    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        pass
    code = country_converter().convert(name, to="ISO2", not_found=None)
    return code if isinstance(code, str) and len(code) == 2 else None


@lru_cache(maxsize=1)
def country_converter() -> Any:
    """One shared `country_converter.CountryConverter` (building one takes a while)."""
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


@lru_cache(maxsize=4096)
def country_in_name(name: str | None) -> str | None:
    """The country a name ends with or holds in parentheses (`Lab Kenya`, `Network (India)`)."""
    if not name:
        return None
    inner = re.findall(r"\(([^)]+)\)", name)
    candidates = [*inner]
    words = re.sub(r"\([^)]*\)", " ", name).split()
    candidates += [" ".join(words[-n:]) for n in (3, 2, 1) if len(words) >= n]
    for candidate in candidates:
        if candidate[:1].isupper() and (code := country_code(candidate)):
            return code
    return None


def parse_readiness(value: Any) -> int | None:
    """A technology readiness level 1-9 from a number, `TRL7`, `7. ...` or a stage phrase."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return int(value) if 1 <= value <= 9 else None
    text = str(value).strip().lower()
    if match := re.match(r"^(?:trl\s*)?([1-9])\b", text):
        return int(match.group(1))
    for word, level in _TRL_WORDS:
        if word in text:
            return level
    return None
