"""A reconciliation service over the store (the Reconciliation Service API v0.2 of the W3C Entity
Reconciliation Community Group, the one OpenRefine speaks).

A query's text is scored against the store's resolution index (`resolve.blocking.EntityIndex`,
kept in memory between calls) with the resolution scorer, so a name is found the way a
document's mention would be linked: acronyms, name order, spelling variants. The query's
`type` narrows the entity type; its `country` property counts as the mention's country (a
different country caps the score) and its `kind` property raises or lowers the candidates of
that organization kind. Candidates are canonical, current entities.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.resolve.blocking import EntityIndex, token_keys
from greenbridge.resolve.index_store import countries_of, store_index
from greenbridge.resolve.normalize import country_code
from greenbridge.resolve.scoring import SURE, NameRecord, Verdict, score_records
from greenbridge.schema import entity_types
from greenbridge.store.models import Entity

DEFAULT_LIMIT = 5
MAX_LIMIT = 25
MAX_QUERIES = 500  # queries in one batch (OpenRefine sends ten at a time)
MAX_QUERY_CHARS = 500
PROPERTIES = {"country": "Country (ISO 3166-1 alpha-2 code or name)", "kind": "Kind"}
PROPERTY_BONUS = 0.03  # a candidate of the asked kind or country (up to 1.0)
KIND_PENALTY = 0.8  # a candidate of another kind keeps this share of its score
COUNTRY_PENALTY = 0.85  # a candidate known only in other countries keeps this share
SPELLING_BLOCK = 50  # records sharing the query's known words scored when blocking finds none


_INDEX_LOCK = threading.Lock()


class QueryError(ValueError):
    """A batch of queries that cannot be read."""


@dataclass(frozen=True)
class ReconcileQuery:
    """One query of a batch: the text, the entity type, how many candidates, the properties."""

    query: str
    type: str | None = None
    limit: int = DEFAULT_LIMIT
    country: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    type: str
    score: float  # 0 to 100
    match: bool
    rule: str
    description: str


def service_types() -> list[dict[str, str]]:
    """The entity types as the service names them (`id`, `name`)."""
    return [{"id": t.name, "name": t.label} for t in entity_types().values()]


def manifest(base_url: str, *, name: str = "greenbridge") -> dict[str, Any]:
    """The service manifest; `base_url` is the address of the service (`.../reconcile`)."""
    root = base_url.rstrip("/")
    site = root.rsplit("/reconcile", 1)[0]
    return {
        "versions": ["0.1", "0.2"],
        "name": name,
        "identifierSpace": f"{site}/entities/",
        "schemaSpace": f"{site}/schema/",
        "defaultTypes": service_types(),
        "view": {"url": f"{site}/entities/{{{{id}}}}"},
        "preview": {"url": f"{root}/preview?id={{{{id}}}}", "width": 400, "height": 140},
        "suggest": {
            kind: {"service_url": root, "service_path": f"/suggest/{kind}"}
            for kind in ("entity", "type", "property")
        },
        "batchSize": 25,
    }


def parse_queries(raw: str) -> dict[str, ReconcileQuery]:
    """The queries of a `queries` field: a JSON object of query objects by key."""
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise QueryError(f"queries is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise QueryError("queries must be a JSON object of queries by key")
    if len(data) > MAX_QUERIES:
        raise QueryError(f"at most {MAX_QUERIES} queries in one batch")
    return {str(key): _parse_query(value) for key, value in data.items()}


def _parse_query(value: Any) -> ReconcileQuery:
    if isinstance(value, str):
        value = {"query": value}
    if not isinstance(value, dict) or not isinstance(value.get("query"), str):
        raise QueryError("each query needs a `query` text")
    text = value["query"].strip()[:MAX_QUERY_CHARS]
    entity_type = value.get("type")
    if isinstance(entity_type, list):
        entity_type = entity_type[0] if entity_type else None
    if isinstance(entity_type, dict):
        entity_type = entity_type.get("id")
    if entity_type is not None and entity_type not in entity_types():
        raise QueryError(f"unknown type {entity_type!r}")
    limit = value.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise QueryError("limit must be a positive integer")
    properties = _properties(value.get("properties") or [])
    return ReconcileQuery(
        query=text,
        type=entity_type,
        limit=min(limit, MAX_LIMIT),
        country=_country(properties.get("country")),
        kind=(properties.get("kind") or "").strip().lower() or None,
    )


def _properties(items: Any) -> dict[str, str]:
    if not isinstance(items, list):
        raise QueryError("properties must be a list of {pid, v}")
    found: dict[str, str] = {}
    for item in items:
        if not isinstance(item, dict):
            raise QueryError("properties must be a list of {pid, v}")
        pid, value = item.get("pid"), item.get("v")
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("id") or value.get("name")
        if isinstance(pid, str) and pid in PROPERTIES and isinstance(value, str):
            found[pid] = value
    return found


def _country(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    text = value.strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return country_code(text)


def reconcile(
    session: Session, queries: dict[str, ReconcileQuery]
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The candidates of each query by its key, in the shape of the API."""
    with _INDEX_LOCK:  # requests in worker threads bring the shared index up to date in turn
        index = store_index(session)
    found = candidates(session, index, list(queries.values()))
    return {key: {"result": [_json(c) for c in found[i]]} for i, key in enumerate(queries)}


