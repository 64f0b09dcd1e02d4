from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from greenbridge.settings import Settings
from greenbridge.web.app import create_app
from tests.report.graph import build_sample
from tests.web.helpers import add_user, sign_in


def _app(settings: Settings) -> FastAPI:
    app = create_app(settings)
    return app


def _viewer(settings: Settings) -> TestClient:
    app = _app(settings)
    engine: Engine = app.state.engine
    add_user(engine, "reader", "viewer")
    return sign_in(TestClient(app, raise_server_exceptions=False), "reader")


def test_api_newsletter_json_and_markdown(settings: Settings, session: Session) -> None:
    client = _viewer(settings)
    build_sample(session)
    query = "start=2023-01-01&end=2023-12-31"
    data = client.get(f"/api/reports/newsletter?{query}").json()
    assert data["kind"] == "newsletter" and not data["empty"]
    assert all(h["evidence_ids"] for h in data["headlines"])
    md = client.get(f"/api/reports/newsletter?{query}&format=md")
    assert md.headers["content-type"].startswith("text/markdown")
    assert "attachment" in md.headers["content-disposition"]
    assert "Riverside Water Summit" in md.text
    everything = client.get(f"/api/reports/activity?{query}").json()
    assert everything["title"] == "Activity report: everything recorded" and not everything["empty"]
    assert client.get("/api/reports/impact?start=0.0").status_code == 422  # a day, not seconds
    assert client.get("/api/reports/impact?start=2023-02-30").status_code == 422
    assert 400 <= client.get(f"/api/reports/impact?{query}&format=docx").status_code < 500


def test_reports_need_a_signed_in_user(settings: Settings) -> None:
    anonymous = TestClient(_app(settings), raise_server_exceptions=False)
    assert anonymous.get("/api/reports/newsletter").status_code == 401


def test_reports_page_shows_the_report_and_download_links(
    settings: Settings, session: Session
) -> None:
    client = _viewer(settings)
    build_sample(session)
    empty_form = client.get("/reports")
    assert empty_form.status_code == 200 and "Make report" in empty_form.text
    page = client.get("/reports?kind=newsletter&start=2023-01-01&end=2023-12-31")
    assert page.status_code == 200
    assert "Riverside Water Summit took place on 14 March 2023" in page.text
    assert "/api/reports/newsletter?start=2023-01-01&amp;end=2023-12-31&amp;format=pdf" in page.text
    assert "/documents/" in page.text
    download = client.get(
        "/reports?kind=impact&start=2023-01-01&end=2023-12-31&format=md", follow_redirects=False
    )
    assert download.status_code == 307
    assert download.headers["location"].startswith("/api/reports/impact?")
