"""Command-line interface: thin commands over the library (see `greenbridge --help`)."""

from __future__ import annotations

# Command modules register themselves on `app` when imported.
from greenbridge.cli import documents as _documents  # noqa: F401
from greenbridge.cli.app import app

# -- command modules of the other capabilities (one import line each) --


def main() -> None:
    app()


__all__ = ["app", "main"]
