"""Match requests: the person who follows each one up.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 16:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("match_request") as table:
        table.add_column(sa.Column("owner", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("match_request") as table:
        table.drop_column("owner")
