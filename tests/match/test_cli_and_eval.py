import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from greenbridge.cli import app
from greenbridge.match.evaluate import evaluate_matching, ndcg, recall, reciprocal_rank
from greenbridge.store.db import make_engine
from greenbridge.store.models import Entity
from tests.conftest import SHARED

runner = CliRunner()
DEV = json.loads((SHARED / "match" / "dev.json").read_text())


def small_bench(path: Path, judged: bool = True) -> Path:
    """Three needs of the dev bench with 40 technologies (their judged ones first)."""
    needs = DEV["needs"][:3]
    ids = {n["id"] for n in needs}
    qrels = [q for q in DEV["qrels"] if q["need"] in ids]
    judged_ids = {q["technology"] for q in qrels}
    technologies = [t for t in DEV["technologies"] if t["id"] in judged_ids][:25]
    technologies += [t for t in DEV["technologies"] if t["id"] not in judged_ids][:15]
    bench = {"technologies": technologies, "needs": needs, "qrels": qrels if judged else []}
    path.write_text(json.dumps(bench))
    return path


def first_need_id(database_url: str) -> int:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        found = connection.scalar(
            select(Entity.id).where(Entity.type == "need").order_by(Entity.id)
        )
    engine.dispose()
    assert found is not None
    return int(found)


def test_metrics() -> None:
    grades = {"a": 2, "b": 1}
    assert ndcg(["a", "b"], grades) == pytest.approx(1.0)
    assert ndcg(["x", "b", "a"], grades) < 1
    assert recall(["a", "x"], grades) == 0.5
    assert reciprocal_rank(["x", "b"], grades) == 0.5


@pytest.mark.slow
def test_eval_writes_the_run_and_beats_the_baselines(tmp_path: Path) -> None:
    run = tmp_path / "run.tsv"
    result = evaluate_matching(small_bench(tmp_path / "bench.json"), run)
    lines = [line.split("\t") for line in run.read_text().splitlines()]
    assert len(lines) == 3 * 20 and lines[0][2] == "1"
    assert {line[0] for line in lines} == {n["id"] for n in DEV["needs"][:3]}
    full = result.metrics["full"].ndcg10
    assert full >= max(result.metrics["keyword"].ndcg10, result.metrics["dense"].ndcg10)


@pytest.mark.slow
def test_cli_import_match_requests_and_eval(tmp_path: Path, database_url: str) -> None:
    env = {"GREENBRIDGE_HOME": str(tmp_path / "home"), "GREENBRIDGE_DATABASE_URL": database_url}
    invoke = lambda *a: runner.invoke(app, list(a), env=env, catch_exceptions=False)  # noqa: E731
    bench = small_bench(tmp_path / "bench.json")
    assert "40 technology records added" in invoke("import", "technologies", str(bench)).output
    assert "3 need records added" in invoke("import", "needs", str(bench)).output
    result = invoke("match", "improved cookstoves that burn less wood", "--json",
                    "--country", "RW")  # fmt: skip
    answer = json.loads(result.output)
    assert answer["countries"] == ["RW"] and answer["results"]
    assert "stove" in answer["results"][0]["title"].lower()
    best = answer["results"][0]
    need_id = first_need_id(database_url)
    created = json.loads(invoke("requests", "create", "--need", str(need_id), "--user", "ana",
                                "--technology", str(best["entity_id"])).output)  # fmt: skip
    assert created["stage"] == "proposed"
    moved = invoke("requests", "move", str(created["id"]), "agreement", "--user", "bo",
                   "--outcome", "households=500")  # fmt: skip
    assert json.loads(moved.output)["history"][-1]["outcome"] == {"households": "500"}
    listed = json.loads(invoke("requests", "list", "--stage", "agreement", "--json").output)
    assert [r["id"] for r in listed] == [created["id"]]
    unjudged = small_bench(tmp_path / "open.json", judged=False)
    out = invoke("eval", "matching", "--bench", str(unjudged), "--run", str(tmp_path / "o.tsv"))
    assert "no judgements" in out.output and (tmp_path / "o.tsv").read_text().count("\n") == 60
