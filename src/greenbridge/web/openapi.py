"""The OpenAPI document as the server really answers: every operation lists the error statuses
the shared machinery can give it (authentication, roles, missing records, bad bodies, limits,
a busy store), and reports list each format they are served in."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from greenbridge.report import MEDIA_TYPES

ERROR = {
    "type": "object",
    "properties": {"detail": {"anyOf": [{"type": "string"}, {"type": "array", "items": {}}]}},
    "required": ["detail"],
}
# status -> (when it applies, description)
STATUSES = {
    "400": ("body", "The body could not be parsed, or the request contradicts itself."),
    "401": ("always", "Not signed in and no valid bearer token."),
    "403": ("always", "The user's role does not allow this."),
    "404": ("record", "A record the request names does not exist."),
    "409": ("write", "The change conflicts with the store's current state."),
    "413": ("body", "The body is larger than the size limit."),
    "503": ("always", "The store did not answer in time; retry after `Retry-After` seconds."),
}
WRITES = {"post", "put", "patch", "delete"}


def _applies(when: str, method: str, operation: dict[str, Any]) -> bool:
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    if when == "always":
        return True
    if when == "body":
        return has_body
    if when == "write":
        return method in WRITES
    if when == "record":  # an id in the path, or a body that can name records
        return has_body or any(p.get("in") == "path" for p in parameters)
    return False


def _has_format(operation: dict[str, Any]) -> bool:
    """Whether the operation answers in the report formats (a `format` query parameter)."""
    return any(p.get("name") == "format" for p in operation.get("parameters", []))


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the shared error answers to every /api operation and the report formats."""
    for path, item in schema.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, (when, description) in STATUSES.items():
                if status not in responses and _applies(when, method, operation):
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR}},
                    }
            if path.startswith("/api/reports/") and _has_format(operation):
                content = responses.setdefault("200", {}).setdefault("content", {})
                for media in MEDIA_TYPES.values():
                    content.setdefault(media.split(";")[0].strip(), {"schema": {}})
    return schema


def install(app: FastAPI) -> None:
    """Serve the completed document as the app's OpenAPI schema."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
