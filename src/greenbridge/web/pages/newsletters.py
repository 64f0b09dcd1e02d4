"""The edit page of a saved newsletter: "Edit before export" on the Reports page saves the
generated newsletter and opens it here, where each item is kept in or left out, moved up or
down and reworded beside its generated wording and sources; Save keeps the edits."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from greenbridge.report.saved import (
    ConcurrentEdit,
    EditConflict,
    ItemEdit,
    delete_newsletter,
    edit_newsletter,
    get_newsletter,
    save_newsletter,
)
from greenbridge.store.limits import MAX_ID, InvalidInput, stored_id
from greenbridge.store.models import Newsletter
from greenbridge.web.deps import Editor, PathId, SessionDep, WriteSessionDep, render
from greenbridge.web.i18n import gettext_for
from greenbridge.web.pages.forms import INVALID, FormPage
from greenbridge.web.security import flash
from greenbridge.web.vocabulary import N_

router = APIRouter(include_in_schema=False, route_class=FormPage)
SECTION_LABELS = {
    "event": N_("Events"), "founded": N_("Foundings"), "member_of": N_("New memberships"),
    "deployed": N_("Deployments"), "cooperates_with": N_("Agreements and cooperation"),
}  # fmt: skip


async def form_of(request: Request) -> FormData:
    """The posted form (read once; the CSRF check has read it already)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(form_of)]


@router.post("/reports/newsletters")
def create(
    request: Request, user: Editor, session: WriteSessionDep,
    start: date = Form(...), end: date = Form(...), organization: str = Form("", max_length=300),
) -> Response:  # fmt: skip
    """Save the newsletter of the period for editing and open its edit page."""
    _ = gettext_for(request)
    if end < start:  # the Reports page says so, beside the form
        query = urlencode({"kind": "newsletter", "start": start, "end": end,
                           "organization": organization})  # fmt: skip
        return RedirectResponse(f"/reports?{query}", status_code=303)
    saved = save_newsletter(session, start=start, end=end, organization=organization or None,
                            user=user.username)  # fmt: skip
    flash(request, _("Saved as a draft: choose, order and reword the items, then save."))
    return RedirectResponse(f"/reports/newsletters/{saved.id}", status_code=303)


def item_views(newsletter: Newsletter) -> list[dict[str, Any]]:
    """The items as the edit page shows them, in their order."""
    return [
        {"id": i.id, "kind": i.kind, "section": SECTION_LABELS.get(i.kind, i.kind),
         "date": i.date, "included": i.included, "title": i.title,
         "original_title": i.original_title, "headline": i.headline or "",
         "original_headline": i.original_headline or "",
         "statements": [dict(s) for s in i.statements]}
        for i in newsletter.items
    ]  # fmt: skip


def _typed(views: list[dict[str, Any]], edits: list[ItemEdit]) -> list[dict[str, Any]]:
    """The items with the edits as typed over them (to show again after a refusal)."""
    by_id = {view["id"]: view for view in views}
    shown = []
    for edit in edits:
        view = by_id.pop(edit.id, None)
        if view is None:
            continue
        texts = [*edit.statements, *[s["text"] for s in view["statements"]]]
        statements = [{**s, "text": t} for s, t in zip(view["statements"], texts, strict=False)]
        shown.append({**view, "included": edit.included, "title": edit.title,
                      "headline": edit.headline or "", "statements": statements})  # fmt: skip
    return [*shown, *by_id.values()]


