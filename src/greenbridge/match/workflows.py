"""Whole operations on a configured store, one call each (what the CLI and the API call)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from greenbridge.match import requests
from greenbridge.match.catalogue import Filters, need_query, text_query
from greenbridge.match.importing import ImportReport, import_file
from greenbridge.match.partners import Partner, rank_partners
from greenbridge.match.rank import NeedQuery
from greenbridge.match.records import country_code
from greenbridge.match.service import MatchAnswer, build_ranker, match_need
from greenbridge.settings import Settings
from greenbridge.store.db import make_engine, read_session, transaction, upgrade
from greenbridge.store.entities import entity_names
from greenbridge.store.models import Entity, MatchEvent, MatchRequest


def open_store(settings: Settings) -> Engine:
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    return engine


def import_into_store(
    settings: Settings, path: Path, kind: str, mapping: Mapping[str, str] | None = None,
    user: str = "import",
) -> ImportReport:  # fmt: skip
    engine = open_store(settings)
    with transaction(engine) as session:
        return import_file(session, path, kind, mapping, user=user)


def _need(session: Any, text: str | None, need_id: int | None, country: str | None) -> NeedQuery:
    if need_id is not None:
        entity = session.get(Entity, need_id)
        if entity is None or entity.type != "need":
            raise LookupError(f"no need {need_id}")
        need = need_query(entity)
        code = country_code(country) if country else None
        return need if not code else NeedQuery(need.title, need.description, [code])
    if not text:
        raise ValueError("give the need as text or as --need ID")
    return text_query(text, country)


def match_in_store(
    settings: Settings,
    text: str | None = None,
    *,
    need_id: int | None = None,
    country: str | None = None,
    filters: Filters | None = None,
    limit: int = 10,
) -> MatchAnswer:
    """Technologies for a need typed as text or stored as an entity."""
    engine = open_store(settings)
    with read_session(engine) as session:  # a read: it never waits for a writer
        ranker = build_ranker(session, engine, settings)
        return match_need(ranker, _need(session, text, need_id, country), filters, limit)


def partners_in_store(
    settings: Settings, text: str | None = None, *, need_id: int | None = None,
    country: str | None = None, limit: int = 10,
) -> list[Partner]:  # fmt: skip
    engine = open_store(settings)
    with read_session(engine) as session:
        ranker = build_ranker(session, engine, settings)
        return rank_partners(session, ranker, _need(session, text, need_id, country), limit)


def create_request(settings: Settings, **values: Any) -> dict[str, Any]:
    with transaction(open_store(settings)) as session:
        return request_view(session, requests.create(session, **values).id)


def move_request(settings: Settings, *, request_id: int, stage: str, user: str,
                 note: str | None = None, outcome: dict[str, Any] | None = None,
                 at: datetime | None = None) -> dict[str, Any]:  # fmt: skip
    with transaction(open_store(settings)) as session:
        requests.move(session, request_id=request_id, stage=stage, user=user, note=note,
                      outcome=outcome, at=at)  # fmt: skip
        return request_view(session, request_id)


def list_requests(settings: Settings, stage: str | None = None) -> list[dict[str, Any]]:
    with read_session(open_store(settings)) as session:
        return request_views(session, requests.get_all(session, stage=stage))


def request_view(session: Any, request_id: int) -> dict[str, Any]:
    """A request with its need and technology names and its history, as plain data."""
    return request_views(session, [requests.get(session, request_id=request_id)])[0]


def request_views(session: Any, rows: list[MatchRequest]) -> list[dict[str, Any]]:
    """`request_view` of many requests in three queries (requests, names, histories)."""
    ids = [i for r in rows for i in (r.need_id, r.technology_id, r.provider_id, r.expert_id) if i]
    names = {i: name for i, (name, _) in entity_names(session, sorted(set(ids))).items()}
    events = requests.histories(session, [r.id for r in rows])
    return [_view(r, names, events.get(r.id, [])) for r in rows]


def _view(request: MatchRequest, names: Mapping[int, str], events: list[MatchEvent]
          ) -> dict[str, Any]:  # fmt: skip
    name = lambda i: names.get(i) if i else None  # noqa: E731
    history: list[dict[str, Any]] = [
        {"stage": e.stage, "at": e.at.isoformat(), "user": e.user, "note": e.note,
         "outcome": e.outcome}
        for e in events
    ]  # fmt: skip
    return {
        "id": request.id, "stage": request.stage, "need": name(request.need_id),
        "need_id": request.need_id, "technology": name(request.technology_id),
        "technology_id": request.technology_id, "country": request.country,
        "score": request.score, "created_by": request.created_by,
        "created_at": request.created_at.isoformat(), "owner": request.owner,
        "provider": name(request.provider_id), "provider_id": request.provider_id,
        "expert": name(request.expert_id), "expert_id": request.expert_id,
        "note": next((e["note"] for e in reversed(history) if e["note"]), None),
        "figures": [f for e in events for f in (e.outcome or {}).get("figures", [])],
        "history": history,
    }  # fmt: skip
