"""Editing a newsletter before export in headless Debian chromium: an editor makes the
newsletter of a period, chooses "Edit before export", leaves one item out, moves one up and
rewords a sentence, saves, reloads to find the edits kept, and downloads the Markdown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from greenbridge.settings import Settings
from greenbridge.store.db import make_sessionmaker
from greenbridge.web.app import create_app
from tests.e2e.serving import serving, sign_in
from tests.e2e.test_browser import ARGS, CHROMIUM, SHOTS
from tests.report.graph import build_sample
from tests.web.helpers import add_user

pytestmark = pytest.mark.browser
REWORDED = "Solar membrane desalination now serves Kenya, with the Coastal Water Board."
FOUNDING = "Lakeland Institute of Hydrology founds Delta Sensing Lab"
MEMBERSHIP = "Lakeland Institute of Hydrology joins Green Rivers Alliance"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    app = create_app(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}"))
    add_user(app.state.engine, "editor", "editor")
    with make_sessionmaker(app.state.engine)() as session:
        build_sample(session)  # two documents and the facts they state, with evidence
    with serving(app) as address:
        yield address


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_newsletter_edits_are_kept_and_exported(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        sign_in(page, server, "editor")
        page.goto(server + "/reports?kind=newsletter&start=2023-01-01&end=2023-12-31")
        page.get_by_role("button", name="Edit before export").click()
        expect(page.locator("h1")).to_have_text("Edit newsletter")
        items = page.locator("li.newsletter-item")
        expect(items).to_have_count(5)
        titles = [items.nth(n).locator("input[name^=title-]").input_value() for n in range(5)]
        assert titles[:3] == ["Riverside Water Summit", FOUNDING, MEMBERSHIP]

        membership = page.locator("li.newsletter-item", has_text=MEMBERSHIP)
        membership.locator("input[name=included]").uncheck()
        page.locator("li.newsletter-item", has_text=FOUNDING).locator("button.move-up").click()
        expect(items.first.locator("input[name^=title-]")).to_have_value(FOUNDING)
        expect(page.locator(".unsaved")).to_be_visible()
        deployment = page.locator("li.newsletter-item", has_text="deployed in Kenya")
        deployment.locator("textarea").first.fill(REWORDED)
        page.click("#save-newsletter")
        expect(page.locator(".flash")).to_contain_text("Saved.")

        page.reload()
        items = page.locator("li.newsletter-item")
        expect(items.first.locator("input[name^=title-]")).to_have_value(FOUNDING)
        expect(items.nth(1).locator("input[name^=title-]")).to_have_value("Riverside Water Summit")
        membership = page.locator("li.newsletter-item", has_text=MEMBERSHIP)
        expect(membership.locator("input[name=included]")).not_to_be_checked()
        expect(membership).to_have_class("newsletter-item left-out")
        deployment = page.locator("li.newsletter-item", has_text="deployed in Kenya")
        expect(deployment.locator("textarea").first).to_have_value(REWORDED)
        original = deployment.locator(".statement .original").first
        expect(original).to_contain_text("was deployed in Kenya with Coastal Water Board")
        expect(original.locator("a")).to_contain_text("River News")
        page.screenshot(path=SHOTS / "newsletter-edit.png", full_page=True)

        with page.expect_download() as download:
            page.click("#export-md")
        markdown = Path(download.value.path()).read_text()
        assert REWORDED in markdown
        assert markdown.index(f"### {FOUNDING}") < markdown.index("### Riverside Water Summit")
        assert MEMBERSHIP not in markdown and "joined Green Rivers Alliance" not in markdown
        assert "/documents/" in markdown and "River News" in markdown
        assert errors == []
        browser.close()
