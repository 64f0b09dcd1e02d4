"""The workspace language: chosen in the header, kept for the signed-in user and the browser."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from greenbridge.auth import set_locale
from greenbridge.web.deps import WriteSessionDep
from greenbridge.web.i18n import LOCALES, SESSION_LOCALE
from greenbridge.web.pages.auth import safe_next
from greenbridge.web.security import check_csrf, current_user_sync

router = APIRouter(include_in_schema=False)


@router.post("/language", dependencies=[Depends(check_csrf)])
def choose_language(
    request: Request,
    session: WriteSessionDep,
    locale: str = Form("", max_length=16),
    next: str | None = Form(None, max_length=2000),
) -> Response:
    """Use `locale` from now on (an unknown or empty one: the browser's languages again); the
    signed-in user keeps the choice in every browser."""
    chosen = locale if locale in LOCALES else None
    if chosen:
        request.session[SESSION_LOCALE] = chosen
    else:
        request.session.pop(SESSION_LOCALE, None)
    user = current_user_sync(request)
    if user is not None and not user.via_token:
        set_locale(session, user_id=user.id, locale=chosen)
    return RedirectResponse(safe_next(next), status_code=303)
