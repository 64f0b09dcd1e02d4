"""Core tables: documents, articles, entities, aliases, relations, evidence, judgements, match requests.

Revision ID: 0001
Revises:
Create Date: 2026-11-24 23:07:02.368426
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("publisher", sa.String(length=300), nullable=True),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("source", sa.String(length=2000), nullable=True),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_document_content_hash")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_published"), ["published"], unique=False)

    op.create_table(
        "entity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column(
            "attributes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("canonical_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["canonical_id"],
            ["entity.id"],
            name=op.f("fk_entity_canonical_id_entity"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity")),
    )
    with op.batch_alter_table("entity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entity_canonical_id"), ["canonical_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_entity_type"), ["type"], unique=False)

    op.create_table(
        "alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("normalized", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_alias_entity_id_entity"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alias")),
    )
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alias_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alias_normalized"), ["normalized"], unique=False)

    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_article_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article")),
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_document_id"), ["document_id"], unique=False)

    op.create_table(
        "judgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("left_id", sa.Integer(), nullable=False),
        sa.Column("right_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("rule", sa.String(length=100), nullable=True),
        sa.Column("user", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["left_id"], ["entity.id"], name=op.f("fk_judgement_left_id_entity"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["right_id"],
            ["entity.id"],
            name=op.f("fk_judgement_right_id_entity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judgement")),
    )
    with op.batch_alter_table("judgement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_judgement_decision"), ["decision"], unique=False)
        batch_op.create_index("ix_judgement_pair", ["left_id", "right_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_judgement_right_id"), ["right_id"], unique=False)

    op.create_table(
        "match_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("technology_id", sa.Integer(), nullable=True),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("expert_id", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column(
            "explanation",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["entity.id"],
            name=op.f("fk_match_request_expert_id_entity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["need_id"],
            ["entity.id"],
            name=op.f("fk_match_request_need_id_entity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["entity.id"],
            name=op.f("fk_match_request_provider_id_entity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["technology_id"],
            ["entity.id"],
            name=op.f("fk_match_request_technology_id_entity"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_request")),
    )
    with op.batch_alter_table("match_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_request_need_id"), ["need_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_request_stage"), ["stage"], unique=False)

    op.create_table(
        "relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("object_country", sa.String(length=2), nullable=True),
        sa.Column(
            "attributes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["object_id"],
            ["entity.id"],
            name=op.f("fk_relation_object_id_entity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["entity.id"],
            name=op.f("fk_relation_subject_id_entity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relation")),
    )
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relation_object_country"), ["object_country"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_relation_object_id"), ["object_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_relation_subject_id"), ["subject_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_relation_type"), ["type"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("alias_id", sa.Integer(), nullable=True),
        sa.Column("relation_id", sa.Integer(), nullable=True),
        sa.Column("attribute", sa.String(length=64), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=1000), nullable=True),
        sa.Column("sentence", sa.Text(), nullable=True),
        sa.Column("extractor", sa.String(length=100), nullable=True),
        sa.Column("extractor_version", sa.String(length=32), nullable=True),
        sa.Column("user", sa.String(length=100), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["alias_id"], ["alias.id"], name=op.f("fk_evidence_alias_id_alias"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_evidence_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_evidence_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_evidence_entity_id_entity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["relation_id"],
            ["relation.id"],
            name=op.f("fk_evidence_relation_id_relation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_alias_id"), ["alias_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_relation_id"), ["relation_id"], unique=False)

    op.create_table(
        "match_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "outcome",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("user", sa.String(length=100), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["match_request.id"],
            name=op.f("fk_match_event_request_id_match_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_event")),
    )
    with op.batch_alter_table("match_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_event_request_id"), ["request_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("match_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_event_request_id"))

    op.drop_table("match_event")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_relation_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_entity_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_document_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_alias_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relation_type"))
        batch_op.drop_index(batch_op.f("ix_relation_subject_id"))
        batch_op.drop_index(batch_op.f("ix_relation_object_id"))
        batch_op.drop_index(batch_op.f("ix_relation_object_country"))

    op.drop_table("relation")
    with op.batch_alter_table("match_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_request_stage"))
        batch_op.drop_index(batch_op.f("ix_match_request_need_id"))

    op.drop_table("match_request")
    with op.batch_alter_table("judgement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_judgement_right_id"))
        batch_op.drop_index("ix_judgement_pair")
        batch_op.drop_index(batch_op.f("ix_judgement_decision"))

    op.drop_table("judgement")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_document_id"))

    op.drop_table("article")
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alias_normalized"))
        batch_op.drop_index(batch_op.f("ix_alias_entity_id"))

    op.drop_table("alias")
    with op.batch_alter_table("entity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_type"))
        batch_op.drop_index(batch_op.f("ix_entity_canonical_id"))

    op.drop_table("entity")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_published"))

    op.drop_table("document")
