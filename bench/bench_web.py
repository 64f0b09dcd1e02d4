"""Web latency under load: p50/p95 of the entity page, its JSON, and search, with N entities and
M relations (bulk-inserted synthetic data), 20 concurrent clients on loopback, against /health
measured in the same run as the baseline.

    .venv/bin/python bench/bench_web.py [--entities 100000] [--relations 1000000]
        [--backends sqlite,postgresql] [--seconds 15] [--clients 20] [--workers 2]

The server is `uvicorn greenbridge.web.app:create_app --factory` in a subprocess; the load comes
from `wrk` (Debian package `wrk`, installed by `make bench-deps`): 20 keep-alive connections, each
sending its next request as soon as the last one is answered, over a list of random paths, for
`--seconds` per workload. A load generator written in Python would take a core of its own on this
two-core machine. PostgreSQL uses a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import Engine, insert, text

from greenbridge.auth import create_token, create_user, get_by_username
from greenbridge.cli.documents import KEEP_ALIVE_SECONDS
from greenbridge.resolve.normalize import name_key
from greenbridge.settings import normalize_database_url
from greenbridge.store.db import make_engine, transaction, upgrade
from greenbridge.store.models import Alias, Entity, Relation

POSTGRES = os.environ.get(
    "GREENBRIDGE_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
WORDS = ["green", "solar", "water", "energy", "institute", "academy", "centre", "university", "network", "carbon", "river", "climate", "forest", "soil", "urban", "digital", "ocean", "health", "food", "mining", "battery", "hydrogen"]  # fmt: skip
TYPES = ("organization", "person", "event", "technology", "initiative")
RELATION_TYPES = ("member_of", "cooperates_with", "participated", "developed", "part_of")


def synthetic_name(rng: random.Random, i: int) -> str:
    return f"{' '.join(rng.sample(WORDS, 3)).title()} {i}"


def fill(engine: Engine, entities: int, relations: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    batch = 20_000
    with transaction(engine) as session:
        for start in range(1, entities + 1, batch):
            rows, aliases = [], []
            for i in range(start, min(start + batch, entities + 1)):
                kind, name = TYPES[i % len(TYPES)], synthetic_name(rng, i)
                rows.append({"id": i, "type": kind, "name": name, "attributes": {"country": "KE"}})
                aliases.append({"entity_id": i, "name": name, "normalized": name_key(name, kind)})
            session.execute(insert(Entity), rows)
            session.execute(insert(Alias), aliases)
        for start in range(0, relations, batch):
            rows = [
                {"type": RELATION_TYPES[j % 5], "subject_id": rng.randint(1, entities),
                 "object_id": rng.randint(1, entities), "attributes": {}}
                for j in range(start, min(start + batch, relations))
            ]  # fmt: skip
            session.execute(insert(Relation), rows)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM entity")).scalar() or 0)


def make_token(engine: Engine) -> str:
    with transaction(engine) as session:
        user = get_by_username(session, "bench") or create_user(
            session, username="bench", password="bench-password", role="viewer"
        )
        return create_token(session, user)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, home: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "GREENBRIDGE_DATABASE_URL": url, "GREENBRIDGE_HOME": str(home)}
    command = [sys.executable, "-m", "uvicorn", "greenbridge.web.app:create_app", "--factory",
               "--port", str(port), "--workers", str(workers), "--log-level", "warning",
               "--timeout-worker-healthcheck", "120",
               "--timeout-keep-alive", str(KEEP_ALIVE_SECONDS)]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start")


WRK_SCRIPT = """
local paths, i = {}, 0
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = math.random(#paths)
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["Authorization"] = "Bearer " .. args_token})
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %f %f %f %d %d\\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests,
    errors.connect + errors.read + errors.write + errors.timeout + errors.status))
