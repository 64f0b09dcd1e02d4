"""The cooperation network in headless Debian chromium: country squares and a legend, labels of
one size on the screen at every zoom (zoomed out, only the best-connected nodes named), filters
kept in the page's URL, and a date that is no date explained on the form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from greenbridge.settings import Settings
from greenbridge.store import corrections
from greenbridge.store.db import transaction
from greenbridge.web.app import create_app
from tests.e2e.serving import serving, sign_in
from tests.e2e.test_browser import ARGS, CHROMIUM, SHOTS
from tests.web.helpers import add_user

pytestmark = pytest.mark.browser
COUNTRIES = ("KE", "EG", "MN", "PE", "UZ", "GH")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    app = create_app(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}"))
    add_user(app.state.engine, "viewer", "viewer")
    with transaction(app.state.engine) as session:
        alliance = corrections.add_entity(session, type="organization", name="Sand Belt Alliance",
                                          attributes={"kind": "alliance"}, user="seed")  # fmt: skip
        for i in range(60):
            member = corrections.add_entity(
                session, type="organization", name=f"Dryland Research Station Number {i}",
                attributes={"country": COUNTRIES[i % len(COUNTRIES)]}, user="seed")  # fmt: skip
            corrections.add_relation(session, type="member_of", subject_id=member.id,
                                     object_id=alliance.id, attributes={"year": 2015 + i % 9},
                                     user="seed")  # fmt: skip
        alliance_id = alliance.id
    with serving(app) as address:
        yield address, alliance_id


def _labels(page: Any) -> dict[str, Any]:
    """What the network shows: label sizes on the screen, overlaps of labels, country squares."""
    found: dict[str, Any] = page.evaluate(
        """() => { const cy = document.getElementById('network').cy;
          const named = cy.nodes('.named');
          const px = named.map((n) => parseFloat(n.renderedStyle('font-size')));
          const boxes = named.map((n) => n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true}));
          let overlaps = 0;
          boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
            if (a.x1 + 1 < b.x2 && b.x1 + 1 < a.x2 && a.y1 + 1 < b.y2 && b.y1 + 1 < a.y2) overlaps += 1; }));
          const countries = cy.nodes('[kind = "country"]');
          return {named: named.length, all: cy.nodes().length, min: Math.min(...px), max: Math.max(...px),
                  overlaps, countries: countries.length,
                  squares: countries.filter((n) => n.style('shape') === 'round-rectangle').length}; }"""
    )
    return found


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_network_reads_at_every_zoom_and_keeps_its_filters(server: tuple[str, int]) -> None:
    from playwright.sync_api import expect, sync_playwright

    address, alliance = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        sign_in(page, address, "viewer")

        page.goto(f"{address}/network?since=2019&alliance={alliance}")
        expect(page.locator("#network[data-ready=true]")).to_be_attached()
        assert page.input_value("input[name=since]") == "2019"
        assert page.input_value("select[name=alliance]") == str(alliance)
        expect(page.locator("#network-count")).to_contain_text("links")
        expect(page.locator(".legend li")).to_have_count(5)
        shown = _labels(page)
        assert shown["countries"] == len(COUNTRIES) and shown["squares"] == len(COUNTRIES)
        page.screenshot(path=SHOTS / "network-fit.png", full_page=True)

        named = []
        for zoom in (0.25, 1.0, 3.0):
            page.evaluate(f"() => document.getElementById('network').cy.zoom({zoom})")
            expect(page.locator(f"#network[data-zoom='{zoom:g}']")).to_be_attached()
            shown = _labels(page)
            assert 11 <= shown["min"] <= shown["max"] <= 13, (zoom, shown)  # px on the screen
            assert shown["overlaps"] == 0, (zoom, shown)
            named.append(shown["named"])
        assert 0 < named[0] < shown["all"]  # zoomed out, the crowd is not all labelled
        assert named[0] <= named[1] <= named[2] and named[2] > named[0]
        page.evaluate(
            "() => { const cy = document.getElementById('network').cy; cy.zoom(0.25); cy.center(); }"
        )
        page.screenshot(path=SHOTS / "network-zoomed-out.png", full_page=True)

        page.fill("input[name=since]", "2019-02-30")
        page.click("#network-filter button[type=submit]")
        expect(page.locator(".form-error")).to_contain_text("is not a date of the calendar")
        assert "since=2019-02-30" in page.url and f"alliance={alliance}" in page.url
        assert page.input_value("input[name=since]") == "2019-02-30"
        page.screenshot(path=SHOTS / "network-bad-date.png", full_page=True)
        browser.close()
        assert errors == []
