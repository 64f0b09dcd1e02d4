"""Invalid input on an HTML page is said in words on the page, never as FastAPI's JSON 422.

Routers of pages use `route_class=FormPage`. When a query or form value fails validation, the
route's `shows_form` callback (set with `@shows_form(...)`) re-shows its form with the values as
typed and the messages; a route without one gets the error page with the messages. The JSON
API keeps its JSON errors (its routers use the plain route class)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.responses import Response

from greenbridge.web.deps import render

ShowForm = Callable[[Request, list[str]], Response]
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
INVALID = 422
LABELS = {
    "q": "search text", "need": "need", "country": "country", "start": "From date",
    "end": "To date", "offset": "page position", "limit": "page size", "kind": "kind",
    "type": "type", "organization": "organization", "alliance": "alliance", "format": "format",
    "document": "document", "cursor": "page link", "sort": "sort order",
}  # fmt: skip


def shows_form(show: ShowForm) -> Callable[[Endpoint], Endpoint]:
    """Mark a page route: `show(request, messages)` re-shows its form when input is invalid."""

    def mark(endpoint: Endpoint) -> Endpoint:
        endpoint.shows_form = show  # type: ignore[attr-defined]
        return endpoint

    return mark


class FormPage(APIRoute):
    """A page route whose validation errors become readable HTML (see the module doc)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        show: ShowForm = getattr(self.endpoint, "shows_form", None) or error_page

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return show(request, readable(exc.errors()))

        return route


def error_page(request: Request, messages: list[str]) -> Response:
    context = {"status": INVALID, "message": " ".join(messages)}
    return render(request, "error.html", context, status_code=INVALID)


def status_for(request: Request) -> int:
    """htmx swaps only successful responses: a fragment with a message is a 200 there."""
    return 200 if request.headers.get("hx-request") else INVALID


def readable(errors: Sequence[Any], labels: Mapping[str, str] = LABELS) -> list[str]:
    """One sentence per validation error, naming the field as the form labels it."""
    messages = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "body")]
        field = location[-1] if location else ""
        messages.append(_sentence(error, labels.get(field, field.replace("_", " ") or "input")))
    return list(dict.fromkeys(messages))


def _sentence(error: Mapping[str, Any], label: str) -> str:
    kind, value, ctx = str(error.get("type", "")), error.get("input"), error.get("ctx") or {}
    shown = str(value)[:40] + ("…" if len(str(value)) > 40 else "")
    if kind == "string_too_long":
        typed = f" ({len(value)} characters)" if isinstance(value, str) else ""
        return f"The {label} is too long{typed}: at most {ctx.get('max_length')} characters."
    if kind == "string_too_short":
        return f"The {label} is too short: at least {ctx.get('min_length')} characters."
    if kind.startswith(("date", "datetime")):
        return f"“{shown}” is not a date; write the {label} as 2024-05-17."
    if kind.startswith(("int", "float", "greater_than", "less_than")):
        return f"The {label} must be a number in range, not “{shown}”."
    if kind in ("string_pattern_mismatch", "literal_error", "enum"):
        return f"“{shown}” is not one of the choices for the {label}."
    if kind == "missing":
        return f"The {label} is missing."
    return f"The {label}: {error.get('msg', 'not valid')}."
