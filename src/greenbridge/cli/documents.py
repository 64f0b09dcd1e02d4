"""Commands over the store and its documents: init, ingest, documents, show, export, import, serve."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.orm import Session

from greenbridge import __version__
from greenbridge.cli.app import app, import_app
from greenbridge.cli.common import console, errors, open_store
from greenbridge.cli.ftm import ExportFormat, write_calendar
from greenbridge.ingest import IngestResult, ingest_paths
from greenbridge.ingest.service import expand_paths
from greenbridge.interop.ftm import write_ftm
from greenbridge.pipeline import extraction_note
from greenbridge.settings import get_settings
from greenbridge.store import documents as document_service
from greenbridge.store.db import make_sessionmaker, transaction
from greenbridge.store.exchange import ImportError_, import_records, read_jsonl, write_jsonl
from greenbridge.store.limits import MAX_ID

_STATUS_STYLE = {"added": "green", "duplicate": "yellow", "failed": "red", "skipped": "dim"}

# An idle keep-alive connection is closed after this long. Under a heavy load the server may read
# a client's next request late; with uvicorn's 5 s default it could close the connection first,
# and the client got no answer (seen at 50 clients on PostgreSQL).
KEEP_ALIVE_SECONDS = 75


def _version(value: bool) -> None:
    if value:
        console.print(f"greenbridge {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """greenbridge: alliance documents turned into a sourced graph of people, organizations,
    events, initiatives and technologies; search, matchmaking and reports on top."""


@app.command()
def init() -> None:
    """Create the store (or bring its schema up to date) and say where it is."""
    settings = get_settings()
    open_store(settings)
    console.print(f"store ready: {settings.resolved_database_url}")


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files (txt, md, html, pdf, docx, odt, pptx, eml, msg, png, jpg, tif) and folders."
        ),
    ],
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Extract entities and relations.")
    ] = True,
    engine_name: Annotated[
        str,
        typer.Option(
            "--engine",
            help="local: this process; dask: parse and extract on dask.distributed workers.",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Address of a dask scheduler (default: a LocalCluster is started)."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Workers of the LocalCluster.")] = 2,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Documents written per transaction (dask engine).")
    ] = 50,
    queue: Annotated[
        bool, typer.Option("--queue", help="Queue the files as a job (as `jobs add`) instead.")
    ] = False,
) -> None:
    """Ingest documents: clean, date, split into articles, extract and store them.

    The same bytes twice change nothing. Each failing file gets one line; the batch goes on and
    the exit code is 1 when any file failed. A file over GREENBRIDGE_MAX_DOCUMENT_BYTES (default
    50 MiB, the limit of a web upload too) fails with its size and the limit."""
    if queue:
        from greenbridge.cli.jobs import queue_paths

        queue_paths(paths)
        return
    if engine_name not in {"local", "dask"}:
        raise typer.BadParameter("--engine is local or dask", param_hint="--engine")
    if scheduler and engine_name != "dask":
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    settings = get_settings()
    engine = open_store(settings)
    analyse = _analyser() if extract else None
    total = sum(1 for _ in expand_paths(paths))
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=errors,
        transient=True,
        disable=total < 2,
    ) as progress:
        task = progress.add_task("", total=total)

        def report(result: IngestResult) -> None:
            progress.advance(task)
            progress.update(task, description=Path(result.path).name)
            _print_result(result)

        if engine_name == "dask":
            results = _ingest_on_dask(
                engine, paths, extract, settings.max_document_bytes, report,
                scheduler=scheduler, workers=workers, batch_size=batch_size,
            )  # fmt: skip
        else:
            results = ingest_paths(
                engine,
                paths,
                analyse=analyse,
                max_bytes=settings.max_document_bytes,
                on_result=report,
            )
    _print_totals(results)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


def _ingest_on_dask(  # type: ignore[no-untyped-def]
    engine, paths, extract, max_bytes, report, *, scheduler, workers, batch_size
) -> list[IngestResult]:
    from greenbridge.ingest.bulk import ingest_paths_distributed, open_client

    with open_client(scheduler, workers) as client:
        return ingest_paths_distributed(
            engine, paths, client=client, extract=extract, max_bytes=max_bytes,
            batch_size=batch_size, on_result=report,
        )  # fmt: skip


def _analyser():  # type: ignore[no-untyped-def]
    from greenbridge.pipeline import analyse_document

    return analyse_document


def _print_result(result: IngestResult) -> None:
    style = _STATUS_STYLE[result.status]
    detail = result.message
    if result.status == "added":
        parts = [f"document {result.document_id}", f"{result.articles} article(s)"]
        parts += [f"{n} {kind}" for kind, n in (result.counts or {}).items()]
        parts += [note for note in [extraction_note(result.language)] if note]
        detail = ", ".join(parts)
    console.print(
        f"[{style}]{result.status:9}[/] {result.path}: {detail}", highlight=False, soft_wrap=True
    )
    for attachment in result.attachments or []:
        _print_result(attachment)


def _print_totals(results: list[IngestResult]) -> None:
    counts = {s: sum(r.status == s for r in results) for s in _STATUS_STYLE}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    console.print(f"{len(results)} file(s): {summary or 'nothing to do'}")


@app.command()
def documents(
    limit: Annotated[int, typer.Option(min=1, max=MAX_ID, help="How many to list.")] = 50,
    query: Annotated[
        str | None, typer.Option(help="Only titles or sources containing this.")
    ] = None,
) -> None:
    """List stored documents, newest first."""
    engine = open_store()
    with make_sessionmaker(engine)() as session:
        rows = document_service.get_all(session, limit=limit, query=query)
        total = document_service.count_documents(session)
    table = Table("id", "title", "published", "type", "articles", "source")
    for row in rows:
        table.add_row(
            str(row.id),
            row.label,
            row.published or "",
            row.media_type,
            str(row.articles),
            row.source or "",
        )
    console.print(table)
    console.print(f"{len(rows)} of {total} document(s)")


@app.command()
def show(
    reference: Annotated[
        str,
        typer.Argument(
            help="A document (id, `doc:ID` or content-hash prefix) or an entity "
            "(`entity:ID`, or a name or alias)."
        ),
    ],
    full: Annotated[bool, typer.Option(help="Print a document's whole text.")] = False,
) -> None:
    """Show a document (metadata, articles, text) or an entity (names, relations, sources)."""
    from greenbridge.cli.resolve import show_entity

    engine = open_store()
    kind, _, value = reference.partition(":")
    with make_sessionmaker(engine)() as session:
        if kind in {"entity", "e"} and value:
            found = show_entity(session, value, console)
        elif kind in {"doc", "document", "d"} and value:
            found = _show_document(session, value, full=full)
        else:
            found = _show_document(session, reference, full=full) or show_entity(
                session, reference, console
            )
    if not found:
        errors.print(f"no document or entity {reference!r}")
        raise typer.Exit(1)


def _show_document(session: Session, reference: str, *, full: bool) -> bool:
    document = document_service.get_by_reference(session, reference)
    if document is None:
        return False
    evidence = document_service.evidence_count(session, document_id=document.id)
    console.print(f"[bold]{document.title or document.source}[/]  (document {document.id})")
    console.print(
        f"published {document.published or 'unknown'} · {document.media_type} · "
        f"{document.language or 'language unknown'} · {document.size_bytes} bytes · "
        f"{evidence} evidence span(s)\nsource {document.source}\nsha256 {document.content_hash}",
        highlight=False,
    )
    for article in document.articles:
        console.print(f"  article {article.position}: {article.title or '(untitled)'}")
    console.print()
    console.print(document.text if full else document.text[:1500], markup=False, highlight=False)
    return True


@app.command()
def export(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: standard output)."),
    ] = None,
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="jsonl: the whole store (`import graph` reads it); "
            "ftm: FollowTheMoney entities; ics: an iCalendar feed of events; xlsx: a workbook "
            "of the current facts with their evidence (needs --output).",
        ),
    ] = ExportFormat.jsonl,
    alliance: Annotated[
        int | None, typer.Option(min=1, max=MAX_ID, help="ics: the events of this alliance.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="ics: the events held in this country (name or code).")
    ] = None,
) -> None:
    """Export documents, entities, relations, evidence and judgements as JSON Lines, the graph
    as FollowTheMoney entities, or its events as an iCalendar feed."""
    if format is not ExportFormat.ics and (alliance or country):
        errors.print("--alliance and --country choose the events of an ics export")
        raise typer.Exit(2)
    if format is ExportFormat.xlsx:
        _export_xlsx(output)
        return
    engine = open_store()
    with make_sessionmaker(engine)() as session:
        if format is ExportFormat.ics:
            write_calendar(session, output, alliance=alliance, country=country)
            return
        write = write_ftm if format is ExportFormat.ftm else write_jsonl
        if output is None:
            counts = write(session, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as out:
                counts = write(session, out)
    errors.print("exported " + ", ".join(f"{n} {kind}" for kind, n in counts.items() if n))


def _export_xlsx(output: Path | None) -> None:
    from greenbridge.interop.xlsx import write_workbook

    if output is None:
        errors.print("--format xlsx writes a file: give --output FILE.xlsx")
        raise typer.Exit(2)
    with make_sessionmaker(open_store())() as session:
        counts = write_workbook(session, output)
    errors.print(
        f"wrote {output}: " + ", ".join(f"{n} {sheet.lower()}" for sheet, n in counts.items())
    )


@import_app.command("graph")
def import_graph(
    path: Annotated[
        Path, typer.Argument(help="A JSON Lines file written by `greenbridge export`.")
    ],
) -> None:
    """Import an export back into an empty store (all or nothing)."""
    engine = open_store()
    try:
        with path.open(encoding="utf-8") as lines, transaction(engine) as session:
            counts = import_records(session, read_jsonl(lines))
    except (ImportError_, OSError) as exc:
        errors.print(f"import failed, nothing written: {exc}")
        raise typer.Exit(1) from exc
    console.print("imported " + ", ".join(f"{n} {kind}" for kind, n in counts.items() if n))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Server processes (one per CPU core serves most).")
    ] = 1,
) -> None:
    """Serve the web workspace and the REST API."""
    import uvicorn

    from greenbridge.web.app import create_app

    settings = get_settings()
    open_store()  # migrate once, before any worker starts
    console.print(f"greenbridge on http://{host}:{port}/ (store {settings.resolved_database_url})")
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info",
                    timeout_keep_alive=KEEP_ALIVE_SECONDS)  # fmt: skip
        return
    # Each worker process builds its app from the same settings (read from the environment).
    uvicorn.run(
        "greenbridge.web.app:create_app", factory=True, host=host, port=port,
        workers=workers, log_level="info", timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )  # fmt: skip
