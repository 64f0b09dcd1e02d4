"""Relations extracted below the publish threshold wait for review (`relation.review`).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 11:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "relation", sa.Column("review", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.create_index("ix_relation_review", "relation", ["review"])


def downgrade() -> None:
    op.drop_index("ix_relation_review", table_name="relation")
    with op.batch_alter_table("relation") as batch_op:
        batch_op.drop_column("review")
