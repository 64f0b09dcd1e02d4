"""Resolution against the order of documents: the same generated batch ingested in four orders.

    .venv/bin/python bench/bench_resolution_order.py [--documents 60] [--seed 7]

For each order (as generated, reversed, two shuffles) into a fresh SQLite store: canonical
entities in all, those named like `World Bank`, review items, and the time taken; ratios are
against the order as generated, measured in the same run. One more run in the generated order
loads the resolution index afresh before every document (a new process each time).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the generator lives with the tests

from tests.resolve.order_batch import (  # noqa: E402
    canonical_entities,
    generate_batch,
    ingest_batch,
    orders,
    review_size,
)

from greenbridge.store.db import make_engine, make_sessionmaker, upgrade  # noqa: E402


def run(batch: list, folder: Path, name: str, *, cold: bool = False) -> tuple[int, int, int, float]:
    engine = make_engine(f"sqlite:///{folder / (name + '.db')}")
    upgrade(engine)
    with make_sessionmaker(engine)() as session:
        started = time.perf_counter()
        ingest_batch(session, batch, cold=cold)
        elapsed = time.perf_counter() - started
        entities = canonical_entities(session)
        world_bank = sum(n for (_, keys), n in entities.items() if "world bank" in keys)
        total = sum(entities.values())
        queued = review_size(session)
    engine.dispose()
    return world_bank, total, queued, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--documents", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    batch = generate_batch(args.documents, args.seed)
    runs = {**orders(batch), "given, cold index": list(batch)}
    print(f"{len(batch)} generated documents, seed {args.seed}")
    print(f"{'order':<20} {'World Bank':>10} {'entities':>9} {'review':>7} {'s':>6}  ratios")
    baseline = None
    with tempfile.TemporaryDirectory() as folder:
        for number, (name, documents) in enumerate(runs.items()):
            figures = run(documents, Path(folder), f"store{number}", cold="cold" in name)
            baseline = baseline or figures
            ratios = " ".join(
                f"{a / b:.2f}" if b else "-" for a, b in zip(figures, baseline, strict=True)
            )
            world_bank, total, queued, elapsed = figures
            print(f"{name:<20} {world_bank:>10} {total:>9} {queued:>7} {elapsed:>6.2f}  {ratios}")


if __name__ == "__main__":
    main()
