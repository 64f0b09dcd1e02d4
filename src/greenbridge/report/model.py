"""The report model: sections of items made of statements, each statement carrying the ids of
the evidence rows it rests on and the documents those come from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """A document a statement comes from."""

    document_id: int
    title: str | None
    source: str | None
    published: str | None

    @property
    def label(self) -> str:
        name = (
            self.title or (self.source or "").rsplit("/", 1)[-1] or f"document {self.document_id}"
        )
        return f"{name} ({self.published})" if self.published else name


@dataclass
class Statement:
    """One sentence of a report, stating only what its evidence rows support."""

    text: str
    evidence_ids: list[int]
    sources: list[Source] = field(default_factory=list)


@dataclass
class Item:
    """One news item: an event, founding, membership, deployment or agreement."""

    kind: str
    title: str
    date: str | None
    statements: list[Statement]
    headline: str | None = None

    @property
    def evidence_ids(self) -> list[int]:
        return sorted({i for s in self.statements for i in s.evidence_ids})

    @property
    def sources(self) -> list[Source]:
        found = {src.document_id: src for s in self.statements for src in s.sources}
        return [found[k] for k in sorted(found)]


@dataclass
class Row:
    """A table row; `evidence_ids` are the evidence rows behind the figures in its cells."""

    cells: list[str]
    evidence_ids: list[int] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[Row]


@dataclass
class Chart:
    """A chart drawn from a table, as an SVG document."""

    title: str
    svg: str


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.items or any(t.rows for t in self.tables))


@dataclass
class Report:
    """A newsletter, activity report or impact ledger for a period.

    `notes` say what the report covers or leaves out; they are about the report, never claims
    about the world. Every claim is a `Statement` or a table `Row` with its evidence."""

    kind: str
    title: str
    start: str | None
    end: str | None
    subject: str | None = None
    headlines: list[Statement] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.headlines and all(s.empty for s in self.sections)

    @property
    def statements(self) -> list[Statement]:
        """Every statement of the report: headlines and item sentences."""
        body = [s for sec in self.sections for item in sec.items for s in item.statements]
        return [*self.headlines, *body]

    @property
    def period(self) -> str:
        if self.start and self.end:
            return f"{self.start} to {self.end}"
        return self.start or self.end or "all dates"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (charts keep their SVG text)."""
        data = asdict(self)
        data["period"] = self.period
        data["empty"] = self.empty
        return data
