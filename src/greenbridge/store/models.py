"""SQLAlchemy 2 tables of the graph: documents, articles, entities, aliases, relations,
evidence, resolution judgements, match requests and newsletters saved for editing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    event,
    false,
    inspect,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from greenbridge.store.cjk import cjk_terms
from greenbridge.store.limits import MAX_SOURCE_CHARS

JSONType = JSON().with_variant(JSONB(), "postgresql")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def _terms_of(*columns: str) -> Any:
    """An insert default: the CJK search terms of the row's `columns` (see `store.cjk`)."""

    def default(context: Any) -> str | None:
        values = context.get_current_parameters()
        return cjk_terms(*(values.get(column) for column in columns))

    return default


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSONType}


class Document(Base):
    """One ingested file, identified by the SHA-256 of its bytes."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[str | None] = mapped_column(String(10), index=True)
    source: Mapped[str | None] = mapped_column(String(MAX_SOURCE_CHARS))
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # the message that carried this file as an attachment (an id, no foreign key: SQLite
    # cannot add one to an existing table without copying it)
    parent_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # [start, end) character ranges of `text` read by OCR (scanned pages, images)
    ocr_ranges: Mapped[list[list[int]] | None] = mapped_column(JSONType)
    # CJK search terms of title and text (`store.cjk`), set on insert, kept on update
    search_cjk: Mapped[str | None] = mapped_column(
        Text, default=_terms_of("title", "text"), deferred=True
    )

    articles: Mapped[list[Article]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Article.position"
    )


class DocumentFile(Base):
    """The bytes of the file a document was read from, kept for download (bounded by the
    upload size limit); documents stored before it was kept have none."""

    __tablename__ = "document_file"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Article(Base):
    """A part of a document: one news item of a newsletter, or the whole text."""

    __tablename__ = "article"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(500))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="articles")


class Entity(Base):
    """A person, organization, event, initiative, technology or need.

    `canonical_id` is derived from the judgements (see `greenbridge.resolve`): it names the
    entity this record resolves to, or is null when the record is its own canonical entity.
    """

    __tablename__ = "entity"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(500))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    canonical_id: Mapped[int | None] = mapped_column(
        ForeignKey("entity.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    retracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retracted_by: Mapped[str | None] = mapped_column(String(100))

    aliases: Mapped[list[Alias]] = relationship(
        back_populates="entity", cascade="all, delete-orphan"
    )


class Alias(Base):
    """Another name of an entity; `normalized` is the key used by blocking and search."""

    __tablename__ = "alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    normalized: Mapped[str] = mapped_column(String(500), index=True)
    search_cjk: Mapped[str | None] = mapped_column(Text, default=_terms_of("name"), deferred=True)
    retracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retracted_by: Mapped[str | None] = mapped_column(String(100))

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class Relation(Base):
    """A typed edge; the object is an entity or, for `deployed`/`cooperates_with`, a country."""

    __tablename__ = "relation"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    object_id: Mapped[int | None] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), index=True
    )
    object_country: Mapped[str | None] = mapped_column(String(2), index=True)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    retracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retracted_by: Mapped[str | None] = mapped_column(String(100))
    # Extracted below the publish threshold and not yet accepted: held out of graph views,
    # reports and matching until a user accepts it (or more confident evidence arrives).
    review: Mapped[bool] = mapped_column(default=False, server_default=false(), index=True)


class Evidence(Base):
    """Why a fact is held: the document span and sentence behind it, or the user who entered it.

    Exactly one of `entity_id`, `alias_id`, `relation_id` names what it supports; `attribute`
    narrows an entity evidence to one attribute.
    """

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), index=True
    )
    alias_id: Mapped[int | None] = mapped_column(
        ForeignKey("alias.id", ondelete="CASCADE"), index=True
    )
    relation_id: Mapped[int | None] = mapped_column(
        ForeignKey("relation.id", ondelete="CASCADE"), index=True
    )
    attribute: Mapped[str | None] = mapped_column(String(64))
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(String(1000))
    sentence: Mapped[str | None] = mapped_column(Text)
    extractor: Mapped[str | None] = mapped_column(String(100))
    extractor_version: Mapped[str | None] = mapped_column(String(32))
    user: Mapped[str | None] = mapped_column(String(100))
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Judgement(Base):
    """A resolution decision between two entity records; the newest one per pair counts."""

    __tablename__ = "judgement"
    __table_args__ = (Index("ix_judgement_pair", "left_id", "right_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    left_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"))
    right_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(16), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    rule: Mapped[str | None] = mapped_column(String(100))
    user: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MatchRequest(Base):
    """A need matched to a technology (and provider/expert), followed through its stages."""

    __tablename__ = "match_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    technology_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"))
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"))
    country: Mapped[str | None] = mapped_column(String(2))
    stage: Mapped[str] = mapped_column(String(32), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    owner: Mapped[str | None] = mapped_column(String(100))  # who follows it up


class MatchEvent(Base):
    """One step of a match request: a stage change, a note or an outcome figure, with who and when."""

    __tablename__ = "match_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("match_request.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[dict[str, Any]] = mapped_column(default=dict)
    user: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Newsletter(Base):
    """A newsletter generated for a period and saved to be edited before export; `revision`
    counts the saves (a save made on an older revision is refused, not lost silently)."""

    __tablename__ = "newsletter"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    organization: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[list[str]] = mapped_column(JSONType, default=list)  # about the newsletter
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    items: Mapped[list[NewsletterItem]] = relationship(
        back_populates="newsletter", cascade="all, delete-orphan",
        order_by="NewsletterItem.position",
    )  # fmt: skip

    __mapper_args__ = {"version_id_col": revision}


class NewsletterItem(Base):
    """One item of a saved newsletter as edited: its place, whether it is in, its wording.

    `statements` hold each sentence as written now and as generated, with the evidence ids and
    documents of the generated sentence: a reworded sentence still cites what supports it."""

    __tablename__ = "newsletter_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    newsletter_id: Mapped[int] = mapped_column(
        ForeignKey("newsletter.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    included: Mapped[bool] = mapped_column(default=True)
    kind: Mapped[str] = mapped_column(String(32))
    date: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    original_title: Mapped[str] = mapped_column(Text)
    headline: Mapped[str | None] = mapped_column(Text)
    original_headline: Mapped[str | None] = mapped_column(Text)
    statements: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    newsletter: Mapped[Newsletter] = relationship(back_populates="items")


class User(Base):
    """A person who signs in to the workspace; role is admin, editor or viewer."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Named in every session cookie; moved on to end all the user's sessions at once.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # The workspace language the user chose (`en`, `zh_Hans`); None: the browser's.
    locale: Mapped[str | None] = mapped_column(String(16))


