"""Export the whole store as JSON Lines and read it back without loss."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import DateTime, func, insert, select, text, update
from sqlalchemy.orm import Session

from greenbridge.store.models import (
    Alias,
    Article,
    Base,
    Document,
    Entity,
    Evidence,
    Judgement,
    MatchEvent,
    MatchRequest,
    Relation,
)

# In an order that satisfies the foreign keys. Users and API tokens are never exported.
KINDS: dict[str, type[Base]] = {
    "document": Document,
    "article": Article,
    "entity": Entity,
    "alias": Alias,
    "relation": Relation,
    "evidence": Evidence,
    "judgement": Judgement,
    "match_request": MatchRequest,
    "match_event": MatchEvent,
}


# Computed from other columns when a row is inserted (`store.cjk`): not exported.
DERIVED_COLUMNS = {"search_cjk"}


class ImportError_(ValueError):
    """A JSON Lines file that cannot be imported; the message says which line and why."""


def export_records(session: Session) -> Iterator[dict[str, Any]]:
    """Every row of the store as `{"kind": ..., column: value}` dictionaries, in id order."""
    for kind, model in KINDS.items():
        columns = [c for c in model.__table__.columns if c.key not in DERIVED_COLUMNS]
        for row in session.scalars(select(model).order_by(model.id)):  # type: ignore[attr-defined]
            record: dict[str, Any] = {"kind": kind}
            for column in columns:
                value = getattr(row, column.key)
                record[column.key] = _utc_iso(value) if isinstance(value, datetime) else value
            yield record


def _utc_iso(value: datetime) -> str:
    """SQLite hands datetimes back without their zone; every stored time is UTC."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def write_jsonl(session: Session, out: IO[str]) -> dict[str, int]:
    """Write the export to `out`; returns the count of each kind."""
    counts: dict[str, int] = dict.fromkeys(KINDS, 0)
    for record in export_records(session):
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        counts[record["kind"]] += 1
    return counts


def import_records(session: Session, records: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Insert exported records with their ids (the caller's transaction; the store must not
    already hold the same ids). Entity canonical ids are set once all entities exist."""
    counts: dict[str, int] = dict.fromkeys(KINDS, 0)
    canonical: list[tuple[int, int]] = []
    for number, record in enumerate(records, start=1):
        kind = record.get("kind")
        if kind not in KINDS:
            raise ImportError_(f"line {number}: unknown kind {kind!r}")
        values = _column_values(KINDS[kind], record)
        if kind == "entity" and values.get("canonical_id") is not None:
            canonical.append((values["id"], values.pop("canonical_id")))
        session.execute(insert(KINDS[kind]).values(**values))
        counts[kind] += 1
    for entity_id, canonical_id in canonical:
        session.execute(
            update(Entity).where(Entity.id == entity_id).values(canonical_id=canonical_id)
        )
    reset_sequences(session)
    return counts


def read_jsonl(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportError_(f"line {number}: not JSON ({exc.msg})") from exc


def _column_values(model: type[Base], record: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in model.__table__.columns:
        if column.key not in record:
            continue
        value = record[column.key]
        if isinstance(column.type, DateTime) and isinstance(value, str):
            value = datetime.fromisoformat(value)
        values[column.key] = value
    return values


def reset_sequences(session: Session) -> None:
    """After inserts with explicit ids, move PostgreSQL sequences past the largest id."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in KINDS.values():
        table = model.__tablename__
        largest = session.scalar(select(func.max(model.id)))  # type: ignore[attr-defined]
        if largest:
            session.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value)"),
                {"table": table, "value": largest},
            )
