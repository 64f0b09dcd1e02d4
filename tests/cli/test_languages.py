from pathlib import Path

from tests.cli.test_cli import env, invoke  # noqa: F401  (the fixture)
from tests.conftest import FIXTURES


def test_ingest_names_a_language_that_is_not_extracted(env: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    french = tmp_path / "note.txt"
    french.write_text("L'institut et les partenaires de la région ont signé un accord de "
                      "coopération sur l'énergie solaire pour les villages du Sahel.\n")  # fmt: skip
    result = invoke(env, "ingest", str(french))
    assert result.exit_code == 0, result.output
    assert "in French (fr): stored and searchable" in result.output


def test_a_chinese_document_is_extracted_and_searchable(env: dict[str, str]) -> None:  # noqa: F811
    result = invoke(env, "ingest", str(FIXTURES / "zh_news.txt"))
    assert result.exit_code == 0, result.output
    assert "stored and searchable" not in result.output and "relations" in result.output
    shown = invoke(env, "search", "示范电站")
    assert "宁夏与埃及签署太阳能技术合作协议" in shown.output


def test_an_english_document_has_no_language_note(env: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    english = tmp_path / "note.txt"
    english.write_text("The institute and the partners of the region signed an agreement.\n")
    result = invoke(env, "ingest", "--no-extract", str(english))
    assert result.exit_code == 0, result.output
    assert "stored and searchable" not in result.output
