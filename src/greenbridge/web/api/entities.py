"""REST routes for entities, names and relations: read, search, correct, merge."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from greenbridge.resolve import merge, unmerge
from greenbridge.schema import relation_types
from greenbridge.store import corrections
from greenbridge.store.entities import (
    DocumentHit,
    EntityHit,
    EntityPage,
    entity_exists,
    entity_page,
    search_documents,
    search_entities,
)
from greenbridge.store.limits import MAX_PAGE_SIZE
from greenbridge.store.registry import (
    DEFAULT_LIMIT,
    DOCUMENT_PATTERN,
    MAX_LIMIT,
    PARTIAL_DATE_PATTERN,
    SORTS,
    TYPES,
    RegistryInputError,
    RegistryRow,
    browse,
    parse_filters,
)
from greenbridge.web.deps import BodyId, Editor, OffsetQuery, PathId, SessionDep, WriteSessionDep
from greenbridge.web.security import require_role

router = APIRouter(prefix="/api", tags=["entities"], dependencies=[Depends(require_role("viewer"))])
# Every route here is a plain function: FastAPI runs it in a worker thread, so its database work
# never holds up the event loop (see `greenbridge.web.capacity`).


class SearchResult(BaseModel):
    query: str
    entities: list[EntityHit]
    documents: list[DocumentHit]


class EntityList(BaseModel):
    items: list[RegistryRow]
    total: int = Field(description="Entities matching the filters, on every page together")
    limit: int
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null: last")
    next: str | None = Field(description="The URL of the next page, filters kept; null: last")


class EntityIn(BaseModel):
    type: str = Field(
        description="person, organization, event, initiative, technology or need",
        pattern="^(person|organization|event|initiative|technology|need)$",
    )
    name: str = Field(min_length=1, max_length=500)
    attributes: dict[str, Any] = Field(default_factory=dict)
    note: str | None = Field(None, max_length=2000, description="Why; kept with the evidence.")
    document_id: BodyId | None = Field(
        None, description="The document that names it; the extractor learns from the entry."
    )


class EntityEdit(BaseModel):
    name: str | None = Field(None, max_length=500)
    attributes: dict[str, Any] = Field(default_factory=dict, description="null or '' clears a key")
    note: str | None = Field(None, max_length=2000)


class NameIn(BaseModel):
    name: str = Field(min_length=1, max_length=500)
    note: str | None = Field(None, max_length=2000)


class RelationIn(BaseModel):
    type: str = Field(
        description=", ".join(relation_types()),
        pattern=f"^({'|'.join(relation_types())})$",
    )
    subject_id: BodyId
    object_id: BodyId | None = None
    country: str | None = Field(None, min_length=2, max_length=2)
    attributes: dict[str, Any] = Field(default_factory=dict)
    note: str | None = Field(None, max_length=2000)
    document_id: BodyId | None = Field(
        None, description="The document that states it; the extractor learns from the entry."
    )


class RelationEdit(BaseModel):
    attributes: dict[str, Any]
    note: str | None = Field(None, max_length=2000)


class Pair(BaseModel):
    other_id: BodyId


class MergeOut(BaseModel):
    canonical_id: int
    judgement_id: int | None


class Retracted(BaseModel):
    id: int
    retracted_by: str | None


def correction_error(exc: corrections.CorrectionError) -> HTTPException:
    message = str(exc)
    # a record the request names is missing (404), or the change does not fit the records it
    # names, such as a relation whose subject is of the wrong type (409)
    return HTTPException(status_code=404 if message.startswith("no ") else 409, detail=message)


def _page(session: Any, entity_id: int, limit: int = 50, offset: int = 0) -> EntityPage:
    page = entity_page(session, entity_id, limit=limit, offset=offset)
    if page is None:
        raise HTTPException(status_code=404, detail=f"no entity {entity_id}")
    return page


@router.get("/search", response_model=SearchResult)
def search(
    session: SessionDep,
    q: str = Query(..., min_length=1, max_length=200),
    type: str | None = Query(None, max_length=32),
    limit: int = Query(20, ge=1, le=100),
) -> SearchResult:
    """Entities whose names contain every word of `q`, and documents containing `q`."""
    return SearchResult(
        query=q,
        entities=search_entities(session, q, entity_type=type, limit=limit),
        documents=search_documents(session, q, limit=limit),
    )


@router.get(
    "/entities",
    response_model=EntityList,
    responses={404: {"description": "The country or the page the cursor names is not there."}},
)
def list_entities(
    request: Request,
    session: SessionDep,
    type: str | None = Query(None, max_length=100, description="person, organization, event, "
                             "initiative, technology or need; all when left out",
                             json_schema_extra={"enum": list(TYPES)}),
    country: str | None = Query(None, max_length=100, description="ISO alpha-2 code or a name: "
                                "the entity's country or a relation to that country"),
    kind: str | None = Query(None, max_length=100, description="organization or event kind"),
    start: str | None = Query(None, max_length=40, description="events starting on or after "
                              "(2024-05-17, 2024-05 or 2024)",
                              json_schema_extra={"pattern": PARTIAL_DATE_PATTERN}),
    end: str | None = Query(None, max_length=40, description="events starting on or before",
                            json_schema_extra={"pattern": PARTIAL_DATE_PATTERN}),
    document: str | None = Query(None, max_length=40, description="id of a document the "
                                 "entity is mentioned in",
                                 json_schema_extra={"pattern": DOCUMENT_PATTERN}),
    sort: str | None = Query(None, max_length=20, description="name (default), mentions "
                             "(most first) or recent (newest first)",
                             json_schema_extra={"enum": list(SORTS)}),
    cursor: str | None = Query(None, max_length=1000, description="`next_cursor` of the "
                               "previous page, with the same filters"),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> EntityList:  # fmt: skip
    """The registry: canonical entities with filters, in pages (opaque cursor, `next` link).

    A country nobody knows and a cursor that names no page of this listing are 404 (each
    names something that is not there); a value of the wrong form is 422."""
    try:
        filters = parse_filters(type=type, country=country, kind=kind, start=start, end=end,
                                document=document, sort=sort, exact=True)  # fmt: skip
        page = browse(session, filters, limit=limit, cursor=cursor)
    except RegistryInputError as exc:
        detail = [{"loc": ["query", exc.field], "msg": str(exc), "type": "value_error"}]
        status = 404 if exc.field in ("country", "cursor") else 422
        raise HTTPException(status_code=status, detail=detail) from exc
    following = None
    if page.next_cursor:
        query = {**filters.query(), "limit": str(limit), "cursor": page.next_cursor}
        following = f"{request.url.path}?{urlencode(query)}"
    return EntityList(items=page.items, total=page.total, limit=page.limit,
                      next_cursor=page.next_cursor, next=following)  # fmt: skip


@router.get("/entities/{entity_id}", response_model=EntityPage)
def get_entity(
    entity_id: PathId,
    session: SessionDep,
    limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
    offset: OffsetQuery = 0,
) -> EntityPage:
    """An entity (merged records included): names, attributes, relations, each with evidence."""
    return _page(session, entity_id, limit, offset)


@router.post("/entities", response_model=EntityPage, status_code=201)
def add_entity(body: EntityIn, user: Editor, session: WriteSessionDep) -> EntityPage:
    """Enter a new entity; the user's entry is its evidence."""
    try:
        entity = corrections.add_entity(
            session, type=body.type, name=body.name, attributes=body.attributes,
            user=user.username, note=body.note, document_id=body.document_id,
        )  # fmt: skip
    except corrections.CorrectionError as exc:
        raise correction_error(exc) from exc
    return _page(session, entity.id)


