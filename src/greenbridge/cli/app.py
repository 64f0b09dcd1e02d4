"""The Typer application and its command groups; command modules register on these."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="greenbridge",
    help="Turn alliance documents into a sourced graph; search, match and report on it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Measure extraction and matching quality against labelled data.")
app.add_typer(eval_app, name="eval")
import_app = typer.Typer(
    help="Import records: an export read back (`import graph`), technologies and needs in bulk."
)
app.add_typer(import_app, name="import")
