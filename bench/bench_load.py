"""Many clients against one server: N concurrent clients (default 50) for T seconds (default 30)
against `uvicorn greenbridge.web.app:create_app` on a synthetic store, first with reads only,
then with the same reads while a document is ingested. Beside the readers, one editor renames an
entity every 0.2 s (the edits a person makes during an ingest). Prints the errors and time-outs,
p50/p95 of the entity page, of search and of the edit (and the slowest edit), and each p95 as a
ratio to the p95 of /health measured in the same run.

    .venv/bin/python bench/bench_load.py [--store sqlite|postgres] [--entities 20000]
        [--clients 50] [--seconds 30] [--ingest-kb 300] [--ingest-via api|cli]

The load comes from this process (httpx, asyncio): each client sends its next request as soon
as the last one is answered, cycling through /health, entity pages (HTML and JSON) and search
(HTML and JSON), with a viewer's bearer token and a 10 s time-out. The ingest is a text of
`--ingest-kb` KB made of the corpus texts, uploaded through the API by an editor (`api`, the
default: extraction then runs in the server process) or run by `greenbridge ingest` in a
process of its own (`cli`). `--entities 100000` is the large case (minutes to fill).
PostgreSQL (GREENBRIDGE_BENCH_POSTGRES_URL) uses a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import httpx
from sqlalchemy import Engine, text

from bench_web import POSTGRES, WORDS, fill, make_token, start_server
from greenbridge.auth import create_token, create_user, get_by_username
from greenbridge.settings import normalize_database_url
from greenbridge.store.db import make_engine, transaction, upgrade

TEXTS = Path(__file__).resolve().parent.parent / "corpus" / "en" / "texts"
KINDS = ("health", "entity page", "entity JSON", "search JSON", "search page", "entity edit")


def workload(entities: int, count: int = 4000, seed: int = 11) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    paths = []
    for _ in range(count):
        paths += [
            ("health", "/health"),
            ("entity page", f"/entities/{rng.randint(1, entities)}"),
            ("entity JSON", f"/api/entities/{rng.randint(1, entities)}"),
            ("search JSON", f"/api/search?q={'+'.join(rng.sample(WORDS, 2))}"),
            ("search page", f"/search?q={rng.choice(WORDS)}+{rng.randint(1, 999)}"),
        ]
    return paths


class Tally:
    """Latencies (ms) by kind of request, and errors by kind and reason."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[tuple[str, str]] = Counter()

    def percentile(self, kind: str, q: int) -> float:
        values = self.latencies[kind]
        if len(values) < 2:
            return float("nan")
        return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def _load(base: str, token: str, paths: list[tuple[str, str]], clients: int,
                seconds: float, editor: str | None = None) -> Tally:  # fmt: skip
    tally = Tally()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=10.0, limits=limits
    ) as client:
        deadline = time.monotonic() + seconds

        async def one_client(turn: int) -> None:
            while time.monotonic() < deadline:
                kind, path = paths[turn % len(paths)]
                turn += 1
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                except httpx.TimeoutException:
                    tally.errors[(kind, "time-out")] += 1
                    continue
                except httpx.HTTPError as exc:
                    tally.errors[(kind, type(exc).__name__)] += 1
                    continue
                if response.status_code != 200:
                    tally.errors[(kind, str(response.status_code))] += 1
                else:
                    tally.latencies[kind].append((time.perf_counter() - started) * 1000)

        async def one_editor() -> None:
            """Rename entity 1 every 0.2 s with an editor's token."""
            edits = 0
            while editor is not None and time.monotonic() < deadline:
                edits += 1
                started = time.perf_counter()
                try:
                    response = await client.patch(
                        "/api/entities/1", json={"name": f"Edited entity {edits}"},
                        headers={"Authorization": f"Bearer {editor}"}, timeout=60.0,
                    )  # fmt: skip
                except httpx.HTTPError as exc:
                    tally.errors[("entity edit", type(exc).__name__)] += 1
                    continue
                if response.status_code != 200:
                    tally.errors[("entity edit", str(response.status_code))] += 1
                else:
                    tally.latencies["entity edit"].append((time.perf_counter() - started) * 1000)
                await asyncio.sleep(0.2)

        await asyncio.gather(one_editor(), *(one_client(i * 13) for i in range(clients)))
    return tally


def report(label: str, tally: Tally, seconds: float) -> None:
    answered = sum(len(v) for v in tally.latencies.values())
    failed = sum(tally.errors.values())
    timeouts = sum(n for (_, reason), n in tally.errors.items() if reason == "time-out")
    print(f"[{label}] {answered} answered 200 ({answered / seconds:.0f}/s), {failed} errors "
          f"of which {timeouts} time-outs {dict(tally.errors) if failed else ''}")  # fmt: skip
    health = tally.percentile("health", 95)
    for kind in KINDS:
        p50, p95 = tally.percentile(kind, 50), tally.percentile(kind, 95)
        ratio = f"p95/health {p95 / health:5.1f}x" if kind != "health" else "(baseline)"
        slowest = max(tally.latencies[kind], default=float("nan"))
        print(f"[{label}]   {kind:12} n={len(tally.latencies[kind]):6}  p50 {p50:7.1f} ms  "
              f"p95 {p95:7.1f} ms  max {slowest:7.1f} ms  {ratio}")  # fmt: skip


