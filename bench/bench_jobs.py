"""Ingest jobs through the web route: 200 small files uploaded in one request to a live server,
time to answer, time until each file's result is visible at /api/jobs/ID, p50/p95 of
finish->visible (finish: the worker's log line after the file's commit; visible: the first
poll, every 50 ms, that shows it done), and files/s. Queues compared in one process: worker
threads on SQLite (the baseline), threads on PostgreSQL, procrastinate on PostgreSQL, and the
upload run inside the request (`wait=true`, the former behaviour) for the answer time.
Extraction is off (the queue is measured, not spaCy) unless --extract.

    .venv/bin/python bench/bench_jobs.py [--files 200] [--workers 2] [--postgres URL] [--extract]
"""

from __future__ import annotations

import argparse
import logging
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from tests.web.helpers import add_user, token_for

from greenbridge.jobs import runner
from greenbridge.settings import Settings
from greenbridge.web.app import create_app


class FinishTimes(logging.Handler):
    """When each job file's account was committed, from the jobs service's log line."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.at: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("job %s: %s"):
            self.at[str(record.args[1])] = time.monotonic()  # type: ignore[index]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _files(n: int, tag: str) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (f"{tag}-{i}.txt", f"Note {tag} {i}: solar pumps in Kenya.\n".encode(),
                       "text/plain")) for i in range(n)]  # fmt: skip


def run(settings: Settings, n: int, tag: str, finish: FinishTimes, *, wait: bool) -> dict:  # type: ignore[type-arg]
    app = create_app(settings)
    add_user(app.state.engine, "bench", "editor")
    headers = {"Authorization": f"Bearer {token_for(app.state.engine, 'bench')}"}
    port = _port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=600) as client:
            start = time.monotonic()
            url = "/api/documents?wait=true" if wait else "/api/documents"
            body = client.post(url, files=_files(n, tag)).raise_for_status().json()
            answered = time.monotonic()
            visible: dict[str, float] = {}
            while len(visible) < n:
                job = client.get(body["url"]).json()
                now = time.monotonic()
                for f in job["files"]:
                    if f["state"] not in ("queued", "running"):
                        visible.setdefault(f["name"], now)
                time.sleep(0.05)
    finally:
        server.should_exit = True
        thread.join(30)
        app.state.engine.dispose()
    lags = [visible[name] - finish.at[name] for name in visible if name in finish.at]
    last = max(visible.values())
    return {"answer_s": answered - start, "first_visible_s": min(visible.values()) - answered,
            "all_visible_s": last - answered, "files_per_s": n / (last - start),
            "lag_p50_ms": 1000 * statistics.median(lags) if lags else float("nan"),
            "lag_p95_ms": 1000 * statistics.quantiles(lags, n=20)[18] if len(lags) > 1
            else float("nan")}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", help="PostgreSQL URL (an empty database) to compare")
    parser.add_argument("--extract", action="store_true")
    args = parser.parse_args()
    if not args.extract:
        runner._analyser = lambda: None  # the queue is measured, not the extraction
    finish = FinishTimes()
    logging.getLogger("greenbridge.jobs.service").addHandler(finish)
    logging.getLogger("greenbridge.jobs.service").setLevel(logging.INFO)
    cases: list[tuple[str, str, str, bool]] = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = f"sqlite:///{Path(tmp) / 'bench.db'}"
        cases.append(("sqlite, in the request (wait=true)", sqlite, "threads", True))
        cases.append(("sqlite, threads in serve", sqlite, "threads", False))
        if args.postgres:
            cases.append(("postgresql, threads in serve", args.postgres, "threads", False))
            cases.append(("postgresql, procrastinate", args.postgres, "procrastinate", False))
        rows = []
        for i, (label, url, queue, wait) in enumerate(cases):
            settings = Settings(home=Path(tmp), database_url=url, job_queue=queue,  # type: ignore[arg-type]
                                job_workers=args.workers)  # fmt: skip
            rows.append((label, run(settings, args.files, f"c{i}", finish, wait=wait)))
    base = rows[1][1]
    print(
        f"{args.files} files, {args.workers} workers, extraction {'on' if args.extract else 'off'}"
    )
    print(f"{'queue':38} {'answer s':>9} {'first s':>8} {'all s':>7} {'files/s':>8} "
          f"{'lag p50 ms':>10} {'lag p95 ms':>10} {'files/s vs base':>15}")  # fmt: skip
    for label, r in rows:
        print(f"{label:38} {r['answer_s']:9.3f} {r['first_visible_s']:8.3f} "
              f"{r['all_visible_s']:7.2f} {r['files_per_s']:8.1f} {r['lag_p50_ms']:10.0f} "
              f"{r['lag_p95_ms']:10.0f} {r['files_per_s'] / base['files_per_s']:14.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
