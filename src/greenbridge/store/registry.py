"""The registry: canonical entities of a type listed with filters (country, kind, event dates,
evidence in a document), sorted by name, mentions or recency, a page at a time behind an
opaque cursor. Every query is bounded by LIMIT and filters on indexed columns (type,
canonical id, relation country, evidence document); nothing loads the whole store."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, union
from sqlalchemy.orm import Session, aliased

from greenbridge.match.records import country_code
from greenbridge.schema import entity_types
from greenbridge.store.attribute_sql import EntityAttribute, country_of_entity, kind_of_entity
from greenbridge.store.limits import MAX_ID
from greenbridge.store.models import Alias, Entity, Evidence, Relation

TYPES = (*entity_types(), "need")
SORTS = ("name", "mentions", "recent")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_FILTER_LENGTH = 100
# The forms a date filter takes (the OpenAPI document states the same patterns).
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
DOCUMENT_PATTERN = r"^(doc:)?0*[1-9][0-9]{0,17}$"
_PARTIAL_DATE = re.compile(PARTIAL_DATE_PATTERN)
_DOCUMENT = re.compile(DOCUMENT_PATTERN)


class RegistryInputError(ValueError):
    """A filter the registry cannot apply; `field` names it, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class RegistryFilters:
    type: str | None = None
    country: str | None = None
    kind: str | None = None
    start: str | None = None  # events starting on or after (ISO, partial allowed)
    end: str | None = None  # events starting on or before
    document_id: int | None = None
    sort: str = "name"

    def query(self) -> dict[str, str]:
        """The filters as URL query parameters (empty ones left out)."""
        values = {
            "type": self.type, "country": self.country, "kind": self.kind, "start": self.start,
            "end": self.end, "document": str(self.document_id) if self.document_id else None,
            "sort": self.sort if self.sort != "name" else None,
        }  # fmt: skip
        return {k: v for k, v in values.items() if v}


@dataclass(frozen=True)
class RegistryRow:
    id: int
    type: str
    name: str
    country: str | None
    kind: str | None
    start: str | None
    end: str | None
    city: str | None
    mentions: int


@dataclass(frozen=True)
class RegistryPage:
    items: list[RegistryRow]
    total: int
    limit: int
    next_cursor: str | None


def parse_filters(
    *, type: str | None = None, country: str | None = None, kind: str | None = None,
    start: str | None = None, end: str | None = None, document: str | None = None,
    sort: str | None = None, exact: bool = False,
) -> RegistryFilters:  # fmt: skip
    """Filters from what a user typed; RegistryInputError says which one is wrong and why.

    A form's fields are taken as typed (spaces around a value and empty fields ignored); with
    `exact` (the API) each value must have exactly the form the OpenAPI document states."""
    typed = {"type": type, "country": country, "kind": kind, "start": start, "end": end,
             "document": document, "sort": sort}  # fmt: skip
    for field, value in typed.items():
        if value and not exact and not value.isprintable():
            raise RegistryInputError(field, f"The {field} holds a character that cannot be typed.")
        if value and len(value) > MAX_FILTER_LENGTH:
            raise RegistryInputError(field, f"The {field} is too long: at most "
                                     f"{MAX_FILTER_LENGTH} characters.")  # fmt: skip
    if not exact:
        type, start, end, document, sort = (
            (value or "").strip() or None for value in (type, start, end, document, sort)
        )
    kind = (kind or "").strip().lower() or None
    if type is not None and type not in TYPES:
        raise RegistryInputError("type", f"There is no entity type “{type}”; the types are "
                                 f"{', '.join(TYPES)}.")  # fmt: skip
    code = None
    if country and country.strip():
        code = country_code(country)
        if code is None:
            raise RegistryInputError(
                "country", f"“{country.strip()}” is not a country we know; type a country name "
                "or its two-letter ISO code (Kenya or KE).",
            )  # fmt: skip
    sort = "name" if sort is None else sort
    if sort not in SORTS:
        raise RegistryInputError("sort", f"Sort by {', '.join(SORTS)}, not “{sort}”.")
    return RegistryFilters(
        type=type, country=code, kind=kind, start=_date("start", start), end=_date("end", end),
        document_id=_document(document), sort=sort,
    )  # fmt: skip


