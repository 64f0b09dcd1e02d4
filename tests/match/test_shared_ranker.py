"""A server keeps one ranker per store while nothing changes, and builds a new one after any
write: a new technology, a correction, a retraction."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from greenbridge.match.importing import store_records
from greenbridge.match.rank import Ranker
from greenbridge.match.records import MatchRecord
from greenbridge.match.service import shared_ranker, store_fingerprint
from greenbridge.settings import Settings
from greenbridge.store import corrections


def test_the_ranker_is_kept_until_the_store_changes(
    session: Session, engine: Engine, settings: Settings, catalogue: dict[str, int]
) -> None:
    first = shared_ranker(session, engine, settings)
    assert shared_ranker(session, engine, settings) is first
    store_records(
        session,
        [MatchRecord(kind="technology", source_id="t-new", title="Fog net",
                     description="Mesh nets that catch drinking water from fog.")],
        origin="test",
    )  # fmt: skip
    session.flush()
    second = shared_ranker(session, engine, settings)
    assert second is not first
    assert isinstance(second, Ranker) and "Fog net" in [c.title for c in second.candidates]
    before = store_fingerprint(session)
    corrections.retract_entity(session, catalogue["t-pay"], user="editor")
    assert store_fingerprint(session) != before
    third = shared_ranker(session, engine, settings)
    assert third is not second
    assert isinstance(third, Ranker)
    assert "Mobile money wallet" not in [c.title for c in third.candidates]
    assert shared_ranker(session, engine, settings) is third
