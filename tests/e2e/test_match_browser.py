"""The match page in headless Debian chromium: a readable "why" (highlighted phrases, each piece
of evidence once), one score that the order follows, and the countries read from the need."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from greenbridge.settings import Settings
from greenbridge.store import corrections
from greenbridge.store.db import transaction
from greenbridge.web.app import create_app
from tests.e2e.serving import free_port as _free_port
from tests.e2e.test_browser import ARGS, CHROMIUM, SHOTS
from tests.web.helpers import PASSWORD, add_user

pytestmark = pytest.mark.browser
SENTENCE = "Solar water pumps were installed on 40 farms in Kenya in 2023."


def _seed(app: object) -> None:
    with transaction(app.state.engine) as session:  # type: ignore[attr-defined]
        pumps = corrections.add_entity(
            session, type="technology", name="solar water pumps", user="seed",
            attributes={"description": "Solar powered pumps lift groundwater to irrigate "
                        "smallholder farms without diesel.", "sector": "water"},
        )  # fmt: skip
        for _ in range(3):  # the same sentence read three times
            corrections.add_relation(session, type="deployed", subject_id=pumps.id,
                                     country="KE", user="seed", note=SENTENCE)  # fmt: skip
        for name, text in [
            ("drip irrigation kits", "Drip lines water crops at the root, saving water."),
            ("biogas digesters", "Digesters turn manure into cooking gas for households."),
        ]:
            corrections.add_entity(session, type="technology", name=name, user="seed",
                                   attributes={"description": text})  # fmt: skip


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    app = create_app(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}"))
    add_user(app.state.engine, "editor", "editor")
    _seed(app)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_match_page_explains_orders_and_understands(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.goto(server + "/login")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(server + "/match")
        page.fill("textarea[name=need]", "solar pumps to irrigate smallholder farms in Kenya")
        page.click("form.match button[type=submit]")
        deadline = time.monotonic() + 180
        while page.locator("p.warming").count() and time.monotonic() < deadline:
            page.wait_for_timeout(1000)  # the page said it is warming and asks again itself
        expect(page.locator("ol.results li a", has_text="solar water pumps")).to_be_visible(
            timeout=120_000
        )
        # the country written in the need is understood, shown and kept editable
        expect(page.locator("p.understood")).to_contain_text("Kenya")
        expect(page.locator("form.match input[name=country]")).to_have_value("Kenya")
        # one score per result, and the order follows it
        scores = [float(s) for s in page.locator("ol.results span.score").all_inner_texts()]
        assert scores and scores == sorted(scores, reverse=True)
        assert page.locator("ol.results li").first.locator("span.score").count() == 1
        first = page.locator("ol.results > li", has_text="solar water pumps")
        first.locator("details.why summary").click()
        why = first.locator("details.why")
        assert "{" not in why.inner_text()  # no JSON dump
        expect(why.locator(".why-need mark").first).to_be_visible()
        expect(why.locator(".why-technology mark").first).to_be_visible()
        assert why.locator(".why-evidence li", has_text=SENTENCE).count() == 1
        expect(why).to_contain_text("deployed in the country")
        page.screenshot(path=SHOTS / "match-why.png", full_page=True)
        # the user changes what was understood: another country, and the reason goes
        page.fill("form.match input[name=country]", "Peru")
        page.click("form.match button[type=submit]")
        expect(page.locator("p.understood")).to_contain_text("Peru")
        row = page.locator("ol.results > li", has_text="solar water pumps")
        row.locator("details.why summary").click()
        assert "deployed in the country" not in row.locator("details.why").inner_text()
        assert re.search(r"Kenya", page.locator("p.understood").inner_text()) is None
        page.screenshot(path=SHOTS / "match-changed.png", full_page=True)
        browser.close()
