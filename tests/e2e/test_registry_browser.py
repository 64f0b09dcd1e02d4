"""The registry in headless Debian chromium, as secretariat staff use it: from the dashboard's
counts and map to filtered lists, pages of people, a person and an event with their sentences,
and a readable message on the form for every input a page cannot take."""

from __future__ import annotations

import re
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from greenbridge.settings import Settings
from greenbridge.store.db import transaction
from greenbridge.store.models import Entity
from greenbridge.web.app import create_app
from tests.web.helpers import PASSWORD, add_user
from tests.web.registry_seed import Seeded, seed_registry

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(tempfile.gettempdir()) / "greenbridge-e2e-registry"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
EXTRA_PEOPLE = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Seeded]]:
    app = create_app(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}"))
    add_user(app.state.engine, "staff", "viewer")
    seeded = seed_registry(app.state.engine)
    with transaction(app.state.engine) as session:
        session.add_all(
            Entity(type="person", name=f"Wanjiru Expert {n:02}", attributes={"country": "KE"})
            for n in range(EXTRA_PEOPLE)
        )
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", seeded
    server.should_exit = True
    thread.join(10)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_registry_as_staff_use_it(served: tuple[str, Seeded]) -> None:
    from playwright.sync_api import expect, sync_playwright

    server, seeded = served
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_default_timeout(30_000)

        def shot(name: str) -> None:
            page.screenshot(path=SHOTS / f"{name}.png", full_page=True)

        def alert(text: str) -> None:
            expect(page.locator("p.form-error", has_text=text)).to_be_visible()
            assert "detail" not in page.locator("body").inner_text()[:40]

        page.goto(server + "/login?next=/dashboard")
        page.fill("input[name=username]", "staff")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_have_text("Dashboard")

        # Dashboard counts go to the lists.
        page.click("a.count-link:has-text('people')")
        expect(page).to_have_url(server + "/entities?type=person")
        expect(page.locator("h1")).to_have_text(f"People ({8 + EXTRA_PEOPLE})")
        expect(page.locator("table.registry tbody tr")).to_have_count(50)
        shot("01-people")
        page.click("#next-page")
        expect(page).to_have_url(re.compile(r"/entities\?type=person&cursor=\w+"))
        expect(page.locator("table.registry tbody tr")).to_have_count(8 + EXTRA_PEOPLE - 50)
        expect(page.locator("a[rel=first]")).to_be_visible()
        shot("02-people-page-2")

        # The map's country goes to that country's list.
        page.goto(server + "/dashboard")
        kenya = page.locator("#map svg path[data-code=KE]")
        expect(kenya).to_have_count(1)
        shot("03-dashboard")
        kenya.dispatch_event("click")
        expect(page).to_have_url(server + "/entities?country=KE")
        expect(page.locator("p.muted", has_text="country Kenya (KE)")).to_be_visible()
        shot("04-kenya")

        # Filters typed in the form stay in the URL; sorting by mentions.
        page.click("nav.tabs a:has-text('Organizations')")
        expect(page).to_have_url(server + "/entities?country=KE&type=organization")
        page.fill("input[name=country]", "")
        page.select_option("select[name=sort]", "mentions")
        page.click("#registry-filters button[type=submit]")
        expect(page).to_have_url(re.compile(r"type=organization.*sort=mentions"))
        names = page.locator("table.registry tbody td:first-child").all_inner_texts()
        assert names == ["Kenya Solar Institute", "Nile Valley Energy Institute",
                         "Andes Water Network"]  # fmt: skip
        shot("05-organizations-by-mentions")

        # Events with a date range, then an event page.
        page.goto(server + "/entities?type=event")
        page.fill("input[name=start]", "2024-01")
        page.click("#registry-filters button[type=submit]")
        expect(page.locator("table.registry tbody tr")).to_have_count(1)
        page.click("text=Solar Drying Forum 2024")
        event = page.locator("#event")
        expect(event.locator(".event-dates")).to_contain_text("2024-05-14 – 2024-05-16")
        expect(event.locator(".event-place")).to_contain_text("Nairobi, Kenya (KE)")
        expect(event.locator("ul.roles > li", has_text="Amina Otieno")).to_contain_text(
            "Director, Kenya Solar Institute"
        )
        expect(event).to_contain_text("gave the opening address")
        shot("06-event")
        page.click("#event a:has-text('Amina Otieno')")
        expect(page.locator("dd[data-attribute=honorifics]")).to_have_text("Dr., Prof.")
        shot("07-person")
        page.goto(server + f"/entities/{seeded.ids['ksi']}")
        page.click("summary:has-text('evidence of the country')")
        expect(page.locator(".attribute-evidence .supports")).to_have_text("supports the country:")
        shot("08-organization-evidence")

        # Empty states.
        page.goto(server + "/entities?type=initiative")
        expect(page.locator("p.empty")).to_contain_text("No initiatives in the registry yet.")
        shot("09-empty")

        # Input a page cannot take: said on the form.
        page.goto(server + "/search")
        page.fill("input[name=q]", "solar " * 50)
        page.click("form.search button[type=submit]")
        alert("The search text is too long (300 characters)")
        expect(page.locator("input[name=q]")).to_be_visible()
        shot("10-search-too-long")
        page.goto(server + "/match?need=ab")
        alert("“ab” is too short to match")
        page.fill("textarea[name=need]", "dry maize with the sun")
        page.fill("input[name=country]", "Narnia")
        page.click("form.match button[type=submit]")
        alert("“Narnia” is not a country we know")
        shot("11-match-country")
        page.goto(server + "/match?need=" + "water+" * 699 + "water")
        alert("The need is too long (4199 characters)")
        page.goto(server + "/reports?kind=newsletter&start=2024-02-30&end=2024-03-31")
        alert("“2024-02-30” is not a date")
        expect(page.locator("form.report-form")).to_be_visible()
        shot("12-report-date")
        page.goto(server + "/entities?type=event")
        page.fill("input[name=start]", "May 2024")
        page.click("#registry-filters button[type=submit]")
        alert("“May 2024” is not a date")
        expect(page.locator("input[name=start]")).to_have_value("May 2024")
        page.fill("input[name=start]", "")
        page.fill("input[name=country]", "Atlantis")
        page.click("#registry-filters button[type=submit]")
        alert("“Atlantis” is not a country we know")
        shot("13-registry-country")
        browser.close()
    assert errors == []
    for picture in SHOTS.glob("*.png"):
        assert picture.stat().st_size > 10_000, picture
