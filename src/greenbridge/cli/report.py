"""`greenbridge report ...`: newsletters, activity reports and the impact ledger from the graph."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from greenbridge.cli.app import app
from greenbridge.cli.common import console, errors, open_store
from greenbridge.report import FORMATS, Report, build_report, render
from greenbridge.store.db import make_sessionmaker

report_app = typer.Typer(
    help="Reports written from the graph; every statement cites its documents.",
    no_args_is_help=True,
)
app.add_typer(report_app, name="report")

FromOpt = Annotated[
    datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="First day (YYYY-MM-DD).")
]
ToOpt = Annotated[
    datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day (YYYY-MM-DD).")
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="md, html, pdf or json.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
]
OrgOpt = Annotated[str | None, typer.Option("--organization", help="Organization name or id.")]


def _emit(report: Report, fmt: str, output: Path | None) -> None:
    if fmt not in FORMATS:
        errors.print(f"[red]unknown format {fmt!r}[/red]: use one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    content = render(report, fmt)
    if output is not None:
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        output.write_bytes(data)
        errors.print(f"wrote {report.title.lower()} ({report.period}) to {output}")
    elif isinstance(content, bytes):
        if sys.stdout.isatty():
            errors.print("[red]PDF is binary[/red]: give --output FILE")
            raise typer.Exit(2)
        sys.stdout.buffer.write(content)
    else:
        console.print(content, markup=False, highlight=False, soft_wrap=True)


def _build(kind: str, **params: Any) -> Report:
    engine = open_store()
    try:
        with make_sessionmaker(engine)() as session:
            return build_report(session, kind, **params)
    finally:
        engine.dispose()


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


@report_app.command("newsletter")
def newsletter(
    start: FromOpt = None,
    end: ToOpt = None,
    organization: OrgOpt = None,
    fmt: FormatOpt = "md",
    output: OutputOpt = None,
) -> None:
    """Headlines, then one item per event, founding, membership, deployment or agreement."""
    report = _build("newsletter", start=_day(start), end=_day(end), organization=organization)
    _emit(report, fmt, output)


@report_app.command("activity")
def activity(
    organization: OrgOpt = None,
    alliance: Annotated[
        str | None, typer.Option("--alliance", help="Alliance name (with its members).")
    ] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    fmt: FormatOpt = "md",
    output: OutputOpt = None,
) -> None:
    """Counts by month, country and type; members, partners, events, the most active (of the
    organization, the alliance, both together, or everything recorded when neither is named)."""
    report = _build(
        "activity",
        organization=organization,
        alliance=alliance,
        start=_day(start),
        end=_day(end),
        charts=fmt in ("html", "pdf"),
    )
    _emit(report, fmt, output)


@report_app.command("impact")
def impact(
    start: FromOpt = None,
    end: ToOpt = None,
    organization: OrgOpt = None,
    fmt: FormatOpt = "md",
    output: OutputOpt = None,
) -> None:
    """The impact ledger: outcome figures with units, totals by technology, country, SDG goal."""
    report = _build("impact", start=_day(start), end=_day(end), organization=organization)
    _emit(report, fmt, output)
