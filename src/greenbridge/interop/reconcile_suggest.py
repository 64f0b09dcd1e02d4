"""The suggest and preview services of the reconciliation API: names as they are typed, the
entity types and properties, and a short card of one entity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.interop.reconcile import PROPERTIES, describe, service_types
from greenbridge.resolve.normalize import fold
from greenbridge.store.entities import entity_page
from greenbridge.store.models import Alias, Entity

SUGGEST_LIMIT = 10


def suggest_entities(
    session: Session, prefix: str, *, entity_type: str | None = None, cursor: int = 0
) -> list[dict[str, Any]]:
    """Canonical, current entities with a name starting with `prefix` (case and accents
    folded), shortest name first; `cursor` skips that many."""
    key = fold(prefix)
    if not key:
        return []
    root = Entity.canonical_id.is_(None)
    statement = (
        select(Entity.id, Entity.name, Entity.type, Entity.attributes)
        .join(Alias, Alias.entity_id == Entity.id)
        .where(root, Entity.retracted_at.is_(None), Alias.retracted_at.is_(None))
        .where(Alias.normalized.startswith(key, autoescape=True))
        .group_by(Entity.id, Entity.name, Entity.type, Entity.attributes)
    )
    if entity_type:
        statement = statement.where(Entity.type == entity_type)
    rows = sorted(session.execute(statement.limit(200)), key=lambda r: (len(r.name), r.name, r.id))
    return [
        {"id": str(r.id), "name": r.name, "description": describe(r.type, r.attributes or {}),
         "notable": [{"id": r.type, "name": r.type}]}
        for r in rows[cursor : cursor + SUGGEST_LIMIT]
    ]  # fmt: skip


def suggest_types(prefix: str) -> list[dict[str, str]]:
    """The entity types whose id or label starts with `prefix`."""
    wanted = prefix.strip().lower()
    return [t for t in service_types() if _starts(wanted, t["id"], t["name"])]


def suggest_properties(prefix: str) -> list[dict[str, str]]:
    """The properties a query may carry whose id or label starts with `prefix`."""
    wanted = prefix.strip().lower()
    return [{"id": pid, "name": label} for pid, label in PROPERTIES.items()
            if _starts(wanted, pid, label)]  # fmt: skip


def _starts(prefix: str, *names: str) -> bool:
    return any(name.lower().startswith(prefix) for name in names)


@dataclass(frozen=True)
class Preview:
    id: int
    name: str
    type: str
    description: str
    names: list[str] = field(default_factory=list)
    sentence: str | None = None
    document_title: str | None = None


def preview(session: Session, entity_id: int) -> Preview | None:
    """A card of the canonical entity of `entity_id`: names, kind and countries, and the first
    sentence that mentions it with its document's title."""
    page = entity_page(session, entity_id, limit=0)
    if page is None or page.retracted_at is not None:
        return None
    evidence = [e for item in page.names for e in item.evidence if e.sentence]
    first = min(evidence, key=lambda e: e.id) if evidence else None
    return Preview(
        id=page.id,
        name=page.name,
        type=page.type,
        description=describe(page.type, page.attributes),
        names=[n.name for n in page.names if n.name != page.name][:5],
        sentence=first.sentence if first else None,
        document_title=first.document_title if first else None,
    )
