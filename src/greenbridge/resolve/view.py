"""Finding an entity by what a reader types: its id, one of its names, or a name's key.

The entity itself, as a reader sees it, is `greenbridge.store.entities.entity_page`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.resolve.judgements import resolve_id
from greenbridge.resolve.normalize import name_key
from greenbridge.store.limits import stored_id
from greenbridge.store.models import Alias, Entity


def find_entity(session: Session, ref: str) -> int | None:
    """The canonical id named by `ref`: an entity id, or a name or alias of the entity."""
    text = ref.strip()
    if text.isdigit():
        record_id = stored_id(text)
        found = session.get(Entity, record_id) if record_id is not None else None
        return resolve_id(session, found.id) if found is not None else None
    entity_id = session.scalar(
        select(Alias.entity_id).where(Alias.name == text).order_by(Alias.entity_id).limit(1)
    )
    if entity_id is None:
        keys = {name_key(text, kind) for kind in ("person", "organization", "event")}
        entity_id = session.scalar(
            select(Alias.entity_id)
            .where(Alias.normalized.in_(keys))
            .order_by(Alias.entity_id)
            .limit(1)
        )
    return resolve_id(session, entity_id) if entity_id is not None else None
