"""What the registry list page shows: the type tabs, the filter form as typed, the page of
entities and the links to the next and first pages (every filter kept in the URL)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pycountry
from fastapi import Request
from fastapi.responses import Response

from greenbridge.schema import entity_types
from greenbridge.store.overview import plural
from greenbridge.store.registry import SORTS, TYPES, RegistryFilters, RegistryPage
from greenbridge.web.deps import render
from greenbridge.web.i18n import (
    DEFAULT_LOCALE,
    Gettext,
    gettext_for,
    locale_of,
    territory_name,
)
from greenbridge.web.pages.forms import INVALID
from greenbridge.web.vocabulary import N_

FIELDS = ("type", "country", "kind", "start", "end", "document", "sort")
SORT_LABELS = {
    "name": N_("name"),
    "mentions": N_("most mentioned"),
    "recent": N_("most recently added"),
}
HEADINGS = (
    N_("Entities"), N_("People"), N_("Organizations"), N_("Events"), N_("Initiatives"),
    N_("Technologies"),
)  # fmt: skip


def country_name(code: str | None, locale: str = DEFAULT_LOCALE) -> str:
    """`Kenya (KE)` for KE (`肯尼亚 (KE)` in Chinese); the code itself when it is not a country."""
    if not code:
        return ""
    found = pycountry.countries.get(alpha_2=code.upper())
    if not found:
        return code
    return f"{territory_name(code, locale) or found.name} ({code.upper()})"


def country_namer(request: Request) -> Callable[[str | None], str]:
    """`country_name` in the language of the request, for templates."""
    locale = locale_of(request)
    return lambda code: country_name(code, locale)


def _heading(kind: str | None, _: Gettext) -> str:
    return _(plural(kind).capitalize() if kind else "Entities")


def _common(request: Request, kind: str | None) -> dict[str, Any]:
    typed = {name: request.query_params.get(name, "")[:200] for name in FIELDS}
    kinds = entity_types()[kind].kinds if kind in entity_types() else ()
    _ = gettext_for(request)
    return {
        "typed": typed, "types": [(t, _(plural(t).capitalize())) for t in TYPES], "kind_of": kind,
        "kinds": kinds, "sorts": [(s, _(SORT_LABELS[s])) for s in SORTS],
        "heading": _heading(kind, _),
        "country_name": country_namer(request), "errors": [], "page": None,
    }  # fmt: skip


def list_context(
    request: Request, filters: RegistryFilters, page: RegistryPage, paged: bool
) -> dict[str, Any]:
    context = _common(request, filters.type)
    query = filters.query()
    context.update(
        page=page,
        filters=filters,
        first=f"/entities?{urlencode(query)}" if paged else None,
        next=f"/entities?{urlencode({**query, 'cursor': page.next_cursor})}"
        if page.next_cursor
        else None,
        json=f"/api/entities?{urlencode(query)}",
        tab=lambda kind: _tab(query, kind),
    )  # fmt: skip
    return context


def _tab(query: dict[str, str], kind: str | None) -> str:
    """Another type's list, keeping the filters every type has (country, document, sort)."""
    kept = {k: v for k, v in query.items() if k in ("country", "document", "sort")}
    return "/entities?" + urlencode({**kept, "type": kind} if kind else kept)


def show_list_form(request: Request, messages: list[str]) -> Response:
    """The filter form as typed with what is wrong with it, and no list."""
    kind = request.query_params.get("type")
    context = _common(request, kind if kind in TYPES else None)
    context.update(errors=messages, tab=lambda k: _tab({}, k))
    return render(request, "entities.html", context, status_code=INVALID)
