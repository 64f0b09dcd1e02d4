"""The Typer application and its command groups; command modules register on these."""

from __future__ import annotations

import typer
from pydantic import ValidationError
from typer.core import TyperGroup
from typer.core import _click as click  # the click that Typer runs on

from greenbridge.settings import settings_problem
from greenbridge.store.limits import NUL, nul_message


class CommandLine(TyperGroup):
    """The root command: arguments no store can hold are refused before any command runs, and
    a configuration that cannot be read is one line on stderr and exit code 1, not a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ValidationError as exc:
            problem = settings_problem(exc)
            if problem is None:
                raise
            click.echo(f"greenbridge: configuration error: {problem}", err=True)
            raise typer.Exit(1) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for number, arg in enumerate(args, start=1):
            if NUL in arg:
                raise typer.BadParameter(nul_message(f"argument {number}"), ctx=ctx)
        return super().parse_args(ctx, args)


app = typer.Typer(
    name="greenbridge",
    cls=CommandLine,
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
