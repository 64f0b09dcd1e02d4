"""Whole-store views: counts, the timeline of events, countries involved, the cooperation
network, the entity mentions of a document, and CSV exports of entities and relations."""

from __future__ import annotations

import csv
import datetime
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session, aliased

from greenbridge.store.attribute_sql import country_of_entity
from greenbridge.store.models import (
    Alias,
    Document,
    Entity,
    Evidence,
    Judgement,
    MatchRequest,
    Relation,
)

NETWORK_TYPES = ("member_of", "part_of", "cooperates_with", "founded")
COUNT_CAP = 2000  # links of the network counted at most: a count of all would read the store


def counts(session: Session) -> dict[str, int]:
    """Documents, canonical entities by type, relations and open match requests."""
    result = {"documents": session.scalar(select(func.count(Document.id))) or 0}
    rows = session.execute(
        select(Entity.type, func.count(Entity.id))
        .where(Entity.canonical_id.is_(None), Entity.retracted_at.is_(None))
        .group_by(Entity.type)
    )
    result.update({plural(kind): n for kind, n in rows})
    result["relations"] = (
        session.scalar(
            select(func.count(Relation.id)).where(
                Relation.retracted_at.is_(None), Relation.review.is_(False)
            )
        )
        or 0
    )
    result["match requests"] = session.scalar(select(func.count(MatchRequest.id))) or 0
    result["judgements"] = session.scalar(select(func.count(Judgement.id))) or 0
    return result


@dataclass(frozen=True)
class Happening:
    date: str
    entity_id: int
    name: str
    kind: str | None
    country: str | None


def events_timeline(session: Session, *, limit: int = 200) -> list[Happening]:
    """Dated events, oldest first."""
    rows = session.scalars(
        select(Entity)
        .where(Entity.type == "event", Entity.canonical_id.is_(None), Entity.retracted_at.is_(None))
        .order_by(Entity.id.desc())
        .limit(limit * 5)
    )
    found = [
        Happening(str(a["start"]), e.id, e.name, a.get("kind"), a.get("country"))
        for e in rows
        if (a := e.attributes or {}).get("start")
    ]
    return sorted(found, key=lambda h: h.date)[-limit:]


def countries_involved(session: Session) -> dict[str, int]:
    """ISO alpha-2 codes with how many entities and relations name them."""
    found: Counter[str] = Counter()
    country = country_of_entity()
    entities = session.execute(
        select(country, func.count())
        .where(Entity.canonical_id.is_(None), Entity.retracted_at.is_(None))
        .where(func.length(country) == 2)
        .group_by(country)
    )
    for code, n in entities:
        if code.isalpha():
            found[code] += n
    rows = session.execute(
        select(Relation.object_country, func.count(Relation.id))
        .where(
            Relation.object_country.is_not(None),
            Relation.retracted_at.is_(None),
            Relation.review.is_(False),
        )
        .group_by(Relation.object_country)
    )
    for code, n in rows:
        found[code.upper()] += n
    return dict(found.most_common())


@dataclass
class Network:
    """Nodes and links of the cooperation network; `total` counts the links the filters keep,
    of which the `limit` newest are in `edges`; counting stops at COUNT_CAP (then `more`)."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    limit: int = 0
    more: bool = False  # more links than `total` (counting stops at COUNT_CAP)


class PeriodError(ValueError):
    """A bound of the network's period that is not a year, a month or a date."""

    def __init__(self, field_name: str, value: str, kind: str, reason: str) -> None:
        self.field_name, self.value, self.kind, self.reason = field_name, value, kind, reason
        super().__init__(f"{field_name}: {reason}")


# The forms a bound of the period takes (the OpenAPI document states the same pattern).
PERIOD_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
_PERIOD = re.compile(PERIOD_PATTERN)


