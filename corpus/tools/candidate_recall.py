"""How much of an annotated corpus the extractor's candidates can reach: the share of gold
entities some candidate matches, and of gold relations whose two ends are matched and whose
pair is a candidate. An upper bound on recall before any model decides.

Usage: .venv/bin/python corpus/tools/candidate_recall.py corpus/en
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

from greenbridge.extract.learned.dataset import document_rows, load_corpus


def main(folder: Path) -> None:
    entities: collections.Counter[str] = collections.Counter()
    reached: collections.Counter[str] = collections.Counter()
    relations: collections.Counter[str] = collections.Counter()
    ends: collections.Counter[str] = collections.Counter()
    pairs: collections.Counter[str] = collections.Counter()
    for path, gold in load_corpus(folder):
        rows = document_rows(path, gold)
        found = set(rows.gold_of.values())
        for e in gold["entities"]:
            entities[e["type"]] += 1
            reached[e["type"]] += e["id"] in found
        positive = {
            (
                c.relation.type,
                rows.gold_of.get(c.relation.subject),
                rows.gold_of.get(c.relation.object, c.relation.object),
            )
            for c, label in zip(rows.relations, rows.relation_labels, strict=True)
            if label
        }
        for r in gold["relations"]:
            kind, subject, obj = r["type"], r["subject"], r["object"]
            relations[kind] += 1
            country = len(obj) == 2 and obj.isupper()
            ends[kind] += subject in found and (obj in found or country)
            pairs[kind] += (kind, subject, obj) in positive or (kind, obj, subject) in positive
    for kind, n in entities.most_common():
        print(f"entity   {kind:16s} {n:4d}  candidate {reached[kind] / n:.2f}")
    for kind, n in relations.most_common():
        print(
            f"relation {kind:16s} {n:4d}  both ends {ends[kind] / n:.2f}  candidate {pairs[kind] / n:.2f}"
        )
    print(
        f"all: entities {sum(reached.values()) / sum(entities.values()):.2f}, relations both ends "
        f"{sum(ends.values()) / sum(relations.values()):.2f}, candidate pairs "
        f"{sum(pairs.values()) / sum(relations.values()):.2f}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus/en"))
