import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from greenbridge.cli import app
from greenbridge.settings import Settings


def test_default_store_is_sqlite_under_home(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'greenbridge.db'}"


def test_postgres_urls_use_psycopg_3() -> None:
    settings = Settings(database_url="postgresql://postgres@127.0.0.1:5432/test")
    assert settings.resolved_database_url.startswith("postgresql+psycopg://")


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENBRIDGE_MAX_DOCUMENT_BYTES", "1234")
    assert Settings().max_document_bytes == 1234


def test_production_refuses_the_default_secret() -> None:
    with pytest.raises(ValidationError, match="GREENBRIDGE_SECRET_KEY"):
        Settings(environment="production")
    assert Settings(environment="production", secret_key="x" * 32).secret_key


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for name in Settings.model_fields:
        assert f"GREENBRIDGE_{name.upper()}" in readme, name


def _environment(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENBRIDGE_")}
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    return {**env, "GREENBRIDGE_HOME": str(tmp_path), **values}


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"GREENBRIDGE_ENVIRONMENT": "production"}, "GREENBRIDGE_SECRET_KEY"),
        ({"GREENBRIDGE_MAX_DOCUMENT_BYTES": "lots"}, "GREENBRIDGE_MAX_DOCUMENT_BYTES"),
    ],
)
def test_a_bad_configuration_is_one_line_not_a_traceback(
    tmp_path: Path, values: dict[str, str], named: str
) -> None:
    command = [sys.executable, "-c", "from greenbridge.cli import main; main()", "serve"]
    done = subprocess.run(
        command, env=_environment(tmp_path, **values), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("greenbridge: configuration error: ") and named in line
    result = CliRunner().invoke(app, ["documents"], env=_environment(tmp_path, **values))
    assert result.exit_code == 1 and "Traceback" not in result.output
