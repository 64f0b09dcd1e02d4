"""The fact queue page: extracted relations below the publish threshold, one per row with the
sentence and both ends highlighted; accept, fix (another type or far end) or reject, by button
or key (j/k move, a accept, r reject, f fix); counts per document with a filter."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenbridge.schema import relation_types
from greenbridge.store.corrections import CorrectionError
from greenbridge.store.fact_review import (
    accept_fact,
    document_titles,
    fix_fact,
    pending_counts,
    pending_facts,
    reject_fact,
)
from greenbridge.web.deps import MAX_ID, Editor, PathId, SessionDep, WriteSessionDep, render
from greenbridge.web.i18n import gettext_for
from greenbridge.web.security import flash, require_role
from greenbridge.web.vocabulary import N_

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_role("viewer"))])


def highlight(sentence: str, ends: list[str]) -> list[tuple[str, bool]]:
    """The sentence cut into (text, is an end) pieces: each end's name is marked."""
    names = sorted({e for e in ends if e and e.strip()}, key=len, reverse=True)
    if not names:
        return [(sentence, False)]
    pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
    pieces: list[tuple[str, bool]] = []
    last = 0
    for found in pattern.finditer(sentence):
        pieces += [(sentence[last : found.start()], False), (found.group(0), True)]
        last = found.end()
    pieces.append((sentence[last:], False))
    return [p for p in pieces if p[0]]


@router.get("/review/facts", response_class=HTMLResponse)
def fact_queue(
    request: Request, session: SessionDep,
    document: int | None = Query(None, ge=1, le=MAX_ID),
) -> Response:  # fmt: skip
    facts = pending_facts(session, limit=100, document_id=document)
    counts = pending_counts(session)
    rows = [(f, highlight(f.sentence or "", [f.subject, f.object])) for f in facts]
    context = {"rows": rows, "counts": counts, "titles": document_titles(session, list(counts)),
               "document": document, "relation_types": sorted(relation_types())}  # fmt: skip
    return render(request, "facts.html", context)


@router.post("/review/facts/{relation_id}")
def decide_fact(
    relation_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    decision: str = Form(..., pattern="^(accept|reject|fix)$"),
    type: str = Form("", max_length=32), other: int | None = Form(None, ge=1, le=MAX_ID),
    back: str = Form("/review/facts", max_length=200),
) -> Response:  # fmt: skip
    url = back if back.startswith("/review/facts") else "/review/facts"
    try:
        if decision == "accept":
            accept_fact(session, relation_id, user=user.username)
        elif decision == "reject":
            reject_fact(session, relation_id, user=user.username)
        else:
            fix_fact(session, relation_id, type=type or None, object_id=other, user=user.username)
    except CorrectionError as exc:
        flash(request, str(exc), "error")
        return RedirectResponse(url, status_code=303)
    done = {"accept": N_("Accepted: relation {id}."), "reject": N_("Rejected: relation {id}."),
            "fix": N_("Fixed and published: relation {id}.")}[decision]  # fmt: skip
    flash(request, gettext_for(request)(done).format(id=relation_id))
    return RedirectResponse(url, status_code=303)
