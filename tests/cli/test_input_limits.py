"""The command line refuses what no store can hold, alike on SQLite and PostgreSQL: NUL
characters in arguments, ids and limits outside the stored range; long file names fail alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from greenbridge.cli import app
from greenbridge.store.limits import MAX_ID, MAX_SOURCE_CHARS, InvalidInput, check_source

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {"GREENBRIDGE_HOME": str(tmp_path / "home"), "GREENBRIDGE_DATABASE_URL": database_url}


@pytest.mark.parametrize(
    "args",
    [
        ["search", "solar\x00"],
        ["documents", "--query", "a\x00b"],
        ["show", "entity:\x00"],
        ["user", "add", "a\x00b", "--password-stdin"],
    ],
)
def test_a_nul_in_an_argument_is_refused(env: dict[str, str], args: list[str]) -> None:
    result = runner.invoke(app, args, env=env, input="long enough pw\n")
    assert result.exit_code == 2, result.output
    assert "NUL character" in result.output


@pytest.mark.parametrize("too_big", [MAX_ID + 1, 2**63])
def test_ids_beyond_the_stored_range(env: dict[str, str], too_big: int) -> None:
    for args in (
        ["facts", "accept", str(too_big)],
        ["merge", "1", str(too_big)],
        ["requests", "move", str(too_big), "proposed", "--user", "ana"],
        ["documents", "--limit", str(too_big * 2)],
    ):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 2, (args, result.output)
        assert "2147483647" in result.output
    for reference in (str(too_big), f"doc:{too_big}", f"entity:{too_big}"):
        result = runner.invoke(app, ["show", reference], env=env)
        assert result.exit_code == 1, result.output
        assert "no document or entity" in result.output


def test_a_path_longer_than_a_source_fails_that_file(env: dict[str, str], tmp_path: Path) -> None:
    assert check_source("a" * MAX_SOURCE_CHARS) == "a" * MAX_SOURCE_CHARS
    with pytest.raises(InvalidInput, match="NUL"):
        check_source("a\x00.txt")
    folder = tmp_path
    while len(str(folder)) <= MAX_SOURCE_CHARS:
        folder = folder / ("d" * 200)
    folder.mkdir(parents=True)
    (folder / "note.txt").write_text("The Institute met in Nairobi in 2021.")
    result = runner.invoke(app, ["ingest", str(folder / "note.txt")], env=env)
    assert result.exit_code == 1, result.output
    assert f"at most {MAX_SOURCE_CHARS:,}" in result.output
