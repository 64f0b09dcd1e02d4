"""FollowTheMoney ids of store rows, the same each time a store is exported."""

from __future__ import annotations

import re

from greenbridge.schema import entity_types
from greenbridge.store.models import Document, Entity, Relation

FTM_ID = "ftm_id"  # attribute holding the id an entity or relation had in an imported file
FTM_SCHEMA = "ftm_schema"  # attribute holding an imported schema that differs from ours
FTM_EXTRA = "ftm"  # attribute holding imported properties the store has no place for


def entity_id(entity: Entity) -> str:
    """The id an entity was imported with, else `gb-` + its type prefix + its id."""
    stored = (entity.attributes or {}).get(FTM_ID)
    return str(stored) if stored else f"gb-{entity_types()[entity.type].prefix}{entity.id}"


def relation_id(relation: Relation) -> str:
    """The id a relation was imported with, else `gb-r` + its id."""
    stored = (relation.attributes or {}).get(FTM_ID)
    return str(stored) if stored else f"gb-r{relation.id}"


def document_id(document: Document) -> str:
    """Documents are named by the SHA-256 of their bytes, the same in every store."""
    return f"gb-doc-{document.content_hash}"


def own_entity_id(ftm_id: str, type: str) -> int | None:
    """The store id an exported id `gb-` + prefix + id names, for an entity of `type`."""
    found = re.fullmatch(rf"gb-{re.escape(entity_types()[type].prefix)}([1-9][0-9]{{0,9}})", ftm_id)
    return int(found.group(1)) if found else None


def own_relation_id(ftm_id: str) -> int | None:
    found = re.fullmatch(r"gb-r([1-9][0-9]{0,9})", ftm_id)
    return int(found.group(1)) if found else None
