"""Reports from the graph: newsletters, activity reports and the impact ledger.

Every sentence and table row carries the evidence rows it rests on; text is written from
templates and states only what the graph holds (`build_newsletter`, `build_activity`,
`build_impact`, then `render(report, "md" | "html" | "pdf" | "json")`)."""

from greenbridge.report.activity import build_activity
from greenbridge.report.impact import build_impact
from greenbridge.report.model import Chart, Item, Report, Row, Section, Source, Statement, Table
from greenbridge.report.newsletter import build_newsletter
from greenbridge.report.render import (
    FORMATS,
    MEDIA_TYPES,
    render,
    to_html,
    to_html_fragment,
    to_markdown,
)
from greenbridge.report.service import KINDS, build_report

__all__ = [
    "FORMATS",
    "KINDS",
    "MEDIA_TYPES",
    "Chart",
    "Item",
    "Report",
    "Row",
    "Section",
    "Source",
    "Statement",
    "Table",
    "build_activity",
    "build_impact",
    "build_newsletter",
    "build_report",
    "render",
    "to_html",
    "to_html_fragment",
    "to_markdown",
]
