"""Identifiers a document gives for an entity, as resolution compares them.

An entity keeps each as an attribute (`orcid`, `ror`, `wikidata`, `website`). Two records of
one type that share one are the same entity, whatever their names; two records with different
ORCIDs (or ROR ids, or Wikidata items) are two entities, however alike their names. Web
addresses do not exclude each other: an organization may have several.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

SCHEMES = ("orcid", "ror", "wikidata", "website")
EXCLUSIVE = ("orcid", "ror", "wikidata")  # an entity has one of each at most

_ORCID = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$", re.I
)
_ROR = re.compile(r"^(?:https?://)?(?:www\.)?(?:ror\.org/)?(0[a-hj-km-np-tv-z0-9]{6}\d{2})$")
_QID = re.compile(r"^(?:https?://)?(?:www\.)?(?:wikidata\.org/(?:wiki|entity)/)?(Q[1-9]\d*)$", re.I)
_WEB = re.compile(r"^(?:https?://)?(?:www\.)?([a-z0-9][a-z0-9.-]*\.[a-z]{2,})(/[^\s?#]*)?")


def orcid_checksum_ok(orcid: str) -> bool:
    """The ISO 7064 11,2 check character of an ORCID (`0000-0002-1825-0097`)."""
    digits = orcid.replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def normalize_identifier(scheme: str, value: str) -> str | None:
    """The comparable form of an identifier of `scheme`, or None when `value` is not one."""
    text = value.strip()
    if scheme == "orcid":
        found = _ORCID.match(text)
        orcid = found.group(1).upper() if found else ""
        return orcid if orcid and orcid_checksum_ok(orcid) else None
    if scheme == "ror":
        found = _ROR.match(text.lower())
        return found.group(1) if found else None
    if scheme == "wikidata":
        found = _QID.match(text)
        return found.group(1).upper() if found else None
    if scheme == "website":
        found = _WEB.match(text.lower())
        if not found:
            return None
        return found.group(1) + (found.group(2) or "").rstrip("/")
    return None


def identifiers_of(attributes: Mapping[str, Any] | None) -> frozenset[str]:
    """`scheme:value` keys of the identifiers among an entity's attributes."""
    found = set()
    for scheme in SCHEMES:
        value = (attributes or {}).get(scheme)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and (key := normalize_identifier(scheme, item)):
                found.add(f"{scheme}:{key}")
    return frozenset(found)


def identifiers_conflict(left: frozenset[str], right: frozenset[str]) -> bool:
    """Whether two records carry different identifiers of a scheme an entity has one of."""
    for scheme in EXCLUSIVE:
        prefix = scheme + ":"
        mine = {k for k in left if k.startswith(prefix)}
        theirs = {k for k in right if k.startswith(prefix)}
        if mine and theirs and not mine & theirs:
            return True
    return False
