"""The ranker is built in the background at start-up, and the page can ask whether it still is."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from greenbridge.match import service
from greenbridge.match.service import _RANKERS, ranker_warming, shared_ranker, warm_ranker
from greenbridge.settings import Settings
from greenbridge.store import corrections
from greenbridge.store.db import make_engine, transaction, upgrade


def test_warming_is_reported_until_the_build_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    release, built = threading.Event(), []

    def slow_build(*_args: object) -> None:
        release.wait(30)
        built.append(True)

    monkeypatch.setattr(service, "shared_ranker", slow_build)
    thread = warm_ranker(engine, Settings(home=tmp_path))
    assert ranker_warming(engine)
    release.set()
    thread.join(30)
    assert built == [True] and not ranker_warming(engine)


def test_the_warmed_ranker_is_the_one_the_first_need_uses(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}")
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    with transaction(engine) as session:
        corrections.add_entity(session, type="technology", name="fog nets", user="seed",
                               attributes={"description": "Mesh nets catch water from fog."})  # fmt: skip
    warm_ranker(engine, settings).join(300)
    kept = _RANKERS[str(engine.url)].ranker
    assert not ranker_warming(engine)
    with transaction(engine) as session:
        assert shared_ranker(session, engine, settings) is kept
