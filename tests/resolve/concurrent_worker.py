"""A separate process that ingests extractions into a shared store (for the concurrency test)."""

from __future__ import annotations

from typing import Any

from greenbridge.resolve import link_extraction
from greenbridge.store.db import make_engine, transaction
from tests.resolve.helpers import add_document, entity, extraction

NAMES = [f"Institute of Coastal Studies {n}" for n in ("Alpha", "Beta", "Gamma", "Delta")]


def ingest(url: str, worker: int, barrier: Any, documents: int = 6) -> None:
    engine = make_engine(url)
    barrier.wait(timeout=60)
    for number in range(documents):
        text = f"Report {worker}-{number}: " + "; ".join(NAMES) + "; Ada Quist spoke."
        with transaction(engine) as session:
            document = add_document(session, text, f"w{worker}-{number}")
            entities = [entity(text, f"o{i}", "organization", name) for i, name in enumerate(NAMES)]
            entities.append(entity(text, "p1", "person", "Ada Quist"))
            link_extraction(
                session, document=document, extraction=extraction(f"{worker}.txt", entities)
            )
    engine.dispose()
