"""Search inside Chinese (CJK) text: a `search_cjk` column of character bigrams on `document`
and `alias`, filled for the rows already stored, indexed by FTS5 tables kept by triggers on
SQLite and, on PostgreSQL, by GIN indexes over a generated `search_cjk_terms` array of its terms.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from greenbridge.store.cjk import cjk_terms

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# On PostgreSQL the terms are also kept as an array, computed by the database, which the GIN
# index covers: a row's terms are then not split again for each query. The expression must stay
# identical to the one of `greenbridge.store.search_cjk`.
PG_TERMS = "string_to_array(search_cjk, ' ')"
SOURCES = {"document": ("title", "text"), "alias": ("name",)}


def _sqlite_fts(table: str) -> list[str]:
    """An external-content FTS5 table over `table.search_cjk`; rows without terms stay out."""
    fts = f"{table}_cjk_fts"
    delete = (
        f"INSERT INTO {fts}({fts}, rowid, search_cjk) SELECT 'delete', old.id, old.search_cjk "
        "WHERE old.search_cjk IS NOT NULL;"
    )
    insert = (
        f"INSERT INTO {fts}(rowid, search_cjk) SELECT new.id, new.search_cjk "
        "WHERE new.search_cjk IS NOT NULL;"
    )
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_cjk, content='{table}', "
        "content_rowid='id', tokenize='unicode61')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF search_cjk ON {table} "
        f"BEGIN {delete} {insert} END",
    ]


def _fill(table: str, columns: tuple[str, ...]) -> None:
    """Compute the terms of the rows stored before this revision (those with a CJK character)."""
    bind = op.get_bind()
    source = sa.table(table, sa.column("id"), *(sa.column(c) for c in columns))
    target = sa.table(table, sa.column("id"), sa.column("search_cjk"))
    rows = bind.execute(sa.select(source.c.id, *(source.c[c] for c in columns))).all()
    for row in rows:
        terms = cjk_terms(*row[1:])
        if terms is not None:
            bind.execute(sa.update(target).where(target.c.id == row[0]).values(search_cjk=terms))


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, columns in SOURCES.items():
        op.add_column(table, sa.Column("search_cjk", sa.Text(), nullable=True))
        _fill(table, columns)
        if sqlite:
            for statement in _sqlite_fts(table):
                op.execute(statement)
            op.execute(
                f"INSERT INTO {table}_cjk_fts(rowid, search_cjk) "
                f"SELECT id, search_cjk FROM {table} WHERE search_cjk IS NOT NULL"
            )
        else:
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN search_cjk_terms text[] "
                f"GENERATED ALWAYS AS ({PG_TERMS}) STORED"
            )
            op.execute(f"CREATE INDEX ix_{table}_cjk ON {table} USING gin (search_cjk_terms)")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in SOURCES:
        if sqlite:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_cjk_fts_{event}")
            op.execute(f"DROP TABLE IF EXISTS {table}_cjk_fts")
        else:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_cjk")
            op.execute(f"ALTER TABLE {table} DROP COLUMN search_cjk_terms")
        # A plain ALTER TABLE on SQLite too: a table copy would drop the triggers of 0003.
        op.execute(f"ALTER TABLE {table} DROP COLUMN search_cjk")
