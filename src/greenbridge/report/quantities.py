"""Figures in outcome text parsed into quantities with normalized units: percentages (with what
they measure), money with its currency, tonnes (per year), tonnes of CO2, people trained,
counts of people, places and installed things, areas, volumes of water, power and energy.

Units are normalized within a kind (kt -> t, `million` -> 1e6, `$` -> USD); currencies are
never converted into each other (no exchange rate is held)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pycountry

from greenbridge.report.counts import parse_counts, percentage_measures

KINDS = ("percentage", "money", "mass", "co2", "people_trained", "count", "area", "volume",
         "power", "energy")  # fmt: skip
ADDITIVE = {"money", "mass", "co2", "people_trained", "count", "area", "volume", "power", "energy"}

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
    "¥": "CNY",
    "renminbi": "CNY",
    "₹": "INR",
    "₦": "NGN",
    "naira": "NGN",
    "r$": "BRL",
    "reais": "BRL",
    "ksh": "KES",
    "kenyan shillings": "KES",
    "ugandan shillings": "UGX",
    "tanzanian shillings": "TZS",
    "cfa francs": "XOF",
    "fcfa": "XOF",
    "dirhams": "MAD",
    "rand": "ZAR",
    "birr": "ETB",
    "cedis": "GHS",
    "pesos": "MXN",
    "rubles": "RUB",
    "roubles": "RUB",
    "tenge": "KZT",
    "som": "UZS",
    "taka": "BDT",
    "swiss francs": "CHF",
    "pounds": "GBP",
}
_CUR = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
# written after the number: names and codes of currencies, not symbols (`40 million CFA francs`)
_CUR_AFTER = "|".join(
    re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True) if c.replace(" ", "").isalpha()
)
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
_MATERIAL = r"(?:\s+of\s+(?!co2|co₂|carbon)[a-z-]+(?:\s+and\s+[a-z-]+)?)?"
_PEOPLE = r"(?:people|persons|participants|trainees|technicians|farmers|students|engineers|officials|experts|staff|workers|professionals|women|youths?)"

_ISO_CODES = "|".join(sorted(c.alpha_3 for c in pycountry.currencies))
_CUBIC = r"(?:cubic[- ]met(?:re|er)s?|m3|m³)"
# "per day" right after the unit or after what is measured ("of fresh water per day")
_PER_DAY = (r"(?:(?:\s+of\s+(?:[a-z-]+\s+){0,2}?[a-z-]+)?"
            r"(?P<per>[- ](?:per[- ]day|a[- ]day|/\s*day|per[- ]year|a[- ]year|/\s*year|annually)))?")  # fmt: skip

PATTERNS = {
    "percentage": re.compile(_NUMBER + r"\s*(?:%|per\s?cent\b)", re.I),
    "money_before": re.compile(rf"(?P<cur>{_CUR})\s*" + _NUMBER + _SCALE, re.I),
    "money_after": re.compile(
        _NUMBER + _SCALE + rf"\s+(?P<cur>{_CUR_AFTER})\b",
        re.I,
    ),
    "mass": re.compile(
        _NUMBER + _SCALE + rf"\s*(?P<unit>{_MASS})\b" + _CO2 + _MATERIAL + _PER_YEAR, re.I
    ),
    "money_iso_before": re.compile(rf"\b(?P<iso>{_ISO_CODES})\s?" + _NUMBER + _SCALE),
    "money_iso_after": re.compile(_NUMBER + _SCALE + rf"\s+(?P<iso>{_ISO_CODES})\b"),
    "area": re.compile(
        _NUMBER
        + _SCALE
        + r"\s*(?P<unit>hectares|hectare|ha|acres|km2|km²|square\s+kilomet(?:re|er)s)\b",
        re.I,
    ),
    "volume": re.compile(
        _NUMBER + _SCALE + rf"[- ](?P<unit>{_CUBIC}|litres|liters)" + _PER_DAY + r"(?![\w²³])", re.I
    ),
    "power": re.compile(_NUMBER + r"\s*(?P<unit>kWp|MWp|GWp|kW|MW|GW)\b(?!h)"),
    "energy": re.compile(_NUMBER + _SCALE + r"\s*(?P<unit>kWh|MWh|GWh|TWh)\b" + _PER_YEAR),
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
    measure: str = ""  # what a percentage measures, what a count counts

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
    for value, noun, written, start, end in parse_counts(text):
        count = Quantity("count", value, noun, written, start, end, noun)
        if not any(_overlap(count, q) for q in found):
            found.append(count)
    measures = percentage_measures(text)
    found = [
        replace(q, measure=measures.get(q.start, "")) if q.kind == "percentage" else q
        for q in found
    ]
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
    if name.startswith("money_iso"):
        return Quantity("money", value, match.group("iso"), *span)
    if name.startswith("money"):
        currency = CURRENCIES[" ".join(match.group("cur").lower().split())]
        return Quantity("money", value, currency, *span)
    if name in UNIT_KINDS:
        factor, unit = UNIT_KINDS[name][match.group("unit").lower()]
        per = (match.groupdict().get("per") or match.groupdict().get("year") or "").lower()
        suffix = "/day" if "day" in per else "/year" if per.strip() else ""
        return Quantity(name, value * factor, unit + suffix, *span)
    if name == "mass":
        value *= MASS_UNITS[match.group("unit").lower()]
        kind = "co2" if match.group("co2") else "mass"
        unit = "t CO2" if kind == "co2" else "t"
        return Quantity(kind, value, unit + ("/year" if match.group("year") else ""), *span)
    return Quantity("people_trained", value, "people trained", *span)


UNIT_KINDS: dict[str, dict[str, tuple[float, str]]] = {
    "area": {"hectares": (1, "ha"), "hectare": (1, "ha"), "ha": (1, "ha"),
             "acres": (0.404686, "ha"), "km2": (100, "ha"), "km²": (100, "ha"),
             "square kilometres": (100, "ha"), "square kilometers": (100, "ha")},
    "volume": {"litres": (0.001, "m3"), "liters": (0.001, "m3"), "m3": (1, "m3"), "m³": (1, "m3"),
               **{f"cubic{sep}met{e}{pl}": (1, "m3") for sep in " -" for e in ("re", "er")
                  for pl in ("", "s")}},
    "power": {"kw": (1, "kW"), "mw": (1e3, "kW"), "gw": (1e6, "kW"), "kwp": (1, "kWp"),
              "mwp": (1e3, "kWp"), "gwp": (1e6, "kWp")},
    "energy": {"kwh": (1, "kWh"), "mwh": (1e3, "kWh"), "gwh": (1e6, "kWh"), "twh": (1e9, "kWh")},
}  # fmt: skip


def format_value(value: float) -> str:
    """`120000000.0` -> `120,000,000`; `43.5` -> `43.5`."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
