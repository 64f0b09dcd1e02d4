"""One entry point for the report kinds, as the CLI, the API and the Reports page call it."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from greenbridge.report.activity import build_activity
from greenbridge.report.impact import build_impact
from greenbridge.report.model import Report
from greenbridge.report.newsletter import build_newsletter

KINDS = ("newsletter", "activity", "impact")


def build_report(
    session: Session,
    kind: str,
    *,
    start: date | None = None,
    end: date | None = None,
    organization: str | None = None,
    alliance: str | None = None,
    charts: bool = True,
) -> Report:
    """A report of `kind` (newsletter, activity or impact) for the period and organization."""
    if kind == "newsletter":
        return build_newsletter(session, start=start, end=end, organization=organization)
    if kind == "impact":
        return build_impact(session, start=start, end=end, organization=organization)
    if kind == "activity":
        return build_activity(
            session,
            organization=organization,
            alliance=alliance,
            start=start,
            end=end,
            charts=charts,
        )
    raise ValueError(f"unknown report kind {kind!r}; use one of {', '.join(KINDS)}")
