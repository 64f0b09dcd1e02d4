"""The language of the workspace: message catalogs compiled by Babel, chosen per request.

The language is the one the signed-in user chose (users' `locale`), else the one chosen in this
browser before signing in (kept in the session), else the best of the browser's
Accept-Language that a catalog exists for, else English. Templates translate with the
`jinja2.ext.i18n` extension (`{{ _("...") }}`, `{% trans %}`); page code with
`gettext_for(request)`. Catalogs: `web/locale/LOCALE/LC_MESSAGES/messages.po`, compiled to
`.mo` by `make messages`."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations
from fastapi import Request
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from greenbridge.web.vocabulary import term

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LOCALE = "en"
LOCALES = {"en": "English", "zh_Hans": "简体中文"}  # code: the language's own name
SESSION_LOCALE = "locale"
Gettext = Callable[[str], str]


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalog of `locale` (English: the messages as written)."""
    if locale == DEFAULT_LOCALE or locale not in LOCALES:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [locale], domain="messages")


def _preferred(accept_language: str) -> list[str]:
    """The tags of an Accept-Language header, most wanted first (q=0 left out)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, position, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]


def _catalog_for(tag: str) -> str | None:
    """The catalog for one browser language tag: same language (Chinese: Simplified)."""
    try:
        wanted = Locale.parse(tag, sep="-" if "-" in tag else "_")
    except (ValueError, UnknownLocaleError):
        return None
    found = Locale.negotiate([str(wanted)], list(LOCALES))
    if found is not None:
        return str(found)
    return next((code for code in LOCALES if Locale.parse(code).language == wanted.language), None)


@lru_cache(maxsize=256)
def negotiate(accept_language: str) -> str | None:
    """The catalog that best fits an Accept-Language header, or None."""
    for tag in _preferred(accept_language):
        found = _catalog_for(tag)
        if found:
            return found
    return None


def locale_of(request: Request) -> str:
    """The language of the response to `request` (see the module doc for the order)."""
    user = getattr(request.state, "user", None)
    chosen = getattr(user, "locale", None)
    if chosen in LOCALES:
        return str(chosen)
    in_session = request.session.get(SESSION_LOCALE) if "session" in request.scope else None
    if isinstance(in_session, str) and in_session in LOCALES:
        return in_session
    return negotiate(request.headers.get("accept-language", "")) or DEFAULT_LOCALE


def territory_name(code: str, locale: str) -> str | None:
    """The name of a country (ISO 3166 alpha-2) in `locale` (None for English or unknown)."""
    if locale == DEFAULT_LOCALE or locale not in LOCALES:
        return None
    name = Locale.parse(locale).territories.get(code.upper())
    return str(name) if name else None


def html_lang(locale: str) -> str:
    """The BCP 47 tag of a catalog for `<html lang>` (`zh_Hans` is `zh-Hans`)."""
    return locale.replace("_", "-")


def gettext_for(request: Request | None) -> Gettext:
    """The translating function of the request's language (English without a request)."""
    locale = locale_of(request) if request is not None else DEFAULT_LOCALE
    return translations(locale).gettext


def _request_of(context: Context) -> Request | None:
    request = context.get("request")
    return request if isinstance(request, Request) else None


@pass_context
def _gettext(context: Context, message: str) -> str:
    return gettext_for(_request_of(context))(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    locale = locale_of(request) if (request := _request_of(context)) else DEFAULT_LOCALE
    return translations(locale).ngettext(singular, plural, n)


@pass_context
def _term(context: Context, word: object) -> str:
    """A code word of the data (`in_discussion`) as words of the page's language."""
    if word is None or word == "":
        return ""
    return _gettext(context, term(str(word)))


@pass_context
def _country(context: Context, code: str | None, english: str | None = None) -> str:
    """A country's name in the page's language (`english`, else the code, when none)."""
    if not code:
        return english or ""
    return territory_name(code, _page_locale(context)) or english or code


@pass_context
def _page_locale(context: Context) -> str:
    request = _request_of(context)
    return locale_of(request) if request is not None else DEFAULT_LOCALE


def install(env: Environment) -> None:
    """Translate the templates of `env` with the language of each request they render for."""
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts them
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["term"] = _term
    env.filters["country"] = _country
    globals_: dict[str, Any] = env.globals
    globals_["page_locale"] = _page_locale
    globals_["html_lang"] = html_lang
    globals_["LOCALES"] = LOCALES
