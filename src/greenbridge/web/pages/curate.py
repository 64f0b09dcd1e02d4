"""HTML forms that change the graph: corrections, merges, the review queue, undo.

Each form posts here, the change goes through the same library as the REST API, and the
browser is sent back to the page it came from with a message (post / redirect / get)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenbridge.resolve import merge
from greenbridge.store import corrections
from greenbridge.store.entities import entity_exists, resolve
from greenbridge.store.fact_review import return_to_review
from greenbridge.store.history import recent_decisions
from greenbridge.store.identity_review import pair_sides, unmerge_record
from greenbridge.web.api.review import (
    MergeChoice,
    answer_item,
    merge_item,
    queue_items,
    undo_judgement,
)
from greenbridge.web.deps import MAX_ID, Editor, PathId, SessionDep, WriteSessionDep, render
from greenbridge.web.i18n import gettext_for
from greenbridge.web.security import flash, require_role
from greenbridge.web.vocabulary import N_

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_role("viewer"))])


def _back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _apply(request: Request, url: str, action, message: str, **values: str) -> RedirectResponse:  # type: ignore[no-untyped-def]
    """Run `action`; flash its error, or `message` (marked with N_) in the page's language."""
    try:
        action()
    except corrections.CorrectionError as exc:
        flash(request, str(exc), "error")
        return _back(url)
    flash(request, gettext_for(request)(message).format(**values))
    return _back(url)


@router.post("/entities/{entity_id}/edit")
def edit(
    entity_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    name: str = Form("", max_length=500), key: str = Form("", max_length=64),
    value: str = Form("", max_length=2000), note: str = Form("", max_length=2000),
) -> Response:  # fmt: skip
    attributes = {key.strip(): value.strip()} if key.strip() else None
    return _apply(request, f"/entities/{entity_id}", lambda: corrections.edit_entity(
        session, entity_id, name=name or None, attributes=attributes, user=user.username,
        note=note or None), N_("Saved; your change is kept as evidence."))  # fmt: skip


@router.post("/entities/{entity_id}/aliases")
def add_alias(
    entity_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    name: str = Form(..., max_length=500), note: str = Form("", max_length=2000),
) -> Response:  # fmt: skip
    return _apply(request, f"/entities/{entity_id}", lambda: corrections.add_alias(
        session, entity_id, name, user=user.username, note=note or None), N_("Name {name} added."), name=repr(name))  # fmt: skip


@router.post("/entities/{entity_id}/relations")
def add_relation(
    entity_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    type: str = Form(..., max_length=32), other: str = Form(..., max_length=500),
    attribute: str = Form("", max_length=300), note: str = Form("", max_length=2000),
) -> Response:  # fmt: skip
    other = other.strip()
    target = int(other) if other.isdigit() else None
    country = other.upper() if target is None and len(other) == 2 else None
    properties = corrections.relation_types().get(type)
    key = properties.properties[0] if properties and properties.properties else None
    attributes = {key: attribute.strip()} if key and attribute.strip() else {}
    return _apply(request, f"/entities/{entity_id}", lambda: corrections.add_relation(
        session, type=type, subject_id=entity_id, object_id=target, country=country,
        attributes=attributes, user=user.username, note=note or None), N_("Relation added."))  # fmt: skip


@router.post("/entities/{entity_id}/retract")
def retract_entity(
    entity_id: PathId, request: Request, user: Editor, session: WriteSessionDep
) -> Response:
    return _apply(request, f"/entities/{entity_id}", lambda: corrections.retract_entity(
        session, entity_id, user=user.username), N_("Entity retracted (kept with who and when)."))  # fmt: skip


@router.post("/entities/{entity_id}/restore")
def restore_entity(
    entity_id: PathId, request: Request, user: Editor, session: WriteSessionDep
) -> Response:
    return _apply(request, f"/entities/{entity_id}", lambda: corrections.restore_entity(
        session, entity_id, user=user.username), N_("Entity restored."))  # fmt: skip


@router.post("/relations/{relation_id}/retract")
def retract_relation(
    relation_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    back: str = Form("/dashboard", max_length=200),
) -> Response:  # fmt: skip
    return _apply(request, _local(back), lambda: corrections.retract_relation(
        session, relation_id, user=user.username), N_("Relation retracted."))  # fmt: skip


@router.post("/relations/{relation_id}/restore")
def restore_relation(
    relation_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    back: str = Form("/review", max_length=200),
) -> Response:  # fmt: skip
    return _apply(request, _local(back), lambda: corrections.restore_relation(
        session, relation_id, user=user.username), "Relation restored.")  # fmt: skip


@router.post("/review/facts/{relation_id}/return")
def return_fact(
    relation_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    back: str = Form("/review", max_length=200),
) -> Response:  # fmt: skip
    return _apply(request, _local(back), lambda: return_to_review(
        session, relation_id, user=user.username), "Back in the fact queue.")  # fmt: skip


