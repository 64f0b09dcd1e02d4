"""End to end in headless Debian chromium: sign in, upload a corpus document, see its entities,
open an entity and its evidence, merge two entities and undo, run a match and save it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from greenbridge.settings import Settings
from greenbridge.store import corrections
from greenbridge.store.db import transaction
from greenbridge.web.app import create_app
from tests.conftest import CORPUS, REPO
from tests.e2e.serving import serving
from tests.web.helpers import PASSWORD, add_user

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "test-output" / "e2e"
DOCUMENT = CORPUS / "001_5505210c5c929c65.txt"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    app = create_app(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}"))
    add_user(app.state.engine, "editor", "editor")
    with transaction(app.state.engine) as session:
        corrections.add_entity(
            session, type="technology", name="copper heap bioleaching", user="seed",
            attributes={"description": "Heap bioleaching recovers copper from low-grade ore "
                        "with microorganisms; deployed at a mine in Myanmar.", "sector": "mining"},
        )  # fmt: skip
    with serving(app) as address:
        yield address


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_workspace_flow(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("requestfailed", lambda r: errors.append(f"failed {r.url}"))
        page.set_default_timeout(60_000)

        page.goto(server + "/dashboard")
        expect(page).to_have_url(server + "/login?next=/dashboard")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_have_text("Dashboard")
        # The map draws from /api/dashboard; leaving before it answers would cancel that read.
        page.wait_for_load_state("networkidle")
        page.screenshot(path=SHOTS / "01-dashboard-empty.png", full_page=True)

        page.goto(server + "/upload")
        page.set_input_files("input[name=files]", [str(DOCUMENT)])
        page.click("#upload-form button[type=submit]")
        expect(page).to_have_url(re.compile(r"/jobs/\d+$"))  # the upload is a job
        expect(page.locator("#job-files tr.added")).to_have_count(1, timeout=120_000)
        page.screenshot(path=SHOTS / "02-upload.png", full_page=True)

        page.click("#job-files td.document a")
        mentions = page.locator("a.mention")
        expect(mentions.first).to_be_visible()
        assert mentions.count() > 5
        page.screenshot(path=SHOTS / "03-document.png", full_page=True)
        organization = page.locator("a.mention.t-organization").first
        hrefs = [mentions.nth(i).get_attribute("href") for i in range(mentions.count())]
        other = next(h for h in hrefs if h != organization.get_attribute("href"))
        organization.click()
        expect(page.locator("h2", has_text="Relations")).to_be_visible()
        page.locator("details summary", has_text="evidence").first.click()
        expect(page.locator("li.evidence").first).to_be_visible()
        page.screenshot(path=SHOTS / "04-entity.png", full_page=True)

        entity_url = page.url
        assert other and other.startswith("/entities/")
        page.fill("form[action$='/merge'] input[name=other]", other.rsplit("/", 1)[-1])
        page.click("#merge-button")
        expect(page.locator(".flash", has_text="Merged entity")).to_be_visible()
        expect(page.locator("#undo-merge")).to_be_visible()
        page.screenshot(path=SHOTS / "05-merged.png", full_page=True)
        page.click("#undo-merge")
        expect(page.locator(".flash", has_text="Undone")).to_be_visible()
        assert "merged from records" not in page.content()
        assert page.url.split("?")[0] == entity_url.split("?")[0] or "/entities/" in page.url

        page.goto(server + "/match")
        page.fill("textarea[name=need]", "recover copper from low grade ore with microorganisms")
        page.fill("input[name=country]", "Myanmar")
        page.click("form.match button[type=submit]")
        # While the matcher warms up after start-up the page says so and asks again itself.
        result = page.locator("ol.results li a", has_text="copper heap bioleaching")
        expect(result).to_be_visible(timeout=120_000)
        page.screenshot(path=SHOTS / "06-match.png", full_page=True)
        page.locator("button.save-match").first.click()
        expect(page.locator(".flash", has_text="Saved as match request")).to_be_visible()
        expect(page.locator(".column").first.locator(".card")).to_have_count(1)
        page.screenshot(path=SHOTS / "07-board.png", full_page=True)

        page.goto(server + "/dashboard")
        expect(page.locator("#map svg path[data-code=CN]")).to_have_count(1)
        page.screenshot(path=SHOTS / "08-dashboard.png", full_page=True)
        page.goto(server + "/network")
        expect(page.locator("#network canvas").first).to_be_attached()
        page.wait_for_timeout(500)
        page.screenshot(path=SHOTS / "09-network.png", full_page=True)
        browser.close()
        assert errors == []
