"""`greenbridge sources add|list|remove|poll`: feeds and sitemaps polled for new documents."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from greenbridge.cli.app import app
from greenbridge.cli.common import console, errors, open_store
from greenbridge.jobs import run_job
from greenbridge.settings import get_settings
from greenbridge.sources.fetch import PoliteFetcher
from greenbridge.sources.service import (
    KINDS,
    PollAccount,
    add_source,
    due_source_ids,
    list_sources,
    poll_source,
    remove_source,
)
from greenbridge.store.db import read_session, transaction
from greenbridge.store.limits import InvalidInput

sources_app = typer.Typer(help="Feeds and sitemaps of member institutions, polled for documents.")
app.add_typer(sources_app, name="sources")

SourceId = Annotated[
    int, typer.Argument(help="The source's number (see `greenbridge sources list`).")
]


@sources_app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="Address of an RSS/Atom feed or a sitemap.")],
    kind: Annotated[str, typer.Option(help=f"One of: {', '.join(KINDS)}.")] = "feed",
    name: Annotated[str, typer.Option(help="A name to show.")] = "",
    every: Annotated[int, typer.Option(help="Minutes between two polls (5 to 10080).")] = 60,
) -> None:
    """Register a feed or a sitemap."""
    try:
        with transaction(open_store()) as session:
            source = add_source(session, url=url, kind=kind, name=name, every_minutes=every)
            console.print(f"source {source.id}: {source.kind} {source.url}, every {every} min")
    except InvalidInput as exc:
        errors.print(str(exc))
        raise typer.Exit(1) from exc


@sources_app.command("list")
def list_command() -> None:
    """Every source: when it was polled, its last error, its addresses by outcome."""
    table = Table("source", "kind", "address", "polled", "addresses", "last error")
    with read_session(open_store()) as session:
        for view in list_sources(session):
            polled = view.polled.strftime("%Y-%m-%d %H:%M") if view.polled else "never"
            found = ", ".join(f"{n} {state}" for state, n in sorted(view.items.items()))
            table.add_row(str(view.id), view.kind, view.url, polled, found or "-", view.error)
    console.print(table)


@sources_app.command("remove")
def remove(source_id: SourceId) -> None:
    """Forget a source (the documents it brought stay)."""
    try:
        with transaction(open_store()) as session:
            remove_source(session, source_id)
    except LookupError as exc:
        errors.print(str(exc))
        raise typer.Exit(1) from exc
    console.print(f"source {source_id} removed")


@sources_app.command("poll")
def poll(
    source_ids: Annotated[list[int] | None, typer.Argument(help="Sources to poll (default: those due).")] = None,
    run: Annotated[bool, typer.Option("--run/--queue", help="Run the new jobs here, or leave them to a worker.")] = False,
    extract: Annotated[bool, typer.Option("--extract/--no-extract", help="With --run: extract each document.")] = True,
) -> None:  # fmt: skip
    """Poll sources now: new addresses are fetched and queued as an ingest job per source."""
    engine = open_store()
    settings = get_settings()
    if not source_ids:
        with read_session(engine) as session:
            source_ids = due_source_ids(session)
    fetcher = PoliteFetcher(min_interval=settings.source_interval)
    failed = False
    for source_id in source_ids:
        try:
            account = poll_source(engine, source_id, fetcher)
        except LookupError as exc:
            errors.print(str(exc))
            failed = True
            continue
        console.print(_line(account))
        failed = failed or bool(account.error)
        if run and account.job_id is not None:
            analyse = _analyser() if extract else None
            done = run_job(engine, account.job_id, analyse=analyse,
                           max_bytes=settings.max_document_bytes)  # fmt: skip
            console.print(f"  job {done.id}: {done.state}, {dict(done.counts)}")
    if failed:
        raise typer.Exit(1)


def _line(account: PollAccount) -> str:
    if account.error:
        return f"source {account.source_id}: error: {account.error}"
    job = f", job {account.job_id}" if account.job_id else ""
    return (f"source {account.source_id}: {account.listed} listed, {account.queued} new, "
            f"{account.unchanged} unchanged, {account.refused} refused by robots.txt, "
            f"{account.failed} failed{job}")  # fmt: skip


def _analyser():  # type: ignore[no-untyped-def]
    from greenbridge.pipeline import analyse_document

    return analyse_document
