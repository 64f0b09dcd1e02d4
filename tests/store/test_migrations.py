from sqlalchemy import Engine

from greenbridge.store.db import downgrade, make_engine, table_names, upgrade


def test_migrations_go_down_and_up_again(engine: Engine) -> None:
    assert "evidence" in table_names(engine)
    downgrade(engine, "base")
    assert table_names(engine) <= {"alembic_version"}
    upgrade(engine)
    assert {"document", "entity", "relation", "evidence", "judgement", "match_request"} <= (
        table_names(engine)
    )


def test_upgrade_is_idempotent(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    upgrade(engine)
    assert "document" in table_names(engine)
    engine.dispose()


def test_models_match_the_migrations(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from greenbridge.store.models import Base
    from greenbridge.store.search import include_object

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
