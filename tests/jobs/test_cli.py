"""`greenbridge jobs` and `greenbridge worker` on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from greenbridge.cli import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {"GREENBRIDGE_HOME": str(tmp_path / "home"), "GREENBRIDGE_DATABASE_URL": database_url}


def invoke(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def test_jobs_add_worker_show_retry_cancel(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("The alliance met in Nairobi on solar irrigation.\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    added = invoke(env, "jobs", "add", str(tmp_path / "good.txt"), str(tmp_path / "empty.txt"))
    assert "job 1: 2 files queued" in added.output
    assert "queued" in invoke(env, "jobs", "list").output
    ran = invoke(env, "worker", "--no-extract")
    assert "job 1: done, 2/2 done (1 added, 1 failed)" in ran.output
    shown = invoke(env, "jobs", "show", "1")
    assert "good.txt" in shown.output.replace("\n", "").replace("│", "").replace(" ", "")
    assert "added" in shown.output
    assert "empty" in shown.output and "failed" in shown.output
    assert "1 failed files queued again" in invoke(env, "jobs", "retry", "1").output
    assert "1 files cancelled" in invoke(env, "jobs", "cancel", "1").output
    assert "cancelled" in invoke(env, "jobs", "show", "1").output
    missing = invoke(env, "jobs", "show", "9")
    assert missing.exit_code == 1 and "no job 9" in missing.output


def test_ingest_queue_makes_a_job_that_the_worker_runs(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Wind power in Chile was discussed in Santiago.\n")
    queued = invoke(env, "ingest", "--queue", str(tmp_path / "a.txt"))
    assert "job 1: 1 files queued" in queued.output
    assert "queued" in invoke(env, "jobs", "list").output
    assert "job 1: done, 1/1 done (1 added)" in invoke(env, "worker", "--no-extract").output
