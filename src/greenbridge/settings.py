"""The one place that reads the environment: every GREENBRIDGE_* setting, typed."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
DEVELOPMENT_SECRET = "development-only-secret"


class Settings(BaseSettings):
    """greenbridge configuration, read from `GREENBRIDGE_*` environment variables."""

    model_config = SettingsConfigDict(env_prefix="GREENBRIDGE_", extra="ignore")

    home: Path = Field(
        default=Path("~/.greenbridge"),
        description="Folder for the default SQLite store and the vector indexes.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the store; default: SQLite at $GREENBRIDGE_HOME/greenbridge.db.",
    )
    max_document_bytes: int = Field(
        default=DEFAULT_MAX_DOCUMENT_BYTES,
        gt=0,
        description="Largest document file accepted by ingest, and largest request body the web "
        "server reads, in bytes (default 50 MiB).",
    )
    publish_threshold: float = Field(
        default=0.2,
        ge=0.0,
        le=1.0,
        description=(
            "Extracted relations at or above this confidence are published (graph views, "
            "reports, matching); the rest wait in the review queue of facts."
        ),
    )
    database_pool_size: int = Field(
        default=10,
        gt=0,
        le=1000,
        description="Requests each server process lets work on the store at once (each holds "
        "a pooled connection; the pool keeps as many again as overflow); the others wait their "
        "turn without taking a thread.",
    )
    database_pool_timeout: float = Field(
        default=10.0,
        gt=0,
        description="Seconds a request waits for its turn on the store (or for a connection, or "
        "for SQLite's write lock) before it is answered 503 with Retry-After.",
    )
    source_interval: float = Field(
        default=1.0,
        ge=0.0,
        le=3600.0,
        description="Seconds between two requests of the source poller to one host.",
    )
    source_poll_seconds: float = Field(
        default=60.0,
        ge=0.0,
        description="How often `greenbridge serve` looks for feeds and sitemaps that are due; "
        "0 leaves polling to `greenbridge sources poll`.",
    )
    job_workers: int = Field(
        default=1,
        ge=0,
        le=64,
        description="Threads in each `serve` process that run queued ingest jobs (uploads, "
        "`greenbridge jobs add`); 0: none, jobs wait for `greenbridge worker`.",
    )
    extract_processes: int = Field(
        default=1,
        ge=0,
        le=64,
        description="Processes of their own, at a lower CPU priority, in which the job workers "
        "of `serve` run extraction, so that it never holds up pages and API answers; 0: in the "
        "worker threads.",
    )
    job_queue: Literal["auto", "threads", "procrastinate"] = Field(
        default="auto",
        description="What runs ingest jobs: `threads` (worker threads polling the store, any "
        "store), `procrastinate` (its workers, PostgreSQL only), `auto` (procrastinate on "
        "PostgreSQL, threads on SQLite).",
    )
    environment: str = Field(default="development", description="development or production.")
    secret_key: str = Field(
        default=DEVELOPMENT_SECRET,
        description="Key signing session cookies; must be changed outside development.",
    )

    session_https_only: bool | None = Field(
        default=None,
        description="Send the session cookie over HTTPS only (default: only in production).",
    )

    reconcile_public: bool = Field(
        default=False,
        description="Answer the reconciliation service (`/reconcile`: names, types, scores and "
        "previews, read only) without signing in, for OpenRefine, which sends no credentials.",
    )

    @model_validator(mode="after")
    def _procrastinate_needs_postgresql(self) -> Settings:
        if self.job_queue == "procrastinate" and self.resolved_database_url.startswith("sqlite"):
            raise ValueError("GREENBRIDGE_JOB_QUEUE=procrastinate needs a PostgreSQL store")
        return self

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError("set GREENBRIDGE_SECRET_KEY: the default key is for development only")
        return self

    @property
    def resolved_job_queue(self) -> str:
        """`threads` or `procrastinate`: what runs the jobs of this store."""
        if self.job_queue != "auto":
            return self.job_queue
        sqlite = self.resolved_database_url.startswith("sqlite")
        return "threads" if sqlite else "procrastinate"

    @property
    def home_path(self) -> Path:
        return self.home.expanduser()

    @property
    def resolved_database_url(self) -> str:
        """The configured database URL, or the default SQLite file under `home`."""
        if self.database_url:
            return normalize_database_url(self.database_url)
        return f"sqlite:///{self.home_path / 'greenbridge.db'}"


def size_label(size: int) -> str:
    """A byte count as people read it: `50 MiB`, `1.5 MiB`, `800 KiB`, `12 bytes`."""
    for unit, factor in (("MiB", 2**20), ("KiB", 2**10)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def normalize_database_url(url: str) -> str:
    """Make plain `postgresql://` URLs use the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def get_settings() -> Settings:
    """Settings read from the environment now (cheap; nothing is cached between calls)."""
    return Settings()


def settings_problem(exc: ValidationError) -> str | None:
    """What is wrong with the configuration, in one line naming the variables, when `exc` came
    from reading the settings; None for any other validation error."""
    if exc.title != Settings.__name__:
        return None
    problems = []
    for error in exc.errors():
        message = str(error["msg"]).removeprefix("Value error, ")
        names = [f"GREENBRIDGE_{str(part).upper()}" for part in error["loc"][:1]]
        problems.append(f"{names[0]}: {message}" if names else message)
    return "; ".join(problems)
