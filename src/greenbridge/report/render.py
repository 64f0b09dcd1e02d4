"""Reports rendered as Markdown, HTML (a standalone page or a fragment for the web page) and
PDF. Sources are numbered once per report; every statement and row cites its numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from greenbridge.report.fonts import css_font_stack
from greenbridge.report.model import Report, Source

FORMATS = ("md", "html", "pdf", "json")
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
}
_TEMPLATES = Path(__file__).parent / "templates"
_html = Environment(
    loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html", "j2"])
)
_text = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=False, trim_blocks=True)


class SourceIndex:
    """Numbers the documents of a report in the order they are first cited."""

    def __init__(self, report: Report) -> None:
        self.sources: list[Source] = []
        self._numbers: dict[int, int] = {}
        cited = [s.sources for s in report.statements]
        cited += [r.sources for sec in report.sections for t in sec.tables for r in t.rows]
        for group in cited:
            for source in group:
                if source.document_id not in self._numbers:
                    self.sources.append(source)
                    self._numbers[source.document_id] = len(self.sources)

    def numbers(self, sources: list[Source]) -> list[tuple[int, Source]]:
        return [(self._numbers[s.document_id], s) for s in sources]


def _context(report: Report, base_url: str) -> dict[str, Any]:
    return {"report": report, "index": SourceIndex(report), "base": base_url.rstrip("/")}


def to_markdown(report: Report, *, base_url: str = "") -> str:
    """The report as Markdown; sources cited as [n] and listed at the end."""
    return _text.get_template("report.md.j2").render(**_context(report, base_url)).strip() + "\n"


def to_html_fragment(report: Report, *, base_url: str = "") -> str:
    """The report body as HTML, for embedding in a page of the web workspace."""
    return _html.get_template("report_body.html.j2").render(**_context(report, base_url))


def to_html(report: Report, *, base_url: str = "") -> str:
    """A standalone HTML document (inline styles, charts as inline SVG), also used for PDF."""
    body = to_html_fragment(report, base_url=base_url)
    return _html.get_template("report_page.html.j2").render(
        report=report, body=body, font_stack=css_font_stack()
    )


def render(report: Report, fmt: str, *, base_url: str = "") -> str | bytes:
    """The report in one of FORMATS (`pdf` gives bytes)."""
    if fmt == "md":
        return to_markdown(report, base_url=base_url)
    if fmt == "html":
        return to_html(report, base_url=base_url)
    if fmt == "pdf":
        from greenbridge.report.pdf import html_to_pdf

        return html_to_pdf(to_html(report, base_url=base_url))
    if fmt == "json":
        import json

        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
