"""Documents in headless Debian chromium: an evidence link on the entity page opens the
document scrolled to its sentence, highlighted; the original file downloads byte for byte;
a merged record is unmerged from the entity page after a confirmation."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from greenbridge.ingest import ingest_bytes
from greenbridge.resolve import merge
from greenbridge.settings import Settings
from greenbridge.store import corrections
from greenbridge.store.db import transaction
from greenbridge.store.documents import get
from greenbridge.store.models import Evidence
from greenbridge.web.app import create_app
from tests.e2e.serving import free_port as _free_port
from tests.e2e.test_browser import ARGS, CHROMIUM, SHOTS
from tests.web.helpers import PASSWORD, add_user

pytestmark = pytest.mark.browser
FILLER = [f"On visit {i} the committee reviewed plot {i * 7} and noted {i + 3} repairs."
          for i in range(80)]  # fmt: skip
SENTENCE = "The Lake Basin Solar Institute signed a data sharing agreement with its partners."
TEXT = ("Field notes\n\n" + "\n\n".join(FILLER[:60]) + "\n\n" + SENTENCE + " Then it rained."
        + "\n\n" + "\n\n".join(FILLER[60:]) + "\n")  # fmt: skip


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int, int, int]]:
    app = create_app(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}"))
    add_user(app.state.engine, "editor", "editor")
    result = ingest_bytes(app.state.engine, TEXT.encode(), "field notes.txt")
    assert result.document_id is not None
    with transaction(app.state.engine) as session:
        stored = get(session, id=result.document_id)
        assert stored is not None and SENTENCE in stored.text
        start = stored.text.index("Lake Basin Solar Institute")
        org = corrections.add_entity(session, type="organization", name="Lake Basin Solar "
                                     "Institute", user="seed", attributes={"country": "KE"}).id  # fmt: skip
        twin = corrections.add_entity(session, type="organization", name="LBSI", user="seed").id
        session.add(Evidence(entity_id=org, document_id=result.document_id, start=start,
                             end=start + 26, text="Lake Basin Solar Institute",
                             sentence=SENTENCE, extractor="rules"))  # fmt: skip
        merge(session, org, twin, user="amina")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", result.document_id, org, twin
    server.should_exit = True
    thread.join(10)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_evidence_link_download_and_unmerge(served: tuple[str, int, int, int]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, document_id, org, twin = served
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        page.set_default_timeout(60_000)
        page.goto(f"{base}/login?next=/entities/{org}")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_have_text("Lake Basin Solar Institute")
        page.locator("summary", has_text="Evidence of the entity itself").click()
        page.locator("a.evidence-link").first.click()
        page.wait_for_url(f"{base}/documents/{document_id}?at=*")
        mark = page.locator("mark.at-evidence")
        expect(mark).to_have_count(1)
        expect(mark).to_have_text(SENTENCE)
        expect(mark).to_be_in_viewport()
        assert page.evaluate("window.scrollY") > 1000  # scrolled down to the sentence
        page.screenshot(path=SHOTS / "documents-01-evidence-sentence.png")
        at = page.locator("mark.at-evidence").get_attribute("id")
        page.goto(f"{base}/documents/{document_id}#{at}")  # a bare fragment link is marked too
        page.wait_for_url(f"{base}/documents/{document_id}?at=*")
        expect(mark).to_have_text(SENTENCE)
        expect(mark).to_be_in_viewport()

        with page.expect_download() as caught:
            page.click("#document-original a[download]")
        download = caught.value
        assert download.suggested_filename == "field notes.txt"  # the UTF-8 name (filename*)
        assert Path(download.path()).read_bytes() == TEXT.encode()

        page.goto(f"{base}/entities/{org}")
        record = page.locator(f"#merged-records li[data-record='{twin}']")
        expect(record).to_contain_text("LBSI")
        expect(record).to_contain_text("merged by amina")
        page.screenshot(path=SHOTS / "documents-02-merged-records.png", full_page=True)
        page.once("dialog", lambda dialog: dialog.accept())
        record.locator("button.unmerge").click()
        expect(page.locator(".flash")).to_contain_text(f"Unmerged record {twin}")
        expect(page.locator("#merged-records")).to_have_count(0)
        page.goto(f"{base}/entities/{twin}")
        expect(page.locator("h1")).to_have_text("LBSI")
        page.goto(f"{base}/review")
        expect(page.locator("#decision-history li").first).to_contain_text("editor: different")
        page.screenshot(path=SHOTS / "documents-03-history.png", full_page=True)
        browser.close()
