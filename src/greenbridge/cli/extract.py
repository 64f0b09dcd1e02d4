"""`greenbridge extract FILE` and `greenbridge eval extraction`."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from greenbridge.cli.app import app, eval_app

console = Console()


@app.command("extract")
def extract_command(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="A txt, md, html or pdf file."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the gold/SCHEMA.md JSON object."),
    evidence: bool = typer.Option(False, "--evidence", help="With --json: add evidence spans."),
) -> None:
    """Extract people, organizations, events, initiatives, countries and relations from FILE."""
    from greenbridge.extract import extract_path

    extraction = extract_path(file)
    if as_json:
        typer.echo(
            json.dumps(
                extraction.to_schema_json(with_evidence=evidence), ensure_ascii=False, indent=2
            )
        )
        return
    table = Table(title=f"{file.name} (published {extraction.published or 'unknown'})")
    for column in ("id", "type", "name", "aliases", "attributes"):
        table.add_column(column)
    for entity in extraction.entities:
        attributes = ", ".join(f"{k}={v}" for k, v in entity.attributes.items())
        table.add_row(entity.id, entity.type, entity.name, ", ".join(entity.aliases), attributes)
    console.print(table)
    console.print(f"countries: {', '.join(extraction.countries) or '-'}")
    for relation in extraction.relations:
        extra = ", ".join(f"{k}={v}" for k, v in relation.attributes.items())
        console.print(f"{relation.type}: {relation.subject} -> {relation.object} {extra}")


@eval_app.command("extraction")
def eval_extraction_command(
    corpus: Path = typer.Option(..., "--corpus", exists=True, file_okay=False, help="Documents."),
    gold: Path = typer.Option(..., "--gold", exists=True, file_okay=False, help="Gold JSON files."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score extraction against gold files: P/R/F1 per type, micro, and countries."""
    from greenbridge.evaluate.extraction import evaluate_extraction

    scores = evaluate_extraction(corpus, gold).as_dict()
    if as_json:
        typer.echo(json.dumps(scores, indent=2))
        return
    _score_table(scores, f"Extraction scores ({scores['documents']} documents)")


def _score_table(scores: dict, title: str) -> None:  # type: ignore[type-arg]
    table = Table(title=title)
    for column in ("group", "type", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(column)
    rows = [("entity", k, v) for k, v in scores["entities"].items()]
    rows.append(("entity", "micro", scores["entity_micro"]))
    rows += [("relation", k, v) for k, v in scores["relations"].items()]
    rows.append(("relation", "micro", scores["relation_micro"]))
    rows.append(("countries", "set", scores["countries"]))
    for group, kind, v in rows:
        table.add_row(
            group,
            kind,
            f"{v['precision']:.3f}",
            f"{v['recall']:.3f}",
            f"{v['f1']:.3f}",
            str(v["tp"]),
            str(v["fp"]),
            str(v["fn"]),
        )
    console.print(table)
    for key, value in scores["attributes"].items():
        console.print(
            f"attribute {key}: {value['right']}/{value['total']} ({value['accuracy']:.2f})"
        )


train_app = typer.Typer(help="Train models from labelled data.")
app.add_typer(train_app, name="train")


@train_app.command("extraction")
def train_extraction_command(
    corpus: list[Path] = typer.Option(
        [],
        "--corpus",
        exists=True,
        file_okay=False,
        help="A corpus folder with gold/ and texts/ (repeat for several).",
    ),
    from_store: bool = typer.Option(
        False,
        "--from-store",
        help="Also learn from the store's corrected documents; the model is written beside the "
        "store and used for its next extractions.",
    ),
    store_weight: int = typer.Option(
        3, "--store-weight", min=1, help="How many corpus documents one corrected document counts."
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        file_okay=False,
        help="Write the model here (default: the package's own; with --from-store, the store's).",
    ),
    folds: int = typer.Option(5, "--folds", min=2, help="Cross-validation folds by publisher."),
    estimate: bool = typer.Option(
        True, "--estimate/--no-estimate", help="Cross-validate by publisher before the final fit."
    ),
    report: Path | None = typer.Option(None, "--report", help="Write the full report as JSON."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Train the extractor on annotated documents (and, with --from-store, on the documents the
    store's users corrected): entity and relation models, thresholds and calibration from
    held-out folds (no publisher in two folds); the same documents give the same weights."""
    from greenbridge.extract.learned.model import store_model_folder
    from greenbridge.extract.learned.service import (
        corpus_documents,
        store_documents,
        train_extraction,
    )

    if not corpus and not from_store:
        raise typer.BadParameter(
            "name a --corpus folder, or learn --from-store", param_hint="--corpus"
        )
    with console.status("reading the corpus") as status:
        documents = corpus_documents(list(corpus), lambda name: status.update(f"reading {name}"))
        if from_store:
            from greenbridge.cli.common import open_store
            from greenbridge.store.db import transaction

            with transaction(open_store()) as session:
                stored = store_documents(
                    session, store_weight, lambda name: status.update(f"reading {name}")
                )
            if not stored:
                console.print("no corrected documents in the store: nothing to learn from")
                raise typer.Exit(1)
            console.print(f"{len(stored) // store_weight} corrected documents from the store")
            documents += stored
            out = out or store_model_folder()
        status.update(f"training on {len(documents)} documents")
        result = train_extraction(documents, out=out, folds=folds, estimate=estimate)
    if report is not None:
        report.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    result.pop("facts", None)
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    model = result["model"]
    console.print(
        f"model {model['version']}: {result['documents']} documents, "
        f"{result['publishers']} publishers"
    )
    if "cross_validation" in result:
        _score_table(result["cross_validation"], f"Cross-validated by publisher ({folds} folds)")
        band = Table(title="Reliability of confidences (held-out facts)")
        for column in ("band", "facts", "mean confidence", "correct"):
            band.add_column(column)
        for row in result["reliability"]:
            band.add_row(
                row["band"],
                str(row["facts"]),
                f"{row['mean_confidence']:.3f}",
                f"{row['correct']:.3f}",
            )
        console.print(band)
        publish = Table(title="Held-out relations a publish threshold would publish")
        for column in ("threshold", "relations", "precision"):
            publish.add_column(column)
        for row in result["publish_precision"]:
            precision = "-" if row["precision"] is None else f"{row['precision']:.3f}"
            publish.add_row(f"{row['threshold']:.1f}", str(row["relations"]), precision)
        console.print(publish)
