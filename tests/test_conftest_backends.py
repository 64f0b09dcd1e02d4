from sqlalchemy import Engine

from greenbridge.store.db import table_names


def test_every_backend_is_migrated(engine: Engine) -> None:
    assert {"document", "article", "entity", "relation", "evidence", "judgement"} <= table_names(
        engine
    )
