"""Bulk import of needs and technologies from CSV (with a column mapping) or JSON."""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.match.records import (
    KINDS,
    MatchRecord,
    country_code,
    country_in_name,
    parse_readiness,
)
from greenbridge.store.limits import strip_nul
from greenbridge.store.models import Alias, Entity, Evidence

logger = logging.getLogger(__name__)

IMPORTER = "greenbridge.match.import"
IMPORTER_VERSION = "1"

# Field -> source column, for the public files the platform knows by their header.
PRESETS: dict[str, dict[str, str]] = {
    "undp_energy": {
        "source_id": "id", "title": "title_translated", "description": "purspose_translated",
        "sector": "energy_source", "provider": "mapper", "readiness": "trl",
    },
    "undp_africa": {
        "source_id": "pad_id", "title": "title", "description": "snippet",
        "sector": "thematic_areas-tag-1", "country": "location-1-country", "provider": "country",
    },
    "worldbank": {
        "source_id": "id", "title": "project_name", "description": "pdo",
        "country": "countryshortname", "region": "regionname", "sector": "lendinginstr",
    },
}  # fmt: skip
# The public files share id spaces with the benchmark: UNDP pads are `acl-<pad id>` in both UNDP
# files, World Bank projects `wb-<project id>`, so the same record imported twice is updated.
_ID_PREFIX = {"undp_energy": "acl-", "undp_africa": "acl-", "worldbank": "wb-"}
_PRESET_MARKERS = {
    "undp_energy": "purspose_translated",
    "undp_africa": "pad_id",
    "worldbank": "pdo",
}
_PLURALS = {"need": "needs", "technology": "technologies"}
_JSON_ALIASES = {"id": "source_id", "name": "title", "mapped_by": "provider", "trl": "readiness"}


@dataclass
class ImportReport:
    kind: str
    path: str
    created: int = 0
    updated: int = 0
    skipped: int = 0


def read_records(
    path: Path, kind: str, mapping: Mapping[str, str] | None = None
) -> Iterator[MatchRecord]:
    """Records of `kind` in a CSV or JSON file; `mapping` maps record fields to CSV columns."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if path.suffix.lower() == ".json":
        rows: Iterable[Mapping[str, Any]] = _json_rows(path, kind)
        return (record for row in rows if (record := _record(kind, _rename(row))))
    return _csv_records(path, kind, mapping)


def _json_rows(path: Path, kind: str) -> list[Mapping[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get(_PLURALS[kind], data.get(kind, []))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of {kind}s")
    return data


def _rename(row: Mapping[str, Any]) -> dict[str, Any]:
    return {_JSON_ALIASES.get(key, key): value for key, value in row.items()}


def _csv_records(path: Path, kind: str, mapping: Mapping[str, str] | None) -> Iterator[MatchRecord]:
    csv.field_size_limit(50_000_000)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = set(reader.fieldnames or ())
        preset, fields = (None, dict(mapping)) if mapping else _preset(columns)
        prefix = _ID_PREFIX.get(preset or "", "")
        missing = sorted(set(fields.values()) - columns)
        if missing:
            raise ValueError(f"{path}: no column(s) {', '.join(missing)}")
        for row in reader:
            values = {name: row.get(column) for name, column in fields.items()}
            if prefix and values.get("source_id"):
                values["source_id"] = prefix + str(values["source_id"]).strip()
            if record := _record(kind, values):
                yield record


def _preset(columns: set[str]) -> tuple[str | None, dict[str, str]]:
    for name, marker in _PRESET_MARKERS.items():
        if marker in columns:
            return name, PRESETS[name]
    fields = {name: name for name in MatchRecord.__dataclass_fields__ if name in columns}
    if "id" in columns and "source_id" not in fields:
        fields["source_id"] = "id"
    return None, fields


def _record(kind: str, values: Mapping[str, Any]) -> MatchRecord | None:
    title = _clean(values.get("title"))
    if not title:
        return None
    provider = _clean(values.get("provider"))
    countries = [c for c in (country_code(str(v)) for v in values.get("countries") or []) if c]
    raw_country = _clean(values.get("country"))
    country = country_code(raw_country)
    region = _clean(values.get("region")) or (raw_country if raw_country and not country else None)
    if not country and not countries and kind == "technology":
        country = country_in_name(provider)
    return MatchRecord(
        kind=kind,
        title=title,
        source_id=_clean(values.get("source_id")),
        description=_clean(values.get("description")) or "",
        sector=_clean(values.get("sector")),
        country=country,
        countries=countries,
        region=region,
        provider=provider,
        readiness=parse_readiness(values.get("readiness")),
        source=_clean(values.get("source")),
        lang=_clean(values.get("lang")),
    )


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(strip_nul(str(value)).split())
    return text or None


def import_file(
    session: Session,
    path: Path,
    kind: str,
    mapping: Mapping[str, str] | None = None,
    user: str = "import",
) -> ImportReport:
    """Import the needs or technologies of a file; records seen before (same id) are updated."""
    report = ImportReport(kind=kind, path=str(path))
    existing = _existing_by_source_id(session, kind)
    fresh: dict[str, MatchRecord] = {}
    unkeyed: list[MatchRecord] = []
    for record in read_records(path, kind, mapping):
        known = existing.get(record.source_id) if record.source_id else None
        if known is not None:
            known.name, known.attributes = record.title[:500], record.attributes()
            report.updated += 1
        elif record.source_id:
            report.updated += record.source_id in fresh
            fresh[record.source_id] = record
        else:
            unkeyed.append(record)
    new = [*fresh.values(), *unkeyed]
    store_records(session, new, origin=f"import:{path.name}", user=user)
    report.created = len(new)
    logger.info("imported %s: %s", path, report)
    return report


def store_records(
    session: Session, records: list[MatchRecord], origin: str, user: str | None = None
) -> list[Entity]:
    """Add needs or technologies, each with its evidence (who entered it, from which file)."""
    entities = [
        Entity(type=r.kind, name=r.title[:500], attributes=r.attributes(),
               aliases=[Alias(name=r.title[:500], normalized=r.title.lower()[:500])])
        for r in records
    ]  # fmt: skip
    session.add_all(entities)
    session.flush()
    session.add_all(
        Evidence(
            entity_id=entity.id,
            text=record.title[:1000],
            sentence=record.source or None,
            extractor=origin[:100],
            extractor_version=IMPORTER_VERSION,
            user=user,
        )
        for entity, record in zip(entities, records, strict=True)
    )
    session.flush()
    return entities


def store_record(
    session: Session, record: MatchRecord, origin: str, user: str | None = None
) -> Entity:
    """Add one need or technology with its evidence."""
    return store_records(session, [record], origin, user)[0]


def _existing_by_source_id(session: Session, kind: str) -> dict[str, Entity]:
    rows = session.scalars(select(Entity).where(Entity.type == kind))
    return {str(e.attributes["source_id"]): e for e in rows if e.attributes.get("source_id")}
