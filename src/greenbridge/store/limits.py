"""What both stores can hold: the limits every edge (web, REST API, CLI) checks input against.

PostgreSQL refuses a NUL character in text and integers above 2^31 - 1 in `integer` columns;
SQLite takes both but cannot bind an integer of 2^63 or more. The edges refuse such input with
the same limits on both stores, so nothing reaches a query that one of them would fail."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

MAX_ID = 2**31 - 1
"""The largest id of a stored row (the largest PostgreSQL `integer`)."""
MAX_OFFSET = MAX_ID
"""The largest number of rows a listing may skip."""
MAX_PAGE_SIZE = 500
"""The most rows one listing returns."""
MAX_SOURCE_CHARS = 2000
"""The longest file name or path stored as a document's source (the column's length)."""
NUL = "\x00"


class InvalidInput(ValueError):
    """Input no store can hold; the message says which and why."""


def nul_message(what: str) -> str:
    return f"{what} contains a NUL character (\\x00), which cannot be stored; remove it"


def reject_nul(value: str, what: str) -> str:
    """`value` unchanged, or InvalidInput when it holds a NUL character."""
    if NUL in value:
        raise InvalidInput(nul_message(what))
    return value


def strip_nul(text: str) -> str:
    """Document content with its NUL characters removed (they carry no text)."""
    return text.replace(NUL, "")


def check_id(value: int, what: str = "an id") -> int:
    """`value` unchanged, or InvalidInput when no stored row can have it as id."""
    if not 1 <= value <= MAX_ID:
        raise InvalidInput(f"{what} is between 1 and {MAX_ID}; got {value}")
    return value


def stored_id(reference: str) -> int | None:
    """The id a reference written in digits names, or None when no stored row can have it."""
    text = reference.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def check_source(name: str) -> str:
    """A file name or path that can be stored as a document's source, else InvalidInput."""
    reject_nul(name, "the file name")
    if len(name) > MAX_SOURCE_CHARS:
        raise InvalidInput(
            f"the file name is {len(name):,} characters long; a file name has at most {MAX_SOURCE_CHARS:,}"
        )
    return name


def nul_paths(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Where in a decoded JSON value (objects, arrays, strings, keys) a NUL character is."""
    if isinstance(value, str):
        if NUL in value:
            yield path
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and NUL in key:
                yield (*path, key)
            yield from nul_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nul_paths(item, (*path, index))
