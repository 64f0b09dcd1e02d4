"""Countries and cities named in Chinese: country names from the CLDR (babel's Chinese
territory names, with their usual short forms), cities from a small table of the data folder."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).resolve().parent.parent / "data" / "zh_places.yaml"
_TERRITORY_ENDINGS = ("特别行政区",)


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Chinese country name -> ISO alpha-2 code (`德国` -> `DE`, `中华人民共和国` -> `CN`)."""
    from babel import Locale

    names: dict[str, str] = {}
    for code, name in Locale("zh").territories.items():
        if len(code) == 2 and code.isalpha() and code not in {"EU", "EZ", "UN", "QO", "XA", "XB"}:
            names[name] = code
            for ending in _TERRITORY_ENDINGS:
                if name.endswith(ending):
                    names[name.removesuffix(ending).removeprefix("中国")] = code
    names.update(_places()["countries"])
    return names


@lru_cache(maxsize=1)
def _places() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(_DATA.read_text("utf-8"))
    cities = {name: code for code, names in data["cities"].items() for name in names}
    countries = {name: code for code, names in data["countries"].items() for name in names}
    return {"cities": cities, "countries": countries}


def country_code_zh(name: str) -> str | None:
    return country_names().get(name)


def city_country_zh(name: str) -> str | None:
    """The country code of a city (`北京` or `北京市` -> `CN`), else None."""
    cities = _places()["cities"]
    return cities.get(name) or cities.get(name.removesuffix("市"))
