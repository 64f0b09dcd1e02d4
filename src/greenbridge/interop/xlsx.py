"""The graph as an `.xlsx` workbook (openpyxl): one sheet per entity type, one of relations.

The rows are those of the CSV exports (`store.overview`), each fact with its first evidence:
the sentence, the document's title and address, or the user who entered it. An entity sheet
spreads the properties its type declares in the schema over columns of their own; any other
attributes stay together as JSON. Every value is written as text or a number, never as a
formula, so a name such as `=HYPERLINK(...)` taken from a document stays a name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy.orm import Session

from greenbridge.schema import entity_types
from greenbridge.store.overview import (
    RELATION_COLUMNS,
    SOURCE_COLUMNS,
    entity_rows,
    plural,
    relation_rows,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RELATIONS_SHEET = "Relations"
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
_BOLD = Font(bold=True)


def write_workbook(session: Session, out: IO[bytes] | Path) -> dict[str, int]:
    """Write the workbook of the store's current facts to `out`; rows written per sheet."""
    workbook = Workbook(write_only=True)
    by_type: dict[str, list[list[Any]]] = {name: [] for name in entity_types()}
    for row in entity_rows(session):
        by_type.setdefault(row[1], []).append(row)
    counts: dict[str, int] = {}
    for entity_type, rows in by_type.items():
        title = plural(entity_type).title()[:31]
        counts[title] = _entity_sheet(workbook.create_sheet(title), entity_type, rows)
    counts[RELATIONS_SHEET] = _sheet(
        workbook.create_sheet(RELATIONS_SHEET), RELATION_COLUMNS, relation_rows(session)
    )
    workbook.save(out)
    return counts


def _entity_sheet(sheet: WriteOnlyWorksheet, entity_type: str, rows: list[list[Any]]) -> int:
    known = entity_types().get(entity_type)
    properties = list(known.properties) if known else []
    header = ["id", "name", "aliases", *properties, "other_attributes", *SOURCE_COLUMNS]

    def spread(row: list[Any]) -> list[Any]:
        entity_id, _, name, aliases, attributes, *sources = row
        values = json.loads(attributes) if attributes else {}
        own = [_plain(values.pop(p, "")) for p in properties]
        other = json.dumps(values, ensure_ascii=False) if values else ""
        return [entity_id, name, aliases, *own, other, *sources]

    return _sheet(sheet, header, (spread(row) for row in rows))


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _sheet(sheet: WriteOnlyWorksheet, header: list[str], rows: Iterable[list[Any]]) -> int:
    sheet.freeze_panes = "A2"
    heading = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = _BOLD
        heading.append(cell)
    sheet.append(heading)
    n = 0
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
        n += 1
    return n


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell | int | float | None:
    """Numbers as numbers; everything else as text (never a formula)."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_CHARS]
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # a leading `=` would otherwise make a formula
    return cell
