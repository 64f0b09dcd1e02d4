"""Command-line interface: thin commands over the library (see `greenbridge --help`)."""

from __future__ import annotations

# Each command module registers its commands on `app` when imported.
from greenbridge.cli import documents as _documents  # noqa: F401
from greenbridge.cli import extract as _extract  # noqa: F401
from greenbridge.cli import facts as _facts  # noqa: F401
from greenbridge.cli import ftm as _ftm  # noqa: F401
from greenbridge.cli import jobs as _jobs  # noqa: F401
from greenbridge.cli import match as _match  # noqa: F401
from greenbridge.cli import report as _report  # noqa: F401
from greenbridge.cli import resolve as _resolve  # noqa: F401
from greenbridge.cli import search as _search  # noqa: F401
from greenbridge.cli import sources as _sources  # noqa: F401
from greenbridge.cli import users as _users  # noqa: F401
from greenbridge.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