def document_of(size_kb: int) -> bytes:
    texts = [path.read_text() for path in sorted(TEXTS.glob("*.txt"))]
    parts, size = [], 0
    while size < size_kb * 1000:
        copy = len(parts)
        parts.append(texts[copy % len(texts)].replace("Institute", f"Institute {copy}"))
        size += len(parts[-1].encode()) + 2
    return "\n\n".join(parts).encode()


def editor_token(engine: Engine) -> str:
    with transaction(engine) as session:
        user = get_by_username(session, "bench-editor") or create_user(
            session, username="bench-editor", password="bench-password", role="editor"
        )
        return create_token(session, user)


def _job_outcome(base: str, token: str, response: httpx.Response) -> str:
    """Wait for the queued job of an upload (202) to finish; its state and counts."""
    if response.status_code != 202:
        return f"{response.status_code} {response.text[:200]}"
    url = base + response.json()["url"]
    while True:
        job = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=60).json()
        if job["state"] in ("done", "cancelled"):
            return f"job {job['state']} {job.get('counts')}"
        time.sleep(0.5)


def start_ingest(how: str, base: str, url: str, home: Path, token: str, data: bytes,
                 done: dict[str, object]) -> threading.Thread:  # fmt: skip
    """The ingest, in a thread (API upload) or a process (CLI), recording its seconds."""
    path = home / f"ingest-{uuid.uuid4().hex[:8]}.txt"
    path.write_bytes(data)

    def run() -> None:
        started = time.perf_counter()
        if how == "api":
            with path.open("rb") as handle:
                response = httpx.post(
                    base + "/api/documents", files=[("files", (path.name, handle, "text/plain"))],
                    headers={"Authorization": f"Bearer {token}"}, timeout=3600,
                )  # fmt: skip
            done["outcome"] = _job_outcome(base, token, response)
        else:
            env = {**os.environ, "GREENBRIDGE_DATABASE_URL": url, "GREENBRIDGE_HOME": str(home)}
            command = [sys.executable, "-c", "from greenbridge.cli import main; main()",
                       "ingest", str(path)]  # fmt: skip
            finished = subprocess.run(command, env=env, capture_output=True, text=True)
            done["outcome"] = f"exit {finished.returncode}"
        done["seconds"] = time.perf_counter() - started

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def run_store(name: str, url: str, args: argparse.Namespace) -> None:
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    fill(engine, args.entities, args.entities * args.relations_per_entity)
    if engine.dialect.name == "postgresql":  # the id sequence past the inserted ids
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('entity', 'id'), max(id)) FROM entity"
            )
    token, editor = make_token(engine), editor_token(engine)
    print(f"[{name}] {args.entities} entities, {args.entities * args.relations_per_entity} "
          f"relations inserted in {time.perf_counter() - started:.0f} s; load average "
          f"{os.getloadavg()[0]:.2f}; {args.clients} clients, {args.seconds} s per phase")  # fmt: skip
    paths = workload(args.entities)
    data = document_of(args.ingest_kb)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        process, base = start_server(url, home, 1)
        try:
            asyncio.run(_load(base, token, paths, min(args.clients, 10), 3))  # warm up
            report(f"{name} reads", asyncio.run(
                _load(base, token, paths, args.clients, args.seconds, editor)
            ), args.seconds)  # fmt: skip
            done: dict[str, object] = {}
            ingest = start_ingest(args.ingest_via, base, url, home, editor, data, done)
            tally = asyncio.run(_load(base, token, paths, args.clients, args.seconds, editor))
            report(f"{name} reads during an ingest", tally, args.seconds)
            ingest.join()
            print(f"[{name}] ingest of {len(data) / 1e3:.0f} KB via {args.ingest_via}: "
                  f"{done.get('outcome')} in {float(done.get('seconds', 0)):.0f} s")  # fmt: skip
        finally:
            process.terminate()
            process.wait(30)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--relations-per-entity", type=int, default=5)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--ingest-kb", type=int, default=300)
    parser.add_argument("--ingest-via", choices=("api", "cli"), default="api")
    args = parser.parse_args()
    if args.store == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            run_store("sqlite", f"sqlite:///{folder}/bench.db", args)
        return
    schema = f"gb_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(normalize_database_url(POSTGRES))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = normalize_database_url(POSTGRES) + f"?options=-csearch_path%3D{schema}"
        run_store("postgres", url, args)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
