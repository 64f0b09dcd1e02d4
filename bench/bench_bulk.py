"""Bulk ingest with extraction: documents/s for the single process, a dask LocalCluster of 1
worker and one of 2 workers, in the same run on the same documents (made from the World Bank
project objectives and the UNDP Accelerator Lab solutions of ../shared/data, plus the example
documents); scaling efficiency 1 -> 2 workers (rate(2) / (2 x rate(1))), memory per worker
(resident set after the run) and a projection for 1,000,000 documents.

    .venv/bin/python bench/bench_bulk.py [--documents 10000] [--cluster-workers 64]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import SHARED, write_worldbank_documents
from greenbridge.ingest.bulk import ingest_paths_distributed, open_client
from greenbridge.ingest.service import ingest_paths
from greenbridge.pipeline import analyse_document
from greenbridge.store.db import make_engine, upgrade

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "documents"
UNDP = sorted((SHARED / "data").glob("undp_acclab_*.csv"))


def write_undp_documents(folder: Path, n: int) -> list[Path]:
    """Solution write-ups of the UNDP Accelerator Labs: title, lab, purpose."""
    paths: list[Path] = []
    for table in UNDP:
        with table.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                purpose = (row.get("purspose_translated") or row.get("purpose") or "").strip()
                if len(paths) >= n or len(purpose) < 80:
                    continue
                title = row.get("title_translated") or row.get("title") or "Solution"
                text = (
                    f"{title}\n\n{title} was mapped by {row.get('mapper') or 'a lab'}. {purpose}\n"
                )
                path = folder / f"undp_{table.stem[-8:]}_{row['id']}.txt"
                path.write_text(text, encoding="utf-8")
                paths.append(path)
    return paths


def corpus(folder: Path, n: int) -> int:
    examples = [p for p in sorted(EXAMPLES.iterdir()) if p.is_file()]
    for path in examples:
        shutil.copy(path, folder / path.name)
    undp = write_undp_documents(folder, (n - len(examples)) // 3)
    worldbank = write_worldbank_documents(folder, n - len(examples) - len(undp))
    return len(examples) + len(undp) + len(worldbank)


def store(folder: Path, name: str):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{folder / name}")
    upgrade(engine)
    return engine


def run_dask(folder: Path, workdir: Path, workers: int) -> tuple[float, float, int]:
    engine = store(workdir, f"dask{workers}.db")
    with open_client(None, workers) as client:
        client.run(lambda: __import__("greenbridge.extract").extract.extract_text("Warm up."))
        started = time.perf_counter()
        results = ingest_paths_distributed(engine, [folder], client=client)
        seconds = time.perf_counter() - started
        rss = client.run(lambda: __import__("psutil").Process().memory_info().rss)
    memory = max(rss.values()) / 2**20
    return seconds, memory, sum(r.status == "added" for r in results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--cluster-workers", type=int, default=64, help="for the projection")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        folder = workdir / "docs"
        folder.mkdir()
        total = corpus(folder, args.documents)
        analyse_document(
            store(workdir, "warm.db"),
            __import__("greenbridge.ingest").ingest.parse_bytes(b"Warm up text.", "w.txt"),
        )
        started = time.perf_counter()
        single = ingest_paths(store(workdir, "single.db"), [folder], analyse=analyse_document)
        single_s = time.perf_counter() - started
        print(f"{total} documents ({sum(r.status == 'added' for r in single)} added)")
        print(f"single process: {total / single_s:.2f} documents/s (baseline)")
        rates = {}
        for workers in (1, 2):
            seconds, memory, added = run_dask(folder, workdir, workers)
            rates[workers] = total / seconds
            print(
                f"dask, {workers} worker(s): {rates[workers]:.2f} documents/s "
                f"({rates[workers] / (total / single_s):.2f} x single), {added} added, "
                f"{memory:.0f} MiB resident per worker"
            )
    efficiency = rates[2] / (2 * rates[1])
    print(f"scaling efficiency 1 -> 2 workers: {efficiency:.2f} (target >= 0.8)")
    per_worker = rates[1]
    hours = 1_000_000 / (per_worker * args.cluster_workers) / 3600
    print(
        f"projection: 1,000,000 documents on {args.cluster_workers} workers at the measured "
        f"{per_worker:.2f} documents/s per worker: {hours:.1f} h (writes serialized on one store)"
    )


if __name__ == "__main__":
    main()
