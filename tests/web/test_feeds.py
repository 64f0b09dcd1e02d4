"""The FollowTheMoney export and the iCalendar feeds over HTTP, with a signed-in client."""

from __future__ import annotations

import json
from collections.abc import Callable

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import Engine

from tests.interop.graph import add_graph


def test_ftm_export_route_streams_the_graph(
    client_as: Callable[[str | None], TestClient], app_engine: Engine
) -> None:
    ids = add_graph(app_engine)
    assert client_as(None).get("/api/export/ftm.jsonl").status_code == 401
    response = client_as("viewer").get("/api/export/ftm.jsonl")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    entities = {e["id"]: e for e in map(json.loads, response.text.splitlines())}
    assert entities[f"gb-o{ids['alliance']}"]["schema"] == "Organization"
    assert entities[f"gb-o{ids['ministry']}"]["schema"] == "PublicBody"
    assert any(e["schema"] == "Documentation" for e in entities.values())


def test_events_feed_route_filters_by_alliance_and_country(
    client_as: Callable[[str | None], TestClient], app_engine: Engine
) -> None:
    ids = add_graph(app_engine)
    client = client_as("viewer")
    response = client.get("/api/export/events.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Dryland Water Forum"
    assert event["organizer"].params["cn"] == "Ministry of Water"
    assert str(event["organizer"]).endswith(f"/entities/{ids['ministry']}")
    assert str(event["url"]).endswith(f"/entities/{ids['forum']}")
    by_alliance = client.get(f"/api/export/events.ics?alliance={ids['alliance']}&country=Kenya")
    assert len(Calendar.from_ical(by_alliance.content).walk("VEVENT")) == 1
    elsewhere = client.get("/api/export/events.ics?country=IN")
    assert Calendar.from_ical(elsewhere.content).walk("VEVENT") == []
    assert client.get("/api/export/events.ics?country=Atlantis").status_code == 404
    assert client.get(f"/api/export/events.ics?alliance={ids['forum']}").status_code == 404
    assert client.get("/api/export/events.ics?alliance=0").status_code == 422


def test_export_page_links_the_feeds(client_as: Callable[[str | None], TestClient]) -> None:
    page = client_as("viewer").get("/export")
    assert page.status_code == 200
    assert 'href="/api/export/ftm.jsonl"' in page.text
    assert 'href="/api/export/events.ics"' in page.text
