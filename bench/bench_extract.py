"""Extraction benchmark: the plain spaCy NER baseline and the full pipeline in the same run.

Prints P/R/F1 on the gold files for both (default the shared gold; `--corpus corpus/en` for the
repository's corpus), words/s for both (one core), the time of the full pipeline against text
size (linear check) and the peak memory of the process. `--max-mb 5` runs the curve up to 5 MB.

    .venv/bin/python bench/bench_extract.py [--max-mb 0.4] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import spacy

from greenbridge.evaluate.extraction import Score, load_gold, score_document
from greenbridge.extract import extract_text
from greenbridge.extract.nlp import MODEL
from greenbridge.extract.places import country_code
from greenbridge.ingest import read_path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
LABELS = {"PERSON": "person", "ORG": "organization", "EVENT": "event"}


def baseline(nlp: spacy.language.Language, text: str, name: str) -> dict:
    doc = nlp(text)
    entities, seen, countries = [], set(), []
    for ent in doc.ents:
        name_text = " ".join(ent.text.split())
        if ent.label_ in LABELS and (ent.label_, name_text) not in seen:
            seen.add((ent.label_, name_text))
            entities.append(
                {"id": f"e{len(entities)}", "type": LABELS[ent.label_], "name": name_text}
            )
        code = country_code(name_text) if ent.label_ == "GPE" else None
        if code and code not in countries:
            countries.append(code)
    return {"document": name, "countries": countries, "entities": entities, "relations": []}


def row(label: str, score: Score) -> str:
    d = score.as_dict()
    ents = " ".join(f"{k[:4]}={v['f1']:.2f}" for k, v in d["entities"].items())
    return (
        f"{label:9s} entity micro F1={d['entity_micro']['f1']:.3f} ({ents}) "
        f"relation F1={d['relation_micro']['f1']:.3f} countries F1={d['countries']['f1']:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-mb", type=float, default=0.2)
    parser.add_argument("--sizes", default="0.1,0.2,0.4,0.8,1.6,3.2,5", help="curve sizes, MB")
    parser.add_argument("--corpus", type=Path, default=None, help="folder with gold/ and texts/")
    args = parser.parse_args()
    nlp = spacy.load(MODEL)
    if args.corpus is None:
        texts_dir, gold_dir = SHARED / "corpus", SHARED / "gold"
    else:
        texts_dir, gold_dir = args.corpus / "texts", args.corpus / "gold"
    docs = [(g, read_path(texts_dir / g["document"])) for g in load_gold(gold_dir)]
    texts = [p.text for _, p in docs]
    words = sum(len(t.split()) for t in texts)
    extract_text("warm up the model and gazetteers. Prof. Warm Up, Director of the Up Institute.")
    nlp("warm up")

    base_score, full_score = Score(), Score()
    t0, c0 = time.perf_counter(), time.process_time()
    for gold, parsed in docs:
        base_score.add(score_document(gold, baseline(nlp, parsed.text, gold["document"])))
    base_s, base_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    for gold, parsed in docs:
        articles = [(a.start, a.end) for a in parsed.articles] or None
        result = extract_text(parsed.text, published=parsed.published, articles=articles)
        full_score.add(score_document(gold, result.to_schema_json()))
    full_s, full_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"gold: {len(docs)} documents, {words} words ({gold_dir})")
    print(row("baseline", base_score))
    print(row("pipeline", full_score))
    print(
        f"wall: baseline {words / base_s:6.0f} words/s  pipeline {words / full_s:6.0f} words/s  "
        f"(pipeline/baseline speed {base_s / full_s:.2f})"
    )
    print(
        f"cpu:  baseline {words / base_cpu:6.0f} words/s  pipeline {words / full_cpu:6.0f} words/s  "
        f"(pipeline/baseline speed {base_cpu / full_cpu:.2f})"
    )

    corpus = "\n\n".join(texts)
    print("size_MB  words  wall_s  cpu_s  words_per_cpu_s  cpu_s_per_MB")
    sizes = [float(s) for s in args.sizes.split(",")]
    for size in [s for s in sizes if s <= args.max_mb]:
        text = (corpus * (int(size * 1e6 / len(corpus)) + 1))[: int(size * 1e6)]
        t0, c0 = time.perf_counter(), time.process_time()
        extract_text(text)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        n = len(text.split())
        print(f"{size:7.2f} {n:6d} {seconds:7.1f} {cpu:6.1f} {n / cpu:16.0f} {cpu / size:13.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (models loaded, largest text done): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
