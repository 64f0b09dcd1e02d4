"""FollowTheMoney Documentation and Mention entities read back as evidence rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from followthemoney import EntityProxy, registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.store.models import Alias, Entity, Evidence


@dataclass(frozen=True)
class Targets:
    """Store ids of what the file's entities became, by FtM id."""

    documents: dict[str, int]
    entities: dict[str, int]
    relations: dict[str, int]


def _span(record: str | None) -> tuple[int | None, int | None]:
    start, _, end = (record or "").partition(":")
    if start.isdigit() and end.isdigit():
        return int(start), int(end)
    return None, None


def documentation_evidence(proxy: EntityProxy, targets: Targets) -> Evidence | None:
    """The evidence row a Documentation describes; None when its ends were not imported."""
    document = targets.documents.get(proxy.first("document") or "")
    target = proxy.first("entity") or ""
    owner = ({"entity_id": targets.entities[target]} if target in targets.entities else
             {"relation_id": targets.relations[target]} if target in targets.relations
             else None)  # fmt: skip
    if document is None or owner is None:
        return None
    extractor, _, version = (proxy.first("role", quiet=True) or "").partition(" ")
    start, end = _span(proxy.first("recordId", quiet=True))
    return Evidence(
        document_id=document, start=start, end=end,
        text=(proxy.first("description", quiet=True) or "")[:1000] or None,
        sentence=proxy.first("summary", quiet=True), extractor=extractor[:100] or None,
        extractor_version=version[:32] or None, attribute=proxy.first("status", quiet=True),
        user=proxy.first("publisher", quiet=True), confidence=1.0, **owner,
    )  # fmt: skip


def _owner(session: Session, evidence: Evidence) -> tuple[str, int | None]:
    if evidence.relation_id is not None:
        return "relation", evidence.relation_id
    record = evidence.entity_id
    if record is None and evidence.alias_id is not None:
        alias = session.get(Alias, evidence.alias_id)
        record = alias.entity_id if alias is not None else None
    entity = session.get(Entity, record) if record is not None else None
    return "entity", (entity.canonical_id or entity.id) if entity is not None else None


def already_held(session: Session, evidence: Evidence) -> bool:
    """Whether the store holds this span already (its text and sentence as FtM cleans them),
    for the same entity (or one merged into it) or relation: an export read back into its own
    store adds no evidence twice."""
    same = [getattr(Evidence, c).is_not_distinct_from(getattr(evidence, c))
            for c in ("document_id", "start", "end", "extractor", "extractor_version", "attribute",
                      "user")]  # fmt: skip
    wanted = (_owner(session, evidence), evidence.text, evidence.sentence)
    held = session.scalars(select(Evidence).where(*same).limit(100))
    return any(
        (_owner(session, e), registry.text.clean(e.text), registry.text.clean(e.sentence)) == wanted
        for e in held
    )


def import_evidence(
    session: Session, proxies: Iterable[EntityProxy], targets: Targets, *, imported: Evidence
) -> Counter[str]:
    """Evidence of every Documentation, and of every Mention no Documentation already gives
    (same document, entity and text); `imported` is the template of a Mention's evidence."""
    counts: Counter[str] = Counter()
    items = list(proxies)
    documented = set()
    for proxy in items:
        if proxy.schema.name != "Documentation":
            continue
        evidence = documentation_evidence(proxy, targets)
        if evidence is None:
            counts["skipped"] += 1
            continue
        text = registry.name.clean(proxy.first("description", quiet=True))
        documented.add((proxy.first("document"), proxy.first("entity"), text))
        if already_held(session, evidence):
            counts["matched"] += 1
            continue
        session.add(evidence)
        counts["evidence"] += 1
    for proxy in items:
        if proxy.schema.name != "Mention":
            continue
        key = (proxy.first("document"), proxy.first("resolved"), proxy.first("name"))
        document = targets.documents.get(key[0] or "")
        entity = targets.entities.get(key[1] or "")
        if key in documented:
            continue
        if document is None or entity is None:
            counts["skipped"] += 1
            continue
        session.add(Evidence(document_id=document, entity_id=entity, text=key[2],
                             extractor=imported.extractor,
                             extractor_version=imported.extractor_version,
                             sentence=imported.sentence, user=imported.user, confidence=1.0))  # fmt: skip
        counts["evidence"] += 1
    return counts