def _json(candidate: Candidate) -> dict[str, Any]:
    label = entity_types()[candidate.type].label if candidate.type in entity_types() else ""
    return {
        "id": str(candidate.id),
        "name": candidate.name,
        "score": candidate.score,
        "match": candidate.match,
        "type": [{"id": candidate.type, "name": label}],
        "description": candidate.description,
        "features": [{"id": "name_rule", "value": candidate.rule}],
    }


_Scores = dict[int, tuple[float, str]]  # entity id -> best name score and its rule


def candidates(
    session: Session, index: EntityIndex, queries: list[ReconcileQuery]
) -> list[list[Candidate]]:
    """For each query, the canonical, current entities it may name, best first. Names are
    scored in memory; the canonical ids and the entities of all queries are two reads."""
    scores = [_name_scores(index, query) for query in queries]
    roots = _canonical_ids(session, {i for scored in scores for i in scored})
    entities: dict[int, Any] = {}
    for chunk in _chunks(set(roots.values())):
        rows = session.execute(
            select(Entity.id, Entity.name, Entity.type, Entity.attributes).where(
                Entity.id.in_(chunk), Entity.retracted_at.is_(None)
            )
        )
        entities.update((row.id, row) for row in rows)
    return [_ranked(query, scored, roots, entities) for query, scored in zip(queries, scores, strict=True)]  # fmt: skip


def _name_scores(index: EntityIndex, query: ReconcileQuery) -> _Scores:
    scored: _Scores = {}
    if not query.query:
        return scored
    for entity_type in [query.type] if query.type else list(entity_types()):
        record = NameRecord.build(_names(query.query), entity_type, country=query.country)
        ranked = index.ranked(record, limit=query.limit * 3) or _spelling_candidates(index, record)
        for record_id, verdict in ranked[: query.limit * 3]:
            if verdict.score > scored.get(record_id, (-1.0, ""))[0]:
                scored[record_id] = (verdict.score, verdict.rule)
    return scored


def _ranked(query: ReconcileQuery, scored: _Scores, roots: dict[int, int], entities: dict[int, Any]) -> list[Candidate]:  # fmt: skip
    by_root: _Scores = {}
    for record_id, (score, rule) in scored.items():
        root = roots.get(record_id)
        if root in entities and score > by_root.get(root, (-1.0, ""))[0]:
            by_root[root] = (score, rule)
    best = {root: (_with_properties(score, query, entities[root].attributes or {}), rule)
            for root, (score, rule) in by_root.items()}  # fmt: skip
    order = sorted(best, key=lambda i: (-best[i][0], i))[: query.limit]
    sure = [i for i in order if best[i][0] >= SURE]
    return [
        Candidate(i, entities[i].name, entities[i].type, round(best[i][0] * 100, 1),
                  match=sure == [i], rule=best[i][1],
                  description=describe(entities[i].type, entities[i].attributes or {}))
        for i in order
    ]  # fmt: skip


def _spelling_candidates(index: EntityIndex, record: NameRecord) -> list[tuple[int, Verdict]]:
    """When blocking finds nothing (a word misspelt, the others common): the records sharing
    all the query's other known words, narrowed rarest word first, scored by name."""
    blocks = sorted((index.blocks[k] for k in token_keys(record) if k in index.blocks), key=len)
    if len(blocks) < 2:
        return []
    found = set(blocks[0])
    for block in blocks[1:]:
        if len(found) <= SPELLING_BLOCK:
            break
        found &= block
    if len(found) > SPELLING_BLOCK:
        return []
    scored = [(i, score_records(record, index.records[i])) for i in found]
    return sorted(((i, v) for i, v in scored if v.score > 0), key=lambda x: (-x[1].score, x[0]))


def _names(text: str) -> list[str]:
    """The query text, and the acronym a reader may have typed in lower case (`ksi`)."""
    if text.isalpha() and text.islower() and 2 <= len(text) <= 8:
        return [text, text.upper()]
    return [text]


def _canonical_ids(session: Session, record_ids: set[int]) -> dict[int, int]:
    """The canonical id of each record id."""
    roots: dict[int, int] = {}
    for chunk in _chunks(record_ids):
        rows = session.execute(select(Entity.id, Entity.canonical_id).where(Entity.id.in_(chunk)))
        roots.update((record_id, canonical or record_id) for record_id, canonical in rows)
    return roots


def _chunks(ids: set[int], size: int = 5000) -> list[list[int]]:
    ordered = sorted(ids)
    return [ordered[start : start + size] for start in range(0, len(ordered), size)]


def _with_properties(score: float, query: ReconcileQuery, attributes: dict[str, Any]) -> float:
    """The name score raised for the asked kind and country, lowered for others."""
    kind = attributes.get("kind")
    if query.kind and isinstance(kind, str) and kind:
        score = (
            min(1.0, score + PROPERTY_BONUS) if kind.lower() == query.kind else score * KIND_PENALTY
        )
    countries = countries_of(attributes)
    if query.country and countries:
        fits = query.country in countries
        score = min(1.0, score + PROPERTY_BONUS) if fits else score * COUNTRY_PENALTY
    return score


def describe(entity_type: str, attributes: dict[str, Any]) -> str:
    """A short line telling candidates apart: kind and countries."""
    parts = [str(attributes["kind"])] if attributes.get("kind") else []
    countries = countries_of(attributes)
    if countries:
        parts.append(", ".join(countries))
    return " · ".join(parts) if parts else entity_type
