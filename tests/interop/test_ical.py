"""iCalendar feeds of events: all, per alliance, per country, with organizers and places."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar
from sqlalchemy import Engine

from greenbridge.interop.ical import build_calendar
from greenbridge.store.db import make_sessionmaker, transaction
from greenbridge.store.models import Entity, Relation
from tests.interop.graph import add_graph


def feed(engine: Engine, **scope) -> list:  # type: ignore[no-untyped-def]
    with make_sessionmaker(engine)() as session:
        calendar = Calendar.from_ical(build_calendar(session, **scope))
    return list(calendar.walk("VEVENT"))


def _add_events(engine: Engine, ids: dict[str, int]) -> None:
    """A second event in India organized by a company outside the alliance, and one dated
    only by its month (no day a calendar can show)."""
    with transaction(engine) as session:
        expo = Entity(type="event", name="Pump Expo", attributes={"start": "2024-03-02",
                      "country": "IN", "city": "Pune", "kind": "conference"})  # fmt: skip
        vague = Entity(type="event", name="Autumn Meeting", attributes={"start": "2024-10"})
        session.add_all([expo, vague])
        session.flush()
        session.add(Relation(type="organized", subject_id=ids["company"], object_id=expo.id,
                             attributes={"role": "organizer"}))  # fmt: skip
        session.add(Relation(type="organized", subject_id=ids["alliance"], object_id=vague.id))


def test_feed_of_all_events_has_days_places_and_organizers(engine: Engine) -> None:
    ids = add_graph(engine)
    _add_events(engine, ids)
    events = feed(engine)
    assert [str(e["summary"]) for e in events] == ["Pump Expo", "Dryland Water Forum"]
    forum = events[1]
    assert forum.decoded("dtstart") == date(2024, 5, 17)
    assert forum.decoded("dtend") == date(2024, 5, 19)  # the end day is included
    assert str(forum["location"]) == "Nairobi, Kenya, online"
    assert str(forum["uid"]) == f"gb-v{ids['forum']}@greenbridge"
    assert forum["organizer"].params["cn"] == "Ministry of Water"
    assert "Organizers: Ministry of Water (host)" in str(forum["description"])
    assert "Participants: Amina Otieno (speaker)" in str(forum["description"])
    assert [str(c) for c in forum["categories"].cats] == ["forum"]


def test_feed_of_an_alliance_holds_the_events_of_its_members(engine: Engine) -> None:
    ids = add_graph(engine)
    _add_events(engine, ids)
    # the ministry (a member) hosted the forum; the company's membership is held for review
    assert [str(e["summary"]) for e in feed(engine, alliance_id=ids["alliance"])] == [
        "Dryland Water Forum"
    ]
    assert [str(e["summary"]) for e in feed(engine, alliance_id=ids["company"])] == ["Pump Expo"]


def test_feed_of_a_country(engine: Engine) -> None:
    ids = add_graph(engine)
    _add_events(engine, ids)
    assert [str(e["summary"]) for e in feed(engine, country="IN")] == ["Pump Expo"]
    assert [str(e["summary"]) for e in feed(engine, country="KE")] == ["Dryland Water Forum"]
    assert feed(engine, country="BR") == []
    with make_sessionmaker(engine)() as session:
        text = build_calendar(session, country="KE").decode()
    assert "X-WR-CALNAME:greenbridge events · KE" in text
