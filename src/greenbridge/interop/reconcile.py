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
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.resolve.blocking import EntityIndex
from greenbridge.resolve.index_store import countries_of, store_index
from greenbridge.resolve.normalize import country_code
from greenbridge.resolve.scoring import SURE, NameRecord
from greenbridge.schema import entity_types
from greenbridge.store.models import Entity

DEFAULT_LIMIT = 5
MAX_LIMIT = 50
MAX_QUERIES = 1000  # queries in one batch (OpenRefine sends ten at a time)
MAX_QUERY_CHARS = 500
PROPERTIES = {"country": "Country (ISO 3166-1 alpha-2 code or name)", "kind": "Kind"}
PROPERTY_BONUS = 0.03  # a candidate of the asked kind or country (up to 1.0)
KIND_PENALTY = 0.8  # a candidate of another kind keeps this share of its score
COUNTRY_PENALTY = 0.85  # a candidate known only in other countries keeps this share


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
    index = store_index(session)
    return {key: {"result": [_json(c) for c in candidates(session, index, q)]}
            for key, q in queries.items()}  # fmt: skip


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


def candidates(session: Session, index: EntityIndex, query: ReconcileQuery) -> list[Candidate]:
    """Canonical, current entities that `query` may name, best first."""
    if not query.query:
        return []
    scored: dict[int, tuple[float, str]] = {}
    for entity_type in [query.type] if query.type else list(entity_types()):
        record = NameRecord.build([query.query], entity_type, country=query.country)
        for record_id, verdict in index.ranked(record, limit=query.limit * 3):
            if verdict.score > scored.get(record_id, (-1.0, ""))[0]:
                scored[record_id] = (verdict.score, verdict.rule)
    best = _by_canonical(session, scored)
    rows = session.execute(
        select(Entity.id, Entity.name, Entity.type, Entity.attributes).where(
            Entity.id.in_(best), Entity.retracted_at.is_(None)
        )
    ).all()
    found = []
    for entity_id, name, entity_type, attributes in rows:
        score, rule = best[entity_id]
        score = _with_properties(score, query, attributes or {})
        found.append((entity_id, name, entity_type, score, rule, attributes or {}))
    found.sort(key=lambda item: (-item[3], item[0]))
    found = found[: query.limit]
    sure = [item for item in found if item[3] >= SURE]
    return [
        Candidate(entity_id, name, entity_type, round(score * 100, 1),
                  match=len(sure) == 1 and sure[0][0] == entity_id, rule=rule,
                  description=describe(entity_type, attributes))
        for entity_id, name, entity_type, score, rule, attributes in found
    ]  # fmt: skip


def _by_canonical(session: Session, scored: dict[int, tuple[float, str]]) -> dict[int, tuple[float, str]]:  # fmt: skip
    """The best score of each canonical entity among the scored records."""
    if not scored:
        return {}
    rows = session.execute(
        select(Entity.id, Entity.canonical_id).where(Entity.id.in_(scored))
    ).all()
    best: dict[int, tuple[float, str]] = {}
    for record_id, canonical in rows:
        root = canonical or record_id
        if scored[record_id][0] > best.get(root, (-1.0, ""))[0]:
            best[root] = scored[record_id]
    return best


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
