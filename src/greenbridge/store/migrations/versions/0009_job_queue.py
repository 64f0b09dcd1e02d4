"""Job files keep what their ingest found (entities, relations, for review) and why a stored
document was not extracted.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 16:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job_file") as batch:
        batch.add_column(sa.Column("counts", sa.JSON().with_variant(JSONB(), "postgresql")))
        batch.add_column(sa.Column("unextracted", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job_file") as batch:
        batch.drop_column("unextracted")
        batch.drop_column("counts")
