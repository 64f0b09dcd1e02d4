"""Saved newsletters through the REST API and the pages: editors write, readers read; the
export is the newsletter as edited. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.report.graph import build_sample
from tests.web.helpers import CSRF

Client = Callable[[str | None], TestClient]
BASE = "/api/reports/newsletters"
YEAR = {"start": "2023-01-01", "end": "2023-12-31"}


def _edits(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"id": i["id"], "included": i["included"], "title": i["title"],
         "headline": i["headline"], "statements": [s["text"] for s in i["statements"]]}
        for i in data["items"]
    ]  # fmt: skip


def test_api_saves_edits_and_exports_them(client_as: Client, session: Session) -> None:
    build_sample(session)
    editor = client_as("editor")
    created = editor.post(BASE, json={**YEAR, "title": "River letter"})
    assert created.status_code == 201, created.text
    data = created.json()
    assert data["title"] == "River letter" and data["created_by"] == "editor"
    assert len(data["items"]) == 5 and data["revision"] == 1
    summit = data["items"][0]
    assert summit["statements"][0]["evidence_ids"] and summit["statements"][0]["sources"]
    edits = _edits(data)
    edits[1]["title"] = "A new lab on the delta"
    edits[1]["statements"] = ["The institute opened the Delta Sensing Lab."]
    edits[2]["included"] = False
    order = [edits[1], edits[0], *edits[2:]]
    saved = editor.put(f"{BASE}/{data['id']}", json={"items": order, "revision": 1})
    assert saved.status_code == 200, saved.text
    assert [i["id"] for i in saved.json()["items"]] == [e["id"] for e in order]
    assert saved.json()["revision"] == 2
    reader = client_as("viewer")
    again = reader.get(f"{BASE}/{data['id']}").json()
    first = again["items"][0]
    assert first["title"] == "A new lab on the delta"
    assert first["original_title"] == "Lakeland Institute of Hydrology founds Delta Sensing Lab"
    assert first["statements"][0]["original"].startswith("Lakeland Institute of Hydrology")
    assert first["statements"][0]["evidence_ids"] == summit_founding(data)["evidence_ids"]
    md = reader.get(f"{BASE}/{data['id']}?format=md")
    assert md.headers["content-type"].startswith("text/markdown")
    assert f'filename="newsletter-{data["id"]}.md"' in md.headers["content-disposition"]
    assert "# River letter" in md.text
    assert md.text.index("A new lab on the delta") < md.text.index("### Riverside Water Summit")
    assert "The institute opened the Delta Sensing Lab. [1]" in md.text
    assert "joins Green Rivers Alliance" not in md.text
    assert "/documents/" in md.text  # every source links to its document
    html = reader.get(f"{BASE}/{data['id']}?format=html")
    assert html.headers["content-type"].startswith("text/html")
    assert "A new lab on the delta" in html.text and "Green Rivers Alliance" not in html.text
    listed = reader.get(BASE).json()
    assert [(n["id"], n["items"], n["included"]) for n in listed] == [(data["id"], 5, 4)]


def summit_founding(data: dict[str, Any]) -> dict[str, Any]:
    statement: dict[str, Any] = data["items"][1]["statements"][0]
    return statement


def test_api_refuses_stale_mismatched_and_unknown(client_as: Client, session: Session) -> None:
    build_sample(session)
    editor = client_as("editor")
    data = editor.post(BASE, json=YEAR).json()
    url = f"{BASE}/{data['id']}"
    edits = _edits(data)
    assert editor.put(url, json={"items": edits, "revision": 1}).status_code == 200
    stale = editor.put(url, json={"items": edits, "revision": 1})
    assert stale.status_code == 409 and "since this edit began" in stale.json()["detail"]
    missing = editor.put(url, json={"items": edits[1:]})
    assert missing.status_code == 409 and "missing items" in missing.json()["detail"]
    long = editor.put(url, json={"items": [{**edits[0], "title": "x" * 1001}, *edits[1:]]})
    assert long.status_code == 422
    assert "at most 1000 characters" in long.text
    wrong = editor.put(url, json={"items": [{**edits[0], "included": "yes"}, *edits[1:]]})
    assert wrong.status_code == 422
    assert editor.post(BASE, json={"start": "2023-02-30"}).status_code == 422
    assert editor.post(BASE, json={"organization": "x" * 301}).status_code == 422
    assert editor.get(f"{BASE}/999999").status_code == 404
    assert editor.get(f"{BASE}/0").status_code == 422
    assert editor.get(f"{url}?format=docx").status_code == 422
    assert editor.put(f"{BASE}/999999", json={"items": []}).status_code == 404
    assert editor.delete(url).status_code == 204
    assert editor.get(url).status_code == 404
    assert editor.delete(url).status_code == 404


def test_readers_read_and_only_editors_write(client_as: Client, session: Session) -> None:
    build_sample(session)
    data = client_as("editor").post(BASE, json=YEAR).json()
    reader = client_as("viewer")
    assert reader.get(f"{BASE}/{data['id']}").status_code == 200
    assert reader.post(BASE, json=YEAR).status_code == 403
    assert reader.put(f"{BASE}/{data['id']}", json={"items": _edits(data)}).status_code == 403
    assert reader.delete(f"{BASE}/{data['id']}").status_code == 403
    page = reader.get(f"/reports/newsletters/{data['id']}")
    assert page.status_code == 200 and "Save" not in page.text and "disabled" in page.text
    report = reader.get("/reports?kind=newsletter&start=2023-01-01&end=2023-12-31")
    assert "Riverside Water Summit" in report.text and "Edit before export" not in report.text
    assert f'href="/reports/newsletters/{data["id"]}"' in report.text  # listed for readers too
    assert client_as(None).get(BASE).status_code == 401


def test_edit_page_saves_moves_and_shows_the_originals(client_as: Client, session: Session) -> None:
    build_sample(session)
    editor = client_as("editor")
    report = editor.get("/reports?kind=newsletter&start=2023-01-01&end=2023-12-31")
    assert "Edit before export" in report.text
    token = CSRF.search(report.text)
    assert token
    opened = editor.post("/reports/newsletters", data={**YEAR, "organization": "",
                                                        "csrf_token": token.group(1)})  # fmt: skip
    assert opened.status_code == 200 and "Edit newsletter" in opened.text
    newsletter_id = int(str(opened.url).rsplit("/", 1)[1])
    data = editor.get(f"{BASE}/{newsletter_id}").json()
    ids = [i["id"] for i in data["items"]]
    form: dict[str, Any] = {"revision": "1", "title": "March letter", "item": ids,
                            "included": [i for i in ids if i != ids[2]]}  # fmt: skip
    for item in data["items"]:
        form[f"title-{item['id']}"] = item["title"]
        form[f"headline-{item['id']}"] = item["headline"] or ""
        form[f"text-{item['id']}"] = [s["text"] for s in item["statements"]]
    form[f"title-{ids[0]}"] = "Summit on rivers"
    moved = editor.post(f"/reports/newsletters/{newsletter_id}",
                        data={**form, "move": f"up:{ids[1]}"})  # fmt: skip
    assert moved.status_code == 200
    again = editor.get(f"{BASE}/{newsletter_id}").json()
    assert [i["id"] for i in again["items"]] == [ids[1], ids[0], *ids[2:]]
    assert again["title"] == "March letter" and again["items"][1]["title"] == "Summit on rivers"
    assert not again["items"][2]["included"]
    page = editor.get(f"/reports/newsletters/{newsletter_id}")
    assert "Summit on rivers" in page.text and "Riverside Water Summit" in page.text  # original
    assert page.text.index(f'id="item-{ids[1]}"') < page.text.index(f'id="item-{ids[0]}"')
    stale = editor.post(f"/reports/newsletters/{newsletter_id}", data=form)
    assert stale.status_code == 409 and "saved this newsletter after you opened it" in stale.text
    listed = editor.get("/reports")
    assert "March letter" in listed.text and "4 of 5" in listed.text
    gone = editor.post(f"/reports/newsletters/{newsletter_id}/delete")
    assert gone.status_code == 200 and "March letter" not in gone.text
    assert editor.get(f"/reports/newsletters/{newsletter_id}").status_code == 404


def test_a_reversed_period_is_said_on_the_reports_page(client_as: Client) -> None:
    editor = client_as("editor")
    answer = editor.post("/reports/newsletters", data={"start": "2024-02-01", "end": "2024-01-01"})
    assert answer.status_code == 422 and "before it starts (2024-02-01)" in answer.text
    assert editor.get(BASE).json() == []


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs /usr/bin/chromium")
def test_pdf_export_prints_the_edited_newsletter(client_as: Client, session: Session) -> None:
    from pypdf import PdfReader

    build_sample(session)
    editor = client_as("editor")
    data = editor.post(BASE, json=YEAR).json()
    edits = _edits(data)
    edits[1]["statements"] = ["The institute opened a sensing lab on the delta."]
    edits[2]["included"] = False
    editor.put(f"{BASE}/{data['id']}", json={"items": edits})
    pdf = editor.get(f"{BASE}/{data['id']}?format=pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "opened a sensing lab on the delta" in text
    assert "Green Rivers Alliance" not in text and "River News" in text
