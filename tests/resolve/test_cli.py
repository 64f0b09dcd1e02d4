"""greenbridge review / merge / unmerge and show_entity, through typer's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import Engine
from typer.testing import CliRunner

from greenbridge.cli import app
from greenbridge.cli.resolve import show_entity
from greenbridge.resolve import judge, link_extraction, resolve_id, review_queue
from greenbridge.store.db import make_sessionmaker, transaction
from tests.resolve.helpers import add_document, entity, extraction, relation

runner = CliRunner()
TEXT = "Dr Mara Velez leads the Andes Water Lab. The Andes Water Lab tested a filter."


@pytest.fixture
def env(tmp_path: Path, database_url: str, engine: Engine) -> dict[str, str]:
    return {"GREENBRIDGE_HOME": str(tmp_path / "home"), "GREENBRIDGE_DATABASE_URL": database_url}


def _store(engine: Engine) -> dict[str, int]:
    with transaction(engine) as session:
        document = add_document(session, TEXT, "lab news")
        result = link_extraction(
            session,
            document=document,
            extraction=extraction(
                "lab.txt",
                [
                    entity(TEXT, "p1", "person", "Mara Velez"),
                    entity(TEXT, "o1", "organization", "Andes Water Lab", country="PE"),
                ],
                [relation(TEXT, "position", "p1", "o1", "leads the Andes Water Lab", title="Head")],
            ),
        )
        return result.entity_ids


def _unsure_pair(engine: Engine) -> tuple[int, int]:
    ids = _store(engine)
    text = "Mara Veles spoke."
    with transaction(engine) as session:
        document = add_document(session, text, "talk")
        result = link_extraction(
            session,
            document=document,
            extraction=extraction("talk.txt", [entity(text, "p1", "person", "Mara Veles")]),
        )
    return ids["p1"], result.entity_ids["p1"]


def test_review_shows_both_records_and_stores_the_answers(
    env: dict[str, str], engine: Engine
) -> None:
    first, second = _unsure_pair(engine)
    result = runner.invoke(app, ["review", "--user", "ana"], input="s\n", env=env)
    assert result.exit_code == 0, result.output
    assert "Mara Velez" in result.output and "Mara Veles" in result.output
    assert "leads the Andes Water Lab" in result.output
    assert "1 answered" in result.output
    with make_sessionmaker(engine)() as session:
        assert resolve_id(session, second) == first
        assert review_queue(session) == []


def test_review_skip_leaves_the_pair_queued(env: dict[str, str], engine: Engine) -> None:
    _unsure_pair(engine)
    result = runner.invoke(app, ["review"], input="k\n", env=env)
    assert result.exit_code == 0, result.output
    assert "0 answered" in result.output
    with make_sessionmaker(engine)() as session:
        assert len(review_queue(session)) == 1


def test_merge_and_unmerge_commands(env: dict[str, str], engine: Engine) -> None:
    first, second = _unsure_pair(engine)
    merged = runner.invoke(app, ["merge", str(second), str(first)], env=env)
    assert merged.exit_code == 0, merged.output
    assert f"resolve to {first}" in merged.output
    split = runner.invoke(app, ["unmerge", str(first), str(second)], env=env)
    assert split.exit_code == 0, split.output
    with make_sessionmaker(engine)() as session:
        assert resolve_id(session, second) == second
    missing = runner.invoke(app, ["merge", "999", str(first)], env=env)
    assert missing.exit_code == 1


def test_show_entity_prints_names_relations_and_sentences(engine: Engine) -> None:
    ids = _store(engine)
    console = Console(record=True, width=200)
    with make_sessionmaker(engine)() as session:
        assert show_entity(session, "Andes Water Lab", console)
        assert not show_entity(session, "Nobody Known", console)
        judge(session, ids["o1"], ids["p1"], "unsure")
    output = console.export_text()
    assert "organization: Andes Water Lab" in output
    assert "country: PE" in output
    assert "position" in output and "Mara Velez" in output and "title=Head" in output
    assert "Dr Mara Velez leads the Andes Water Lab." in output
