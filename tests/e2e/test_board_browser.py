"""The board of match requests in headless Debian chromium: an editor gives a card an owner, a
note and an outcome, and the card shows them with its history of stages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from greenbridge.settings import Settings
from greenbridge.store import corrections
from greenbridge.store.db import transaction
from greenbridge.web.app import create_app
from greenbridge.web.matching import save_request
from tests.e2e.serving import serving
from tests.e2e.test_browser import ARGS, CHROMIUM, SHOTS
from tests.web.helpers import PASSWORD, add_user

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    app = create_app(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}"))
    add_user(app.state.engine, "editor", "editor")
    with transaction(app.state.engine) as session:
        pumps = corrections.add_entity(session, type="technology", name="solar water pumps",
                                       user="seed")  # fmt: skip
        save_request(session, user="editor", need="pump irrigation water without grid power",
                     country="Kenya", technology_id=pumps.id)  # fmt: skip
    with serving(app) as address:
        yield address


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_board_cards_carry_owner_note_outcome_and_history(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(server + "/login")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(server + "/match/board")
        card = page.locator("article.card").first
        card.locator("select[name=stage]").select_option("contacted")
        card.locator("input[name=owner]").fill("amina")
        card.locator("input[name=note]").fill("called the county water office")
        card.locator("button[type=submit]").click()
        card = page.locator("section.column", has_text="contacted").locator("article.card")
        expect(card.locator("p.owner")).to_contain_text("amina")
        card.locator("select[name=stage]").select_option("deployed")
        card.locator("input[name=outcome]").fill("20 pumps installed, 300 farmers reached")
        card.locator("button[type=submit]").click()
        card = page.locator("section.column", has_text="deployed").locator("article.card")
        expect(card.locator("ul.figures")).to_contain_text("20 pumps")
        expect(card.locator("ul.figures")).to_contain_text("300 farmers")
        expect(card.locator("p.note")).to_contain_text("called the county water office")
        card.locator("details.history summary").click()
        items = card.locator("details.history li")
        expect(items).to_have_count(3)
        expect(items.nth(1)).to_contain_text("owner amina")
        expect(items.nth(2)).to_contain_text("outcome: 20 pumps installed")
        page.screenshot(path=SHOTS / "board-card.png", full_page=True)
        browser.close()
