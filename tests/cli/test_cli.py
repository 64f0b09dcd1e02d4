import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from greenbridge import __version__
from greenbridge.cli import app
from tests.conftest import CORPUS

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {"GREENBRIDGE_HOME": str(tmp_path / "home"), "GREENBRIDGE_DATABASE_URL": database_url}


def invoke(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def test_version_and_help() -> None:
    assert __version__ in runner.invoke(app, ["--version"]).output
    result = runner.invoke(app, ["--help"])
    for command in ["init", "ingest", "documents", "show", "export", "import", "serve"]:
        assert command in result.output


def test_every_command_has_help_text() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"command {name} has no help"


def test_init_creates_the_default_sqlite_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init"], env={"GREENBRIDGE_HOME": str(tmp_path / "h")})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "h" / "greenbridge.db").exists()


def test_ingest_twice_says_nothing_changed(env: dict[str, str]) -> None:
    first = invoke(env, "ingest", "--no-extract", str(CORPUS))
    assert first.exit_code == 0, first.output
    assert first.output.count("added") >= 5
    second = invoke(env, "ingest", "--no-extract", str(CORPUS))
    assert second.exit_code == 0
    assert second.output.count("nothing changed") == 5
    assert "5 file(s): 5 duplicate" in second.output
    listing = invoke(env, "documents")
    assert "5 of 5 document(s)" in listing.output


def test_ingest_exit_code_is_nonzero_when_a_file_fails(env: dict[str, str], tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("# Report\n\nThe Dryland Institute met partners in Nairobi, Kenya.\n")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    result = invoke(env, "ingest", "--no-extract", str(good), str(bad))
    assert result.exit_code == 1
    assert "broken.pdf" in result.output and "failed" in result.output
    assert "1 added" in result.output


def test_show_a_document(env: dict[str, str]) -> None:
    invoke(env, "ingest", "--no-extract", str(next(CORPUS.glob("002_*.txt"))))
    result = invoke(env, "show", "1")
    assert result.exit_code == 0
    assert "article 1: CAST President Wan Gang" in result.output
    assert invoke(env, "show", "999").exit_code == 1


def test_export_then_import_into_a_new_store(env: dict[str, str], tmp_path: Path) -> None:
    invoke(env, "ingest", "--no-extract", str(CORPUS))
    out = tmp_path / "graph.jsonl"
    assert invoke(env, "export", "--output", str(out)).exit_code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sum(r["kind"] == "document" for r in records) == 5
    fresh = {"GREENBRIDGE_HOME": str(tmp_path / "other")}
    result = runner.invoke(app, ["import", "graph", str(out)], env=fresh)
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.jsonl"
    runner.invoke(app, ["export", "--output", str(again)], env=fresh)
    assert again.read_text() == out.read_text()
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"kind": "document"\n')
    failed = runner.invoke(app, ["import", "graph", str(broken)], env=fresh)
    assert failed.exit_code == 1 and "nothing written" in failed.output


def test_search_finds_entities_and_documents(env: dict[str, str], tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(
        "Nairobi, Kenya, 3 May 2024. Dr. Amina Wanjiru, Director of the Kenya Dryland "
        "Research Institute (KDRI), opened the Regional Forum on Solar Irrigation.\n"
    )
    assert invoke(env, "ingest", str(note)).exit_code == 0
    result = invoke(env, "search", "dryland", "--json")
    data = json.loads(result.output)
    assert any("Dryland Research Institute" in hit["name"] for hit in data["entities"])
    assert [doc["id"] for doc in data["documents"]] == [1]
    assert "Dryland" in data["documents"][0]["snippet"]
    nothing = json.loads(invoke(env, "search", "zzzz", "--json").output)
    assert nothing == {"entities": [], "documents": []}


def test_ingest_states_the_size_limit_as_the_web_does(env: dict[str, str], tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    result = invoke({**env, "GREENBRIDGE_MAX_DOCUMENT_BYTES": "2048"}, "ingest", str(big))
    assert result.exit_code == 1
    assert "file is 4.9 KiB, over the 2 KiB limit (GREENBRIDGE_MAX_DOCUMENT_BYTES)" in (
        " ".join(result.output.split())
    )
