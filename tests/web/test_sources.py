"""Sources in the workspace and the API on both stores: register, list with the last error,
poll now (the server's poller polls it), remove; viewers see, editors change."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.sources.service import list_sources
from greenbridge.store.db import read_session
from tests.sources.site import Site, article, rss, serve_site
from tests.web.helpers import csrf_of


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as served:
        served.put("/robots.txt", "User-agent: *\nDisallow:\n", "text/plain")
        yield served


def _wait_polled(engine: Engine, source_id: int) -> None:
    """Wait (at most 20 s) until the server's poller has recorded a poll of the source."""
    for _ in range(200):
        with read_session(engine) as session:
            if next(v for v in list_sources(session) if v.id == source_id).polled:
                return
        time.sleep(0.1)
    raise AssertionError("the poller did not poll the source")


def test_sources_api_register_poll_now_and_remove(
    app: FastAPI, client_as: Callable[[str | None], TestClient], app_engine: Engine, site: Site
) -> None:
    site.put("/news/1", article("Biogas plant opened", "The partners opened a biogas plant."))
    feed = site.put("/feed.xml", rss(site.base, ["/news/1"]), "application/rss+xml")
    viewer, editor = client_as("viewer"), client_as("editor")
    body = {"url": feed, "kind": "feed", "name": "Partner news", "every_minutes": 30}
    assert viewer.post("/api/sources", json=body).status_code == 403
    created = editor.post("/api/sources", json=body)
    assert created.status_code == 201, created.text
    source = created.json()
    assert source["polled"] is None and source["items"] == {}
    assert editor.post("/api/sources", json=body).status_code == 409
    assert editor.post("/api/sources", json={**body, "url": "ftp://x"}).status_code == 422

    with TestClient(app) as running:  # the lifespan starts the server's poller
        running.headers.update(editor.headers)
        running.cookies.update(editor.cookies)
        assert running.post(f"/api/sources/{source['id']}/poll").status_code == 202
        _wait_polled(app_engine, source["id"])
    listed = viewer.get("/api/sources").json()
    assert listed[0]["items"] == {"queued": 1} and listed[0]["error"] == ""
    assert listed[0]["last_job_id"] is not None
    job = viewer.get(f"/api/jobs/{listed[0]['last_job_id']}").json()
    assert [f["name"] for f in job["files"]] == [site.base + "/news/1"]

    assert editor.post("/api/sources/999/poll").status_code == 404
    assert editor.delete(f"/api/sources/{source['id']}").status_code == 204
    assert viewer.get("/api/sources").json() == []


def test_sources_page_shows_errors_and_takes_forms(
    client_as: Callable[[str | None], TestClient], site: Site
) -> None:
    editor = client_as("editor")
    form = {"url": site.base + "/missing.xml", "kind": "feed", "name": "Broken feed",
            "every_minutes": "60", "csrf_token": csrf_of(editor, "/sources")}  # fmt: skip
    added = editor.post("/sources", data=form)
    assert added.status_code == 200 and "registered" in added.text
    page = editor.get("/sources").text
    assert "Broken feed" in page and "not yet" in page
    again = editor.post("/sources", data=form)
    assert "registered already" in again.text
    viewer_page = client_as("viewer").get("/sources").text
    assert "Broken feed" in viewer_page and "Register a source" not in viewer_page
