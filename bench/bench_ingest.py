"""Ingest throughput: documents/s and MB/s for ../shared/corpus and for N documents made from the
project objectives of the World Bank projects table, against a baseline (read + hash only)
measured in the same process.

    .venv/bin/python bench/bench_ingest.py [--n 2000] [--extract] [--database-url URL]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import tempfile
import time
from pathlib import Path

from greenbridge.ingest import ingest_paths, parse_bytes
from greenbridge.ingest.service import Analyser
from greenbridge.store.db import make_engine, upgrade

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "corpus"
WORLDBANK = SHARED / "data" / "worldbank_projects_2025-03-31.csv"


def write_worldbank_documents(folder: Path, n: int) -> list[Path]:
    """N news-like text files, one per project with an objective: title, date, country, text."""
    paths = []
    with WORLDBANK.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            objective = (row.get("pdo") or "").strip()
            if len(objective) < 80:
                continue
            date = (row.get("boardapprovaldate") or "")[:10]
            text = (
                f"{row['project_name']}\nDate: {date}\n\n"
                f"The {row['project_name']} in {row['countryshortname']} "
                f"is implemented by {row.get('impagency') or 'its implementing agency'}. "
                f"{objective}\n"
            )
            path = folder / f"{row['id']}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
            if len(paths) == n:
                break
    return paths


def baseline(paths: list[Path]) -> float:
    """Seconds to read and hash every file: the floor any ingest pays."""
    start = time.perf_counter()
    for path in paths:
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - start


def measure(label: str, paths: list[Path], url: str, analyse: Analyser | None) -> None:
    engine = make_engine(url)
    upgrade(engine)
    size = sum(p.stat().st_size for p in paths)
    base = baseline(paths)
    start = time.perf_counter()
    results = ingest_paths(engine, paths, analyse=analyse)
    seconds = time.perf_counter() - start
    added = sum(r.status == "added" for r in results)
    again_start = time.perf_counter()
    repeat = ingest_paths(engine, paths, analyse=analyse)
    again = time.perf_counter() - again_start
    assert all(r.status == "duplicate" for r in repeat)
    print(
        f"{label}: {added}/{len(paths)} documents, {size / 1e6:.2f} MB in {seconds:.2f} s -> "
        f"{len(paths) / seconds:.1f} documents/s, {size / 1e6 / seconds:.3f} MB/s; "
        f"baseline read+hash {base * 1000:.1f} ms (ingest = {seconds / base:.0f}x baseline); "
        f"re-ingest of the same bytes {len(paths) / again:.1f} documents/s"
    )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000, help="World Bank documents to make")
    parser.add_argument("--extract", action="store_true", help="run extraction and resolution too")
    parser.add_argument("--database-url", help="store to use (default: a fresh SQLite file)")
    args = parser.parse_args()
    analyse: Analyser | None = None
    if args.extract:
        from greenbridge.extract import extract_text
        from greenbridge.pipeline import analyse_document

        analyse = analyse_document
        extract_text("Dr. Amina Diallo, Director of the Dryland Institute, spoke in Dakar.")
    mode = "with extraction" if args.extract else "without extraction"
    warm_up = parse_bytes(b"Date: 3 May 2024\n\nThe econo-\nmy of the institute.", "warm.txt")
    print(f"(libraries loaded before timing: {warm_up.published})")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def url_for(name: str) -> str:
            return args.database_url or f"sqlite:///{folder / name}.db"

        measure(f"corpus ({mode})", sorted(CORPUS.glob("*.txt")), url_for("corpus"), analyse)
        documents = folder / "worldbank"
        documents.mkdir()
        paths = write_worldbank_documents(documents, args.n)
        measure(f"world bank objectives ({mode})", paths, url_for("worldbank"), analyse)


if __name__ == "__main__":
    main()