@router.patch("/entities/{entity_id}", response_model=EntityPage)
def edit_entity(
    entity_id: PathId, body: EntityEdit, user: Editor, session: WriteSessionDep
) -> EntityPage:
    """Rename an entity or change its attributes (kept as the user's evidence)."""
    try:
        corrections.edit_entity(
            session, entity_id, name=body.name, attributes=body.attributes,
            user=user.username, note=body.note,
        )  # fmt: skip
    except corrections.CorrectionError as exc:
        raise correction_error(exc) from exc
    return _page(session, entity_id)


@router.delete("/entities/{entity_id}", response_model=Retracted)
def retract_entity(entity_id: PathId, user: Editor, session: WriteSessionDep) -> Retracted:
    """Retract an entity (kept, marked with who and when)."""
    try:
        entity = corrections.retract_entity(session, entity_id, user=user.username)
    except corrections.CorrectionError as exc:
        raise correction_error(exc) from exc
    return Retracted(id=entity.id, retracted_by=entity.retracted_by)


@router.post("/entities/{entity_id}/restore", response_model=Retracted)
def restore_entity(entity_id: PathId, user: Editor, session: WriteSessionDep) -> Retracted:
    """Restore a retracted entity (the restore is kept as the user's evidence)."""
    try:
        entity = corrections.restore_entity(session, entity_id, user=user.username)
    except corrections.CorrectionError as exc:
        raise correction_error(exc) from exc
    return Retracted(id=entity.id, retracted_by=entity.retracted_by)


