"""Matchmaking commands: import needs/technologies, match, partners, match requests, eval."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from greenbridge.cli.app import app, eval_app, import_app
from greenbridge.cli.common import console, errors
from greenbridge.match import workflows
from greenbridge.match.catalogue import Filters
from greenbridge.match.evaluate import evaluate_matching
from greenbridge.match.records import country_code
from greenbridge.match.requests import STAGES
from greenbridge.settings import get_settings
from greenbridge.store.limits import MAX_ID

requests_app = typer.Typer(help="Match requests followed from proposal to outcome.")
app.add_typer(requests_app, name="requests")

MapOption = Annotated[
    list[str] | None,
    typer.Option("--map", help="FIELD=COLUMN for a CSV (title, description, country, ...)."),
]
NeedOption = Annotated[
    int | None, typer.Option("--need", min=1, max=MAX_ID, help="Id of a stored need.")
]


def _pairs(values: list[str] | None) -> dict[str, str]:
    pairs = [value.split("=", 1) for value in values or []]
    if any(len(pair) != 2 for pair in pairs):
        raise typer.BadParameter("expected FIELD=VALUE")
    return {key.strip(): value.strip() for key, value in pairs}


def _import(path: Path, kind: str, mapping: list[str] | None) -> None:
    try:
        report = workflows.import_into_store(get_settings(), path, kind, _pairs(mapping) or None)
    except (ValueError, OSError) as exc:
        errors.print(f"import failed: {exc}")
        raise typer.Exit(1) from exc
    console.print(f"{path.name}: {report.created} {kind} records added, {report.updated} updated")


@import_app.command("technologies")
def import_technologies(path: Path, mapping: MapOption = None) -> None:
    """Import technologies from CSV (known UNDP files, or --map FIELD=COLUMN) or JSON."""
    _import(path, "technology", mapping)


@import_app.command("needs")
def import_needs(path: Path, mapping: MapOption = None) -> None:
    """Import needs from CSV (World Bank projects, or --map FIELD=COLUMN) or JSON."""
    _import(path, "need", mapping)


@app.command("match")
def match(
    text: Annotated[str | None, typer.Argument(help="The need, in words.")] = None,
    need: NeedOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    country: Annotated[str | None, typer.Option(help="Country of the need (ISO or name).")] = None,
    sector: Annotated[str | None, typer.Option(help="Only technologies of this sector.")] = None,
    tech_country: Annotated[
        list[str] | None, typer.Option("--from-country", help="Only technologies from here.")
    ] = None,
    min_readiness: Annotated[int | None, typer.Option(min=1, max=9)] = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
) -> None:
    """Technologies that fit a need, ranked and explained; says so when nothing fits."""
    codes = tuple(c for c in (country_code(v) for v in tech_country or []) if c)
    filters = Filters(sector=sector, countries=codes, min_readiness=min_readiness)
    try:
        answer = workflows.match_in_store(
            get_settings(), text, need_id=need, country=country, filters=filters, limit=limit
        )
    except (LookupError, ValueError) as exc:
        errors.print(str(exc))
        raise typer.Exit(1) from exc
    if as_json:
        console.print_json(json.dumps(answer.as_dict()))
        return
    table = Table("id", "technology", "fit", "score", "country", "why")
    for r in answer.results:
        why = r.explanation["technology_phrase"][:80]
        terms = ", ".join(r.explanation["shared_terms"][:5])
        table.add_row(str(r.entity_id), r.title, r.fit, f"{r.score:.3f}", r.country or "",
                      f"{terms} | {why}")  # fmt: skip
    console.print(table)
    console.print(answer.message)


@app.command("partners")
def partners(
    text: Annotated[str | None, typer.Argument(help="The need, in words.")] = None,
    need: NeedOption = None,
    country: Annotated[str | None, typer.Option(help="Country of the need.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    limit: int = 10,
) -> None:
    """The organizations and people who could help with a need, with the reasons."""
    found = workflows.partners_in_store(
        get_settings(), text, need_id=need, country=country, limit=limit
    )
    if as_json:
        console.print_json(json.dumps([p.__dict__ for p in found]))
        return
    table = Table("partner", "type", "score", "why")
    for p in found:
        table.add_row(p.name, p.type, f"{p.score:.2f}", "; ".join(p.reasons[:3]))
    console.print(table if found else "No organization or person is linked to this need yet.")


@requests_app.command("create")
def request_create(
    need: Annotated[int, typer.Option(min=1, max=MAX_ID, help="Id of the need.")],
    user: Annotated[str, typer.Option(help="Who proposes it.")],
    technology: Annotated[
        int | None, typer.Option(min=1, max=MAX_ID, help="Id of the technology.")
    ] = None,
    provider: Annotated[
        int | None, typer.Option(min=1, max=MAX_ID, help="Id of the provider.")
    ] = None,
    expert: Annotated[int | None, typer.Option(min=1, max=MAX_ID, help="Id of the expert.")] = None,
    score: float | None = None,
    note: str | None = None,
) -> None:
    """Save a match as a request in stage `proposed`."""
    _print_request(lambda: workflows.create_request(
        get_settings(), need_id=need, technology_id=technology, provider_id=provider,
        expert_id=expert, score=score, user=user, note=note))  # fmt: skip


@requests_app.command("move")
def request_move(
    request_id: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="Id of the request.")],
    stage: Annotated[str, typer.Argument(help=" | ".join(STAGES))],
    user: Annotated[str, typer.Option(help="Who records the change.")],
    note: str | None = None,
    outcome: Annotated[list[str] | None, typer.Option(help="KEY=VALUE outcome figure.")] = None,
) -> None:
    """Move a request to a stage, with a note and outcome figures."""
    _print_request(lambda: workflows.move_request(
        get_settings(), request_id=request_id, stage=stage, user=user, note=note,
        outcome=_pairs(outcome)))  # fmt: skip


@requests_app.command("list")
def request_list(
    stage: Annotated[str | None, typer.Option(help="Only requests in this stage.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Match requests, newest first, optionally of one stage."""
    rows = workflows.list_requests(get_settings(), stage)
    if as_json:
        console.print_json(json.dumps(rows))
        return
    table = Table("id", "stage", "need", "technology", "since", "by")
    for row in rows:
        last = row["history"][-1]
        table.add_row(str(row["id"]), row["stage"], row["need"], row["technology"] or "",
                      last["at"][:10], last["user"] or "")  # fmt: skip
    console.print(table)


def _print_request(action: Any) -> None:
    try:
        row = action()
    except (LookupError, ValueError) as exc:
        errors.print(str(exc))
        raise typer.Exit(1) from exc
    console.print_json(json.dumps(row))


@eval_app.command("matching")
def eval_matching(
    bench: Annotated[Path, typer.Option(help="Bench JSON: technologies, needs, qrels.")],
    run: Annotated[Path, typer.Option(help="Where to write the run (TSV).")],
) -> None:
    """Rank the bench's technologies for its needs; print nDCG@10, recall@20 and MRR."""
    result = evaluate_matching(bench, run)
    console.print(f"run of {result.needs} needs written to {run}")
    if not result.judged:
        console.print("no judgements: metrics not computed")
        return
    table = Table("ranker", "nDCG@10", "recall@20", "MRR")
    for name, m in result.metrics.items():
        table.add_row(name, f"{m.ndcg10:.3f}", f"{m.recall20:.3f}", f"{m.mrr:.3f}")
    console.print(table)
