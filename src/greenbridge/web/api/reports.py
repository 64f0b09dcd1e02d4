"""REST routes for reports: newsletter, activity and impact, as JSON, Markdown, HTML or PDF."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BeforeValidator

from greenbridge.report import FORMATS, MEDIA_TYPES, build_report, render
from greenbridge.web.deps import SessionDep

router = APIRouter(prefix="/api/reports", tags=["reports"])

FormatQuery = Query("json", pattern="^(json|md|html|pdf)$", description="json, md, html or pdf.")


def _iso_day(value: object) -> object:
    """A day only as the OpenAPI document writes it (YYYY-MM-DD), not as a number of seconds."""
    if isinstance(value, str) and not DAY.fullmatch(value):
        raise ValueError("a day is written YYYY-MM-DD, for example 2024-05-17")
    return value


DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
Day = Annotated[date, BeforeValidator(_iso_day)]


def report_response(session: SessionDep, kind: str, fmt: str, **params: Any) -> Response:
    """Build the report and answer in the asked format (md and pdf as downloads)."""
    if fmt not in FORMATS:
        raise HTTPException(status_code=400, detail=f"unknown format {fmt}")
    report = build_report(session, kind, charts=fmt in ("html", "pdf"), **params)
    if fmt == "json":
        return JSONResponse(report.to_dict())
    content = render(report, fmt)
    headers = {}
    if fmt in ("md", "pdf"):
        stem = f"{kind}-{report.start or 'start'}-{report.end or 'end'}"
        headers["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return Response(content, media_type=MEDIA_TYPES[fmt], headers=headers)


@router.get("/newsletter")
def newsletter(
    session: SessionDep,
    start: Day | None = Query(None, description="First day (YYYY-MM-DD)."),
    end: Day | None = Query(None, description="Last day (YYYY-MM-DD)."),
    organization: str | None = Query(None, max_length=300),
    format: str = FormatQuery,
) -> Response:
    """Headlines and one item per event, founding, membership, deployment or agreement."""
    return report_response(
        session, "newsletter", format, start=start, end=end, organization=organization
    )


@router.get("/activity")
def activity(
    session: SessionDep,
    organization: str | None = Query(None, max_length=300),
    alliance: str | None = Query(None, max_length=300),
    start: Day | None = Query(None),
    end: Day | None = Query(None),
    format: str = FormatQuery,
) -> Response:
    """Activity of an organization or an alliance (with its members): counts, members,
    events, the most active. Both given: the two together; neither: everything recorded."""
    return report_response(
        session,
        "activity",
        format,
        start=start,
        end=end,
        organization=organization,
        alliance=alliance,
    )


@router.get("/impact")
def impact(
    session: SessionDep,
    start: Day | None = Query(None),
    end: Day | None = Query(None),
    organization: str | None = Query(None, max_length=300),
    format: str = FormatQuery,
) -> Response:
    """The impact ledger: outcome figures with units and totals, each with its evidence."""
    return report_response(
        session, "impact", format, start=start, end=end, organization=organization
    )