@router.post("/aliases/{alias_id}/restore")
def restore_alias(
    alias_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    back: str = Form("/review", max_length=200),
) -> Response:  # fmt: skip
    return _apply(request, _local(back), lambda: corrections.restore_alias(
        session, alias_id, user=user.username), "Name restored.")  # fmt: skip


@router.post("/entities/{entity_id}/unmerge")
def unmerge_from(
    entity_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    other: int = Form(..., ge=1, le=MAX_ID),
) -> Response:  # fmt: skip
    """Take one merged record out of this entity (undone from the history on /review)."""
    canonical = resolve(session, entity_id)
    try:
        left = unmerge_record(session, entity_id, other, user=user.username)
    except corrections.CorrectionError as exc:
        flash(request, str(exc), "error")
        return _back(f"/entities/{canonical}")
    records = ", ".join(str(r) for r in left)
    _ = gettext_for(request)
    if len(left) > 1:
        message = _("Unmerged records {records}: an entity of its own again (undo on /review).")
    else:
        message = _("Unmerged record {records}: an entity of its own again (undo on /review).")
    flash(request, message.format(records=records))
    return _back(f"/entities/{canonical}")


@router.post("/aliases/{alias_id}/retract")
def retract_alias(
    alias_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    back: str = Form("/dashboard", max_length=200),
) -> Response:  # fmt: skip
    return _apply(request, _local(back), lambda: corrections.retract_alias(
        session, alias_id, user=user.username), N_("Name retracted."))  # fmt: skip


@router.post("/entities/{entity_id}/merge")
def merge_with(
    entity_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    other: int = Form(..., ge=1, le=MAX_ID),
) -> Response:  # fmt: skip
    if (
        other == entity_id
        or not entity_exists(session, other)
        or resolve(session, other) == resolve(session, entity_id)
    ):
        _ = gettext_for(request)
        message = _("Entity {other} cannot be merged into this one.")
        flash(request, message.format(other=other), "error")
        return _back(f"/entities/{entity_id}")
    canonical = merge(session, entity_id, other, user=user.username)
    judgement = corrections.latest_judgement(session, entity_id, other)
    _ = gettext_for(request)
    flash(request, _("Merged entity {other} into this one.").format(other=other))
    return _back(f"/entities/{canonical}?merged={judgement.id if judgement else ''}")


@router.post("/judgements/{judgement_id}/undo")
def undo(
    judgement_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    back: str = Form("/review", max_length=200),
) -> Response:  # fmt: skip
    undo_judgement(session, judgement_id, user.username)
    _ = gettext_for(request)
    flash(request, _("Undone."))
    return _back(_local(back))


SIDE_BY_SIDE = 5  # pairs of the review page shown side by side


@router.get("/review", response_class=HTMLResponse)
def review(request: Request, session: SessionDep) -> Response:
    items = queue_items(session, 50)
    skipped = set(request.session.get("skipped", []))
    # The next pairs to decide are shown side by side; each costs two entity pages.
    upcoming = [i for i in items if i.judgement_id not in skipped][:SIDE_BY_SIDE]
    sides = {i.judgement_id: pair_sides(session, i.left.id, i.right.id) for i in upcoming}
    history = recent_decisions(session, limit=15)
    return render(request, "review.html", {"items": items, "sides": sides, "history": history})


async def _picks(request: Request) -> dict[str, int]:
    """The `keep:<attribute>` = entity id fields of the side-by-side form (parsing only: no
    database work runs on the event loop)."""
    form = await request.form()
    return {str(k)[5:69]: int(str(v)) for k, v in form.multi_items()
            if str(k).startswith("keep:") and str(v).isdigit() and len(str(v)) < 19}  # fmt: skip


@router.post("/review/{judgement_id}/merge")
def merge_pair(
    judgement_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    name: str = Form("", max_length=500), picks: dict[str, int] = Depends(_picks),
) -> Response:  # fmt: skip
    """Merge a pair keeping the picked name and each attribute's picked value."""
    try:
        merged = merge_item(
            session, judgement_id, MergeChoice(name=name or None, keep=picks), user.username
        )
    except HTTPException as exc:
        flash(request, str(exc.detail), "error")
        return _back("/review")
    request.session["last_review"] = merged.judgement_id
    _ = gettext_for(request)
    flash(request, _("Merged, keeping the name and values you picked."))
    return _back("/review")


@router.post("/review/{judgement_id}")
def answer(
    judgement_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    decision: str = Form(..., pattern="^(same|different|skip)$"),
) -> Response:  # fmt: skip
    if decision == "skip":
        request.session.setdefault("skipped", []).append(judgement_id)
        return _back("/review")
    try:
        decided = answer_item(session, judgement_id, decision, user.username)
    except HTTPException as exc:
        flash(request, str(exc.detail), "error")
        return _back("/review")
    request.session["last_review"] = decided.judgement_id
    _ = gettext_for(request)
    flash(request, _("Recorded: {decision}.").format(decision=_(decision)))
    return _back("/review")


def _local(url: str) -> str:
    return url if url.startswith("/") and not url.startswith("//") else "/dashboard"
