"""Write corpus/en/SOURCES.md from the `source` object of every annotation.

Usage: python corpus/tools/sources.py corpus/en
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(folder: Path) -> None:
    rows = []
    for path in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(path.read_text())
        source = gold.get("source") or {}
        rows.append(
            (
                gold["document"],
                source.get("publisher", ""),
                source.get("publisher_country") or "",
                source.get("url", ""),
                len(gold.get("entities", [])),
                len(gold.get("relations", [])),
            )
        )
    publishers = {r[1].strip().lower() for r in rows}
    lines = [
        "# Sources of the English extraction corpus",
        "",
        f"{len(rows)} public documents from {len(publishers)} publishers. Each text in `texts/` is",
        "the beginning of a public web page as stored by a public page archive (navigation lines",
        "dropped, a cut-off last sentence removed); `gold/` holds its annotation, made by reading",
        "the text, before any extractor output was looked at (conventions: ../ANNOTATING.md).",
        "`second/` holds ten documents annotated a second time, independently.",
        "",
        "| document | publisher | country | address | entities | relations |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {d} | {p} | {c} | {u} | {e} | {r} |" for d, p, c, u, e, r in rows]
    (folder / "SOURCES.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
