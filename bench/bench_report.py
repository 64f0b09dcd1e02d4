"""Report build time on a synthetic graph of N events (each with an organizer, two speakers
and their positions) and N/4 deployments with outcome figures, against a baseline measured in
the same process: reading the graph snapshot alone (`load_graph`).

    .venv/bin/python bench/bench_report.py [--n 2000]
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from greenbridge.report import build_activity, build_impact, build_newsletter, render
from greenbridge.report.graph import load_graph
from greenbridge.store.db import make_engine, make_sessionmaker, upgrade
from greenbridge.store.models import Document, Entity, Evidence, Relation


def fill(session: Session, n: int) -> None:
    """N events in 2020-2023 with organizer, speakers, positions; N/4 deployments."""
    orgs = [
        Entity(type="organization", name=f"Org {i}", attributes={"country": "KE"})
        for i in range(50)
    ]
    session.add_all(orgs)
    session.flush()
    for i in range(n):
        text = f"Event {i} was held. Org {i % 50} organized it; Person {i} spoke."
        doc = Document(
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            title=f"News {i}",
            published=f"{2020 + i % 4}-{1 + i % 12:02d}-15",
            media_type="text/plain",
            size_bytes=len(text),
            text=text,
        )
        day = f"{2020 + i % 4}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        event = Entity(
            type="event",
            name=f"Event {i}",
            attributes={"start": day, "city": "Nairobi", "country": "KE"},
        )
        person = Entity(type="person", name=f"Person {i}")
        session.add_all([doc, event, person])
        session.flush()
        rels = [
            Relation(
                type="organized",
                subject_id=orgs[i % 50].id,
                object_id=event.id,
                attributes={"role": "organizer"},
            ),
            Relation(
                type="participated",
                subject_id=person.id,
                object_id=event.id,
                attributes={"role": "speaker"},
            ),
            Relation(
                type="position",
                subject_id=person.id,
                object_id=orgs[i % 50].id,
                attributes={"title": "Director"},
            ),
        ]
        if i % 4 == 0:
            tech = Entity(type="technology", name=f"solar pump {i}")
            session.add(tech)
            session.flush()
            rels.append(
                Relation(
                    type="deployed",
                    subject_id=tech.id,
                    object_country="KE",
                    attributes={"outcome": "USD 2 million; 300 t CO2 per year; 45%"},
                )
            )
        session.add_all(rels)
        session.flush()
        rows = [Evidence(relation_id=r.id, document_id=doc.id, sentence=text) for r in rels]
        rows.append(
            Evidence(entity_id=event.id, attribute="start", document_id=doc.id, sentence=text)
        )
        session.add_all(rows)
    session.commit()


def timed(label: str, baseline: float | None, work: Callable[[], object]) -> float:
    began = time.perf_counter()
    work()
    took = time.perf_counter() - began
    ratio = f"  {took / baseline:5.1f}x baseline" if baseline else ""
    print(f"{label:<38} {took * 1000:9.1f} ms{ratio}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        with make_sessionmaker(engine)() as session:
            fill(session, args.n)
            span = {"start": date(2021, 1, 1), "end": date(2021, 12, 31)}
            base = timed(f"baseline: load_graph (n={args.n})", None, lambda: load_graph(session))
            news = build_newsletter(session, **span)
            timed("newsletter 2021", base, lambda: build_newsletter(session, **span))
            timed("newsletter 2021 as markdown", base, lambda: render(news, "md"))
            timed(
                "activity Org 1, 2021 (2 charts)",
                base,
                lambda: build_activity(session, organization="Org 1", **span),
            )
            timed("impact ledger, all dates", base, lambda: build_impact(session))
            print(f"newsletter items: {sum(len(s.items) for s in news.sections)}")
        engine.dispose()


if __name__ == "__main__":
    main()
