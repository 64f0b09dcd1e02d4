"""Registry list benchmark: one page of the registry (`greenbridge.store.registry.browse`) at
growing store sizes, against the baseline of loading every entity of the type into Python and
sorting it there, measured in the same process on the same store.

For each size it prints the median milliseconds of a first page by name, a later page by cursor,
a page by mentions, a country filter and a document filter, the baseline, and the ratio of the
baseline to the name page.

    .venv/bin/python bench/bench_registry.py [--sizes 5000 50000] [--repeat 5] [--postgres URL]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, insert, select, text
from sqlalchemy.orm import Session

from greenbridge.store.db import make_engine, make_sessionmaker, upgrade
from greenbridge.store.models import Alias, Document, Entity, Evidence
from greenbridge.store.registry import browse, parse_filters

COUNTRIES = ("KE", "EG", "PE", "CN", "BR", "IN", "DE", "NG")
TYPES = ("person", "organization", "event", "technology")


def fill(engine: Engine, size: int) -> int:
    """`size` entities (a quarter of each type), a name each, three mentions of the name and
    the evidence of an attribute each, over 100 documents; returns the id of a document."""
    with engine.begin() as connection:
        documents = [{"content_hash": f"{n:064x}", "title": f"Newsletter {n}",
                      "media_type": "text/plain", "size_bytes": 1, "text": "x"}
                     for n in range(100)]  # fmt: skip
        connection.execute(insert(Document), documents)
        rows = [{"type": TYPES[n % 4], "name": f"Name {n * 7919 % size:08d}",
                 "attributes": {"country": COUNTRIES[n % len(COUNTRIES)], "kind": "forum",
                                "start": f"20{10 + n % 15}-0{1 + n % 9}-01"}}
                for n in range(size)]  # fmt: skip
        connection.execute(insert(Entity), rows)
        ids = list(connection.scalars(select(Entity.id).order_by(Entity.id)))
        connection.execute(insert(Alias), [{"entity_id": i, "name": f"alias {i}",
                                            "normalized": f"alias {i}"} for i in ids])  # fmt: skip
        aliases = list(connection.scalars(select(Alias.id).order_by(Alias.id)))
        mentions = [{"alias_id": a, "document_id": 1 + (a * k) % 100, "start": 0, "end": 1,
                     "sentence": "x", "confidence": 0.9}
                    for a in aliases for k in (1, 3, 7)]  # fmt: skip
        connection.execute(insert(Evidence), mentions)
        attributes = [{"entity_id": i, "attribute": "country", "document_id": 1 + i % 100,
                       "sentence": "x", "confidence": 0.9} for i in ids]  # fmt: skip
        connection.execute(insert(Evidence), attributes)
    if engine.dialect.name == "postgresql":  # the statistics autovacuum would have gathered
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    return 42


def median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def baseline(session: Session) -> list[str]:
    """What a list without the registry would do: every person into Python, sorted there."""
    people = session.scalars(
        select(Entity).where(Entity.type == "person", Entity.canonical_id.is_(None))
    ).all()
    return [e.name for e in sorted(people, key=lambda e: (e.name.lower(), e.id))[:50]]


def measure(engine: Engine, size: int, repeat: int) -> None:
    document = fill(engine, size)
    with make_sessionmaker(engine)() as session:
        people = parse_filters(type="person")
        cursor = browse(session, people).next_cursor
        cases: dict[str, Callable[[], object]] = {
            "name page": lambda: browse(session, people),
            "next page": lambda: browse(session, people, cursor=cursor),
            "by mentions": lambda: browse(session, parse_filters(type="person", sort="mentions")),
            "country KE": lambda: browse(session, parse_filters(type="person", country="KE")),
            "document": lambda: browse(session, parse_filters(document=str(document))),
            "baseline": lambda: baseline(session),
        }
        figures = {name: median_ms(run, repeat) for name, run in cases.items()}
    line = "  ".join(f"{name} {ms:7.1f} ms" for name, ms in figures.items())
    ratio = figures["baseline"] / figures["name page"]
    print(f"{size:>7} entities  {line}  baseline/name page {ratio:5.1f}x", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", help="a PostgreSQL URL (an empty schema) instead of SQLite")
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            url = args.postgres or f"sqlite:///{Path(folder) / 'bench.db'}"
            engine = make_engine(url)
            upgrade(engine)
            try:
                measure(engine, size, args.repeat)
            finally:
                engine.dispose()


if __name__ == "__main__":
    main()