def _date(field: str, value: str | None) -> str | None:
    if value is None:
        return None
    label = "From" if field == "start" else "To"
    if not _PARTIAL_DATE.fullmatch(value):
        raise RegistryInputError(field, f"“{value[:40]}” is not a date; write the {label} date "
                                 "as 2024-05-17, 2024-05 or 2024.")  # fmt: skip
    return value


def _document(value: str | None) -> int | None:
    if value is None:
        return None
    if not _DOCUMENT.fullmatch(value):
        raise RegistryInputError("document", f"“{value[:40]}” is not a document number.")
    return int(value.removeprefix("doc:"))


def browse(
    session: Session, filters: RegistryFilters, *, limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> RegistryPage:  # fmt: skip
    """One page of canonical, current entities matching `filters`, in the filters' order.

    Sorted by mentions, each entity's count is a correlated, indexed lookup; otherwise the page
    is taken by name or id first and only its entities' mentions are counted afterwards."""
    limit = max(1, min(limit, MAX_LIMIT))
    after = decode_cursor(cursor, filters.sort) if cursor else None
    # Labelled once: ORDER BY names the selected column instead of computing it again.
    mentions = _mention_count().label("mentions") if filters.sort == "mentions" else None
    statement = _rows(filters, mentions)
    if after is not None:
        statement = statement.where(_after(filters.sort, mentions, after))
    rows = list(
        session.execute(statement.order_by(*_order(filters.sort, mentions)).limit(limit + 1))
    )
    counted = _page_mentions(session, [r.id for r in rows]) if mentions is None else {}
    items = [_row(r, counted.get(r.id, 0) if mentions is None else r.mentions) for r in rows]
    total = session.scalar(select(func.count()).select_from(_matching(filters).subquery())) or 0
    following = None
    if len(items) > limit:
        items = items[:limit]
        following = _encode(filters.sort, items[-1])
    return RegistryPage(items=items, total=total, limit=limit, next_cursor=following)


def _matching(filters: RegistryFilters) -> Select[Any]:
    """Ids of the canonical, current entities the filters keep."""
    statement = select(Entity.id).where(
        Entity.canonical_id.is_(None), Entity.retracted_at.is_(None)
    )
    return statement.where(*_conditions(filters))


def _attribute(key: str) -> ColumnElement[str]:
    return EntityAttribute(key)


def _conditions(filters: RegistryFilters) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.type:
        found.append(Entity.type == filters.type)
    if filters.country:
        # One set from two indexes (the country attribute's, the relations' country) instead
        # of an OR that makes both stores test every entity of the type.
        based = (
            select(Entity.id)
            .where(country_of_entity() == filters.country,
                   Entity.canonical_id.is_(None), Entity.retracted_at.is_(None))
            .correlate(None)
        )  # fmt: skip
        related = select(Relation.subject_id).where(
            Relation.object_country == filters.country,
            Relation.retracted_at.is_(None),
            Relation.review.is_(False),
        )
        found.append(Entity.id.in_(union(based, related)))
    if filters.kind:
        found.append(kind_of_entity() == filters.kind)
    if filters.start:
        found.append(_attribute("start") >= filters.start)
    if filters.end:  # "2024-05" keeps every event that starts in May 2024
        found.append(func.substr(_attribute("start"), 1, len(filters.end)) <= filters.end)
    if filters.start or filters.end:
        found.append(Entity.type == "event")
    if filters.document_id and filters.document_id > MAX_ID:
        found.append(false())  # no document has such a number on either store
    elif filters.document_id:
        found.append(Entity.id.in_(_in_document(filters.document_id)))
    return found


def _in_document(document_id: int) -> Select[Any]:
    """Canonical ids of the entities with a mention (of them or one of their names) there."""
    record = aliased(Entity)
    owner = func.coalesce(Evidence.entity_id, Alias.entity_id)
    return (
        select(func.coalesce(record.canonical_id, record.id))
        .select_from(Evidence)
        .outerjoin(Alias, Alias.id == Evidence.alias_id)
        .join(record, record.id == owner)
        .where(Evidence.document_id == document_id)
    )


_MENTION = (Evidence.document_id.is_not(None), Evidence.attribute.is_(None))


def _mention_count() -> Any:
    """Mentions in documents of the outer query's entity: of its names and of itself, merged
    records included. Each part starts from the records of the entity (primary key and
    `canonical_id` index) and reaches the evidence by indexed joins."""
    total: Any = None
    for record_of in (lambda r: r.id == Entity.id, lambda r: r.canonical_id == Entity.id):
        record = aliased(Entity)
        by_name = (
            select(func.count(Evidence.id))
            .select_from(record)
            .join(Alias, Alias.entity_id == record.id)
            .join(Evidence, Evidence.alias_id == Alias.id)
            .where(record_of(record), *_MENTION)
            .correlate(Entity)
            .scalar_subquery()
        )
        by_entity = (
            select(func.count(Evidence.id))
            .select_from(record)
            .join(Evidence, Evidence.entity_id == record.id)
            .where(record_of(record), *_MENTION)
            .correlate(Entity)
            .scalar_subquery()
        )
        total = by_name + by_entity if total is None else total + by_name + by_entity
    return total


def _page_mentions(session: Session, ids: list[int]) -> dict[int, int]:
    """Mention counts of the entities of one page, in three indexed queries."""
    if not ids:
        return {}
    records = select(Entity.id, func.coalesce(Entity.canonical_id, Entity.id)).where(
        or_(Entity.id.in_(ids), Entity.canonical_id.in_(ids))
    )
    canonical: dict[int, int] = {record: root for record, root in session.execute(records)}
    found: dict[int, int] = {}
    for owner, statement in (
        (Alias.entity_id, select(Alias.entity_id, func.count(Evidence.id)).join(
            Alias, Alias.id == Evidence.alias_id)),
        (Evidence.entity_id, select(Evidence.entity_id, func.count(Evidence.id))),
    ):  # fmt: skip
        rows = session.execute(
            statement.where(owner.in_(list(canonical)), *_MENTION).group_by(owner)
        )
        for record_id, n in rows:
            root = canonical[record_id]
            found[root] = found.get(root, 0) + n
    return found


def _rows(filters: RegistryFilters, mentions: Any) -> Select[Any]:
    columns = [Entity.id, Entity.type, Entity.name, Entity.attributes]
    statement = select(*columns)
    if mentions is not None:
        statement = select(*columns, mentions)
    return statement.where(Entity.canonical_id.is_(None), Entity.retracted_at.is_(None)).where(
        *_conditions(filters)
    )


def _order(sort: str, mentions: Any) -> list[Any]:
    if sort == "mentions":
        return [mentions.desc(), Entity.id]
    if sort == "recent":
        return [Entity.id.desc()]
    return [func.lower(Entity.name), Entity.id]


def _after(sort: str, mentions: Any, after: tuple[Any, int]) -> ColumnElement[bool]:
    key, last = after
    if sort == "recent":
        return Entity.id < last
    value = mentions if sort == "mentions" else func.lower(Entity.name)
    beyond = value < key if sort == "mentions" else value > key
    return or_(beyond, and_(value == key, Entity.id > last))


def _row(row: Any, mentions: int) -> RegistryRow:
    attributes = row.attributes if isinstance(row.attributes, dict) else {}
    if isinstance(row.attributes, str):
        attributes = json.loads(row.attributes)

    def text(key: str) -> str | None:
        value = attributes.get(key)
        return str(value) if value not in (None, "", []) else None

    return RegistryRow(
        id=row.id, type=row.type, name=row.name, country=text("country"), kind=text("kind"),
        start=text("start"), end=text("end"), city=text("city"), mentions=int(mentions),
    )  # fmt: skip


def _encode(sort: str, row: RegistryRow) -> str:
    key: Any = row.mentions if sort == "mentions" else row.name.lower()
    raw = json.dumps([sort, None if sort == "recent" else key, row.id], ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, int]:
    """The position a cursor of this sort order names; RegistryInputError when it is not one."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        kind, key, last = json.loads(raw)
    except (ValueError, TypeError) as exc:
        raise RegistryInputError("cursor", "That page link is not valid; start again from "
                                 "the first page.") from exc  # fmt: skip
    if kind != sort and kind in SORTS:
        raise RegistryInputError("cursor", "That page link belongs to another sort order; "
                                 "start again from the first page.")  # fmt: skip
    expected = {"name": str, "mentions": int}.get(sort, type(None))
    in_range = type(last) is int and 0 < last < 2**62 and (type(key) is not int or key < 2**62)
    if kind != sort or type(key) is not expected or not in_range:
        raise RegistryInputError("cursor", "That page link is not valid; start again from "
                                 "the first page.")  # fmt: skip
    return key, last
