"""Newsletters saved for editing before export, and their items as edited.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 15:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "newsletter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("start", sa.String(10), nullable=True),
        sa.Column("end", sa.String(10), nullable=True),
        sa.Column("organization", sa.String(300), nullable=True),
        sa.Column("notes", JSON, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_newsletter"),
    )
    op.create_table(
        "newsletter_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("newsletter_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("included", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("date", sa.String(32), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("original_title", sa.Text(), nullable=False),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("original_headline", sa.Text(), nullable=True),
        sa.Column("statements", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_newsletter_item"),
        sa.ForeignKeyConstraint(
            ["newsletter_id"], ["newsletter.id"],
            name="fk_newsletter_item_newsletter_id_newsletter", ondelete="CASCADE",
        ),
    )  # fmt: skip
    op.create_index("ix_newsletter_item_newsletter_id", "newsletter_item", ["newsletter_id"])


def downgrade() -> None:
    op.drop_table("newsletter_item")
    op.drop_table("newsletter")
