"""Chinese extraction: scores on annotated Chinese documents for each tagger, and speed in
characters per CPU second beside the English extractor's, in the same process.

Scores are pooled (micro) over folds that leave one publisher out: the rules fit nothing, so
each fold is the score of one publisher's documents; `--held-out` names documents (id
prefixes) scored apart from the development set (the documents whose errors were read).

    .venv/bin/python bench/bench_zh_extract.py --corpus corpus/zh [--corpus DIR2] \\
        [--held-out m08,m09,m10] [--taggers lac,jieba] [--errors] [--english corpus/en]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

from greenbridge.evaluate.extraction import Score, load_gold, names_of, score_document
from greenbridge.extract import extract_text
from greenbridge.extract.zh import extract_chinese
from greenbridge.ingest import read_path

ROOT = Path(__file__).resolve().parent.parent


def load(corpora: list[Path]) -> list[tuple[dict, object]]:
    docs = []
    for corpus in corpora:
        for gold in load_gold(corpus / "gold"):
            docs.append((gold, read_path(corpus / "texts" / gold["document"])))
    return docs


def row(label: str, score: Score) -> str:
    d = score.as_dict()
    ents = " ".join(f"{k[:4]}={v['f1']:.2f}" for k, v in d["entities"].items())
    rels = " ".join(
        f"{k[:5]}={v['f1']:.2f}" for k, v in d["relations"].items() if v["tp"] + v["fn"]
    )
    e, r = d["entity_micro"], d["relation_micro"]
    return (
        f"{label:22s} docs={d['documents']:2d} entity P/R/F1={e['precision']:.2f}/{e['recall']:.2f}/"
        f"{e['f1']:.3f} ({ents})\n{'':22s} relation P/R/F1={r['precision']:.2f}/{r['recall']:.2f}/"
        f"{r['f1']:.3f} ({rels}) countries F1={d['countries']['f1']:.2f}"
    )


def errors(gold: dict, predicted: dict) -> None:
    """Entities of one document missed and added (by exact normalized name, for reading)."""
    from greenbridge.evaluate.extraction import normalize_name

    g = {(e["type"], normalize_name(n)) for e in gold["entities"] for n in names_of(e)}
    p = {(e["type"], normalize_name(n)) for e in predicted["entities"] for n in names_of(e)}
    print(f"--- {gold['document']}")
    print("  missed:", sorted(g - p))
    print("  added: ", sorted(p - g))
    gr, pr = _relations(gold), _relations(predicted)
    print("  relations missed:", sorted(gr - pr))
    print("  relations added: ", sorted(pr - gr))


def _relations(extraction: dict) -> set[tuple[str, str, str]]:
    from greenbridge.evaluate.extraction import normalize_name

    names = {e["id"]: normalize_name(e["name"]) for e in extraction["entities"]}
    return {
        (r["type"], names.get(r["subject"], r["subject"]), names.get(r["object"], r["object"]))
        for r in extraction["relations"]
    }


def evaluate(docs: list, tagger: str, held_out: list[str], show: bool, final: bool) -> None:
    dev, test = Score(), Score()
    folds: dict[str, Score] = {}
    for gold, parsed in docs:
        result = extract_chinese(parsed.text, published=parsed.published, tagger=tagger)
        predicted = result.to_schema_json()
        score = score_document(gold, predicted)
        is_test = any(gold["document"].startswith(h) for h in held_out)
        (test if is_test else dev).add(score)
        if not is_test:
            publisher = gold.get("source", {}).get("publisher") or gold["document"]
            folds.setdefault(publisher, Score()).add(score)
            if show:
                errors(gold, predicted)
    f1s = [Score.micro(s.entities).f1 for s in folds.values()]
    print(f"== tagger {tagger}: {len(folds)} publisher folds (development documents)")
    print(row("development (pooled)", dev))
    print(f"{'':22s} entity F1 mean over folds {sum(f1s) / max(len(f1s), 1):.3f}")
    if test.documents and final:
        print(row("held out", test))


def speed(docs: list, english_dir: Path) -> None:
    zh_text = "\n\n".join(p.text for _g, p in docs)
    en_texts = [read_path(p).text for p in sorted((english_dir / "texts").glob("*.txt"))[:8]]
    extract_text("warm up. Prof. Warm Up, Director of the Up Institute.", language="en")
    extract_chinese("中国科学院院长李明出席。")
    c0 = time.process_time()
    for _g, parsed in docs:
        extract_chinese(parsed.text, published=parsed.published)
    zh_cpu = time.process_time() - c0
    c0 = time.process_time()
    for text in en_texts:
        extract_text(text, language="en")
    en_cpu = time.process_time() - c0
    en_chars = sum(len(t) for t in en_texts)
    zh_rate, en_rate = len(zh_text) / zh_cpu, en_chars / en_cpu
    print(
        f"speed (one core): Chinese {zh_rate:8.0f} chars/s ({len(zh_text)} chars, lac)  "
        f"English {en_rate:8.0f} chars/s ({en_chars} chars)  Chinese/English {zh_rate / en_rate:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, action="append", required=True)
    parser.add_argument("--held-out", default="", help="comma-separated document id prefixes")
    parser.add_argument("--taggers", default="lac,jieba")
    parser.add_argument("--errors", action="store_true", help="print development errors")
    parser.add_argument("--english", type=Path, default=ROOT / "corpus" / "en")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--final", action="store_true", help="also print the held-out score")
    args = parser.parse_args()
    docs = load(args.corpus)
    held_out = [h for h in args.held_out.split(",") if h]
    for tagger in args.taggers.split(","):
        evaluate(docs, tagger, held_out, args.errors, args.final)
    if not args.no_speed:
        speed(docs, args.english)


if __name__ == "__main__":
    main()
