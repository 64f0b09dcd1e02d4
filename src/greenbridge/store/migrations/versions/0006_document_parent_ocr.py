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
    # plain ADD COLUMN (no batch copy of the table, which would drop its full-text triggers on
    # SQLite); the link is an indexed id without a foreign key, which SQLite cannot add later
    op.add_column("document", sa.Column("parent_id", sa.Integer()))
    op.add_column(
        "document", sa.Column("ocr_ranges", sa.JSON().with_variant(JSONB(), "postgresql"))
    )
    op.create_index("ix_document_parent_id", "document", ["parent_id"])


def downgrade() -> None:
    op.drop_index("ix_document_parent_id", "document")
    op.drop_column("document", "ocr_ranges")
    op.drop_column("document", "parent_id")
