import pytest
import yaml

from greenbridge.report.sdg import GoalTagger, goals, tag_goals
from tests.conftest import SHARED


def test_the_17_goals_carry_the_official_titles() -> None:
    official = yaml.safe_load((SHARED / "data" / "sdg_global_goals_en.yml").read_text())
    held = goals()
    assert [g.number for g in held] == list(range(1, 18))
    for goal in held:
        assert goal.short == official[f"{goal.number}-short"]
        assert " ".join(goal.title.split()) == " ".join(official[f"{goal.number}-title"].split())


def test_technologies_are_tagged_by_keyword() -> None:
    assert [g.number for g in tag_goals("solar photovoltaic desertification control")] == [7, 15]
    assert tag_goals("plastic waste recycling")[0].number == 12
    assert tag_goals("seasonal research") == []


@pytest.mark.slow
def test_tagger_falls_back_to_similarity_with_the_real_embedder() -> None:
    tagger = GoalTagger()
    copper, how = tagger.tag("copper bioleaching")
    assert [g.number for g in copper] == [9] and how == "keyword"
    heat, how = tagger.tag("ground source heat pumps")
    assert [g.number for g in heat] == [7] and how == "similarity"
    maize, _ = tagger.tag("drought-tolerant maize varieties")
    assert [g.number for g in maize] == [2]
    assert tagger.tag("quarterly board minutes") == ([], "")
    assert GoalTagger(semantic=False).tag("ground source heat pumps") == ([], "")
