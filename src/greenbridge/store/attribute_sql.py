"""An entity attribute as SQL text, written the same way in queries and in the indexes of
migration 0014, so that both stores' planners can use those indexes.

SQLAlchemy's `Entity.attributes[key].as_string()` sends the JSON path as a bound parameter;
an expression index is matched on the expression's text, so a parameter never matches it. Here
the key is part of the statement (keys are fixed names of this module, never user input)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

INDEXED_KEYS = ("country", "kind", "start")


class EntityAttribute(ColumnElement[str]):
    """`entity.attributes ->> key` as text (the table's own name: not for an aliased entity)."""

    type = String()
    inherit_cache = True
    _traverse_internals = [("key", InternalTraversal.dp_string)]

    def __init__(self, key: str) -> None:
        if key not in INDEXED_KEYS:
            raise ValueError(f"{key!r} is not an attribute with an SQL form")
        self.key = key


@compiles(EntityAttribute)
def _sqlite(element: EntityAttribute, compiler: Any, **kw: Any) -> str:
    return f"json_extract(entity.attributes, '$.{element.key}')"


@compiles(EntityAttribute, "postgresql")
def _postgresql(element: EntityAttribute, compiler: Any, **kw: Any) -> str:
    return f"(entity.attributes ->> '{element.key}')"


def country_of_entity() -> ColumnElement[str]:
    """The upper-cased country attribute (indexed for canonical, current entities)."""
    return func.upper(EntityAttribute("country"))


def kind_of_entity() -> ColumnElement[str]:
    """The lower-cased kind attribute (indexed for canonical, current entities)."""
    return func.lower(EntityAttribute("kind"))


def index_statements(dialect: str) -> list[str]:
    """CREATE INDEX statements of migration 0014 for `dialect`."""
    column = (
        (lambda key: f"json_extract(attributes, '$.{key}')")
        if dialect == "sqlite"
        else (lambda key: f"(attributes ->> '{key}')")
    )
    current = "canonical_id IS NULL AND retracted_at IS NULL"
    return [
        f"CREATE INDEX ix_entity_country ON entity (upper({column('country')})) WHERE {current}",
        f"CREATE INDEX ix_entity_kind ON entity (lower({column('kind')})) WHERE {current}",
        f"CREATE INDEX ix_entity_event_start ON entity ({column('start')}) "
        f"WHERE type = 'event' AND {current}",
    ]


# Expression and partial indexes of migrations 0014 and 0016, which have no model (see
# `include_object`).
PAGE_INDEXES = frozenset({"ix_entity_country", "ix_entity_kind", "ix_entity_event_start",
                          "ix_entity_current_type_name", "ix_judgement_pair_newest",
                          "ix_evidence_user_newest"})  # fmt: skip
