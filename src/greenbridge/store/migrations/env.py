"""Alembic environment: runs on the engine handed over by `greenbridge.store.db`."""

from __future__ import annotations

from alembic import context

from greenbridge.store.db import make_engine
from greenbridge.store.models import Base
from greenbridge.store.search import include_object

target_metadata = Base.metadata


def run_migrations() -> None:
    engine = context.config.attributes.get("engine")
    if engine is None:
        url = context.config.get_main_option("sqlalchemy.url")
        if not url:
            from greenbridge.settings import get_settings

            url = get_settings().resolved_database_url
        engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
