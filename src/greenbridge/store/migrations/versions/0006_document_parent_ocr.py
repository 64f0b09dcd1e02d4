"""Documents carry the message they were attached to (`parent_id`) and the character ranges of
their text read by OCR (`ocr_ranges`).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 20:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("ocr_ranges", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=True)
        )
        batch_op.create_foreign_key(
            "fk_document_parent_id_document", "document", ["parent_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index(batch_op.f("ix_document_parent_id"), ["parent_id"])


def downgrade() -> None:
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_parent_id"))
        batch_op.drop_constraint("fk_document_parent_id_document", type_="foreignkey")
        batch_op.drop_column("ocr_ranges")
        batch_op.drop_column("parent_id")
