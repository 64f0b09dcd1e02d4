"""Full-text search over names and documents: FTS5 tables kept by triggers on SQLite,
GIN-indexed `tsvector` expressions on PostgreSQL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 02:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The expressions must stay identical to those of `greenbridge.store.search`, or PostgreSQL will
# not use the indexes.
PG_ALIAS_VECTOR = "to_tsvector('simple', name || ' ' || normalized)"
PG_DOCUMENT_VECTOR = "to_tsvector('simple', left(coalesce(title, '') || ' ' || text, 1000000))"
TOKENIZER = "unicode61 remove_diacritics 2"


def _sqlite_fts(table: str, columns: tuple[str, ...]) -> list[str]:
    """An external-content FTS5 table over `table` and the triggers that keep it current."""
    fts = f"{table}_fts"
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
        f"content_rowid='id', tokenize='{TOKENIZER}')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {names} ON {table} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _sqlite_fts("alias", ("name", "normalized")) + _sqlite_fts(
            "document", ("title", "text")
        ):
            op.execute(statement)
        return
    op.execute(f"CREATE INDEX ix_alias_search ON alias USING gin ({PG_ALIAS_VECTOR})")
    op.execute(f"CREATE INDEX ix_document_search ON document USING gin ({PG_DOCUMENT_VECTOR})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in ("alias", "document"):
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{event}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        return
    op.execute("DROP INDEX IF EXISTS ix_document_search")
    op.execute("DROP INDEX IF EXISTS ix_alias_search")
