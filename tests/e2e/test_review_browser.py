"""The identity review in headless Debian chromium: a queued pair is shown side by side with
both records' names, attributes and sentences; the editor picks the surviving name and each
differing attribute's value, merges, and the entity page shows what was picked."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from greenbridge.resolve import UNSURE, judge
from greenbridge.settings import Settings
from greenbridge.store import corrections
from greenbridge.store.db import transaction
from greenbridge.web.app import create_app
from tests.e2e.serving import free_port as _free_port
from tests.e2e.test_browser import ARGS, CHROMIUM
from tests.web.helpers import PASSWORD, add_user

pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir()) / "greenbridge-e2e-review"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int, int]]:
    import threading
    import time

    import uvicorn

    app = create_app(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}"))
    add_user(app.state.engine, "editor", "editor")
    with transaction(app.state.engine) as session:
        old = corrections.add_entity(session, type="event", name="Water Forum", user="seed",
                                     attributes={"start": "2021-01-01", "city": "Nairobi"})  # fmt: skip
        new = corrections.add_entity(session, type="event", name="Asia Water Forum 2023",
                                     user="seed", attributes={"start": "2023-05-04",
                                                              "city": "Bangkok"})  # fmt: skip
        judge(session, old.id, new.id, UNSURE, score=0.8, rule="test")
        ids = (old.id, new.id)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", *ids
    server.should_exit = True
    thread.join(10)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_pair_side_by_side_merge_keeps_the_picks(served: tuple[str, int, int]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, old, new = served
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(base + "/login?next=/review")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        pair = page.locator("form.side-by-side")
        expect(pair.locator(f"[data-record='{old}'] h3")).to_contain_text("Water Forum")
        expect(pair.locator(f"[data-record='{new}'] h3")).to_contain_text("Asia Water Forum 2023")
        expect(pair.locator(f"[data-record='{new}'] dl")).to_contain_text("Bangkok")
        page.screenshot(path=SHOTS / "01-pair.png", full_page=True)
        pair.locator(f"[data-record='{new}'] input[name=name]").check()
        pair.locator(f"[data-record='{new}'] input[name='keep:start']").check()
        pair.locator("button.merge-pair").click()
        expect(page.locator(".flash")).to_contain_text("keeping the name and values you picked")
        page.goto(f"{base}/entities/{new}")
        expect(page.locator("h1")).to_have_text("Asia Water Forum 2023")
        expect(page.locator("dd[data-attribute=start]")).to_contain_text("2023-05-04")
        expect(page.locator("dd[data-attribute=city]")).to_contain_text("Nairobi")
        page.screenshot(path=SHOTS / "02-merged.png", full_page=True)
        page.goto(base + "/review")  # the history is in the store: a reload keeps it
        history = page.locator("#decision-history li").first
        expect(history).to_contain_text("editor: same Asia Water Forum 2023")
        history.locator("button.undo").click()
        expect(page.locator(".flash")).to_contain_text("Undone.")
        page.goto(f"{base}/entities/{new}")
        expect(page.locator("p.muted").first).not_to_contain_text("merged from records")
        browser.close()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_retract_asks_first_and_a_retracted_entity_can_be_restored(
    served: tuple[str, int, int],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, old, _new = served
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(f"{base}/login?next=/entities/{old}")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        asked: list[str] = []

        def dismiss(dialog) -> None:  # type: ignore[no-untyped-def]
            asked.append(dialog.message)
            dialog.dismiss()

        page.once("dialog", dismiss)
        page.click("#retract-entity")
        page.wait_for_timeout(300)  # a dismissed dialog sends nothing
        assert asked and "Retract Water Forum?" in asked[0]
        expect(page.locator("#restore-entity")).to_have_count(0)
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("#retract-entity")
        expect(page.locator(".flash.error")).to_contain_text("Retracted by editor")
        page.screenshot(path=SHOTS / "03-retracted.png", full_page=True)
        page.click("#restore-entity")
        expect(page.locator(".flash")).to_contain_text("Entity restored.")
        expect(page.locator("#restore-entity")).to_have_count(0)
        browser.close()
