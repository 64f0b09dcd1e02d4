"""The vocabulary as data: one YAML file per entity type, and relations.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

ENTITY_TYPE_NAMES = ("person", "organization", "event", "initiative", "technology")


@dataclass(frozen=True)
class EntityType:
    name: str
    label: str
    prefix: str
    description: str
    properties: tuple[str, ...]
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelationType:
    name: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    properties: tuple[str, ...]
    roles: tuple[str, ...] = field(default=())


def _load(name: str) -> dict:  # type: ignore[type-arg]
    text = resources.files("greenbridge.schema").joinpath(name).read_text("utf-8")
    return dict(yaml.safe_load(text))


@lru_cache(maxsize=1)
def entity_types() -> dict[str, EntityType]:
    """Entity types by name, in the order of gold/SCHEMA.md."""
    types = {}
    for name in ENTITY_TYPE_NAMES:
        data = _load(f"{name}.yaml")
        types[name] = EntityType(
            name=data["name"],
            label=data["label"],
            prefix=data["prefix"],
            description=data["description"],
            properties=tuple(data.get("properties") or ()),
            kinds=tuple(data.get("kinds") or ()),
        )
    return types


@lru_cache(maxsize=1)
def relation_types() -> dict[str, RelationType]:
    """Relation types by name: which entity types may stand at each end, and their keys."""
    return {
        name: RelationType(
            name=name,
            subject=tuple(spec["subject"]),
            object=tuple(spec["object"]),
            properties=tuple(spec.get("properties") or ()),
            roles=tuple(spec.get("roles") or ()),
        )
        for name, spec in _load("relations.yaml").items()
    }


__all__ = ["EntityType", "RelationType", "entity_types", "relation_types"]
