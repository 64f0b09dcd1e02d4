"""`greenbridge search TEXT`: entities and documents that mention the text."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from greenbridge.cli.app import app
from greenbridge.cli.common import console, open_store
from greenbridge.store.db import make_sessionmaker
from greenbridge.store.entities import search_documents, search_entities


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to look for in names and documents.")],
    entity_type: Annotated[
        str | None, typer.Option("--type", help="Only entities of this type (person, ...).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Most results of each kind.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Search entities (any of their names holds every word) and documents (title or text)."""
    engine = open_store()
    with make_sessionmaker(engine)() as session:
        entities = search_entities(session, text, entity_type=entity_type, limit=limit)
        documents = search_documents(session, text, limit=limit)
    if as_json:
        payload = {
            "entities": [hit.__dict__ for hit in entities],
            "documents": [hit.__dict__ for hit in documents],
        }
        console.print_json(json.dumps(payload, ensure_ascii=False, default=str))
        return
    table = Table("entity", "type", "name", "matched name", "other names")
    for hit in entities:
        others = ", ".join(n for n in hit.names if n not in (hit.name, hit.matched))
        table.add_row(str(hit.id), hit.type, hit.name, hit.matched, others)
    console.print(table)
    for doc in documents:
        console.print(f"[bold]document {doc.id}[/] {doc.title or ''}", highlight=False)
        console.print(f"  {doc.snippet}", markup=False, highlight=False)
    console.print(f"{len(entities)} entit(ies), {len(documents)} document(s)")
