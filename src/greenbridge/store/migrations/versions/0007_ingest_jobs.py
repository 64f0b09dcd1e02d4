"""Ingest jobs: every ingest is a job with one row per file (state, reason, bytes until done).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 20:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingest_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(40), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_job"),
    )
    op.create_index("ix_ingest_job_state", "ingest_job", ["state"])
    op.create_table(
        "job_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(2000), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_job_file"),
        sa.ForeignKeyConstraint(
            ["job_id"], ["ingest_job.id"], name="fk_job_file_job_id_ingest_job", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_job_file_job_id", "job_file", ["job_id"])
    op.create_index("ix_job_file_state", "job_file", ["state"])


def downgrade() -> None:
    op.drop_table("job_file")
    op.drop_table("ingest_job")
