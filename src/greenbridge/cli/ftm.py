"""FollowTheMoney and iCalendar at the command line: `import ftm FILE`, and the pieces of
`export --format ftm|ics`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from greenbridge.cli.app import import_app
from greenbridge.cli.common import console, errors, open_store
from greenbridge.interop.ftm_import import FtmImportError, import_ftm, read_ftm
from greenbridge.interop.ical import build_calendar
from greenbridge.match.records import country_code
from greenbridge.store.db import transaction


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    ftm = "ftm"
    ics = "ics"
    xlsx = "xlsx"


def write_calendar(
    session: Session, output: Path | None, *, alliance: int | None, country: str | None
) -> None:
    """Write the iCalendar feed of the events in scope to `output` (or standard output)."""
    code = country_code(country) if country else None
    if country and code is None:
        errors.print(f"{country!r} is not a country; give its name or two-letter ISO code")
        raise typer.Exit(2)
    calendar = build_calendar(session, alliance_id=alliance, country=code)
    if output is None:
        sys.stdout.buffer.write(calendar)
    else:
        output.write_bytes(calendar)
    errors.print(f"exported {calendar.count(b'BEGIN:VEVENT')} events")


@import_app.command("ftm")
def import_ftm_file(
    path: Annotated[Path, typer.Argument(help="FollowTheMoney entities, one JSON object a line.")],
    user: Annotated[
        str | None, typer.Option(help="Who imports the file (named in the evidence).")
    ] = None,
) -> None:
    """Import FollowTheMoney entities (an alliance's member list kept elsewhere, an `export
    --format ftm`) into the registry; each imported fact's evidence names the file. Entities
    already imported (the same FtM id) are not added again. All or nothing."""
    engine = open_store()
    try:
        with path.open(encoding="utf-8") as lines, transaction(engine) as session:
            report = import_ftm(session, read_ftm(lines), source=path.name, user=user)
    except (FtmImportError, OSError, UnicodeDecodeError) as exc:
        errors.print(f"import failed, nothing written: {exc}")
        raise typer.Exit(1) from exc
    for reason in report.skipped[:20]:
        errors.print(f"skipped {reason}")
    console.print("imported " + ", ".join(f"{n} {k}" for k, n in sorted(report.counts.items())))
