"""Long texts: blocks cut at paragraph ends, entities merged across blocks, spans shifted."""

from __future__ import annotations

import itertools

from greenbridge.extract import extract_text
from greenbridge.extract.blocks import blocks, merge_blocks

FIRST = "Prof. OKAFOR Chidike, Director of the Institute of Hydrology Studies, spoke.\n\n"
SECOND = "Dr. Maribel Quintanar met Prof. OKAFOR Chidike at the Institute of Hydrology Studies.\n"


def test_blocks_cut_at_blank_lines_and_cover_the_text() -> None:
    text = ("word " * 30 + "\n\n") * 50
    ranges = blocks(text, size=400)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    assert all(text[end - 2 : end] == "\n\n" for _start, end in ranges[:-1])


def test_entities_merge_across_blocks_with_shifted_spans() -> None:
    text = FIRST + SECOND
    parts = [(0, extract_text(FIRST)), (len(FIRST), extract_text(SECOND))]
    merged = merge_blocks(parts, document="long.txt")
    people = [e for e in merged.entities if e.type == "person"]
    assert sorted(p.name for p in people) == ["Maribel Quintanar", "Okafor Chidike"]
    okafor = next(p for p in people if p.name == "Okafor Chidike")
    assert len(okafor.mentions) == 2
    for span in okafor.mentions:
        assert text[span.start : span.end] == span.text
    ids = {e.id for e in merged.entities}
    assert all(r.subject in ids for r in merged.relations)
    assert any(r.type == "position" for r in merged.relations)
