"""`export --format ftm|ics` and `import ftm` at the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from greenbridge.cli import app
from greenbridge.store.db import make_engine
from tests.interop.graph import add_graph

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {"GREENBRIDGE_HOME": str(tmp_path / "home"), "GREENBRIDGE_DATABASE_URL": database_url}
    assert runner.invoke(app, ["init"], env=env).exit_code == 0
    engine = make_engine(database_url)
    add_graph(engine)
    engine.dispose()
    return env


def test_ftm_export_imports_into_a_new_store_and_exports_the_same(
    env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "graph.ftm.jsonl"
    result = runner.invoke(app, ["export", "--format", "ftm", "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert "Membership" in result.output
    fresh = {"GREENBRIDGE_HOME": str(tmp_path / "other")}
    imported = runner.invoke(app, ["import", "ftm", str(out), "--user", "editor"], env=fresh)
    assert imported.exit_code == 0, imported.output
    assert "9 entity" in imported.output and "11 relation" in imported.output
    again = tmp_path / "again.ftm.jsonl"
    assert runner.invoke(app, ["export", "-f", "ftm", "-o", str(again)], env=fresh).exit_code == 0
    first = {e["id"]: e for e in map(json.loads, out.read_text().splitlines())}
    second = {e["id"]: e for e in map(json.loads, again.read_text().splitlines())}
    assert second == first
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "x", "schema": "Spaceship", "properties": {}}\n')
    failed = runner.invoke(app, ["import", "ftm", str(broken)], env=fresh)
    assert failed.exit_code == 1 and "nothing written" in failed.output


def test_ics_export_of_a_country(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "events.ics"
    result = runner.invoke(app, ["export", "-f", "ics", "--country", "Kenya", "-o", str(out)],
                           env=env)  # fmt: skip
    assert result.exit_code == 0, result.output
    [event] = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Dryland Water Forum"
    none = runner.invoke(app, ["export", "-f", "ics", "--country", "India"], env=env)
    assert none.exit_code == 0 and "BEGIN:VEVENT" not in none.stdout
    wrong = runner.invoke(app, ["export", "--country", "Kenya"], env=env)
    assert wrong.exit_code == 2
