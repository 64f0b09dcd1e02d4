"""iCalendar feeds of the graph's events: all of them, an alliance's (events its members or
the alliance itself organized or took part in), or a country's, with organizers and places.

An event needs a full start date (2024-05-17) to be in a feed: a month or a year is not a day
a calendar can show. Dates are whole days (DTSTART/DTEND with VALUE=DATE, the end exclusive).
The first organizer (by role: organizer, host, co-organizer, sponsor, supporter) is the
ORGANIZER; every organizer and participant is listed in the DESCRIPTION."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, timedelta

import pycountry
from icalendar import Calendar, vCalAddress
from icalendar import Event as CalendarEvent
from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge import __version__
from greenbridge.interop.ftm_ids import entity_id
from greenbridge.store.models import Entity, Relation

ROLE_ORDER = ("organizer", "host", "co_organizer", "sponsor", "supporter")
LINKS = ("organized", "participated")


@dataclass
class Happening:
    """An event with the names (and roles) of who organized it and who took part."""

    entity: Entity
    organizers: list[tuple[int, str, str | None]] = field(default_factory=list)
    participants: list[tuple[int, str, str | None]] = field(default_factory=list)


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value and len(str(value)) == 10 else None
    except ValueError:
        return None


def _members(session: Session, alliance_id: int, canonical: dict[int, int]) -> set[int]:
    rows = session.execute(
        select(Relation.subject_id, Relation.object_id).where(
            Relation.type == "member_of", Relation.retracted_at.is_(None),
            Relation.review.is_(False),
        )
    )  # fmt: skip
    members = {canonical.get(s, s) for s, o in rows if canonical.get(o or 0) == alliance_id}
    return members | {alliance_id}


def calendar_events(
    session: Session, *, alliance_id: int | None = None, country: str | None = None
) -> list[Happening]:
    """Canonical, current events with a full start date, oldest first, in the scope asked."""
    records = session.execute(select(Entity.id, Entity.canonical_id)).all()
    canonical = {i: c or i for i, c in records}
    events = {e.id: Happening(e) for e in session.scalars(
        select(Entity).where(Entity.type == "event", Entity.canonical_id.is_(None),
                             Entity.retracted_at.is_(None))
    ) if _day((e.attributes or {}).get("start"))}  # fmt: skip
    if country:
        events = {i: h for i, h in events.items()
                  if (h.entity.attributes or {}).get("country") == country}  # fmt: skip
    names = dict(session.execute(select(Entity.id, Entity.name)).tuples().all())
    links = session.scalars(
        select(Relation).where(Relation.type.in_(LINKS), Relation.retracted_at.is_(None),
                               Relation.review.is_(False)).order_by(Relation.id)
    )  # fmt: skip
    for link in links:
        happening = events.get(canonical.get(link.object_id or 0, 0))
        if happening is None:
            continue
        who = canonical.get(link.subject_id, link.subject_id)
        entry = (who, names.get(who, ""), (link.attributes or {}).get("role"))
        group = happening.organizers if link.type == "organized" else happening.participants
        if entry[0] not in {e[0] for e in group}:
            group.append(entry)
    if alliance_id is not None:
        scope = _members(session, alliance_id, canonical)
        events = {i: h for i, h in events.items()
                  if {e[0] for e in h.organizers + h.participants} & scope}  # fmt: skip
    found = sorted(events.values(), key=lambda h: (str(h.entity.attributes["start"]), h.entity.id))
    for happening in found:
        happening.organizers.sort(key=lambda e: _role_rank(e[2]))
    return found


def _role_rank(role: str | None) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def _place(attributes: dict[str, object]) -> str | None:
    found = pycountry.countries.get(alpha_2=str(attributes.get("country") or ""))
    parts = [str(p) for p in (attributes.get("city"), found.name if found else None) if p]
    if attributes.get("online"):
        parts.append("online")
    return ", ".join(parts) or None


def _listed(label: str, people: list[tuple[int, str, str | None]]) -> str | None:
    if not people:
        return None
    names = [f"{name} ({role.replace('_', ' ')})" if role else name for _, name, role in people]
    return f"{label}: {'; '.join(names)}"


def _address(entity: int, base_url: str | None) -> str:
    return f"{base_url.rstrip('/')}/entities/{entity}" if base_url else f"urn:greenbridge:{entity}"


def vevent(happening: Happening, *, base_url: str | None = None) -> CalendarEvent:
    """One VEVENT: whole days, the place, the kind, the organizers and participants."""
    entity = happening.entity
    attributes = entity.attributes or {}
    start = _day(attributes["start"])
    assert start is not None
    end = _day(attributes.get("end"))
    event = CalendarEvent()
    event.add("uid", f"{entity_id(entity)}@greenbridge")
    created = entity.created_at
    event.add("dtstamp", created if created.tzinfo else created.replace(tzinfo=UTC))
    event.add("dtstart", start)
    event.add("dtend", (end if end and end >= start else start) + timedelta(days=1))
    event.add("summary", entity.name)
    if place := _place(attributes):
        event.add("location", place)
    if attributes.get("kind"):
        event.add("categories", [str(attributes["kind"])])
    if happening.organizers:
        who, name, _ = happening.organizers[0]
        event.add("organizer", vCalAddress(_address(who, base_url)), parameters={"cn": name})
    lines = [_listed("Organizers", happening.organizers),
             _listed("Participants", happening.participants)]  # fmt: skip
    if description := "\n".join(line for line in lines if line):
        event.add("description", description)
    if base_url:
        event.add("url", _address(entity.id, base_url))
    return event


def build_calendar(
    session: Session, *, alliance_id: int | None = None, country: str | None = None,
    base_url: str | None = None,
) -> bytes:  # fmt: skip
    """The iCalendar text (RFC 5545) of the events in scope."""
    calendar = Calendar()
    calendar.add("prodid", f"-//greenbridge//events {__version__}//EN")
    calendar.add("version", "2.0")
    alliance = session.get(Entity, alliance_id) if alliance_id is not None else None
    scope = [s for s in (alliance.name if alliance else None, country) if s]
    calendar.add("x-wr-calname", " · ".join(["greenbridge events", *scope]))
    for happening in calendar_events(session, alliance_id=alliance_id, country=country):
        calendar.add_component(vevent(happening, base_url=base_url))
    return calendar.to_ical()
