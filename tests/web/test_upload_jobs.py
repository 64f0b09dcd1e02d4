"""Uploads are jobs on both stores: the request answers at once with the job, the workers of
the server process run it, every file gets its own result, and bad files fail alone."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from greenbridge.settings import Settings
from greenbridge.web.app import create_app
from tests.ingest.pdfs import write_broken_pdf, write_pdf
from tests.web.helpers import add_user, token_for

LIMIT = 4000


def _text(i: int) -> bytes:
    return (
        f"Report {i}. Ana Lima of the Dryland Research Institute signed an agreement with "
        "Tsinghua University in Nairobi in May 2024 on solar irrigation.\n"
    ).encode()


@pytest.fixture
def job_app(tmp_path: Path, database_url: str) -> FastAPI:
    settings = Settings(home=tmp_path, database_url=database_url, job_workers=2,
                        max_document_bytes=LIMIT * 100)  # fmt: skip
    app = create_app(settings)
    add_user(app.state.engine, "ed", "editor")
    return app


def _client(app: FastAPI) -> TestClient:
    client = TestClient(app, raise_server_exceptions=False)
    client.headers["Authorization"] = f"Bearer {token_for(app.state.engine, 'ed')}"
    return client


def _wait_done(client: TestClient, job_id: int, seconds: float = 120) -> dict:  # type: ignore[type-arg]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] == "done":
            return job  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} not done: {job}")


def test_an_upload_answers_at_once_with_a_queued_job(job_app: FastAPI) -> None:
    client = _client(job_app)  # no lifespan: no worker runs, so nothing can be ingested yet
    files = [("files", (f"n{i}.txt", _text(i), "text/plain")) for i in range(30)]
    response = client.post("/api/documents", files=files)
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["url"] == f"/api/jobs/{body['id']}" and body["page"] == f"/jobs/{body['id']}"
    assert body["job"]["total"] == 30 and body["job"]["counts"] == {"queued": 30}
    assert client.get("/api/documents").json()["total"] == 0
    page = client.get(body["page"])
    assert page.status_code == 200 and "0 of 30 done" in page.text


def test_a_queued_job_survives_a_restart(job_app: FastAPI) -> None:
    files = [("files", (f"n{i}.txt", _text(i), "text/plain")) for i in range(3)]
    job_id = _client(job_app).post("/api/documents", files=files).json()["id"]
    job_app.state.engine.dispose()  # the server stops before any worker ran
    restarted = create_app(job_app.state.settings)
    with _client(restarted) as client:
        assert _wait_done(client, job_id)["counts"] == {"added": 3}
    restarted.state.engine.dispose()


@pytest.mark.parametrize("queue", ["threads", "auto"])  # auto: procrastinate on PostgreSQL
def test_the_server_workers_run_the_job_one_result_per_file(job_app: FastAPI, queue: str) -> None:
    job_app.state.settings.job_queue = queue
    with _client(job_app) as client:  # the lifespan starts the job workers
        files = [("files", (f"n{i}.txt", _text(i), "text/plain")) for i in range(8)]
        files.append(("files", ("again.txt", _text(0), "text/plain")))
        job_id = client.post("/api/documents", files=files).json()["id"]
        job = _wait_done(client, job_id)
    assert job["done"] == job["total"] == 9
    assert job["counts"] == {"added": 8, "unchanged": 1}
    added = [f for f in job["files"] if f["state"] == "added"]
    assert all(f["document_id"] and "relations" in f["counts"] for f in added), added
    assert sum(f["counts"]["entities"] for f in added) >= 8
    assert job_app.state.job_queue is None  # stopped with the server


def test_each_bad_file_fails_alone_with_its_reason(job_app: FastAPI, tmp_path: Path) -> None:
    bad = {
        "broken.pdf": write_broken_pdf(tmp_path / "broken.pdf").read_bytes(),
        "locked.pdf": write_pdf(tmp_path / "locked.pdf", encrypt="secret").read_bytes(),
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02" * 100,
        "program.exe": b"MZ\x00\x00",
        "large.txt": b"a " * (LIMIT * 30),
    }
    files = [("files", (name, data, "application/octet-stream")) for name, data in bad.items()]
    files.insert(3, ("files", ("good.txt", _text(1), "text/plain")))
    with _client(job_app) as client:
        job_app.state.settings.max_document_bytes = LIMIT * 25  # large.txt is over it
        job_id = client.post("/api/documents", files=files).json()["id"]
        job = _wait_done(client, job_id)
    states = {f["name"]: (f["state"], f["message"]) for f in job["files"]}
    assert states["good.txt"][0] == "added"
    for name in bad:
        state, reason = states[name]
        assert state == "failed" and reason, (name, state, reason)
    assert "password" in states["locked.pdf"][1] or "encrypt" in states["locked.pdf"][1]
    assert "over the" in states["large.txt"][1]
    assert [f["name"] for f in job["files"]][3] == "good.txt"  # kept in the upload's order


def test_a_plain_form_post_is_sent_to_the_job_page(job_app: FastAPI) -> None:
    client = _client(job_app)
    files = [("files", ("a.txt", _text(1), "text/plain"))]
    response = client.post(
        "/api/documents", files=files, headers={"Accept": "text/html"}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/jobs/")
    listing = client.get("/jobs")
    assert response.headers["location"] in listing.text


def test_wait_runs_the_job_in_the_request(job_app: FastAPI) -> None:
    client = _client(job_app)
    files = [("files", ("a.txt", _text(1), "text/plain"))]
    response = client.post("/api/documents?wait=true", files=files)
    assert response.status_code == 200
    assert response.json()["job"]["state"] == "done"
    assert response.json()["job"]["counts"] == {"added": 1}


def test_the_job_page_buttons_retry_and_cancel(job_app: FastAPI) -> None:
    client = _client(job_app)  # no workers: what is queued stays queued
    files = [
        ("files", ("empty.txt", b"", "text/plain")),
        ("files", ("a.txt", _text(2), "text/plain")),
    ]
    job_id = client.post("/api/documents?wait=true", files=files).json()["id"]
    page = client.get(f"/jobs/{job_id}").text
    assert "empty file" in page and 'id="job-retry"' in page and 'id="job-cancel"' not in page
    retried = client.post(f"/jobs/{job_id}/retry", follow_redirects=False)
    assert retried.status_code == 303 and retried.headers["location"] == f"/jobs/{job_id}"
    job = client.get(f"/api/jobs/{job_id}").json()
    assert job["state"] == "queued" and job["counts"] == {"queued": 1, "added": 1}
    assert 'id="job-cancel"' in client.get(f"/jobs/{job_id}").text
    assert client.post(f"/jobs/{job_id}/cancel", follow_redirects=False).status_code == 303
    job = client.get(f"/api/jobs/{job_id}").json()
    assert job["state"] == "cancelled" and job["counts"] == {"cancelled": 1, "added": 1}
    viewer = TestClient(job_app, raise_server_exceptions=False)
    add_user(job_app.state.engine, "vi", "viewer")
    viewer.headers["Authorization"] = f"Bearer {token_for(job_app.state.engine, 'vi')}"
    assert viewer.post(f"/jobs/{job_id}/retry", follow_redirects=False).status_code == 403
    assert 'id="job-retry"' not in viewer.get(f"/jobs/{job_id}").text
