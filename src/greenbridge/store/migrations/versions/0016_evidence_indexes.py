"""An index for the history on a large store: the newest decisions of people.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 23:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""CREATE INDEX ix_evidence_user_newest ON evidence (id) """
               """WHERE extractor = 'user' AND "user" IS NOT NULL""")  # fmt: skip


def downgrade() -> None:
    op.execute("DROP INDEX ix_evidence_user_newest")
