"""HTML pages for matchmaking: the match form and results, saving, the board of requests."""

from __future__ import annotations

import hashlib

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenbridge.match.records import country_code
from greenbridge.match.requests import STAGES
from greenbridge.match.service import ranker_warming
from greenbridge.match.understanding import (
    Understood,
    region_name,
    sector_name,
    understand_need,
)
from greenbridge.web.deps import (
    MAX_ID,
    Editor,
    PathId,
    SessionDep,
    SettingsDep,
    WriteSessionDep,
    render,
)
from greenbridge.web.i18n import gettext_for
from greenbridge.web.matching import board_columns, find_matches, move_request, save_request
from greenbridge.web.pages.forms import INVALID, FormPage, shows_form
from greenbridge.web.security import flash, require_role

router = APIRouter(
    include_in_schema=False, dependencies=[Depends(require_role("viewer"))], route_class=FormPage
)
MIN_NEED = 3


def need_problems(need: str, country: str) -> list[str]:
    """What keeps a typed need and country from being matched, in words."""
    problems = []
    if 0 < len(need.strip()) < MIN_NEED:
        problems.append(f"“{need.strip()}” is too short to match: describe the need in at least "
                        f"{MIN_NEED} characters, e.g. “solar drying of crops”.")  # fmt: skip
    for name in _listed(country):
        if country_code(name) is None:
            problems.append(f"“{name}” is not a country we know; type a country name or "
                            "its two-letter ISO code (Kenya or KE).")  # fmt: skip
    return problems


def _listed(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def need_key(need: str) -> str:
    """Names the need text an understanding was shown for: typed fields count while it holds."""
    return hashlib.sha256(" ".join(need.split()).encode()).hexdigest()[:16]


def understanding(
    need: str, country: str, region: str, sector: str, shown_for: str
) -> tuple[Understood, list[str]]:
    """What the need's countries, regions and sectors are: as the user left them in the form when
    it was shown for this very need text, else read from the text (with the Country field)."""
    typed = [c for c in (country_code(n) for n in _listed(country)) if c]
    if shown_for != need_key(need):
        found = understand_need(need)
        found.countries = list(dict.fromkeys([*typed, *found.countries]))
        return found, []
    regions, sectors = (
        [region_name(n) for n in _listed(region)],
        [sector_name(n) for n in _listed(sector)],
    )
    problems = [f"“{n}” is not a region we know; type a UN region such as Eastern Africa."
                for n, r in zip(_listed(region), regions, strict=True) if r is None]  # fmt: skip
    problems += [f"“{n}” is not a sector of the CTCN taxonomy (e.g. Water, Agriculture)."
                 for n, v in zip(_listed(sector), sectors, strict=True) if v is None]  # fmt: skip
    return Understood(typed, [r for r in regions if r], [v for v in sectors if v]), problems


def _form_values(understood: Understood) -> dict[str, str]:
    import pycountry

    names: list[str] = []
    for code in understood.countries:
        found = pycountry.countries.get(alpha_2=code)
        names.append(str(getattr(found, "common_name", None) or getattr(found, "name", code)))
    return {"country": ", ".join(names), "region": ", ".join(understood.regions),
            "sector": ", ".join(understood.sectors)}  # fmt: skip


def _match_form(request: Request, messages: list[str]) -> Response:
    typed = request.query_params
    context = {"need": typed.get("need", ""), "country": typed.get("country", ""),
               "region": typed.get("region", ""), "sector": typed.get("sector", ""),
               "result": None, "errors": messages}  # fmt: skip
    return render(request, "match.html", context, status_code=INVALID)


@router.get("/match", response_class=HTMLResponse)
@shows_form(_match_form)
def match_page(
    request: Request, session: SessionDep, settings: SettingsDep,
    need: str = Query("", max_length=4000), country: str = Query("", max_length=400),
    region: str = Query("", max_length=400), sector: str = Query("", max_length=400),
    shown_for: str = Query("", max_length=64),
) -> Response:  # fmt: skip
    problems = need_problems(need, country)
    understood, more = understanding(need, country, region, sector, shown_for)
    if problems or more:
        return _match_form(request, problems + more)
    context: dict[str, object] = {
        "need": need, "result": None, "warming": False, **_form_values(understood)
    }  # fmt: skip
    engine = request.app.state.engine
    if need.strip() and ranker_warming(engine):
        context.update(warming=True, country=country, region=region, sector=sector)
    elif need.strip():
        context["result"] = find_matches(session, engine, settings, need, None, 10,
                                         countries=understood.ranked_countries())  # fmt: skip
        context.update(understood=understood, shown_for=need_key(need))
    else:
        context.update(country=country, region=region, sector=sector)
    return render(request, "match.html", context)


@router.post("/match/save")
def save(
    request: Request, user: Editor, session: WriteSessionDep,
    need: str = Form(..., min_length=3, max_length=4000), country: str = Form("", max_length=60),
    technology_id: int | None = Form(None, ge=1, le=MAX_ID), score: float | None = Form(None),
) -> Response:  # fmt: skip
    try:
        saved = save_request(session, user=user.username, need=need, country=country or None,
                             technology_id=technology_id, score=score)  # fmt: skip
    except ValueError as exc:
        flash(request, str(exc), "error")
        return RedirectResponse("/match", status_code=303)
    _ = gettext_for(request)
    flash(request, _("Saved as match request {id} (stage proposed).").format(id=saved["id"]))
    return RedirectResponse("/match/board", status_code=303)


@router.get("/match/board", response_class=HTMLResponse)
def board(request: Request, session: SessionDep, stage: str = Query("", max_length=20)) -> Response:
    """The board: the newest cards of each stage; `?stage=S` shows every card of stage S."""
    columns, totals = board_columns(session, stage if stage in STAGES else None)
    context = {"board": columns, "totals": totals, "stages": STAGES, "open_stage": stage}
    return render(request, "board.html", context)


@router.post("/match/requests/{request_id}/stage")
def stage(
    request_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    stage: str = Form(..., max_length=32), note: str = Form("", max_length=2000),
    owner: str | None = Form(None, max_length=100), outcome: str = Form("", max_length=2000),
) -> Response:  # fmt: skip
    try:
        move_request(session, request_id, stage, user.username, note or None,
                     owner=owner, outcome=outcome or None)  # fmt: skip
        _ = gettext_for(request)
        saved = _("Request {id} saved ({stage}).")
        flash(request, saved.format(id=request_id, stage=_(stage.replace("_", " "))))
    except (LookupError, ValueError) as exc:
        flash(request, str(exc), "error")
    return RedirectResponse("/match/board", status_code=303)
