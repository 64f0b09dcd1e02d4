from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from greenbridge.cli import app
from tests.report.graph import build_sample

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, database_url: str, engine: Engine, session: Session) -> dict[str, str]:
    build_sample(session)
    return {"GREENBRIDGE_HOME": str(tmp_path / "home"), "GREENBRIDGE_DATABASE_URL": database_url}


def test_report_newsletter_markdown(env: dict[str, str]) -> None:
    args = ["report", "newsletter", "--from", "2023-01-01", "--to", "2023-12-31"]
    result = runner.invoke(app, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (
        "Riverside Water Summit took place on 14 March 2023 in Nairobi, Kenya. [1]" in result.output
    )


def test_report_commands_write_files(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "impact.html"
    result = runner.invoke(
        app, ["report", "impact", "--format", "html", "--output", str(out)], env=env
    )
    assert result.exit_code == 0, result.output
    assert "1,200 t/year" in out.read_text()
    activity = runner.invoke(
        app,
        ["report", "activity", "--alliance", "Green Rivers Alliance", "--format", "json"],
        env=env,
    )
    assert activity.exit_code == 0 and '"kind": "activity"' in activity.output


def test_report_refuses_bad_arguments(env: dict[str, str]) -> None:
    both = runner.invoke(  # both named: the two together; here neither is in the graph
        app, ["report", "activity", "--organization", "a", "--alliance", "b"], env=env
    )
    assert both.exit_code == 0 and "“a”" in both.output and "“b”" in both.output
    bad = runner.invoke(app, ["report", "newsletter", "--format", "docx"], env=env)
    assert bad.exit_code == 2
