"""What every command needs: the settings, the migrated store, a console."""

from __future__ import annotations

from rich.console import Console
from sqlalchemy import Engine

from greenbridge.settings import Settings, get_settings
from greenbridge.store.db import make_engine, upgrade

console = Console()
errors = Console(stderr=True)


def open_store(settings: Settings | None = None) -> Engine:
    """An engine on the configured store, migrated to the latest schema."""
    settings = settings or get_settings()
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    if settings.resolved_job_queue == "procrastinate":
        from greenbridge.jobs.queue import ensure_queue_schema

        ensure_queue_schema(engine)  # procrastinate's own tables, beside the store's
    return engine
