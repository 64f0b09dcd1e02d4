"""Text no store can hold, refused before any route runs: a NUL character in the path, the
query string, a form field or a JSON body is a 422 that says where it is, on every store alike.
(Uploaded files are document content: their NUL characters are cleaned away at ingest.)"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from greenbridge.store.limits import NUL, nul_message, nul_paths

Location = tuple[str | int, ...]
_PLACES = {"path": "the path parameter", "query": "the query parameter", "body": "the field"}


def _error(location: Location) -> dict[str, Any]:
    where = ".".join(str(part) for part in location[1:])
    what = f"{_PLACES[str(location[0])]} {where}" if where else "the request body"
    return {"type": "string_nul", "loc": location, "msg": nul_message(what)}


def _pairs_with_nul(pairs: Any) -> list[str]:
    return [key for key, value in pairs if NUL in key or (isinstance(value, str) and NUL in value)]


async def _body_locations(request: Request) -> list[Location]:
    content_type = request.headers.get("content-type", "")
    if "form" in content_type:  # url-encoded or multipart; parsed once, shared with the route
        form = await request.form()
        return [("body", key) for key in _pairs_with_nul(form.multi_items())]
    if "json" in content_type:
        body = await request.body()
        if b"\\u0000" not in body.lower():  # JSON writes a NUL only as this escape
            return []
        try:
            value = json.loads(body)
        except ValueError:
            return []  # the route's own parsing says what is wrong with it
        return [("body", *path) for path in nul_paths(value)]
    return []


async def reject_nul_input(request: Request) -> None:
    """An application-wide dependency: RequestValidationError (422) naming each NUL."""
    locations: list[Location] = [
        ("path", key) for key in _pairs_with_nul(request.path_params.items())
    ]
    locations += [("query", key) for key in _pairs_with_nul(request.query_params.multi_items())]
    if request.method not in {"GET", "HEAD", "OPTIONS"}:
        locations += await _body_locations(request)
    if locations:
        raise RequestValidationError([_error(location) for location in locations])
