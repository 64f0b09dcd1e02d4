"""`/api/jobs` on both stores: the account per file, retry and cancel for editors only."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.jobs import create_job, run_job


def test_jobs_api_account_retry_cancel(
    client_as: Callable[[str | None], TestClient], app_engine: Engine
) -> None:
    job_id = create_job(app_engine, [("a.txt", b"Solar pumps in Kenya.\n"), ("e.txt", b"")],
                        origin="api")  # fmt: skip
    run_job(app_engine, job_id)
    viewer = client_as("viewer")
    listing = viewer.get("/api/jobs").json()
    assert [j["id"] for j in listing] == [job_id]
    body = viewer.get(f"/api/jobs/{job_id}").json()
    assert body["state"] == "done" and body["done"] == body["total"] == 2
    assert body["counts"] == {"added": 1, "failed": 1}
    failed = next(f for f in body["files"] if f["state"] == "failed")
    assert failed["name"] == "e.txt" and failed["message"]
    assert viewer.post(f"/api/jobs/{job_id}/retry").status_code == 403
    assert viewer.get("/api/jobs/999").status_code == 404
    editor = client_as("editor")
    retried = editor.post(f"/api/jobs/{job_id}/retry").json()
    assert retried["changed"] == 1 and retried["job"]["state"] == "queued"
    cancelled = editor.post(f"/api/jobs/{job_id}/cancel").json()
    assert cancelled["changed"] == 1 and cancelled["job"]["state"] == "cancelled"
    assert "/api/jobs/{job_id}" in viewer.get("/openapi.json").json()["paths"]
