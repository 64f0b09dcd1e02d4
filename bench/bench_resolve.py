"""Entity resolution benchmark: quality on the corpus and on World Bank agencies, and speed.

    .venv/bin/python bench/bench_resolve.py [--shared ../shared] [--sizes 10000,...] [--verbose]

(a) corpus: every name of every person and organization in ../shared/gold is one mention record
    (context: its document, country, titles, parent, co-mentioned names). Records are linked one
    by one as ingestion does; the truth is gold's entities joined by the labelled cross-document
    pairs of tests/fixtures/resolution/corpus_pairs.csv. Pairwise precision and recall.
(b) impagency: the labelled pairs of tests/fixtures/resolution/impagency_pairs.csv (names and
    countries of World Bank implementing agencies), scored with `score_records`.
(c) speed: resolving N mentions against 50,000 synthetic entities, against a baseline of
    exact-key lookups of the same mentions in the same run.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
from pathlib import Path

from sqlalchemy import Engine

from greenbridge.resolve.blocking import EntityIndex
from greenbridge.resolve.evaluation import (
    cluster_records,
    pairwise,
    score_labelled_pairs,
    wrong_pairs,
)
from greenbridge.resolve.normalize import name_key
from greenbridge.resolve.scoring import SURE, NameRecord

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "resolution"


def gold_documents(shared: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((shared / "gold").glob("*.json"))]


def _find(parents: dict, item: tuple) -> tuple:
    while parents.setdefault(item, item) != item:
        item = parents[item]
    return item


def truth_clusters(pairs_csv: Path) -> dict[tuple[str, str], tuple[str, str]]:
    parents: dict[tuple[str, str], tuple[str, str]] = {}
    with pairs_csv.open() as handle:
        for row in csv.DictReader(handle):
            if row["label"] == "same":
                a = _find(parents, (row["document_a"], row["id_a"]))
                b = _find(parents, (row["document_b"], row["id_b"]))
                parents[max(a, b)] = min(a, b)
    return {item: _find(parents, item) for item in list(parents)}


def mention_records(
    documents: list[dict], types: set[str], clusters: dict, *, per_name: bool = True
) -> tuple[list[NameRecord], list[tuple[str, str]]]:
    """One record per name (`per_name`) or per gold entity of a document, with its truth."""
    records, truth = [], []
    for doc in documents:
        by_id = {e["id"]: e for e in doc["entities"]}
        context = frozenset(
            name_key(n, e["type"])
            for e in doc["entities"]
            for n in [e["name"], *e.get("aliases", [])]
        )
        for entity in doc["entities"]:
            if entity["type"] not in types:
                continue
            parent, titles = _relation_context(doc, entity["id"], by_id)
            names = [entity["name"], *entity.get("aliases", [])]
            for group in [[n] for n in names] if per_name else [names]:
                records.append(
                    NameRecord.build(
                        group,
                        entity["type"],
                        country=entity.get("country"),
                        parent=parent,
                        titles=titles,
                        context=context - {name_key(entity["name"], entity["type"])},
                        sources=frozenset({doc["document"]}),
                    )
                )
                key = (doc["document"], entity["id"])
                truth.append(clusters.get(key, key))
    return records, truth


def _relation_context(doc: dict, local_id: str, by_id: dict) -> tuple[str | None, frozenset]:
    parent, titles = None, set()
    for relation in doc["relations"]:
        if relation["subject"] != local_id:
            continue
        if relation["type"] == "part_of" and relation["object"] in by_id:
            parent = name_key(by_id[relation["object"]]["name"], "organization")
        if relation["type"] == "position" and relation.get("title"):
            titles.add(relation["title"].lower())
    return parent, frozenset(titles)


def bench_corpus(shared: Path, verbose: bool) -> None:
    documents = gold_documents(shared)
    clusters = truth_clusters(FIXTURES / "corpus_pairs.csv")
    both = {"person", "organization"}
    every = {"person", "organization", "event", "initiative", "technology"}
    for label, types, per_name in (
        ("names, person+organization", both, True),
        ("names, all types", every, True),
        ("entities, person+organization", both, False),
        ("entities, all types", every, False),
    ):
        records, truth = mention_records(documents, types, clusters, per_name=per_name)
        predicted = cluster_records(records)
        scores = pairwise(predicted, truth)
        print(
            f"(a) corpus {label}: {len(records)} mentions, {len(set(truth))} entities; "
            f"pairwise precision {scores.precision:.3f} recall {scores.recall:.3f} "
            f"({scores.true_positives} of {scores.predicted} predicted, {scores.actual} true)"
        )
        if verbose:
            for a, b, merged in wrong_pairs(records, predicted, truth):
                tag = "WRONG MERGE" if merged else "missed"
                print(
                    f"    {tag}: {a.names[0]!r} ({min(a.sources)[:3]}) / {b.names[0]!r} ({min(b.sources)[:3]})"
                )


def impagency_pairs() -> list[tuple[NameRecord, NameRecord, bool]]:
    pairs = []
    with (FIXTURES / "impagency_pairs.csv").open() as handle:
        for row in csv.DictReader(handle):
            left = NameRecord.build(
                [row["name_a"]], "organization", country=row["country_a"] or None
            )
            right = NameRecord.build(
                [row["name_b"]], "organization", country=row["country_b"] or None
            )
            if row["label"] != "unsure":  # the reader could not tell: not scored
                pairs.append((left, right, row["label"] == "same"))
    return pairs


def bench_impagency(verbose: bool) -> None:
    pairs = impagency_pairs()
    scores = score_labelled_pairs(pairs)
    positives = sum(same for _, _, same in pairs)
    print(
        f"(b) impagency: {len(pairs)} labelled pairs ({positives} same, "
        f"{len(pairs) - positives} different); precision {scores.precision:.3f} "
        f"recall {scores.recall:.3f} ({scores.true_positives} of {scores.predicted} merged)"
    )
    if verbose:
        from greenbridge.resolve.scoring import score_records

        for left, right, same in pairs:
            verdict = score_records(left, right)
            if (verdict.score >= SURE) != same:
                print(
                    f"    {'missed' if same else 'WRONG'}: {left.names} / {right.names} {verdict}"
                )


SYLLABLES = [
    "ba",
    "ko",
    "ri",
    "ta",
    "mu",
    "sen",
    "lo",
    "vi",
    "na",
    "de",
    "zan",
    "po",
    "qui",
    "ra",
    "el",
    "mon",
    "tu",
    "sha",
    "fen",
    "gar",
    "li",
    "wo",
]
FIELDS = [
    "Water",
    "Energy",
    "Soil",
    "Forest",
    "Climate",
    "Marine",
    "Solar",
    "Health",
    "Materials",
    "Data",
    "Process",
    "Seed",
]
KINDS = ["Institute of", "Center for", "Academy of", "Society of", "Laboratory of"]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def synthetic_entity(rng: random.Random) -> tuple[str, str]:
    """A random person or organization name with enough variety to be realistic."""
    if rng.random() < 0.4:
        return "person", f"{_word(rng, 2)} {_word(rng, rng.choice((1, 2, 3)))}"
    place = _word(rng, rng.choice((2, 3)))
    kind = rng.choice(KINDS)
    return "organization", f"{place} {kind} {rng.choice(FIELDS)} {rng.choice(FIELDS)}"


def synthetic_variant(rng: random.Random, entity_type: str, name: str) -> str:
    """How another document may write the same name."""
    words = name.split()
    choice = rng.randrange(4)
    if entity_type == "person":
        if choice == 0:
            return f"{words[1].upper()} {words[0]}"
        if choice == 1:
            return f"Prof. {name}"
        return f"{words[1]} {words[0]}" if choice == 2 else name
    if choice == 0:
        return name.replace("Center", "Centre")
    if choice == 1:
        return name.upper()
    return f"The {name}" if choice == 2 else f"{name} Co., Ltd."


def synthetic_mentions(rng: random.Random, entities: list, count: int) -> list[NameRecord]:
    mentions = []
    for _ in range(count):
        if rng.random() < 0.7:
            entity_type, name = rng.choice(entities)
            name = synthetic_variant(rng, entity_type, name)
        else:
            entity_type, name = synthetic_entity(rng)
        mentions.append(NameRecord.build([name], entity_type))
    return mentions


def bench_speed(entity_count: int, sizes: list[int]) -> None:
    rng = random.Random(20250331)
    entities = [synthetic_entity(rng) for _ in range(entity_count)]
    started = time.perf_counter()
    index = EntityIndex()
    exact: dict[str, int] = {}
    for number, (entity_type, name) in enumerate(entities):
        index.add(number, NameRecord.build([name], entity_type))
        exact.setdefault(f"{entity_type}:{name_key(name, entity_type)}", number)
    print(f"(c) index of {entity_count:,} entities built in {time.perf_counter() - started:.1f} s")
    mentions = synthetic_mentions(rng, entities, max(sizes))
    baseline = _time_exact(exact, mentions)
    checkpoints = _time_resolution(index, mentions, sizes, len(entities))
    first_n, first_t = sizes[0], checkpoints[sizes[0]]
    print("    mentions   seconds   mentions/s   time ratio vs 10k (linear = size ratio)")
    for size in sizes:
        seconds = checkpoints[size]
        print(
            f"    {size:>8,}   {seconds:7.2f}   {size / seconds:10,.0f}   "
            f"{seconds / first_t:5.2f} (linear {size / first_n:.1f})"
        )
    last = sizes[-1]
    print(
        f"    baseline (exact-key dict lookup, same {last:,} mentions): {baseline:.2f} s; "
        f"full resolution costs {checkpoints[last] / baseline:.0f}x the exact lookup"
    )


def _time_exact(exact: dict[str, int], mentions: list[NameRecord]) -> float:
    started = time.perf_counter()
    hits = 0
    for record in mentions:
        key = f"{record.type}:{name_key(record.names[0], record.type)}"
        hits += key in exact
    return time.perf_counter() - started


def _time_resolution(
    index: EntityIndex, mentions: list[NameRecord], sizes: list[int], next_id: int
) -> dict[int, float]:
    checkpoints: dict[int, float] = {}
    linked = 0
    started = time.perf_counter()
    for number, record in enumerate(mentions, 1):
        entity_id, verdict = index.best(record)
        if entity_id is None or verdict.score < SURE:
            entity_id, next_id = next_id, next_id + 1
        else:
            linked += 1
        index.add(entity_id, record)
        if number in sizes:
            checkpoints[number] = time.perf_counter() - started
    print(f"    {linked:,} of {len(mentions):,} mentions linked to an existing entity")
    return checkpoints


def bench_store(entity_count: int, documents: int = 20) -> None:
    """(d) link_extraction against a SQLite store already holding `entity_count` entities."""
    import tempfile

    from greenbridge.store.db import make_engine, upgrade

    rng = random.Random(7)
    entities = [synthetic_entity(rng) for _ in range(entity_count)]
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        upgrade(engine)
        _seed_store(engine, entities)
        timings = [_link_one(engine, rng, entities, number) for number in range(documents)]
        engine.dispose()
    warm = sum(timings[1:]) / (len(timings) - 1)
    print(
        f"(d) store: link_extraction of a 30-entity document against {entity_count:,} stored "
        f"entities (SQLite file): first document {timings[0]:.1f} s (loads the index), "
        f"then {warm:.3f} s per document"
    )


def _seed_store(engine: Engine, entities: list[tuple[str, str]]) -> None:
    from sqlalchemy import insert

    from greenbridge.store.db import transaction
    from greenbridge.store.models import Alias, Entity

    with transaction(engine) as session:
        rows = [{"type": t, "name": n, "attributes": {}} for t, n in entities]
        session.execute(insert(Entity), rows)
        aliases = [
            {"entity_id": i + 1, "name": n, "normalized": name_key(n, t)}
            for i, (t, n) in enumerate(entities)
        ]
        session.execute(insert(Alias), aliases)


def _link_one(engine: Engine, rng: random.Random, entities: list, number: int) -> float:
    """Seconds to store and link one document naming 30 known entities in other spellings."""
    from greenbridge.extract.model import ExtractedEntity, Extraction
    from greenbridge.resolve import link_extraction
    from greenbridge.store.db import transaction
    from greenbridge.store.models import Document

    started = time.perf_counter()
    picked = [rng.choice(entities) for _ in range(30)]
    found = [
        ExtractedEntity(f"e{i}", t, synthetic_variant(rng, t, n)) for i, (t, n) in enumerate(picked)
    ]
    with transaction(engine) as session:
        document = Document(
            content_hash=f"{number:064d}", media_type="text/plain", size_bytes=1, text="."
        )
        session.add(document)
        session.flush()
        link_extraction(
            session, document=document, extraction=Extraction(f"d{number}", None, [], found)
        )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--sizes", default="10000,20000,50000,100000")
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    bench_corpus(args.shared, args.verbose)
    bench_impagency(args.verbose)
    if not args.skip_speed:
        bench_speed(args.entities, [int(s) for s in args.sizes.split(",")])
        bench_store(args.entities)


if __name__ == "__main__":
    main()
