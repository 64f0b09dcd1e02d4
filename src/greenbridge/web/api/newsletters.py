"""REST routes for newsletters saved for editing: generate and save, list, read, edit (choose,
order and reword the items), export as JSON, Markdown, HTML or PDF, delete."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, StrictBool

from greenbridge.report import MEDIA_TYPES, render
from greenbridge.report.saved import (
    MAX_ITEM_TITLE_CHARS,
    MAX_STATEMENT_CHARS,
    MAX_TITLE_CHARS,
    EditConflict,
    ItemEdit,
    NewsletterSummary,
    delete_newsletter,
    edit_newsletter,
    edited_report,
    get_newsletter,
    list_newsletters,
    save_newsletter,
)
from greenbridge.store.limits import MAX_ID, MAX_PAGE_SIZE, InvalidInput
from greenbridge.store.models import Newsletter
from greenbridge.web.api.documents import UtcDateTime
from greenbridge.web.api.reports import Day
from greenbridge.web.deps import BodyId, Editor, OffsetQuery, SessionDep, WriteSessionDep

router = APIRouter(prefix="/api/reports/newsletters", tags=["reports"])

NewsletterId = Annotated[int, Path(ge=1, le=MAX_ID, description="The saved newsletter's number.")]
MAX_ITEMS = 2000
MAX_SENTENCES = 200
EXPORTS: dict[int | str, dict[str, Any]] = {
    200: {"description": "The newsletter as edited: JSON (this record), or the export as "
          "Markdown, HTML or PDF (`format`).",
          "content": {MEDIA_TYPES[f].split(";")[0]: {} for f in ("md", "html", "pdf")}},
}  # fmt: skip


class SourceOut(BaseModel):
    document_id: int
    title: str | None
    source: str | None
    published: str | None


class StatementOut(BaseModel):
    text: str = Field(description="The sentence as it will be exported; empty: left out.")
    original: str = Field(description="The sentence as generated from the evidence.")
    evidence_ids: list[int]
    sources: list[SourceOut]


class ItemOut(BaseModel):
    id: int
    position: int
    included: bool
    kind: str = Field(description="event, founded, member_of, deployed or cooperates_with")
    date: str | None
    title: str
    original_title: str
    headline: str | None = Field(description="null: the title")
    original_headline: str | None
    statements: list[StatementOut]


class NewsletterLine(BaseModel):
    id: int
    title: str
    start: str | None
    end: str | None
    organization: str | None
    items: int
    included: int = Field(description="Items that the export shows.")
    created_by: str | None
    created_at: str
    updated_by: str | None
    updated_at: str
    revision: int


class NewsletterOut(BaseModel):
    id: int
    title: str
    start: str | None
    end: str | None
    organization: str | None
    notes: list[str]
    created_by: str | None
    created_at: UtcDateTime
    updated_by: str | None
    updated_at: UtcDateTime
    revision: int = Field(description="Send it back with an edit: a save made since is a 409.")
    items: list[ItemOut]


class NewsletterIn(BaseModel):
    start: Day | None = Field(None, description="First day (YYYY-MM-DD).")
    end: Day | None = Field(None, description="Last day (YYYY-MM-DD).")
    organization: str | None = Field(None, max_length=300)
    title: str | None = Field(None, max_length=MAX_TITLE_CHARS, description="Default: Newsletter.")


class ItemIn(BaseModel):
    id: BodyId
    included: StrictBool = True
    title: str = Field(max_length=MAX_ITEM_TITLE_CHARS, description="Empty: the generated one.")
    headline: str | None = Field(None, max_length=MAX_ITEM_TITLE_CHARS,
                                 description="Empty or null: the title.")  # fmt: skip
    statements: list[Annotated[str, Field(max_length=MAX_STATEMENT_CHARS)]] = Field(
        max_length=MAX_SENTENCES, description="Each sentence's text, as many as the item has, "
        "in order; an empty one is left out of the export."
    )  # fmt: skip


class NewsletterEdit(BaseModel):
    title: str | None = Field(None, max_length=MAX_TITLE_CHARS, description="Empty: Newsletter.")
    revision: BodyId | None = Field(
        None, description="The revision edited; when another one has been saved since, 409."
    )
    items: list[ItemIn] = Field(max_length=MAX_ITEMS, description="Every item of the newsletter "
                                "once, in the new order.")  # fmt: skip


def newsletter_out(newsletter: Newsletter) -> NewsletterOut:
    items = [
        ItemOut(id=i.id, position=i.position, included=i.included, kind=i.kind, date=i.date,
                title=i.title, original_title=i.original_title, headline=i.headline,
                original_headline=i.original_headline,
                statements=[StatementOut(**s) for s in i.statements])
        for i in newsletter.items
    ]  # fmt: skip
    return NewsletterOut(
        id=newsletter.id, title=newsletter.title, start=newsletter.start, end=newsletter.end,
        organization=newsletter.organization, notes=newsletter.notes,
        created_by=newsletter.created_by, created_at=newsletter.created_at,
        updated_by=newsletter.updated_by, updated_at=newsletter.updated_at,
        revision=newsletter.revision, items=items,
    )  # fmt: skip


def _line(summary: NewsletterSummary) -> NewsletterLine:
    return NewsletterLine(**summary.__dict__)


def export(newsletter: Newsletter, fmt: str, base_url: str) -> Response:
    """The edited newsletter rendered; Markdown and PDF as downloads."""
    content = render(edited_report(newsletter), fmt, base_url=base_url)
    headers = {}
    if fmt in ("md", "pdf"):
        headers["Content-Disposition"] = f'attachment; filename="newsletter-{newsletter.id}.{fmt}"'
    return Response(content, media_type=MEDIA_TYPES[fmt], headers=headers)


@router.post("", status_code=201, summary="Generate a newsletter and save it for editing")
def create(body: NewsletterIn, user: Editor, session: WriteSessionDep) -> NewsletterOut:
    """The newsletter of the period (and organization) as `GET /api/reports/newsletter` writes
    it, kept item by item with each sentence's evidence, to be edited before export."""
    saved = save_newsletter(session, start=body.start, end=body.end,
                            organization=body.organization, user=user.username,
                            title=body.title)  # fmt: skip
    return newsletter_out(saved)


