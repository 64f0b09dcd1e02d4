"""The five corpus documents, stored through link_extraction from their gold extractions:
cross-document identities become one canonical entity and nothing else merges."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from greenbridge.extract.model import ExtractedEntity, ExtractedRelation, Extraction, Span
from greenbridge.resolve import link_extraction, resolve_id
from greenbridge.store.entities import entity_page
from tests.conftest import CORPUS, FIXTURES, GOLD
from tests.resolve.helpers import add_document

pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="needs ../shared/gold")


def _spans(text: str, names: list[str]) -> list[Span]:
    spans = []
    for name in names:
        start = text.find(name)
        if start >= 0:
            sentence_start = text.rfind(".", 0, start) + 1
            sentence_end = text.find(".", start + len(name))
            sentence = text[sentence_start : sentence_end + 1 if sentence_end > 0 else None]
            spans.append(Span(start, start + len(name), name, sentence.strip()))
    return spans


def _extraction(path: Path, text: str) -> Extraction:
    gold = json.loads(path.read_text())
    entities = [
        ExtractedEntity(
            e["id"],
            e["type"],
            e["name"],
            list(e.get("aliases", [])),
            {k: v for k, v in e.items() if k in ("country", "kind", "honorifics", "city")},
            _spans(text, [e["name"], *e.get("aliases", [])]),
        )
        for e in gold["entities"]
    ]
    relations = [
        ExtractedRelation(
            r["type"],
            r["subject"],
            r["object"],
            {k: v for k, v in r.items() if k not in ("type", "subject", "object")},
        )
        for r in gold["relations"]
    ]
    return Extraction(gold["document"], gold["published"], gold["countries"], entities, relations)


def _store_corpus(session: Session) -> dict[tuple[str, str], int]:
    stored = {}
    for path in sorted(GOLD.glob("*.json")):
        name = path.with_suffix(".txt").name
        text = (CORPUS / name).read_text()
        document = add_document(session, text, name)
        result = link_extraction(session, document=document, extraction=_extraction(path, text))
        stored |= {(name, local): entity_id for local, entity_id in result.entity_ids.items()}
    return stored


def test_corpus_identities_resolve_and_hard_negatives_stay_apart(session: Session) -> None:
    stored = _store_corpus(session)
    with (FIXTURES / "resolution" / "corpus_pairs.csv").open() as handle:
        for row in csv.DictReader(handle):
            left = resolve_id(session, stored[(row["document_a"], row["id_a"])])
            right = resolve_id(session, stored[(row["document_b"], row["id_b"])])
            assert (left == right) == (row["label"] == "same"), row["note"]
    academy = entity_page(session, stored[("004_b2a82dbf88649d3b.txt", "o4")])
    assert academy is not None and "CAS" in {name.name for name in academy.names}
    documents = {e.document_id for name in academy.names for e in name.evidence}
    assert len(documents) == 4
