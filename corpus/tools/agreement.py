"""Agreement between two independent annotations of the same documents, scored by the rules of
SCHEMA.md with the first annotation as reference (F1 is symmetric in the two).

Usage: .venv/bin/python corpus/tools/agreement.py corpus/en/gold corpus/en/second
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from greenbridge.evaluate.extraction import Score, score_document


def main(first: Path, second: Path) -> None:
    total = Score()
    for path in sorted(second.glob("*.json")):
        reference = first / path.name
        if not reference.is_file():
            continue
        one = score_document(json.loads(reference.read_text()), json.loads(path.read_text()))
        d = one.as_dict()
        print(
            f"{path.stem:50s} entities F1 {d['entity_micro']['f1']:.3f}"
            f"  relations F1 {d['relation_micro']['f1']:.3f}"
        )
        total.add(one)
    d = total.as_dict()
    print(f"{total.documents} documents")
    for kind, counts in [*d["entities"].items(), ("entity micro", d["entity_micro"])]:
        print(
            f"  entity   {kind:16s} F1 {counts['f1']:.3f}  (both {counts['tp']}, "
            f"first only {counts['fn']}, second only {counts['fp']})"
        )
    for kind, counts in [*d["relations"].items(), ("relation micro", d["relation_micro"])]:
        print(
            f"  relation {kind:16s} F1 {counts['f1']:.3f}  (both {counts['tp']}, "
            f"first only {counts['fn']}, second only {counts['fp']})"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