end
"""


@dataclass
class Load:
    p50: float
    p95: float
    p99: float
    requests: int
    failed: int


def load(base: str, token: str, paths: list[str], clients: int, seconds: int) -> Load:
    """wrk against `paths` (cycled from a random start per thread) for `seconds`."""
    if shutil.which("wrk") is None:
        sys.exit("bench_web needs wrk: `make bench-deps` (or apt-get install wrk)")
    with tempfile.TemporaryDirectory() as folder:
        script, listing = Path(folder) / "paths.lua", Path(folder) / "paths.txt"
        script.write_text(f'args_token = "{token}"\n' + WRK_SCRIPT)
        listing.write_text("\n".join(paths) + "\n")
        threads = max(1, min(2, clients))
        command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
                   "-s", str(script), base, "--", str(listing)]  # fmt: skip
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    p50, p95, p99, requests, failed = line.split()[1:]
    return Load(float(p50), float(p95), float(p99), int(requests), int(failed))


def run_backend(name: str, url: str, args: argparse.Namespace) -> None:
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    reuse = bool(_count(engine))
    if not reuse:
        fill(engine, args.entities, args.relations)
    token = make_token(engine)
    print(f"[{name}] {_count(engine)} entities, {args.relations} relations "
          f"{'reused' if reuse else 'inserted'} in {time.perf_counter() - started:.0f} s")  # fmt: skip
    rng = random.Random(11)
    count = 5000
    workloads = {
        "health (baseline)": ["/health"],
        "entity page HTML": [f"/entities/{rng.randint(1, args.entities)}" for _ in range(count)],
        "entity JSON": [f"/api/entities/{rng.randint(1, args.entities)}" for _ in range(count)],
        "search JSON": [f"/api/search?q={'+'.join(rng.sample(WORDS, 2))}" for _ in range(count)],
        "search HTML": [
            f"/search?q={rng.choice(WORDS)}+{rng.randint(1, 999)}" for _ in range(count)
        ],
    }
    print(f"[{name}] load average before the run: {os.getloadavg()[0]:.2f}; "
          f"{args.workers} server workers, {args.clients} clients, {args.seconds} s each")  # fmt: skip
    with tempfile.TemporaryDirectory() as home:
        process, base = start_server(url, Path(home), args.workers)
        try:
            load(base, token, ["/health", workloads["entity JSON"][0]], args.clients, 2)  # warm up
            baseline = None
            for label, paths in workloads.items():
                result = load(base, token, paths, args.clients, args.seconds)
                baseline = baseline or result.p95
                rate = result.requests / args.seconds
                print(f"[{name}] {label:18} p50 {result.p50:6.1f} ms  p95 {result.p95:6.1f} ms  "
                      f"p99 {result.p99:6.1f} ms  {rate:6.0f} req/s  failed {result.failed}  "
                      f"p95/health {result.p95 / baseline:4.1f}x  "
                      f"target p95 <= 100 ms: {'yes' if result.p95 <= 100 else 'NO'}")  # fmt: skip
        finally:
            process.terminate()
            process.wait(10)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sqlite-file", help="keep the SQLite store here and reuse it when filled")
    parser.add_argument(
        "--postgres-schema",
        help="keep the PostgreSQL store in this schema and reuse it when filled",
    )
    args = parser.parse_args()
    for backend in args.backends.split(","):
        if backend == "sqlite" and args.sqlite_file:
            run_backend("sqlite", f"sqlite:///{args.sqlite_file}", args)
        elif backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                run_backend("sqlite", f"sqlite:///{folder}/bench.db", args)
        else:
            schema = args.postgres_schema or f"gb_bench_{uuid.uuid4().hex[:8]}"
            admin = make_engine(normalize_database_url(POSTGRES))
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            try:
                run_backend(
                    "postgresql",
                    normalize_database_url(POSTGRES) + f"?options=-csearch_path%3D{schema}",
                    args,
                )
            finally:
                if not args.postgres_schema:
                    with admin.begin() as connection:
                        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                admin.dispose()


if __name__ == "__main__":
    main()
