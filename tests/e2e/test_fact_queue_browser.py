"""The fact queue in headless Debian chromium: relations below the publish threshold one per
row with both ends highlighted in the sentence, counts per document and a filter, and the
keyboard (j/k move, a accept, r reject, f fix) deciding them."""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import select

from greenbridge.resolve import link_extraction
from greenbridge.settings import Settings
from greenbridge.store.db import transaction
from greenbridge.store.models import Relation
from greenbridge.web.app import create_app
from tests.e2e.serving import free_port as _free_port
from tests.e2e.test_browser import ARGS, CHROMIUM
from tests.resolve.helpers import add_document, entity, extraction, relation
from tests.web.helpers import PASSWORD, add_user

pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir()) / "greenbridge-e2e-facts"
FIRST = "Amina Diallo is Director of the Sahel Water Institute. The Sahel Water Institute cooperates with the Delta Energy Agency."
SECOND = "The Delta Energy Agency is a member of the Green Grid Network."


def _seed(session, text: str, title: str, people: list, links: list) -> None:  # type: ignore[no-untyped-def]
    document = add_document(session, text, title=title)
    for link in links:
        link.confidence = 0.3
    link_extraction(session, document=document, extraction=extraction(f"{title}.txt", people, links),
                    article_ids={0: document.articles[0].id}, publish_threshold=0.6)  # fmt: skip


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    app = create_app(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}"))
    add_user(app.state.engine, "editor", "editor")
    with transaction(app.state.engine) as session:
        _seed(session, FIRST, "First bulletin", [
            entity(FIRST, "p1", "person", "Amina Diallo"),
            entity(FIRST, "o1", "organization", "Sahel Water Institute"),
            entity(FIRST, "o2", "organization", "Delta Energy Agency"),
        ], [relation(FIRST, "position", "p1", "o1", "Director", title="Director"),
            relation(FIRST, "cooperates_with", "o1", "o2", "cooperates")])  # fmt: skip
        _seed(session, SECOND, "Second bulletin", [
            entity(SECOND, "o2", "organization", "Delta Energy Agency"),
            entity(SECOND, "o3", "organization", "Green Grid Network"),
        ], [relation(SECOND, "cooperates_with", "o2", "o3", "member")])  # fmt: skip
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    with transaction(app.state.engine) as session:
        states = {(r.type, r.review, r.retracted_at is not None)
                  for r in session.scalars(select(Relation))}  # fmt: skip
    # accepted position, rejected cooperation, the second document's fact fixed to member_of
    assert states == {("position", False, False), ("cooperates_with", True, True),
                      ("member_of", False, False)}  # fmt: skip


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_fact_queue_by_keyboard_with_counts_and_filter(served: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(served + "/login?next=/review/facts")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        rows = page.locator("#fact-queue li.fact")
        expect(rows).to_have_count(3)
        nav = page.locator(".fact-documents")
        expect(nav).to_contain_text("First bulletin (2)")
        expect(nav).to_contain_text("Second bulletin (1)")
        director = rows.filter(has=page.locator(".tag", has_text="position"))
        expect(director.locator("mark")).to_have_text(["Amina Diallo", "Sahel Water Institute"])
        page.screenshot(path=SHOTS / "01-queue.png", full_page=True)

        nav.get_by_text("First bulletin").click()
        expect(rows).to_have_count(2)
        kind = rows.nth(0).locator(".tag").inner_text()
        page.keyboard.press("a" if kind == "position" else "j")
        if kind != "position":
            page.keyboard.press("a")
        expect(page.locator(".flash")).to_contain_text("Accepted")
        expect(rows).to_have_count(1)
        expect(rows.nth(0)).to_contain_text("cooperates with")
        page.keyboard.press("r")
        expect(page.locator(".flash")).to_contain_text("Rejected")
        expect(rows).to_have_count(0)

        page.goto(served + "/review/facts")
        expect(rows).to_have_count(1)
        page.keyboard.press("f")
        rows.nth(0).locator("select[name=type]").select_option("member_of")
        rows.nth(0).locator("button[value=fix]").click()
        expect(page.locator(".flash")).to_contain_text("Fixed and published")
        expect(page.locator("#fact-queue")).to_contain_text("No fact waits for review.")
        page.screenshot(path=SHOTS / "02-done.png", full_page=True)
        browser.close()