def period_bound(value: str | None, field_name: str, *, calendar: bool = True) -> str | None:
    """`value` as the year, month or date it writes (`2018`, `2018-07`, `2018-07-15`), or None
    when empty; anything else raises PeriodError saying what to write. With `calendar`, a day
    the month lacks (`2018-02-30`) raises too."""
    text = (value or "").strip()
    if not text:
        return None
    if _PERIOD.fullmatch(text) is None:
        raise PeriodError(field_name, text, "format",
                          f"{text!r} is not a year, a month or a date; write 2018, 2018-07 or 2018-07-15")  # fmt: skip
    if calendar and len(text) == 10:
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            raise PeriodError(
                field_name, text, "calendar", f"{text!r} is not a date of the calendar"
            ) from None
    return text


def network_period(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """The checked bounds of the network's period, as the page checks them: a day the month
    lacks or a period that ends before it starts raises PeriodError too."""
    start, end = period_bound(since, "since"), period_bound(until, "until")
    if start and end and start[: len(end)] > end:
        raise PeriodError("until", end, "order", f"the period ends ({end}) before it starts ({start})")  # fmt: skip
    return start, end


def cooperation_network(
    session: Session,
    *,
    since: str | None = None,
    until: str | None = None,
    alliance_id: int | None = None,
    limit: int = 600,
) -> Network:
    """Organization and country nodes joined by membership, cooperation, hosting and founding,
    and each organization joined to the country it is based in.

    A relation is dated by its `year` or the earliest document behind it; `since`/`until`
    (years, months or dates; anything else raises PeriodError) keep those in the period; undated
    ones are kept. `alliance_id` keeps the alliance and its members' relations only. The
    `limit` newest links are drawn; `total` says how many the filters keep."""
    # Only the form is checked here: the bounds compare as text, so `2018-02-30` still works.
    since = period_bound(since, "since", calendar=False)
    until = period_bound(until, "until", calendar=False)
    subject, target = aliased(Entity), aliased(Entity)
    earliest = (
        select(func.min(Document.published))
        .join(Evidence, Evidence.document_id == Document.id)
        .where(Evidence.relation_id == Relation.id)
        .correlate(Relation)
        .scalar_subquery()
    )
    dated = func.coalesce(cast(Relation.attributes["year"].as_string(), String), earliest)
    conditions = [
        Relation.type.in_(NETWORK_TYPES),
        Relation.retracted_at.is_(None),
        Relation.review.is_(False),
        subject.type == "organization",
        or_(target.id.is_(None), target.type == "organization"),
        or_(target.id.is_not(None), Relation.object_country.is_not(None)),
    ]
    if since:
        conditions.append(or_(dated.is_(None), dated >= since))
    if until:
        conditions.append(or_(dated.is_(None), func.substr(dated, 1, len(until)) <= until))
    if alliance_id is not None:
        members = select(Relation.subject_id).where(
            Relation.type == "member_of", Relation.object_id == alliance_id
        )
        conditions.append(or_(subject.id.in_(members), subject.id == alliance_id))
    joined = (
        select(Relation.id)
        .join(subject, subject.id == Relation.subject_id)
        .outerjoin(target, target.id == Relation.object_id)
        .where(*conditions)
    )
    counted = session.scalar(select(func.count()).select_from(joined.limit(COUNT_CAP + 1).subquery()))  # fmt: skip
    total = min(counted or 0, COUNT_CAP)
    rows = list(
        session.execute(
            select(Relation, subject, target, dated)
            .join(subject, subject.id == Relation.subject_id)
            .outerjoin(target, target.id == Relation.object_id)
            .where(*conditions)
            .order_by(Relation.id.desc())
            .limit(limit)
        )
    )
    network = Network(total=total, limit=limit, more=(counted or 0) > COUNT_CAP)
    seen: set[str] = set()
    for relation, left, right, date in rows:
        target_key = f"c:{relation.object_country.upper()}" if right is None else f"e:{right.id}"
        _node(network, seen, f"e:{left.id}", left.name, "organization", left.id)
        if right is None:
            _node(network, seen, target_key, relation.object_country.upper(), "country", None)
        else:
            _node(network, seen, target_key, right.name, "organization", right.id)
        network.edges.append(
            {"id": f"r{relation.id}", "source": f"e:{left.id}", "target": target_key,
             "type": relation.type, "date": str(date) if date else None}
        )  # fmt: skip
    _based_in(session, network, seen)
    return network


def _based_in(session: Session, network: Network, seen: set[str]) -> None:
    """A link from each organization of the network to the country it is based in."""
    ids = [n["entity_id"] for n in network.nodes if n["kind"] == "organization"]
    found: list[tuple[int, str]] = []
    for start in range(0, len(ids), 500):
        found += (
            session.execute(
                select(Entity.id, country_of_entity()).where(
                    Entity.id.in_(ids[start : start + 500])
                )
            )
            .tuples()
            .all()
        )
    for entity_id, code in sorted(found):
        if not code or len(code) != 2:
            continue
        _node(network, seen, f"c:{code}", code, "country", None)
        network.edges.append(
            {"id": f"b{entity_id}", "source": f"e:{entity_id}", "target": f"c:{code}",
             "type": "based_in", "date": None}
        )  # fmt: skip


def plural(kind: str) -> str:
    """The plural of an entity type for counts: `technology` -> `technologies`."""
    if kind == "person":
        return "people"
    return kind[:-1] + "ies" if kind.endswith("y") else kind + "s"


def _node(network: Network, seen: set[str], key: str, label: str, kind: str, entity_id: int | None) -> None:  # fmt: skip
    if key not in seen:
        seen.add(key)
        network.nodes.append({"id": key, "label": label, "kind": kind, "entity_id": entity_id})


def alliances(session: Session, *, limit: int = 300, chosen: int | None = None) -> list[tuple[int, str]]:  # fmt: skip
    """The organizations with the most current members (two at least; the `limit` largest), by
    name; `chosen` is listed too whatever its size (the alliance a filter names)."""
    # `+ 0` keeps SQLite's planner on the index of relation types: grouping along the index of
    # objects would read every relation of the store (1.4 s at 300,000; 50 ms this way).
    alliance = (Relation.object_id + 0).label("alliance_id")
    members = (
        select(alliance)
        .where(
            Relation.type == "member_of",
            Relation.object_id.is_not(None),
            Relation.retracted_at.is_(None),
            Relation.review.is_(False),
        )
        .group_by(alliance)
        .having(func.count() >= 2)
        .order_by(func.count().desc(), alliance)
        .limit(limit)
    )
    ids = set(session.scalars(members))
    if chosen is not None:
        ids.add(chosen)
    if not ids:
        return []
    rows = session.execute(
        select(Entity.id, Entity.name)
        .where(Entity.id.in_(ids), Entity.type == "organization")
        .order_by(Entity.name, Entity.id)
    )
    return [(i, name) for i, name in rows]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity_id: int
    entity_type: str
    name: str


def document_mentions(session: Session, document_id: int) -> list[Mention]:
    """Spans of the document's text that evidence an entity or one of its names, in order,
    without overlaps (the longer span wins), each pointing at the canonical entity."""
    owner = func.coalesce(Evidence.entity_id, Alias.entity_id)
    rows = session.execute(
        select(Evidence.start, Evidence.end, owner)
        .outerjoin(Alias, Alias.id == Evidence.alias_id)
        .where(Evidence.document_id == document_id, Evidence.start.is_not(None))
        .where(or_(Evidence.entity_id.is_not(None), Evidence.alias_id.is_not(None)))
        .where(Evidence.attribute.is_(None))
    ).all()
    ids = {entity_id for _, _, entity_id in rows if entity_id is not None}
    entities = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(ids)))}
    roots = {e.canonical_id for e in entities.values() if e.canonical_id} - set(entities)
    entities.update({e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(roots)))})
    spans = sorted(
        ((s, e, i) for s, e, i in rows if i in entities and e is not None and e > s),
        key=lambda r: (r[0], -(r[1] - r[0])),
    )
    kept: list[Mention] = []
    for start, end, entity_id in spans:
        if kept and start < kept[-1].end:
            continue
        root = entities[entities[entity_id].canonical_id or entity_id]
        if root.retracted_at is None:
            kept.append(Mention(start, end, root.id, root.type, root.name))
    return kept


