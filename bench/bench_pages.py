"""Server time of every workspace page and of the main API reads on a large store: p50/p95 per
page with one client and with 20, read from each answer's `Server-Timing` header, and each p95
as a ratio to `/health` in the same run.

    .venv/bin/python bench/bench_pages.py [--store sqlite|postgres] [--entities 100000]
        [--requests 20] [--clients 20] [--seconds 4] [--only PATH-PREFIX]

The store is synthetic but shaped like an alliance's record (see `fill`): documents with their
text and an article, entities of every type with the attributes the registry filters on, two
mentions each with their sentence, three relations per entity with evidence (some below the
publish threshold, waiting in the fact queue), identity pairs waiting for review, match requests
with their stages and ingest jobs. With one client each page is asked `--requests` times in a
row; with `--clients` each client asks the pages in turn for `--seconds` per page. The server is
`uvicorn greenbridge.web.app:create_app --factory`, one process, in a subprocess. PostgreSQL
(GREENBRIDGE_BENCH_POSTGRES_URL) uses a schema of its own, dropped afterwards. The target of the
workspace issue is a p95 under 150 ms with one client for every page.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import Engine, insert, text

from bench_web import POSTGRES, WORDS, start_server
from greenbridge.auth import create_token, create_user, get_by_username
from greenbridge.resolve.normalize import name_key
from greenbridge.settings import normalize_database_url
from greenbridge.store.db import make_engine, transaction, upgrade
from greenbridge.store.models import (
    Alias,
    Article,
    Document,
    Entity,
    Evidence,
    IngestJob,
    JobFile,
    Judgement,
    MatchEvent,
    MatchRequest,
    Relation,
)  # fmt: skip

COUNTRIES = ("KE", "EG", "PE", "CN", "BR", "IN", "DE", "NG", "TH", "PK", "UZ", "GH", "ZA", "MN")
SHARES = (("person", 35), ("organization", 30), ("event", 10), ("technology", 12),
          ("initiative", 10), ("need", 3))  # fmt: skip
KINDS = {"organization": ("academy", "university", "research institute", "alliance", "company"),
         "event": ("forum", "workshop", "visit", "conference", "ceremony")}  # fmt: skip
PAIRS = {  # relation type: (subject type, object type)
    "position": ("person", "organization"), "member_of": ("organization", "organization"),
    "cooperates_with": ("organization", "organization"), "organized": ("organization", "event"),
    "participated": ("person", "event"), "developed": ("organization", "technology"),
    "founded": ("organization", "initiative"), "part_of": ("initiative", "initiative"),
}  # fmt: skip


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 24))).capitalize() + "."


def _batches(rows: list[dict[str, object]], size: int = 20_000) -> list[list[dict[str, object]]]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def fill(engine: Engine, entities: int, seed: int = 7) -> dict[str, list[int]]:
    """A store of `entities` entities; returns ids by kind for the pages to ask for."""
    rng = random.Random(seed)
    documents = max(100, entities // 50)
    now = datetime.now(UTC)
    ids: dict[str, list[int]] = {kind: [] for kind, _ in SHARES}
    ids["document"] = list(range(1, documents + 1))
    sentences = {}
    with transaction(engine) as session:
        doc_rows, article_rows = [], []
        for d in ids["document"]:
            body = " ".join(_sentence(rng) for _ in range(30))
            sentences[d] = body.split(". ")[:30]
            year = 2015 + d % 10
            doc_rows.append({"id": d, "content_hash": f"{d:064x}", "title": f"Newsletter {d}",
                             "publisher": f"Publisher {d % 40}", "source": f"https://example.org/n/{d}",
                             "published": f"{year}-{1 + d % 12:02d}-{1 + d % 28:02d}",
                             "media_type": "text/plain", "size_bytes": len(body), "language": "en",
                             "text": body, "ingested_at": now - timedelta(minutes=d)})  # fmt: skip
            article_rows.append({"id": d, "document_id": d, "position": 0, "title": None,
                                 "start": 0, "end": len(body), "text": body})  # fmt: skip
        for rows in _batches(doc_rows, 2000):
            session.execute(insert(Document), rows)
        for rows in _batches(article_rows, 2000):
            session.execute(insert(Article), rows)
        weights = [share for _, share in SHARES]
        entity_rows, alias_rows, mention_rows = [], [], []
        for i in range(1, entities + 1):
            kind = rng.choices([k for k, _ in SHARES], weights)[0]
            ids[kind].append(i)
            name = f"{' '.join(rng.sample(WORDS, 3)).title()} {i}"
            attributes: dict[str, object] = {"country": rng.choice(COUNTRIES)}
            if kind in KINDS:
                attributes["kind"] = rng.choice(KINDS[kind])
            if kind == "event":
                attributes["start"] = f"{2015 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            if kind == "person":
                attributes = {"title": "Professor"} if i % 3 else {}
            if kind == "need":
                attributes = {"country": rng.choice(COUNTRIES), "text": _sentence(rng)}
            entity_rows.append({"id": i, "type": kind, "name": name, "attributes": attributes,
                                "created_at": now - timedelta(seconds=i)})  # fmt: skip
            alias_rows.append({"id": i, "entity_id": i, "name": name,
                               "normalized": name_key(name, kind)})  # fmt: skip
            for _ in range(2):
                d = rng.choice(ids["document"])
                mention_rows.append({"entity_id": i, "alias_id": i, "document_id": d,
                                     "article_id": d, "start": 0, "end": 10, "text": name,
                                     "sentence": rng.choice(sentences[d]), "confidence": 0.9,
                                     "extractor": "bench", "created_at": now})  # fmt: skip
        for rows in _batches(entity_rows):
            session.execute(insert(Entity), rows)
        for rows in _batches(alias_rows):
            session.execute(insert(Alias), rows)
        for rows in _batches(mention_rows):
            session.execute(insert(Evidence), rows)
        relation_rows, evidence_rows = [], []
        types = list(PAIRS)
        for r in range(1, 3 * entities + 1):
            kind = types[r % len(types)]
            subject_type, object_type = PAIRS[kind]
            review = r % 20 == 0
            relation_rows.append({"id": r, "type": kind,
                                  "subject_id": rng.choice(ids[subject_type]),
                                  "object_id": rng.choice(ids[object_type]),
                                  "attributes": {"role": "speaker"} if kind == "participated" else {},
                                  "review": review, "created_at": now - timedelta(seconds=r)})  # fmt: skip
            d = rng.choice(ids["document"])
            evidence_rows.append({"relation_id": r, "document_id": d, "article_id": d,
                                  "start": 0, "end": 40, "sentence": rng.choice(sentences[d]),
                                  "confidence": 0.15 if review else 0.8, "extractor": "bench",
                                  "created_at": now})  # fmt: skip
        for rows in _batches(relation_rows):
            session.execute(insert(Relation), rows)
        for rows in _batches(evidence_rows):
            session.execute(insert(Evidence), rows)
        people = ids["person"]
        session.execute(insert(Judgement), [
            {"left_id": a, "right_id": b, "decision": "unsure", "score": 0.6, "rule": "bench"}
            for a, b in (sorted(rng.sample(people, 2)) for _ in range(500))
        ])  # fmt: skip
        stages = ("proposed", "contacted", "in_discussion", "agreement", "deployed", "declined")
        for m in range(1, 301):
            session.execute(insert(MatchRequest), [{
                "id": m, "need_id": rng.choice(ids["need"]),
                "technology_id": rng.choice(ids["technology"]),
                "provider_id": rng.choice(ids["organization"]), "country": rng.choice(COUNTRIES),
                "stage": stages[m % 6], "score": 0.5, "explanation": {}, "created_by": "bench",
                "owner": "bench",
            }])  # fmt: skip
            session.execute(insert(MatchEvent), [
                {"request_id": m, "stage": stage, "note": "noted", "outcome": {}, "user": "bench"}
                for stage in stages[: 1 + m % 6]
            ])  # fmt: skip
        for j in range(1, 101):
            session.execute(insert(IngestJob), [{"id": j, "origin": "web", "state": "done"}])
            session.execute(insert(JobFile), [
                {"job_id": j, "position": p, "name": f"file-{j}-{p}.txt", "state": "done"}
                for p in range(5)
            ])  # fmt: skip
        if get_by_username(session, "bench-admin") is None:
            create_user(session, username="bench-admin", password="bench-password", role="admin")
    with engine.begin() as connection:  # statistics for the planners, as a store in use has
        connection.execute(text("ANALYZE"))
    return ids


def pages(ids: dict[str, list[int]], rng: random.Random) -> list[tuple[str, str]]:
    """(label, path) of every page and main API read; a path of the right kind each."""
    person, org, event = (
        ids["person"][len(ids["person"]) // 2],
        ids["organization"][7],
        ids["event"][3],
    )
    technology, doc = ids["technology"][5], ids["document"][len(ids["document"]) // 2]
    del rng
    return [
        ("health", "/health"),
        ("dashboard", "/dashboard"),
        ("search page", "/search?q=solar+water"),
        ("registry people", "/entities?type=person"),
        ("registry orgs by country", "/entities?type=organization&country=KE"),
        ("registry orgs by mentions", "/entities?type=organization&sort=mentions"),
        ("registry recent", "/entities?sort=recent"),
        ("registry events by date", "/entities?type=event&start=2018-01-01&end=2019-12-31"),
        ("registry kind", "/entities?type=organization&kind=university"),
        ("registry in document", f"/entities?document={doc}"),
        ("entity person", f"/entities/{person}"),
        ("entity organization", f"/entities/{org}"),
        ("entity event", f"/entities/{event}"),
        ("entity technology", f"/entities/{technology}"),
        ("documents", "/"),
        ("document", f"/documents/{doc}"),
        ("review", "/review"),
        ("fact queue", "/review/facts"),
        ("network page", "/network"),
        ("match form", "/match"),
        ("match board", "/match/board"),
        ("reports", "/reports"),
        ("jobs", "/jobs"),
        ("job", "/jobs/50"),
        ("sources", "/sources"),
        ("export", "/export"),
        ("upload", "/upload"),
        ("users", "/admin/users"),
        ("api entities", "/api/entities?type=organization&country=KE"),
        ("api entity", f"/api/entities/{org}"),
        ("api search", "/api/search?q=solar+water"),
        ("api network", "/api/network"),
        ("api dashboard", "/api/dashboard"),
        ("api fact queue", "/api/review/facts"),
        ("api review", "/api/review"),
        ("api jobs", "/api/jobs"),
        ("api history", "/api/history"),
        ("api documents", "/api/documents"),
        ("api match requests", "/api/match-requests"),
    ]


def server_ms(response: httpx.Response) -> float:
    timing = response.headers.get("server-timing", "")
    for part in timing.split(","):
        name, _, duration = part.strip().partition(";dur=")
        if name == "app" and duration:
            return float(duration)
    raise RuntimeError(f"no Server-Timing on {response.request.url}")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


async def one_client(base: str, token: str, path: str, requests: int) -> tuple[list[float], int]:
    times, failed = [], 0
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        await client.get(path)  # a first answer warms caches and compiles templates
        for _ in range(requests):
            response = await client.get(path)
            failed += response.status_code != 200
            times.append(server_ms(response))
    return times, failed


async def many_clients(base: str, token: str, path: str, clients: int, seconds: float
                       ) -> tuple[list[float], int]:  # fmt: skip
    times: list[float] = []
    failed = 0
    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.monotonic() + seconds

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal failed
        while time.monotonic() < deadline:
            try:
                response = await client.get(path)
            except httpx.HTTPError:
                failed += 1
                continue
            failed += response.status_code != 200
            times.append(server_ms(response))

    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60,
                                 limits=httpx.Limits(max_connections=clients)) as client:  # fmt: skip
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
    return times, failed


def run_store(name: str, url: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as home:
        engine = make_engine(url)
        upgrade(engine)
        started = time.perf_counter()
        kept = Path(f"{args.keep}.ids.json") if args.keep and name == "sqlite" else None
        if kept is not None and kept.exists():
            ids = json.loads(kept.read_text())
        else:
            ids = fill(engine, args.entities)
            if kept is not None:
                kept.write_text(json.dumps(ids))
        print(f"[{name}] filled {args.entities} entities, {3 * args.entities} relations, "
              f"{len(ids['document'])} documents in {time.perf_counter() - started:.0f} s",
              flush=True)  # fmt: skip
        with transaction(engine) as session:
            admin = get_by_username(session, "bench-admin")
            assert admin is not None
            token = create_token(session, admin)
        process, base = start_server(url, Path(home), workers=1)
        try:
            chosen = [(label, path) for label, path in pages(ids, random.Random(3))
                      if not args.only or path.startswith(args.only) or label == "health"]  # fmt: skip
            results = {}
            for label, path in chosen:
                single, failed1 = asyncio.run(one_client(base, token, path, args.requests))
                crowd, failed20 = (
                    asyncio.run(many_clients(base, token, path, args.clients, args.seconds))
                    if args.clients else ([0.0], 0)
                )  # fmt: skip
                results[label] = (path, single, failed1, crowd, failed20)
            health1, health20 = p95(results["health"][1]), p95(results["health"][3])
            print(f"[{name}] server ms (Server-Timing); ratio = p95 / p95 of /health in this run")
            print(
                f"{'page':28} {'1 client p50':>12} {'p95':>8} {'ratio':>7}   "
                f"{args.clients} clients p50 {'p95':>8} {'ratio':>7}  failed"
            )
            over = []
            for label, (_path, single, failed1, crowd, failed20) in results.items():
                s95, c95 = p95(single), p95(crowd)
                if s95 >= 150:
                    over.append(label)
                print(
                    f"{label:28} {statistics.median(single):12.1f} {s95:8.1f} "
                    f"{s95 / max(health1, 0.01):7.0f}   {statistics.median(crowd):13.1f} "
                    f"{c95:8.1f} {c95 / max(health20, 0.01):7.0f}  {failed1 + failed20}"
                )
            print(f"[{name}] pages with a 1-client p95 of 150 ms or more: {over or 'none'}")
            if args.json:
                Path(args.json).write_text(json.dumps(
                    {label: {"path": r[0], "p95_1": p95(r[1]), "p95_n": p95(r[3])}
                     for label, r in results.items()}, indent=1))  # fmt: skip
        finally:
            process.terminate()
            process.wait(30)
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--only", help="only the pages whose path starts with this")
    parser.add_argument("--json", help="also write the p95 figures to this file")
    parser.add_argument("--keep", help="SQLite: keep the filled store in this file and use it "
                        "again in later runs (for timing a change against the same store)")  # fmt: skip
    args = parser.parse_args()
    if args.store == "sqlite" and args.keep:
        run_store("sqlite", f"sqlite:///{Path(args.keep).resolve()}", args)
    elif args.store == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            run_store("sqlite", f"sqlite:///{folder}/pages.db", args)
    else:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = make_engine(normalize_database_url(POSTGRES))
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        try:
            run_store(
                "postgres",
                f"{normalize_database_url(POSTGRES)}?options=-csearch_path%3D{schema}",
                args,
            )
        finally:
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
