"""End to end in headless Debian chromium: an upload of several files becomes a job, whose
page shows each file's progress live (polling /api/jobs/ID) until the job is done, with the
reason of the file that failed and a link to each stored document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.test_browser import ARGS, CHROMIUM, SHOTS, server  # noqa: F401  (the fixture)
from tests.web.helpers import PASSWORD

pytestmark = pytest.mark.browser


def _write_files(folder: Path) -> list[str]:
    folder.mkdir()
    paths = []
    for i in range(5):
        path = folder / f"note-{i}.txt"
        path.write_text(f"Note {i}. Ana Lima of the Dryland Research Institute visited Nairobi "
                        f"in May 2024 to discuss solar irrigation with partner {i}.\n")  # fmt: skip
        paths.append(str(path))
    (folder / "empty.txt").write_bytes(b"")
    paths.insert(2, str(folder / "empty.txt"))
    return paths


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_upload_job_page_progresses_to_done(server: str, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_default_timeout(60_000)
        page.goto(server + "/login")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")

        page.goto(server + "/upload")
        page.set_input_files("input[name=files]", _write_files(tmp_path / "upload"))
        page.click("#upload-form button[type=submit]")
        expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
        # the page was rendered before the workers finished: the rows change without a reload
        expect(page.locator("#job-state")).to_have_text("done", timeout=180_000)
        expect(page.locator("#job-done")).to_have_text("6 of 6 done")
        expect(page.locator("#job-files tr.added")).to_have_count(5)
        failed = page.locator("#job-files tr.failed")
        expect(failed).to_have_count(1)
        expect(failed.locator(".reason")).to_contain_text("empty")
        expect(page.locator("#job-files tr.added td.found").first).to_contain_text("entities")
        assert page.locator("#job-progress").get_attribute("value") == "6"
        expect(page.locator("#job")).to_contain_text("from web")
        expect(page.locator("#job-cancel")).to_have_count(0)  # nothing left to cancel
        page.screenshot(path=SHOTS / "jobs-01-job-done.png", full_page=True)

        page.click("nav a[href='/jobs']")
        expect(page.locator("#job-list tr.done")).to_have_count(1)
        page.screenshot(path=SHOTS / "jobs-02-list.png", full_page=True)
        page.goto(server + "/jobs/1")
        page.click("#job-files tr.added td.document a >> nth=0")
        expect(page).to_have_url(re.compile(r"/documents/\d+$"))
        browser.close()
    assert errors == []