SOURCE_COLUMNS = ["sentence", "document_title", "document_address", "entered_by"]


ENTITY_COLUMNS = ["id", "type", "name", "aliases", "attributes", *SOURCE_COLUMNS]
RELATION_COLUMNS = ["id", "type", "subject_id", "subject", "object_id", "object", "attributes",
                    *SOURCE_COLUMNS]  # fmt: skip


def write_entities_csv(session: Session, out: IO[str]) -> int:
    """Canonical, current entities: id, type, name, aliases, attributes (JSON), and the first
    evidence of the entity or of an entity merged into it (sentence, document title and
    address, or the user who entered it)."""
    writer = csv.writer(out)
    writer.writerow(ENTITY_COLUMNS)
    n = 0
    for row in entity_rows(session):
        writer.writerow(row)
        n += 1
    return n


def entity_rows(session: Session) -> Iterator[list[Any]]:
    """The rows of `write_entities_csv` (columns `ENTITY_COLUMNS`), the type second."""
    sources = _entity_sources(session)
    for entity, names in _entities_with_aliases(session):
        yield [entity.id, entity.type, entity.name, " | ".join(names),
               json.dumps(entity.attributes or {}, ensure_ascii=False),
               *sources.get(entity.id, ("", "", "", ""))]  # fmt: skip


