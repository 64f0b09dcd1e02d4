"""Resolution commands: review the unsure queue, merge and unmerge records; `show_entity`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from sqlalchemy.orm import Session

from greenbridge.cli.app import app
from greenbridge.cli.common import console, errors, open_store
from greenbridge.resolve import (
    DIFFERENT,
    SAME,
    ReviewItem,
    answer,
    find_entity,
    merge,
    review_queue,
    unmerge,
)
from greenbridge.store.db import transaction
from greenbridge.store.entities import EntityPage, EvidenceItem, entity_exists, entity_page
from greenbridge.store.limits import MAX_ID

RELATIONS_SHOWN = 500
ANSWERS = {"s": SAME, "same": SAME, "d": DIFFERENT, "different": DIFFERENT}
SKIP = {"k", "skip", ""}
QUIT = {"q", "quit"}
EVIDENCE_SHOWN = 3
EntityId = Annotated[int, typer.Argument(min=1, max=MAX_ID, help="An entity id.")]
OtherEntityId = Annotated[int, typer.Argument(min=1, max=MAX_ID, help="Another entity id.")]
Decider = Annotated[str | None, typer.Option(help="Who decides.")]


@app.command()
def review(
    user: Annotated[
        str | None, typer.Option(help="Who answers (stored on each judgement).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Stop after this many pairs.")] = None,
) -> None:
    """Walk the queue of unsure pairs: answer same (s), different (d), skip (k) or quit (q)."""
    engine = open_store()
    with transaction(engine) as session:
        queue = review_queue(session, limit=limit)
    if not queue:
        console.print("the review queue is empty")
        return
    answered = 0
    for number, item in enumerate(queue, 1):
        with transaction(engine) as session:
            _show_pair(session, item, number, len(queue))
            reply = _ask()
            if reply in QUIT:
                break
            if reply in ANSWERS:
                answer(session, item, ANSWERS[reply], user=user)
                answered += 1
    console.print(f"{answered} answered")


def _ask() -> str:
    while True:
        reply = str(typer.prompt("same / different / skip / quit [s/d/k/q]", default="k"))
        reply = reply.strip().lower()
        if reply in ANSWERS or reply in SKIP or reply in QUIT:
            return reply
        errors.print(f"not an answer: {reply!r}")


def _show_pair(session: Session, item: ReviewItem, number: int, total: int) -> None:
    score = f"{item.score:.2f}" if item.score is not None else "-"
    console.rule(f"pair {number}/{total}  score {score}  rule {item.rule or '-'}")
    for entity_id in (item.left_id, item.right_id):
        view = entity_page(session, entity_id, limit=0)
        if view is not None:
            console.print(_summary(view, entity_id))


def _summary(view: EntityPage, record_id: int) -> Panel:
    lines = [f"names: {'; '.join(n.name for n in view.names)}"]
    if view.attributes:
        lines.append("attributes: " + ", ".join(f"{k}={v}" for k, v in view.attributes.items()))
    sentences = [e for name in view.names for e in name.evidence][:EVIDENCE_SHOWN]
    lines += [f"  “{_sentence(e)}” ({_source(e)})" for e in sentences]
    return Panel("\n".join(lines), title=f"#{record_id} {view.type}: {view.name}")


@app.command("merge")
def merge_command(left: EntityId, right: OtherEntityId, user: Decider = None) -> None:
    """Judge two entity records the same (undo with `unmerge`)."""
    with transaction(open_store()) as session:
        _require(session, left, right)
        canonical = merge(session, left, right, user=user)
    console.print(f"merged: {left} and {right} now resolve to {canonical}")


@app.command("unmerge")
def unmerge_command(left: EntityId, right: OtherEntityId, user: Decider = None) -> None:
    """Judge two entity records different, cutting every `same` path between them."""
    with transaction(open_store()) as session:
        _require(session, left, right)
        cut = unmerge(session, left, right, user=user)
    console.print(f"unmerged: {left} and {right} ({cut} same judgement(s) overruled)")


def _require(session: Session, *ids: int) -> None:
    for entity_id in ids:
        if not entity_exists(session, entity_id):
            errors.print(f"no entity {entity_id}")
            raise typer.Exit(1)


def show_entity(session: Session, ref: str, console: Console) -> bool:
    """Print the entity named by `ref` (id or name): names, relations, the sentences behind
    each. Returns False when no entity has that id or name."""
    entity_id = find_entity(session, ref)
    view = entity_page(session, entity_id, limit=RELATIONS_SHOWN) if entity_id else None
    if view is None:
        return False
    console.rule(f"#{view.id} {view.type}: {view.name}")
    if len(view.record_ids) > 1:
        console.print(f"records merged: {', '.join(map(str, view.record_ids))}")
    for key, value in view.attributes.items():
        console.print(f"{key}: {value}")
    console.print(_names_table(view))
    console.print(_relations_table(view))
    if view.relation_total > len(view.relations):
        hidden = view.relation_total - len(view.relations)
        console.print(f"{hidden} more relations: see the entity's page in the web workspace")
    return True


def _names_table(view: EntityPage) -> Table:
    table = Table("name", "evidence", title="names", show_lines=True)
    for name in view.names:
        evidence = "\n".join(f"“{_sentence(e)}” ({_source(e)})" for e in name.evidence)
        table.add_row(name.name, evidence)
    return table


def _relations_table(view: EntityPage) -> Table:
    table = Table("relation", "with", "attributes", "evidence", title="relations", show_lines=True)
    for relation in view.relations:
        arrow = "→" if relation.direction == "out" else "←"
        other = relation.country or f"#{relation.other_id} {relation.other_name}"
        attributes = ", ".join(f"{k}={v}" for k, v in relation.attributes.items())
        evidence = "\n".join(f"“{_sentence(e)}” ({_source(e)})" for e in relation.evidence)
        table.add_row(f"{arrow} {relation.type}", other, attributes, evidence)
    return table


def _sentence(evidence: EvidenceItem) -> str:
    return (evidence.sentence or evidence.text or "").strip()


def _source(evidence: EvidenceItem) -> str:
    if evidence.user:
        return f"entered by {evidence.user}"
    where = evidence.document_title or f"document {evidence.document_id}"
    span = f" {evidence.start}-{evidence.end}" if evidence.start is not None else ""
    return f"{where}{span}, {evidence.extractor or '?'}"
