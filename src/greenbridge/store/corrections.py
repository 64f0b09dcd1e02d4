"""A person's corrections of the graph: edit, add and retract entities, names and relations.

Nothing is dropped: a deleted fact gets `retracted_at`/`retracted_by`; an edit or addition is
stored with an Evidence row whose `user` says who entered it (and `created_at` when).
Services never commit: the caller owns the transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.resolve.normalize import name_key
from greenbridge.schema import entity_types, relation_types
from greenbridge.store.models import (
    Alias,
    Document,
    Entity,
    Evidence,
    Judgement,
    Relation,
    utcnow,
)

USER_EXTRACTOR = "user"
ENTITY_TYPES = (*entity_types(), "need")


class CorrectionError(ValueError):
    """A correction that cannot be applied; the message says why."""


def _user_evidence(user: str, note: str | None, text: str | None = None, **owner: Any) -> Evidence:
    return Evidence(
        user=user,
        extractor=USER_EXTRACTOR,
        sentence=note or None,
        text=(text or "")[:1000] or None,
        confidence=1.0,
        **owner,
    )


def _entity(session: Session, entity_id: int) -> Entity:
    entity = session.get(Entity, entity_id)
    if entity is None:
        raise CorrectionError(f"no entity {entity_id}")
    return entity


def add_entity(
    session: Session, *, type: str, name: str, attributes: dict[str, Any] | None = None,
    user: str, note: str | None = None, document_id: int | None = None,
) -> Entity:  # fmt: skip
    """A new entity entered by `user`, with its name as an alias; `document_id` names the
    document the user read it in (the correction then trains the extractor)."""
    name = name.strip()
    if type not in ENTITY_TYPES:
        raise CorrectionError(f"unknown entity type {type!r}; types: {', '.join(ENTITY_TYPES)}")
    if not name:
        raise CorrectionError("an entity needs a name")
    entity = Entity(type=type, name=name[:500], attributes=_clean(attributes or {}))
    session.add(entity)
    session.flush()
    alias = Alias(entity_id=entity.id, name=entity.name, normalized=name_key(entity.name, type))
    session.add(alias)
    session.flush()
    seen = {"document_id": _document(session, document_id)} if document_id else {}
    session.add(_user_evidence(user, note, entity.name, entity_id=entity.id, **seen))
    session.add(_user_evidence(user, note, entity.name, alias_id=alias.id, **seen))
    session.flush()
    return entity


def edit_entity(
    session: Session, entity_id: int, *, name: str | None = None,
    attributes: dict[str, Any] | None = None, user: str, note: str | None = None,
) -> Entity:  # fmt: skip
    """Rename an entity (the old name stays an alias) or set / clear attributes."""
    entity = _entity(session, entity_id)
    if name and name.strip() and name.strip() != entity.name:
        entity.name = name.strip()[:500]
        add_alias(session, entity.id, entity.name, user=user, note=note)
        session.add(_user_evidence(user, note, entity.name, entity_id=entity.id, attribute="name"))
    if attributes:
        values = dict(entity.attributes or {})
        for key, value in attributes.items():
            if value in (None, ""):
                values.pop(key, None)
            else:
                values[key] = value
            session.add(
                _user_evidence(user, note, _text(value), entity_id=entity.id, attribute=key)
            )
        entity.attributes = values
    session.flush()
    return entity


def add_alias(
    session: Session, entity_id: int, name: str, *, user: str, note: str | None = None
) -> Alias:
    """Another name of an entity (an existing current alias is returned as it is)."""
    entity = _entity(session, entity_id)
    name = name.strip()[:500]
    if not name:
        raise CorrectionError("a name cannot be empty")
    existing = session.scalars(
        select(Alias).where(
            Alias.entity_id == entity.id, Alias.name == name, Alias.retracted_at.is_(None)
        )
    ).first()
    if existing is not None:
        return existing
    alias = Alias(entity_id=entity.id, name=name, normalized=name_key(name, entity.type))
    session.add(alias)
    session.flush()
    session.add(_user_evidence(user, note, name, alias_id=alias.id))
    session.flush()
    return alias


def add_relation(
    session: Session, *, type: str, subject_id: int, object_id: int | None = None,
    country: str | None = None, attributes: dict[str, Any] | None = None, user: str,
    note: str | None = None, document_id: int | None = None,
) -> Relation:  # fmt: skip
    """A relation entered by `user`; the object is an entity or an ISO alpha-2 country;
    `document_id` names the document that states it."""
    kind = relation_types().get(type)
    if kind is None:
        raise CorrectionError(f"unknown relation type {type!r}")
    subject = _entity(session, subject_id)
    if subject.type not in kind.subject:
        raise CorrectionError(f"a {type} relation starts at a {' or '.join(kind.subject)}")
    if (object_id is None) == (not country):
        raise CorrectionError("name either an object entity or a country")
    if object_id is not None:
        target = _entity(session, object_id)
        if target.type not in kind.object:
            raise CorrectionError(f"a {type} relation ends at a {' or '.join(kind.object)}")
    elif "country" not in kind.object or not (country and len(country) == 2 and country.isalpha()):
        raise CorrectionError(f"a {type} relation cannot end at country {country!r}")
    relation = Relation(
        type=type,
        subject_id=subject.id,
        object_id=object_id,
        object_country=country.upper() if country else None,
        attributes=_clean(attributes or {}),
    )
    session.add(relation)
    session.flush()
    seen = {"document_id": _document(session, document_id)} if document_id else {}
    session.add(_user_evidence(user, note, _describe(relation), relation_id=relation.id, **seen))
    session.flush()
    return relation


def _document(session: Session, document_id: int) -> int:
    if session.get(Document, document_id) is None:
        raise CorrectionError(f"no document {document_id}")
    return document_id


def edit_relation(
    session: Session, relation_id: int, *, attributes: dict[str, Any], user: str,
    note: str | None = None,
) -> Relation:  # fmt: skip
    relation = _relation(session, relation_id)
    values = dict(relation.attributes or {})
    for key, value in attributes.items():
        if value in (None, ""):
            values.pop(key, None)
        else:
            values[key] = value
    relation.attributes = values
    session.add(_user_evidence(user, note, _describe(relation), relation_id=relation.id))
    session.flush()
    return relation


def _retract(session: Session, record: Relation | Alias | Entity, *, user: str) -> None:
    """Mark a fact retracted by `user` now (a second retraction keeps the first who and when),
    recorded as the user's evidence like every other correction."""
    if record.retracted_at is None:
        record.retracted_at, record.retracted_by = utcnow(), user
        if isinstance(record, Relation):
            owner, text = {"relation_id": record.id}, _describe(record)
        else:
            owner = {"alias_id" if isinstance(record, Alias) else "entity_id": record.id}
            text = record.name
        session.add(_user_evidence(user, "retracted", text, **owner))
    session.flush()


