"""Figures in outcome text parsed into quantities with normalized units: percentages, money
with its currency, tonnes (per year), tonnes of CO2 and people trained.

Units are normalized within a kind (kt -> t, `million` -> 1e6, `$` -> USD); currencies are
never converted into each other (no exchange rate is held)."""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("percentage", "money", "mass", "co2", "people_trained")
ADDITIVE = {"money", "mass", "co2", "people_trained"}

_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|mn|m|k)\b)?"
SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
CURRENCIES = {
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "us dollars": "USD",
    "dollars": "USD",
    "eur": "EUR",
    "€": "EUR",
    "euros": "EUR",
    "euro": "EUR",
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "gbp": "GBP",
    "£": "GBP",
    "jpy": "JPY",
    "yen": "JPY",
    "inr": "INR",
    "rupees": "INR",
}
_CUR = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
MASS_UNITS = {
    "t": 1.0,
    "ton": 1.0,
    "tons": 1.0,
    "tonne": 1.0,
    "tonnes": 1.0,
    "kt": 1e3,
    "kilotons": 1e3,
    "kilotonnes": 1e3,
    "mt": 1e6,
    "megatons": 1e6,
    "megatonnes": 1e6,
}
_MASS = "|".join(sorted(MASS_UNITS, key=len, reverse=True))
_PER_YEAR = (
    r"(?P<year>\s*(?:per\s+(?:year|annum)|/\s*(?:year|yr|a)\b|a\s+year|annually|each\s+year))?"
)
_CO2 = r"(?P<co2>\s*(?:of\s+)?(?:co2|co₂|carbon\s+dioxide)(?:\s*(?:-?\s*eq\w*|e))?)?"
_MATERIAL = r"(?:\s+of\s+(?!co2|co₂|carbon)[a-z-]+)?"
_PEOPLE = r"(?:people|persons|participants|trainees|technicians|farmers|students|engineers|officials|experts|staff|workers|professionals|women|youths?)"

PATTERNS = {
    "percentage": re.compile(_NUMBER + r"\s*(?:%|per\s?cent\b)", re.I),
    "money_before": re.compile(rf"(?P<cur>{_CUR})\s*" + _NUMBER + _SCALE, re.I),
    "money_after": re.compile(
        _NUMBER
        + _SCALE
        + r"\s+(?P<cur>us dollars|dollars|euros?|yuan|yen|rupees|usd|eur|rmb|cny|gbp|jpy|inr)\b",
        re.I,
    ),
    "mass": re.compile(
        _NUMBER + _SCALE + rf"\s*(?P<unit>{_MASS})\b" + _CO2 + _MATERIAL + _PER_YEAR, re.I
    ),
    "trained_after": re.compile(
        r"\btrain(?:ed|ing|s)?\b(?:\s+\w+){0,4}?\s+"
        + _NUMBER
        + _SCALE
        + rf"\s+(?:\w+\s+)?{_PEOPLE}\b",
        re.I,
    ),
    "trained_before": re.compile(
        _NUMBER
        + _SCALE
        + rf"\s+(?:\w+\s+)?{_PEOPLE}\s+(?:were\s+|have\s+been\s+|had\s+been\s+|been\s+)?trained\b",
        re.I,
    ),
}


@dataclass(frozen=True)
class Quantity:
    """A figure: its kind, normalized value and unit, and the text it was read from."""

    kind: str
    value: float
    unit: str
    text: str
    start: int
    end: int

    @property
    def display(self) -> str:
        gap = "" if self.unit == "%" else " "
        return f"{format_value(self.value)}{gap}{self.unit}".strip()


def parse_quantities(text: str) -> list[Quantity]:
    """Every figure of a supported kind in `text`, in text order (overlaps read once)."""
    found: list[Quantity] = []
    for name, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            quantity = _read(name, match)
            if quantity and not any(_overlap(quantity, q) for q in found):
                found.append(quantity)
    return sorted(found, key=lambda q: q.start)


def _overlap(a: Quantity, b: Quantity) -> bool:
    return a.start < b.end and b.start < a.end


def _number(match: re.Match[str]) -> float:
    value = float(match.group("num").replace(",", ""))
    scale = (match.groupdict().get("scale") or "").lower()
    return value * SCALES.get(scale, 1.0)


def _read(name: str, match: re.Match[str]) -> Quantity | None:
    value = _number(match)
    span = (match.group(0).strip(), match.start(), match.end())
    if name == "percentage":
        return Quantity("percentage", value, "%", *span)
    if name.startswith("money"):
        currency = CURRENCIES[" ".join(match.group("cur").lower().split())]
        return Quantity("money", value, currency, *span)
    if name == "mass":
        value *= MASS_UNITS[match.group("unit").lower()]
        kind = "co2" if match.group("co2") else "mass"
        unit = "t CO2" if kind == "co2" else "t"
        return Quantity(kind, value, unit + ("/year" if match.group("year") else ""), *span)
    return Quantity("people_trained", value, "people trained", *span)


def format_value(value: float) -> str:
    """`120000000.0` -> `120,000,000`; `43.5` -> `43.5`."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
