"""Words for report sentences: country names, lists, role phrases."""

from __future__ import annotations

from collections.abc import Iterable

import pycountry

ORGANIZED_ROLES = {
    "organizer": "organized by",
    "co_organizer": "co-organized by",
    "host": "hosted by",
    "supporter": "supported by",
    "sponsor": "sponsored by",
}
PARTICIPANT_ROLES = {
    "keynote": "Keynote speakers",
    "speaker": "Speakers",
    "chair": "Chairs",
    "presider": "Presiders",
    "attendee": "Participants",
}
MEMBER_ROLES = {
    "member": "as a member",
    "founding_member": "as a founding member",
    "sponsor": "as a sponsor",
    "professional_association": "as a professional association",
}


def country_name(code: str | None) -> str:
    """`CN` -> `China`; an unknown code is returned as it is."""
    if not code:
        return ""
    found = pycountry.countries.get(alpha_2=code.upper())
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


def join_names(names: Iterable[str]) -> str:
    """`a`, `a and b`, `a, b and c` (duplicates dropped, order kept)."""
    items = [n for n in dict.fromkeys(names) if n]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def place(city: str | None, country: str | None) -> str:
    return ", ".join(p for p in (city, country_name(country)) if p)


def sentence(text: str) -> str:
    """Capitalized, ending with one full stop."""
    text = " ".join(text.split()).rstrip(" .")
    return (text[:1].upper() + text[1:] + ".") if text else ""