def retract_relation(session: Session, relation_id: int, *, user: str) -> Relation:
    relation = _relation(session, relation_id)
    _retract(session, relation, user=user)
    return relation


def retract_alias(session: Session, alias_id: int, *, user: str) -> Alias:
    alias = session.get(Alias, alias_id)
    if alias is None:
        raise CorrectionError(f"no name {alias_id}")
    _retract(session, alias, user=user)
    return alias


def retract_entity(session: Session, entity_id: int, *, user: str) -> Entity:
    entity = _entity(session, entity_id)
    _retract(session, entity, user=user)
    return entity


def restore_entity(session: Session, entity_id: int, *, user: str) -> Entity:
    """Undo a retraction; the restore is recorded as the user's evidence."""
    entity = _entity(session, entity_id)
    entity.retracted_at, entity.retracted_by = None, None
    session.add(_user_evidence(user, "restored", entity.name, entity_id=entity.id))
    session.flush()
    return entity


def restore_relation(session: Session, relation_id: int, *, user: str) -> Relation:
    """Undo a relation's retraction (or rejection in the fact queue), as the user's evidence."""
    relation = _relation(session, relation_id)
    if relation.retracted_at is not None:
        relation.retracted_at, relation.retracted_by = None, None
        session.add(_user_evidence(user, "restored", _describe(relation), relation_id=relation.id))
        session.flush()
    return relation


def restore_alias(session: Session, alias_id: int, *, user: str) -> Alias:
    """Undo a name's retraction, as the user's evidence."""
    alias = session.get(Alias, alias_id)
    if alias is None:
        raise CorrectionError(f"no name {alias_id}")
    if alias.retracted_at is not None:
        alias.retracted_at, alias.retracted_by = None, None
        session.add(_user_evidence(user, "restored", alias.name, alias_id=alias.id))
        session.flush()
    return alias


def latest_judgement(session: Session, left_id: int, right_id: int) -> Judgement | None:
    """The newest judgement of a pair (what an undo button undoes)."""
    left, right = sorted((left_id, right_id))
    return session.scalars(
        select(Judgement)
        .where(Judgement.left_id == left, Judgement.right_id == right)
        .order_by(Judgement.id.desc())
        .limit(1)
    ).first()


def _relation(session: Session, relation_id: int) -> Relation:
    relation = session.get(Relation, relation_id)
    if relation is None:
        raise CorrectionError(f"no relation {relation_id}")
    return relation


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "", [])}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


def _describe(relation: Relation) -> str:
    target = relation.object_country or f"entity {relation.object_id}"
    return f"{relation.type} entity {relation.subject_id} -> {target}"
