"""Sources: feeds and sitemaps polled for new documents, and the addresses each one listed.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("every_minutes", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=True),
        sa.Column("polled", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_source"),
        sa.UniqueConstraint("url", name="uq_source_url"),
    )
    op.create_table(
        "source_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("fetched", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_source_item"),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name="fk_source_item_source_id_source", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_source_item_source_id", "source_item", ["source_id"])
    op.create_index("ix_source_item_url", "source_item", ["url"])
    op.create_index("ix_source_item_content_hash", "source_item", ["content_hash"])


def downgrade() -> None:
    op.drop_table("source_item")
    op.drop_table("source")
