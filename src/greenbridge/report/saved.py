"""Newsletters saved for editing: a generated newsletter kept with its items, which editors
choose (in or left out), put in order and reword before export.

The export is a `Report` of the items as edited (`edited_report`): the items left out are not
in it, and every sentence, reworded or not, cites the evidence and documents of the sentence it
was generated as. Services never commit; the caller owns the transaction."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date
from itertools import groupby
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from greenbridge.report.model import Item, Report, Section, Source, Statement
from greenbridge.report.newsletter import SECTIONS, build_newsletter
from greenbridge.store.limits import InvalidInput, reject_nul
from greenbridge.store.models import Newsletter, NewsletterItem, utcnow

log = logging.getLogger(__name__)

MAX_TITLE_CHARS = 300
"""The longest title of a saved newsletter."""
MAX_ITEM_TITLE_CHARS = 1000
"""The longest title or headline of an item."""
MAX_STATEMENT_CHARS = 4000
"""The longest sentence of an item."""
SECTION_TITLES = dict(SECTIONS)
DEFAULT_TITLE = "Newsletter"


class EditConflict(Exception):
    """The newsletter was saved by someone else since the edit began (nothing was changed)."""


class ConcurrentEdit(EditConflict):
    """Someone else saved the newsletter at the same moment; the session must be rolled back."""


@dataclass(frozen=True)
class ItemEdit:
    """An item as the editor left it: in or out, its title ("": the generated one), headline
    ("" or None: the title) and the text of each sentence in order ("" leaves it out)."""

    id: int
    included: bool
    title: str
    headline: str | None
    statements: list[str]


def save_newsletter(
    session: Session, *, start: date | None = None, end: date | None = None,
    organization: str | None = None, user: str | None = None, title: str | None = None,
) -> Newsletter:  # fmt: skip
    """Generate the newsletter of the period and keep it, item by item, to be edited."""
    report = build_newsletter(session, start=start, end=end, organization=organization or None)
    newsletter = Newsletter(
        title=_title(title or report.title), start=report.start, end=report.end,
        organization=report.subject, notes=list(report.notes), created_by=user,
        updated_by=user,
    )  # fmt: skip
    items = [item for section in report.sections for item in section.items]
    newsletter.items = [_stored_item(position, item) for position, item in enumerate(items)]
    session.add(newsletter)
    session.flush()
    log.info("newsletter %d saved with %d items by %s", newsletter.id, len(items), user)
    return newsletter


def _stored_item(position: int, item: Item) -> NewsletterItem:
    statements = [
        {"text": s.text, "original": s.text, "evidence_ids": list(s.evidence_ids),
         "sources": [asdict(source) for source in s.sources]}
        for s in item.statements
    ]  # fmt: skip
    return NewsletterItem(
        position=position, included=True, kind=item.kind, date=item.date, title=item.title,
        original_title=item.title, headline=item.headline, original_headline=item.headline,
        statements=statements,
    )  # fmt: skip


def get_newsletter(session: Session, *, newsletter_id: int) -> Newsletter:
    """The saved newsletter, or LookupError."""
    newsletter = session.get(Newsletter, newsletter_id)
    if newsletter is None:
        raise LookupError(f"no saved newsletter {newsletter_id}")
    return newsletter


@dataclass(frozen=True)
class NewsletterSummary:
    """A line of the list of saved newsletters."""

    id: int
    title: str
    start: str | None
    end: str | None
    organization: str | None
    items: int
    included: int
    created_by: str | None
    created_at: str
    updated_by: str | None
    updated_at: str
    revision: int


def list_newsletters(
    session: Session, *, limit: int = 100, offset: int = 0
) -> list[NewsletterSummary]:
    """Saved newsletters, the most recently saved first, with their counts of items."""
    rows = session.scalars(
        select(Newsletter).order_by(Newsletter.updated_at.desc(), Newsletter.id.desc())
        .limit(limit).offset(offset)
    ).all()  # fmt: skip
    counts = _item_counts(session, [n.id for n in rows])
    return [_summary(n, *counts.get(n.id, (0, 0))) for n in rows]


def _summary(n: Newsletter, items: int, included: int) -> NewsletterSummary:
    return NewsletterSummary(
        n.id, n.title, n.start, n.end, n.organization, items, included, n.created_by,
        n.created_at.isoformat(), n.updated_by, n.updated_at.isoformat(), n.revision,
    )  # fmt: skip


def _item_counts(session: Session, ids: list[int]) -> dict[int, tuple[int, int]]:
    if not ids:
        return {}
    included = func.sum(case((NewsletterItem.included, 1), else_=0))
    rows = session.execute(
        select(NewsletterItem.newsletter_id, func.count(), included)
        .where(NewsletterItem.newsletter_id.in_(ids)).group_by(NewsletterItem.newsletter_id)
    )  # fmt: skip
    return {row[0]: (int(row[1]), int(row[2] or 0)) for row in rows}


def edit_newsletter(
    session: Session, *, newsletter_id: int, items: list[ItemEdit], user: str | None = None,
    title: str | None = None, revision: int | None = None,
) -> Newsletter:  # fmt: skip
    """Keep the edits: `items` are all the newsletter's items, each once, in their new order.

    InvalidInput when they are not, or a text is too long; EditConflict when
    `revision` is not the saved one (someone saved in between); LookupError for no newsletter.
    Nothing is changed unless every edit is valid."""
    newsletter = get_newsletter(session, newsletter_id=newsletter_id)
    if revision is not None and revision != newsletter.revision:
        raise EditConflict(
            f"newsletter {newsletter_id} was saved by {newsletter.updated_by or 'someone'} "
            f"since this edit began (revision {newsletter.revision}, not {revision}); "
            "reload it and make the edits again"
        )
    stored = {item.id: item for item in newsletter.items}
    _check_ids([edit.id for edit in items], stored)
    cleaned = [_cleaned(stored[edit.id], edit) for edit in items]  # all checked, then applied
    new_title = _title(title) if title is not None else newsletter.title
    for position, edit in enumerate(cleaned):
        _apply(stored[edit.id], position, edit)
    newsletter.title = new_title
    newsletter.items.sort(key=lambda item: item.position)
    newsletter.updated_by, newsletter.updated_at = user, utcnow()
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConcurrentEdit(
            f"newsletter {newsletter_id} was saved by someone else at the same time; reload it"
        ) from exc
    return newsletter


def _check_ids(ids: list[int], stored: dict[int, NewsletterItem]) -> None:
    unknown = sorted(set(ids) - set(stored))
    missing = sorted(set(stored) - set(ids))
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    problems = [
        f"{what} {', '.join(map(str, found))}"
        for what, found in (("unknown items", unknown), ("missing items", missing),
                            ("items given twice", repeated))
        if found
    ]  # fmt: skip
    if problems:
        raise InvalidInput(
            f"list each of the newsletter's {len(stored)} items once, in the new order "
            f"({'; '.join(problems)})"
        )


def _cleaned(item: NewsletterItem, edit: ItemEdit) -> ItemEdit:
    """The edit with its texts checked and spaces tidied; InvalidInput when one is too long."""
    if len(edit.statements) != len(item.statements):
        raise InvalidInput(
            f"item {item.id} has {len(item.statements)} sentence(s); {len(edit.statements)} given"
        )
    title = _text(edit.title, f"the title of item {item.id}", MAX_ITEM_TITLE_CHARS)
    headline = _text(edit.headline or "", f"the headline of item {item.id}", MAX_ITEM_TITLE_CHARS)
    texts = [
        _text(text, f"sentence {n} of item {item.id}", MAX_STATEMENT_CHARS)
        for n, text in enumerate(edit.statements, 1)
    ]
    return ItemEdit(edit.id, edit.included, title or item.original_title, headline or None, texts)


def _apply(item: NewsletterItem, position: int, edit: ItemEdit) -> None:
    item.position, item.included, item.title, item.headline = (
        position, edit.included, edit.title, edit.headline
    )  # fmt: skip
    item.statements = [
        {**old, "text": text} for old, text in zip(item.statements, edit.statements, strict=True)
    ]


def _text(value: str, what: str, limit: int) -> str:
    text = " ".join(reject_nul(value, what).split())
    if len(text) > limit:
        raise InvalidInput(f"{what} is {len(text):,} characters long; at most {limit:,}")
    return text


def _title(value: str) -> str:
    return _text(value, "the newsletter's title", MAX_TITLE_CHARS) or DEFAULT_TITLE


def delete_newsletter(session: Session, *, newsletter_id: int) -> None:
    """Forget a saved newsletter and its edits (the graph it was written from stays)."""
    session.delete(get_newsletter(session, newsletter_id=newsletter_id))


def edited_report(newsletter: Newsletter) -> Report:
    """The newsletter as edited, for `render`: the included items in their order (items of one
    kind next to each other under one heading), their headlines, each sentence with its evidence."""
    report = Report("newsletter", newsletter.title, newsletter.start, newsletter.end,
                    subject=newsletter.organization, notes=list(newsletter.notes))  # fmt: skip
    chosen = [_report_item(item) for item in newsletter.items if item.included]
    for kind, run in groupby(chosen, key=lambda item: item.kind):
        report.sections.append(Section(SECTION_TITLES.get(kind, kind), items=list(run)))
    report.headlines = [
        Statement(item.headline or item.title, item.evidence_ids, item.sources) for item in chosen
    ]
    return report


def _report_item(item: NewsletterItem) -> Item:
    statements = [_statement(s) for s in item.statements if s["text"]]
    return Item(item.kind, item.title, item.date, statements, headline=item.headline)


def _statement(stored: dict[str, Any]) -> Statement:
    sources = [Source(**source) for source in stored["sources"]]
    return Statement(stored["text"], list(stored["evidence_ids"]), sources)
