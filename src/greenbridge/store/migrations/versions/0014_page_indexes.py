"""Indexes for the workspace's pages on a large store: entity country, kind and event start
(canonical, current entities), the newest judgement of a pair, and the canonical current
entities by type and name.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 02:30:00
"""

from __future__ import annotations

from alembic import op

from greenbridge.store.attribute_sql import index_statements

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

CURRENT = "canonical_id IS NULL AND retracted_at IS NULL"


def upgrade() -> None:
    for statement in index_statements(op.get_context().dialect.name):
        op.execute(statement)
    op.execute(f"CREATE INDEX ix_entity_current_type_name ON entity (type, lower(name), id) "
               f"WHERE {CURRENT}")  # fmt: skip
    op.execute("CREATE INDEX ix_judgement_pair_newest ON judgement (left_id, right_id, id)")


def downgrade() -> None:
    for name in ("ix_judgement_pair_newest", "ix_entity_current_type_name",
                 "ix_entity_event_start", "ix_entity_kind", "ix_entity_country"):  # fmt: skip
        op.execute(f"DROP INDEX {name}")