def _page(
    request: Request, newsletter: Newsletter, *, items: list[dict[str, Any]] | None = None,
    errors: list[str] | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    base = f"/api/reports/newsletters/{newsletter.id}"
    context = {
        "newsletter": newsletter, "items": item_views(newsletter) if items is None else items,
        "links": {fmt: f"{base}?format={fmt}" for fmt in ("md", "pdf", "html", "json")},
        "errors": errors or [],
    }  # fmt: skip
    return render(request, "newsletter_edit.html", context, status_code=status_code)


@router.get("/reports/newsletters/{newsletter_id}", response_class=HTMLResponse)
def edit_page(request: Request, newsletter_id: PathId, session: SessionDep) -> Response:
    newsletter = _found(session, newsletter_id)
    if newsletter is None:
        return _missing(request, newsletter_id)
    return _page(request, newsletter)


def _found(session: Any, newsletter_id: int) -> Newsletter | None:
    try:
        return get_newsletter(session, newsletter_id=newsletter_id)
    except LookupError:
        return None


def _missing(request: Request, newsletter_id: int) -> Response:
    _ = gettext_for(request)
    message = _("There is no saved newsletter {id}.").format(id=newsletter_id)
    return render(request, "error.html", {"status": 404, "message": message}, status_code=404)


def edits_of(form: FormData) -> list[ItemEdit]:
    """The items of the posted form in the order they were shown (hidden `item` fields)."""
    edits = []
    kept = {stored_id(str(value)) for value in form.getlist("included")}
    for value in form.getlist("item"):
        item_id = stored_id(str(value))
        if item_id is None:
            raise InvalidInput(f"“{str(value)[:20]}” is not an item of this newsletter")
        included = item_id in kept
        texts = [str(t) for t in form.getlist(f"text-{item_id}")]
        edits.append(ItemEdit(item_id, included, str(form.get(f"title-{item_id}", "")),
                              str(form.get(f"headline-{item_id}", "")), texts))  # fmt: skip
    return edits


def moved(edits: list[ItemEdit], move: str) -> list[ItemEdit]:
    """The edits with one item moved: `up:ID` or `down:ID` (anything else: as they are)."""
    way, _, ident = move.partition(":")
    ids = [edit.id for edit in edits]
    item_id = stored_id(ident)
    if way not in ("up", "down") or item_id not in ids:
        return edits
    at = ids.index(item_id)
    other = at - 1 if way == "up" else at + 1
    if not 0 <= other < len(edits):
        return edits
    order = list(edits)
    order[at], order[other] = order[other], order[at]
    return order


@router.post("/reports/newsletters/{newsletter_id}")
def save(
    request: Request, newsletter_id: PathId, user: Editor, session: WriteSessionDep,
    form: FormDep, revision: int = Form(..., ge=1, le=MAX_ID),
    title: str = Form("", max_length=300), move: str = Form("", max_length=40),
) -> Response:  # fmt: skip
    """Keep the edits (a move button keeps them too, with the item moved), then show the page."""
    _ = gettext_for(request)
    newsletter = _found(session, newsletter_id)
    if newsletter is None:
        return _missing(request, newsletter_id)
    edits: list[ItemEdit] = []
    try:
        edits = moved(edits_of(form), move)
        edit_newsletter(session, newsletter_id=newsletter_id, items=edits, user=user.username,
                        title=title, revision=revision)  # fmt: skip
    except ConcurrentEdit as exc:  # the session is spoilt: an error page, rolled back
        raise HTTPException(409, str(exc)) from exc
    except EditConflict:  # nothing changed: the edits as typed, on the newer revision
        message = _(
            "Not saved: {who} saved this newsletter after you opened it. Your edits are "
            "shown below; save again to keep them, or reload the page to see theirs."
        )
        errors = [message.format(who=newsletter.updated_by or _("someone"))]
        return _page(request, newsletter, items=_typed(item_views(newsletter), edits),
                     errors=errors, status_code=409)  # fmt: skip
    except InvalidInput as exc:  # nothing changed
        errors = [_("Not saved: {reason}.").format(reason=exc)]
        return _page(request, newsletter, items=_typed(item_views(newsletter), edits),
                     errors=errors, status_code=INVALID)  # fmt: skip
    if not move:
        flash(request, _("Saved. The exports show the newsletter as it is now."))
    moved_id = stored_id(move.partition(":")[2])
    anchor = f"#item-{moved_id}" if moved_id else ""
    return RedirectResponse(f"/reports/newsletters/{newsletter_id}{anchor}", status_code=303)


@router.post("/reports/newsletters/{newsletter_id}/delete")
def delete(
    request: Request, newsletter_id: PathId, user: Editor, session: WriteSessionDep
) -> Response:
    _ = gettext_for(request)
    try:
        delete_newsletter(session, newsletter_id=newsletter_id)
    except LookupError:
        return _missing(request, newsletter_id)
    flash(request, _("The saved newsletter {id} is deleted.").format(id=newsletter_id))
    return RedirectResponse("/reports", status_code=303)
