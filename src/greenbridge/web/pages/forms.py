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
from greenbridge.web.i18n import Gettext, gettext_for
from greenbridge.web.vocabulary import N_

ShowForm = Callable[[Request, list[str]], Response]
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
INVALID = 422
LABELS = {
    "q": N_("search text"), "need": N_("need"), "country": N_("country"),
    "start": N_("From date"), "end": N_("To date"), "offset": N_("page position"),
    "limit": N_("page size"), "kind": N_("kind"), "type": N_("type"),
    "organization": N_("organization"), "alliance": N_("alliance"), "format": N_("format"),
    "document": N_("document"), "cursor": N_("page link"), "sort": N_("sort order"),
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
                return show(request, readable(exc.errors(), gettext=gettext_for(request)))

        return route


def error_page(request: Request, messages: list[str]) -> Response:
    context = {"status": INVALID, "message": " ".join(messages)}
    return render(request, "error.html", context, status_code=INVALID)


def status_for(request: Request) -> int:
    """htmx swaps only successful responses: a fragment with a message is a 200 there."""
    return 200 if request.headers.get("hx-request") else INVALID


def readable(
    errors: Sequence[Any], labels: Mapping[str, str] = LABELS, *, gettext: Gettext = str
) -> list[str]:
    """One sentence per validation error, naming the field as the form labels it, in the
    language of `gettext` (English by default)."""
    messages = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "body")]
        field = location[-1] if location else ""
        label = gettext(labels.get(field, field.replace("_", " ") or "input"))
        messages.append(_sentence(error, label, gettext))
    return list(dict.fromkeys(messages))


def _sentence(error: Mapping[str, Any], label: str, _: Gettext) -> str:
    kind, value, ctx = str(error.get("type", "")), error.get("input"), error.get("ctx") or {}
    shown = str(value)[:40] + ("…" if len(str(value)) > 40 else "")
    if kind == "string_too_long":
        if isinstance(value, str):
            message = _("The {label} is too long ({n} characters): at most {max} characters.")
        else:
            message = _("The {label} is too long: at most {max} characters.")
        return message.format(label=label, n=len(str(value)), max=ctx.get("max_length"))
    if kind == "string_too_short":
        message = _("The {label} is too short: at least {min} characters.")
        return message.format(label=label, min=ctx.get("min_length"))
    if kind.startswith(("date", "datetime")):
        return _("“{shown}” is not a date; write the {label} as 2024-05-17.").format(
            shown=shown, label=label
        )
    if kind.startswith(("int", "float", "greater_than", "less_than")):
        return _("The {label} must be a number in range, not “{shown}”.").format(
            label=label, shown=shown
        )
    if kind in ("string_pattern_mismatch", "literal_error", "enum"):
        return _("“{shown}” is not one of the choices for the {label}.").format(
            shown=shown, label=label
        )
    if kind == "missing":
        return _("The {label} is missing.").format(label=label)
    return _("The {label}: {problem}.").format(label=label, problem=error.get("msg", "not valid"))
