from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from greenbridge.match import requests
from greenbridge.store.models import Entity


def _need_and_technology(session: Session) -> tuple[int, int]:
    need = Entity(type="need", name="Clean cooking", attributes={"country": "RW"})
    technology = Entity(type="technology", name="Improved stove", attributes={})
    session.add_all([need, technology])
    session.flush()
    return need.id, technology.id


def test_request_moves_through_stages_with_history(session: Session) -> None:
    need_id, technology_id = _need_and_technology(session)
    day = lambda n: datetime(2026, 3, n, tzinfo=UTC)  # noqa: E731
    request = requests.create(session, need_id=need_id, technology_id=technology_id,
                              user="ana", score=0.7, at=day(1))  # fmt: skip
    assert request.stage == "proposed" and request.country == "RW"
    requests.move(session, request_id=request.id, stage="contacted", user="ana",
                  note="mail sent", at=day(2))  # fmt: skip
    requests.move(session, request_id=request.id, stage="In discussion", user="bo", at=day(3))
    when = day(4)
    requests.move(session, request_id=request.id, stage="deployed", user="bo",
                  outcome={"households": 1200}, at=when)  # fmt: skip
    history = requests.history(session, request_id=request.id)
    assert [e.stage for e in history] == ["proposed", "contacted", "in_discussion", "deployed"]
    assert history[-1].outcome == {"households": 1200} and history[-1].user == "bo"
    assert history[1].note == "mail sent"
    assert [r.id for r in requests.get_all(session, stage="deployed")] == [request.id]
    assert requests.by_stage(session)["deployed"][0].id == request.id
    with pytest.raises(ValueError, match="closed"):
        requests.move(session, request_id=request.id, stage="contacted", user="ana")


def test_unknown_stage_and_wrong_need_are_refused(session: Session) -> None:
    need_id, technology_id = _need_and_technology(session)
    with pytest.raises(ValueError):
        requests.create(session, need_id=technology_id, user="ana")
    request = requests.create(session, need_id=need_id, user="ana")
    with pytest.raises(ValueError, match="stage"):
        requests.move(session, request_id=request.id, stage="won", user="ana")
    with pytest.raises(LookupError):
        requests.get(session, request_id=request.id + 100)
