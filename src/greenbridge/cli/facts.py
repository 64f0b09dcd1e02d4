"""`greenbridge facts`: the review queue of extracted relations below the publish threshold."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from greenbridge.cli.app import app
from greenbridge.cli.common import console, errors, open_store
from greenbridge.store.corrections import CorrectionError
from greenbridge.store.db import transaction
from greenbridge.store.fact_review import accept_fact, pending_facts, reject_fact
from greenbridge.store.limits import MAX_ID, MAX_PAGE_SIZE

facts_app = typer.Typer(help="Review extracted facts below the publish threshold.")
app.add_typer(facts_app, name="facts")
RelationId = Annotated[
    int,
    typer.Argument(min=1, max=MAX_ID, help="A relation id (from `greenbridge facts list`)."),
]
Who = Annotated[str, typer.Option(help="Who decides (stored as the user's evidence).")]


@facts_app.command("list")
def list_facts(
    limit: Annotated[int, typer.Option(min=1, max=MAX_PAGE_SIZE, help="How many.")] = 50,
    document: Annotated[
        int | None, typer.Option(min=1, max=MAX_ID, help="Only this document's.")
    ] = None,
) -> None:
    """Waiting relations, most confident first, with the sentence behind each."""
    with transaction(open_store()) as session:
        facts = pending_facts(session, limit=limit, document_id=document)
    if not facts:
        console.print("no facts wait for review")
        return
    table = Table(title=f"{len(facts)} facts waiting for review")
    for column in ("id", "confidence", "fact", "sentence", "doc"):
        table.add_column(column)
    for f in facts:
        fact = f"{f.subject} -{f.type}-> {f.object}"
        table.add_row(
            str(f.relation_id), f"{f.confidence:.2f}", fact, f.sentence or "", str(f.document_id)
        )
    console.print(table)


def _decide(relation_id: int, user: str, accept: bool) -> None:
    try:
        with transaction(open_store()) as session:
            if accept:
                accept_fact(session, relation_id, user=user)
            else:
                reject_fact(session, relation_id, user=user)
    except CorrectionError as error:
        errors.print(str(error))
        raise typer.Exit(1) from None
    console.print(f"relation {relation_id} {'accepted' if accept else 'rejected'}")


@facts_app.command("accept")
def accept(relation_id: RelationId, user: Who = "cli") -> None:
    """Publish a waiting relation."""
    _decide(relation_id, user, accept=True)


@facts_app.command("reject")
def reject(relation_id: RelationId, user: Who = "cli") -> None:
    """Reject (retract) a waiting relation."""
    _decide(relation_id, user, accept=False)