@router.get("", summary="Saved newsletters, the most recently saved first")
def newsletters(
    session: SessionDep, offset: OffsetQuery = 0,
    limit: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
) -> list[NewsletterLine]:  # fmt: skip
    return [_line(s) for s in list_newsletters(session, limit=limit, offset=offset)]


@router.get("/{newsletter_id}", response_model=NewsletterOut, responses=EXPORTS,
            summary="A saved newsletter, or its export as Markdown, HTML or PDF")  # fmt: skip
def newsletter(
    request: Request, newsletter_id: NewsletterId, session: SessionDep,
    format: str = Query("json", pattern="^(json|md|html|pdf)$",
                        description="json: this record with every edit and original; md, html "
                        "or pdf: the export (included items, in order, with their sources)."),
) -> Any:  # fmt: skip
    try:
        saved = get_newsletter(session, newsletter_id=newsletter_id)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from exc
    if format == "json":
        return newsletter_out(saved)
    return export(saved, format, str(request.base_url))


@router.put("/{newsletter_id}", summary="Keep the edits of a saved newsletter")
def edit(
    newsletter_id: NewsletterId, body: NewsletterEdit, user: Editor, session: WriteSessionDep
) -> NewsletterOut:
    """Every item once, in the new order, each in or left out, with its title, headline and
    sentences as reworded. Each sentence keeps the evidence it was generated from."""
    edits = [ItemEdit(i.id, i.included, i.title, i.headline, list(i.statements))
             for i in body.items]  # fmt: skip
    try:
        saved = edit_newsletter(session, newsletter_id=newsletter_id, items=edits,
                                user=user.username, title=body.title,
                                revision=body.revision)  # fmt: skip
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from exc
    except EditConflict as exc:
        raise HTTPException(409, str(exc)) from exc
    except InvalidInput as exc:  # items that are not the newsletter's: its state conflicts
        raise HTTPException(409, str(exc)) from exc
    return newsletter_out(saved)


@router.delete("/{newsletter_id}", status_code=204, summary="Forget a saved newsletter")
def delete(newsletter_id: NewsletterId, user: Editor, session: WriteSessionDep) -> None:
    try:
        delete_newsletter(session, newsletter_id=newsletter_id)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from exc
