"""An annotated corpus as training rows: every candidate of every document with its features,
its embedding texts and the label the gold annotation gives it."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from greenbridge.evaluate.extraction import (
    SYMMETRIC_RELATIONS,
    entity_similarity,
    match_one_to_one,
)
from greenbridge.extract.learned.apply import ENTITY_CLASSES, EntityRows, entity_rows, relation_rows
from greenbridge.extract.learned.candidates import RelationCandidate
from greenbridge.extract.learned.features import Features
from greenbridge.extract.model import ExtractedEntity, Extraction
from greenbridge.extract.nlp import parse


@dataclass
class DocumentRows:
    """One annotated document: its entity and relation rows with labels."""

    name: str
    publisher: str
    gold: dict[str, Any]
    rule_extraction: Extraction
    entities: EntityRows
    entity_labels: list[str]  # one of ENTITY_CLASSES per entity candidate
    gold_of: dict[str, str]  # candidate id -> gold id for matched candidates
    relations: list[RelationCandidate]
    relation_features: list[Features]
    relation_texts: list[str]
    relation_labels: list[int]
    articles: list[tuple[int, int]] | None = None


def publisher_of(gold: dict[str, Any]) -> str:
    """The publisher a document is grouped by in cross-validation: the registered domain of
    its address (`english.iap.cas.cn` and `newsletter.cas.cn` are one publisher), else the
    named publisher, else the document's own name."""
    source = gold.get("source") or {}
    host = (urlparse(str(source.get("url", ""))).hostname or "").lower()
    labels = host.split(".")
    if len(labels) >= 2:
        keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
        return ".".join(labels[-keep:])
    return str(source.get("publisher") or gold["document"]).strip().lower()


# Second-level labels under which a country's domains are registered (`ac.uk`, `edu.cn`).
_SECOND_LEVEL = {"ac", "co", "com", "edu", "gov", "go", "or", "org", "net", "gob", "nic"}


def load_corpus(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(text file, gold annotation) pairs of a corpus folder with `gold/` and the texts in
    `texts/` (or `corpus/`)."""
    gold_dir = folder / "gold"
    texts = next((folder / n for n in ("texts", "corpus") if (folder / n).is_dir()), folder)
    pairs = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        pairs.append((texts / gold["document"], gold))
    return pairs


def document_rows(path: Path, gold: dict[str, Any]) -> DocumentRows:
    from greenbridge.ingest import read_path

    parsed = read_path(path)
    articles = [(a.start, a.end) for a in parsed.articles] or None
    return text_rows(path.name, parsed.text, gold, published=parsed.published, articles=articles)


def text_rows(
    name: str,
    text: str,
    gold: dict[str, Any],
    *,
    published: str | None = None,
    articles: list[tuple[int, int]] | None = None,
) -> DocumentRows:
    """The training rows of one annotated text: candidates, features and their gold labels."""
    from greenbridge.extract.pipeline import rule_extraction

    extraction = rule_extraction(text, document=name, published=published, articles=articles)
    docs = list(parse(text))
    rows = entity_rows(text, extraction, docs)
    labels, gold_of = entity_labels(rows.candidates, gold)
    typed = [
        replace(e, type=label)
        for e, label in zip(rows.candidates, labels, strict=True)
        if label != "none"
    ]
    candidates, features, texts = relation_rows(
        text, typed, extraction.relations, rows.sentences, articles
    )
    return DocumentRows(
        name=name,
        publisher=publisher_of(gold),
        gold=gold,
        rule_extraction=extraction,
        entities=rows,
        entity_labels=labels,
        gold_of=gold_of,
        relations=candidates,
        relation_features=features,
        relation_texts=texts,
        relation_labels=relation_labels(candidates, gold, gold_of),
        articles=articles,
    )


def as_schema(entity: ExtractedEntity, kind: str | None = None) -> dict[str, Any]:
    return {
        "id": entity.id,
        "type": kind or entity.type,
        "name": entity.name,
        "aliases": list(entity.aliases),
        "start": entity.attributes.get("start"),
    }


def entity_labels(
    candidates: list[ExtractedEntity], gold: dict[str, Any]
) -> tuple[list[str], dict[str, str]]:
    """Each candidate's gold type (`none` when it matches no gold entity one-to-one), by the
    scorer's own name rules, whatever type the rules gave it."""
    wanted = list(gold.get("entities", []))
    offered = [as_schema(e) for e in candidates]

    def similarity(g: dict[str, Any], c: dict[str, Any]) -> float:
        return entity_similarity(g, {**c, "type": g["type"]})

    matched = match_one_to_one(wanted, offered, similarity)
    labels = ["none"] * len(candidates)
    gold_of: dict[str, str] = {}
    for gi, ci in matched.items():
        labels[ci] = wanted[gi]["type"] if wanted[gi]["type"] in ENTITY_CLASSES else "none"
        gold_of[candidates[ci].id] = wanted[gi]["id"]
    return labels, gold_of


def relation_labels(
    candidates: list[RelationCandidate], gold: dict[str, Any], gold_of: dict[str, str]
) -> list[int]:
    facts = set()
    for r in gold.get("relations", []):
        facts.add((r["type"], r["subject"], r["object"]))
        if r["type"] in SYMMETRIC_RELATIONS:
            facts.add((r["type"], r["object"], r["subject"]))
    labels = []
    for candidate in candidates:
        relation = candidate.relation
        obj = gold_of.get(relation.object, relation.object)
        key = (relation.type, gold_of.get(relation.subject, ""), obj)
        labels.append(int(key in facts))
    return labels