@router.post("/entities/{entity_id}/aliases", response_model=EntityPage, status_code=201)
def add_alias(
    entity_id: PathId, body: NameIn, user: Editor, session: WriteSessionDep
) -> EntityPage:
    try:
        corrections.add_alias(session, entity_id, body.name, user=user.username, note=body.note)
    except corrections.CorrectionError as exc:
        raise correction_error(exc) from exc
    return _page(session, entity_id)


@router.delete("/aliases/{alias_id}", response_model=Retracted)
def retract_alias(alias_id: PathId, user: Editor, session: WriteSessionDep) -> Retracted:
    try:
        alias = corrections.retract_alias(session, alias_id, user=user.username)
    except corrections.CorrectionError as exc:
        raise correction_error(exc) from exc
    return Retracted(id=alias.id, retracted_by=alias.retracted_by)


@router.post("/relations", response_model=EntityPage, status_code=201)
def add_relation(body: RelationIn, user: Editor, session: WriteSessionDep) -> EntityPage:
    """Enter a relation; returns the subject entity."""
    try:
        corrections.add_relation(
            session, type=body.type, subject_id=body.subject_id, object_id=body.object_id,
            country=body.country, attributes=body.attributes, user=user.username, note=body.note,
            document_id=body.document_id,
        )  # fmt: skip
    except corrections.CorrectionError as exc:
        raise correction_error(exc) from exc
    return _page(session, body.subject_id)


@router.patch("/relations/{relation_id}", response_model=Retracted)
def edit_relation(
    relation_id: PathId, body: RelationEdit, user: Editor, session: WriteSessionDep
) -> Retracted:
    try:
        relation = corrections.edit_relation(
            session, relation_id, attributes=body.attributes, user=user.username, note=body.note
        )
    except corrections.CorrectionError as exc:
        raise correction_error(exc) from exc
    return Retracted(id=relation.id, retracted_by=relation.retracted_by)


@router.delete("/relations/{relation_id}", response_model=Retracted)
def retract_relation(relation_id: PathId, user: Editor, session: WriteSessionDep) -> Retracted:
    try:
        relation = corrections.retract_relation(session, relation_id, user=user.username)
    except corrections.CorrectionError as exc:
        raise correction_error(exc) from exc
    return Retracted(id=relation.id, retracted_by=relation.retracted_by)


@router.post("/entities/{entity_id}/merge", response_model=MergeOut)
def merge_entities(
    entity_id: PathId, body: Pair, user: Editor, session: WriteSessionDep
) -> MergeOut:
    """Judge two records the same; the judgement id undoes it (POST /api/judgements/ID/undo)."""
    _check_pair(session, entity_id, body.other_id)
    canonical = merge(session, entity_id, body.other_id, user=user.username)
    judgement = corrections.latest_judgement(session, entity_id, body.other_id)
    return MergeOut(canonical_id=canonical, judgement_id=judgement.id if judgement else None)


@router.post("/entities/{entity_id}/unmerge", response_model=MergeOut)
def unmerge_entities(
    entity_id: PathId, body: Pair, user: Editor, session: WriteSessionDep
) -> MergeOut:
    """Separate two records (judged different, every `same` path between them cut)."""
    _check_pair(session, entity_id, body.other_id)
    unmerge(session, entity_id, body.other_id, user=user.username)
    judgement = corrections.latest_judgement(session, entity_id, body.other_id)
    return MergeOut(canonical_id=entity_id, judgement_id=judgement.id if judgement else None)


def _check_pair(session: Any, left: int, right: int) -> None:
    if left == right:
        raise HTTPException(status_code=409, detail="merge needs two different entities")
    for entity_id in (left, right):
        if not entity_exists(session, entity_id):
            raise HTTPException(status_code=404, detail=f"no entity {entity_id}")