def _source_query(key: Any) -> Any:
    """Evidence rows keyed by `key`, oldest first, with their document's title and address."""
    return (
        select(key, Evidence.sentence, Document.title, Document.source, Evidence.user)
        .outerjoin(Document, Document.id == Evidence.document_id)
        .order_by(Evidence.id)
    )


def _first_sources(rows: Any) -> dict[int, tuple[str, str, str, str]]:
    first: dict[int, tuple[str, str, str, str]] = {}
    for key, sentence, title, address, user in rows:
        if key is not None and key not in first:
            first[key] = (sentence or "", title or "", address or "", user or "")
    return first


def _entity_sources(session: Session) -> dict[int, tuple[str, str, str, str]]:
    root = func.coalesce(Entity.canonical_id, Entity.id)
    query = _source_query(root).join(Entity, Entity.id == Evidence.entity_id)
    return _first_sources(session.execute(query.where(Evidence.relation_id.is_(None))))


def _entities_with_aliases(session: Session) -> Iterator[tuple[Entity, list[str]]]:
    current = (Entity.canonical_id.is_(None), Entity.retracted_at.is_(None))
    aliases: dict[int, list[str]] = {}
    for entity_id, name in session.execute(
        select(Alias.entity_id, Alias.name).where(Alias.retracted_at.is_(None)).order_by(Alias.id)
    ):
        aliases.setdefault(entity_id, []).append(name)
    for entity in session.scalars(select(Entity).where(*current).order_by(Entity.id)):
        yield entity, [n for n in aliases.get(entity.id, []) if n != entity.name]


def write_relations_csv(session: Session, out: IO[str]) -> int:
    """Current relations: id, type, subject, object (entity or country), attributes (JSON), and
    the first evidence of the relation (sentence, document title and address, or its user)."""
    writer = csv.writer(out)
    writer.writerow(RELATION_COLUMNS)
    n = 0
    for row in relation_rows(session):
        writer.writerow(row)
        n += 1
    return n


def relation_rows(session: Session) -> Iterator[list[Any]]:
    """The rows of `write_relations_csv` (columns `RELATION_COLUMNS`)."""
    sources = _first_sources(session.execute(_source_query(Evidence.relation_id)))
    subject, target = aliased(Entity), aliased(Entity)
    rows = session.execute(
        select(Relation, subject.name, target.name)
        .join(subject, subject.id == Relation.subject_id)
        .outerjoin(target, target.id == Relation.object_id)
        .where(Relation.retracted_at.is_(None), Relation.review.is_(False))
        .order_by(Relation.id)
    )
    for relation, subject_name, object_name in rows:
        yield [relation.id, relation.type, relation.subject_id, subject_name,
               relation.object_id or "", object_name or relation.object_country or "",
               json.dumps(relation.attributes or {}, ensure_ascii=False),
               *sources.get(relation.id, ("", "", "", ""))]  # fmt: skip
