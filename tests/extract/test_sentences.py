"""Sentences stop at paragraph breaks, headings and list items; a headline's event takes its date
and place from the paragraph under it."""

from __future__ import annotations

from greenbridge.extract import extract_text
from greenbridge.extract.nlp import load_pipeline

TEXT = (
    "The network now counts forty members.\n\n"
    "## Farmers in Kenya get solar cold rooms\n\n"
    "On 12 March 2024 the cooperative opened ten cold rooms.\n"
    "- ◆Workshop on drip irrigation\n"
    "- ◆Seminar on seed banks\n"
    "The report was written over several weeks and\n"
    "wraps onto a second line."
)


def test_sentences_do_not_cross_blocks() -> None:
    sentences = [s.text.strip() for s in load_pipeline()(TEXT).sents]
    assert "The network now counts forty members." in sentences
    assert "## Farmers in Kenya get solar cold rooms" in sentences
    assert "- ◆Workshop on drip irrigation" in sentences
    assert "- ◆Seminar on seed banks" in sentences
    # a line wrapped inside a paragraph stays one sentence
    assert any(s.startswith("The report was written") and s.endswith("line.") for s in sentences)


def test_evidence_sentences_stay_inside_their_block() -> None:
    extraction = extract_text(TEXT, published="2024-03-20")
    sentences = [m.sentence for e in extraction.entities for m in e.mentions]
    sentences += [span.sentence for r in extraction.relations for span in r.evidence]
    assert sentences
    assert all("\n\n" not in s and not s.endswith("\n") for s in sentences)


def test_a_headline_event_takes_date_and_place_from_its_lead() -> None:
    text = (
        "Green Water Alliance News\n\n"
        "Regional Forum on Water Reuse held in Nairobi\n\n"
        "The Regional Forum on Water Reuse took place on 4 June 2024 with sixty delegates.\n"
    )
    extraction = extract_text(text, published="2024-06-30")
    forum = next(e for e in extraction.entities if e.type == "event")
    assert forum.attributes.get("city") == "Nairobi"
    assert forum.attributes.get("start") == "2024-06-04"
