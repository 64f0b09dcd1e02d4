"""The Reports page: a form (kind, period, organization) and the report it gives, with links
to the same report as Markdown, PDF and JSON from the API, and the newsletters saved to edit."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenbridge.report import KINDS, build_report, to_html_fragment
from greenbridge.report.saved import list_newsletters
from greenbridge.web.deps import SessionDep, render
from greenbridge.web.pages.forms import INVALID, FormPage, shows_form

router = APIRouter(include_in_schema=False, route_class=FormPage)
SAVED_SHOWN = 50  # saved newsletters listed below the form


def _report_form(request: Request, messages: list[str]) -> Response:
    """The form with the values as typed (a date that is not one included) and the messages."""
    typed = request.query_params
    kind = typed.get("kind") if typed.get("kind") in KINDS else "newsletter"
    params = {k: typed.get(k, "") for k in ("start", "end", "organization", "alliance")}
    context = {"kinds": KINDS, "kind": kind, "params": params, "body": None, "links": {},
               "errors": messages, "saved": []}  # fmt: skip
    return render(request, "reports.html", context, status_code=INVALID)


def _query(
    start: date | None, end: date | None, organization: str | None, alliance: str | None
) -> dict[str, str]:
    """The filled-in form fields, as query parameters of the API links."""
    values = {
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "organization": organization,
        "alliance": alliance,
    }
    return {k: v for k, v in values.items() if v}


@router.get("/reports", response_class=HTMLResponse)
@shows_form(_report_form)
def reports_page(
    request: Request,
    session: SessionDep,
    kind: str = Query("newsletter", pattern="^(newsletter|activity|impact)$"),
    start: date | None = Query(None),
    end: date | None = Query(None),
    organization: str | None = Query(None, max_length=300),
    alliance: str | None = Query(None, max_length=300),
    format: str = Query("html", pattern="^(html|md|pdf|json)$"),
) -> Response:
    organization, alliance = organization or None, alliance or None
    params = _query(start, end, organization, alliance)
    if format != "html" and "start" in params:
        return RedirectResponse(f"/api/reports/{kind}?{urlencode({**params, 'format': format})}")
    if start and end and end < start:
        return _report_form(request, [f"The period ends ({end}) before it starts ({start})."])
    body = None
    if "start" in params or "end" in params:
        report = build_report(
            session, kind, start=start, end=end, organization=organization, alliance=alliance
        )
        body = to_html_fragment(report)
    links = {
        fmt: f"/api/reports/{kind}?{urlencode({**params, 'format': fmt})}"
        for fmt in ("md", "pdf", "json")
    }
    context: dict[str, object] = {
        "kinds": KINDS,
        "kind": kind,
        "params": params,
        "body": body,
        "links": links,
        "saved": list_newsletters(session, limit=SAVED_SHOWN),
    }
    response: Response = render(request, "reports.html", context)
    return response