class ApiToken(Base):
    """A bearer token for the REST API; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IngestJob(Base):
    """One ingest request (an upload, a batch, a feed poll) and its account, file by file."""

    __tablename__ = "ingest_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    origin: Mapped[str] = mapped_column(String(40))  # cli, web, api, feed
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    files: Mapped[list[JobFile]] = relationship(
        back_populates="job", cascade="all, delete-orphan", order_by="JobFile.position"
    )


class JobFile(Base):
    """One file of a job: its bytes kept until it is done, its state and the reason it failed."""

    __tablename__ = "job_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("ingest_job.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(MAX_SOURCE_CHARS))
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    document_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # read on claim only
    counts: Mapped[dict[str, Any] | None] = mapped_column(JSONType)  # entities, relations, …
    unextracted: Mapped[str | None] = mapped_column(Text)  # why it was stored unextracted
    job: Mapped[IngestJob] = relationship(back_populates="files")


class Source(Base):
    """A feed or sitemap of a member institution, polled on a schedule for new documents."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # feed or sitemap
    url: Mapped[str] = mapped_column(String(MAX_SOURCE_CHARS), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    every_minutes: Mapped[int] = mapped_column(Integer, default=60)
    active: Mapped[bool] = mapped_column(default=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(120))
    polled: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str] = mapped_column(Text, default="")  # of the last poll; "" when it went well
    items: Mapped[list[SourceItem]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="SourceItem.id"
    )


class SourceItem(Base):
    """An address a source listed: fetched once, by address and by content hash."""

    __tablename__ = "source_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(MAX_SOURCE_CHARS), index=True)
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(20))  # queued, unchanged, refused, failed
    message: Mapped[str] = mapped_column(Text, default="")
    job_id: Mapped[int | None] = mapped_column(Integer)
    fetched: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    source: Mapped[Source] = relationship(back_populates="items")


def _refresh_terms(target: Any, columns: tuple[str, ...]) -> None:
    """Recompute `search_cjk` when an ORM update changes one of the columns it is made from."""
    state = inspect(target)
    if any(state.attrs[column].history.has_changes() for column in columns):
        target.search_cjk = cjk_terms(*(getattr(target, column) for column in columns))


@event.listens_for(Document, "before_update")
def _document_terms(_: Any, __: Any, target: Document) -> None:
    _refresh_terms(target, ("title", "text"))


@event.listens_for(Alias, "before_update")
def _alias_terms(_: Any, __: Any, target: Alias) -> None:
    _refresh_terms(target, ("name",))
