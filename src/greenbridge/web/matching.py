"""Adapter from the match library to the web: one call per page action, results as plain data."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from greenbridge.match import match_need, rank_partners, shared_ranker, text_query
from greenbridge.match import requests as match_requests
from greenbridge.match.importing import store_record
from greenbridge.match.language import need_language, unranked_note
from greenbridge.match.rank import NeedQuery
from greenbridge.match.records import NEED, MatchRecord, country_code
from greenbridge.match.workflows import request_view, request_views
from greenbridge.settings import Settings
from greenbridge.store.entities import entity_exists


class PartnerOut(BaseModel):
    name: str
    type: str
    score: float
    entity_id: int | None
    reasons: list[str]


class MatchOut(BaseModel):
    need: str
    country: str | None
    message: str
    technologies: list[dict[str, Any]]
    partners: list[PartnerOut]
    experts: list[PartnerOut]
    language: str | None = None  # of the need, when it can be told
    language_note: str | None = None  # set when the matcher cannot rank that language


def find_matches(
    session: Session, engine: Engine, settings: Settings, need: str, country: str | None,
    limit: int, *, countries: list[str] | None = None,
) -> MatchOut:  # fmt: skip
    """Technologies (match_need), then partners and experts (rank_partners) for a typed need;
    `countries` (ISO codes, e.g. those understood from the need) replace `country` when given."""
    ranker = shared_ranker(session, engine, settings)
    query = text_query(need, country)
    if countries is not None:
        query = NeedQuery(title="", description=need, countries=countries)
    answer = match_need(ranker, query, None, limit)
    ranked = rank_partners(session, ranker, query, 2 * limit)
    partners = [PartnerOut(**vars(p)) for p in ranked if p.type != "person"][:limit]
    experts = [PartnerOut(**vars(p)) for p in ranked if p.type == "person"][:limit]
    language = need_language(need)
    return MatchOut(
        language=language,
        language_note=unranked_note(language),
        need=need,
        country=country_code(country) if country else None,
        message=answer.message,
        technologies=[vars(r) for r in answer.results],
        partners=partners,
        experts=experts,
    )


def save_request(session: Session, *, user: str, need: str, country: str | None, note: str | None = None, **values: Any) -> dict[str, Any]:  # fmt: skip
    """Store the typed need as a need entity (entered by `user`) and open a request on it."""
    code = country_code(country) if country else None
    if country and not code:
        raise ValueError(f"unknown country {country!r}")
    for key in ("technology_id", "provider_id", "expert_id"):
        if values.get(key) is not None and not entity_exists(session, values[key]):
            raise ValueError(f"no entity {values[key]} ({key})")
    title = " ".join(need.split())[:120]
    record = MatchRecord(
        kind=NEED, title=title, description=need.strip(), country=code, source="web"
    )
    entity = store_record(session, record, origin="web", user=user)
    request = match_requests.create(session, need_id=entity.id, user=user, note=note, **values)
    return request_view(session, request.id)


def request_board(session: Session) -> dict[str, list[dict[str, Any]]]:
    grouped = match_requests.by_stage(session)
    return {stage: request_views(session, rows) for stage, rows in grouped.items()}


BOARD_CARDS = 40  # cards a column of the board page shows before "show all"


def board_columns(
    session: Session, open_stage: str | None = None
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
    """The board page's columns: the newest BOARD_CARDS cards of each stage (all of
    `open_stage`), and how many requests each stage holds."""
    grouped = match_requests.by_stage(session)
    totals = {stage: len(rows) for stage, rows in grouped.items()}
    shown = {stage: rows if stage == open_stage else rows[:BOARD_CARDS]
             for stage, rows in grouped.items()}  # fmt: skip
    every = request_views(session, [r for rows in shown.values() for r in rows])
    views = {v["id"]: v for v in every}
    return {stage: [views[r.id] for r in rows] for stage, rows in shown.items()}, totals


def move_request(
    session: Session, request_id: int, stage: str, user: str, note: str | None,
    *, owner: str | None = None, outcome: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Move a request (or note on it, give it an owner, record its outcome in words)."""
    figures = match_requests.outcome_of(outcome) if outcome else None
    match_requests.move(session, request_id=request_id, stage=stage, user=user, note=note,
                        owner=owner, outcome=figures)  # fmt: skip
    return request_view(session, request_id)
