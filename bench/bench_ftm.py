"""FollowTheMoney export and import against the JSON Lines export of the same store, in one
run: a synthetic graph of N organizations (half members of an alliance), N people each with a
position and an evidence span in one of N/10 documents, and N/10 events each organized by an
organization. Prints seconds, FtM entities per second and the ratio to the JSON Lines export.

    .venv/bin/python bench/bench_ftm.py [--organizations 2000]
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from greenbridge.interop.ftm import write_ftm
from greenbridge.interop.ftm_import import import_ftm, read_ftm
from greenbridge.store.db import make_engine, make_sessionmaker, transaction, upgrade
from greenbridge.store.exchange import write_jsonl
from greenbridge.store.models import Article, Document, Entity, Evidence, Relation


def build(engine, n: int) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        documents = []
        for d in range(max(1, n // 10)):
            text = f"News item {d}: partners met to discuss solar pumps and dryland farming."
            document = Document(content_hash=f"{d:064x}", title=f"News {d}", media_type="text/plain",
                                size_bytes=len(text), text=text, source=f"https://example.org/{d}")  # fmt: skip
            document.articles = [Article(position=0, start=0, end=len(text), text=text)]
            documents.append(document)
        session.add_all(documents)
        alliance = Entity(
            type="organization", name="Bench Alliance", attributes={"kind": "alliance"}
        )
        session.add(alliance)
        session.flush()
        for i in range(n):
            org = Entity(type="organization", name=f"Institute {i}",
                         attributes={"country": "KE", "kind": "research_institute"})  # fmt: skip
            person = Entity(type="person", name=f"Person {i}", attributes={})
            session.add_all([org, person])
            session.flush()
            if i % 2 == 0:
                session.add(Relation(type="member_of", subject_id=org.id, object_id=alliance.id))
            position = Relation(type="position", subject_id=person.id, object_id=org.id,
                                attributes={"title": "Director" if i % 3 else "researcher"})  # fmt: skip
            session.add(position)
            session.flush()
            document = documents[i % len(documents)]
            session.add(Evidence(entity_id=person.id, document_id=document.id, start=0, end=9,
                                 text=f"Person {i}", sentence=document.text, extractor="ner"))  # fmt: skip
            session.add(Evidence(relation_id=position.id, document_id=document.id, start=0, end=9,
                                 text=f"Person {i}", sentence=document.text, extractor="rel"))  # fmt: skip
            if i % 10 == 0:
                event = Entity(type="event", name=f"Forum {i}", attributes={"start": "2024-05-17"})
                session.add(event)
                session.flush()
                session.add(Relation(type="organized", subject_id=org.id, object_id=event.id))


def timed(label: str, work):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"{label:<28} {seconds:8.2f} s")
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organizations", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{folder / 'a.db'}")
    upgrade(engine)
    build(engine, args.organizations)
    with make_sessionmaker(engine)() as session:
        _, jsonl_s = timed("JSON Lines export", lambda: write_jsonl(session, io.StringIO()))
        out = io.StringIO()
        counts, ftm_s = timed("FtM export", lambda: write_ftm(session, out))
    total = sum(counts.values())
    target = make_engine(f"sqlite:///{folder / 'b.db'}")
    upgrade(target)

    def read_back() -> object:
        with transaction(target) as session:
            return import_ftm(session, read_ftm(out.getvalue().splitlines()), source="bench")

    _, import_s = timed("FtM import (new store)", read_back)
    print(f"FtM entities                 {total}")
    print(f"FtM export                   {total / ftm_s:8.0f} entities/s "
          f"({ftm_s / jsonl_s:.1f}x the JSON Lines export time)")  # fmt: skip
    print(f"FtM import                   {total / import_s:8.0f} entities/s")


if __name__ == "__main__":
    main()
