from sqlalchemy.orm import Session

from greenbridge.index.embedders import get_embedder
from greenbridge.match.catalogue import Filters, load_candidates, need_query, text_query
from greenbridge.match.partners import rank_partners
from greenbridge.match.rank import Ranker
from greenbridge.match.service import match_need
from greenbridge.store.models import Entity
from tests.match.conftest import DEPLOYMENT


def _ranker(session: Session) -> Ranker:
    return Ranker(load_candidates(session), get_embedder())


def test_each_scorer_puts_the_cookstove_first(session: Session, catalogue: dict[str, int]) -> None:
    ranker = _ranker(session)
    need = need_query(session.get(Entity, catalogue["n-cook"]))
    assert need.countries == ["RW"]
    for scorer in ("keyword", "dense", "full"):
        assert ranker.rank(need, 3, scorer=scorer)[0].candidate.key == "t-stove", scorer


def test_context_adds_deployment_cooperation_and_readiness(
    session: Session, catalogue: dict[str, int]
) -> None:
    ranker = _ranker(session)
    need = need_query(session.get(Entity, catalogue["n-cook"]))
    with_context = ranker.rank(need, 1)[0]
    assert "deployed in the country" in with_context.reasons
    assert "provider has cooperated with the country" in with_context.reasons
    elsewhere = ranker.rank(text_query(need.description, "BR"), 1)[0]
    assert with_context.score > elsewhere.score


def test_match_is_explained_with_phrases_and_evidence(
    session: Session, catalogue: dict[str, int]
) -> None:
    answer = match_need(_ranker(session), need_query(session.get(Entity, catalogue["n-cook"])))
    best = answer.results[0]
    assert best.title == "Improved clay cookstove" and best.fit in ("direct", "partial")
    assert {"firewood", "cooking"} <= set(best.explanation["shared_terms"])
    assert "firewood" in best.explanation["technology_phrase"]
    assert best.explanation["evidence"][0]["sentence"] == DEPLOYMENT
    assert "Mobile money wallet" not in [r.title for r in answer.results]


def test_nothing_fits_says_so(session: Session, catalogue: dict[str, int]) -> None:
    answer = match_need(_ranker(session), text_query("deep sea submarine cable repair robots"))
    assert answer.results == []
    assert answer.message.startswith("Nothing fits")


def test_filters_on_sector_country_and_readiness(
    session: Session, catalogue: dict[str, int]
) -> None:
    ranker = _ranker(session)
    need = text_query("energy for cooking and irrigation")
    keys = lambda f: {r.candidate.key for r in ranker.rank(need, 10, keep=f.keep)}  # noqa: E731
    assert keys(Filters(sector="finance")) == {"t-pay"}
    assert keys(Filters(countries=("ET",))) == {"t-pump"}
    assert keys(Filters(min_readiness=7)) == {"t-stove"}


def test_partners_rank_the_developer_and_its_director(
    session: Session, catalogue: dict[str, int]
) -> None:
    need = need_query(session.get(Entity, catalogue["n-cook"]))
    partners = rank_partners(session, _ranker(session), need)
    assert partners[0].entity_id == catalogue["maker"]
    assert any("cooperates with RW" in r for r in partners[0].reasons)
    expert = next(p for p in partners if p.entity_id == catalogue["expert"])
    assert expert.type == "person" and "Director at" in expert.reasons[0]


def test_a_technology_imported_twice_is_listed_once(
    session: Session, catalogue: dict[str, int]
) -> None:
    from greenbridge.match.importing import store_records
    from greenbridge.match.records import MatchRecord

    stove = session.get(Entity, catalogue["t-stove"])
    assert stove is not None
    copy = MatchRecord(kind="technology", source_id="t-stove-again",
                       title=stove.name.upper(), description=stove.attributes["description"])  # fmt: skip
    store_records(session, [copy], origin="second import")
    session.flush()
    ranker = _ranker(session)
    assert sum(c.title.casefold() == stove.name.casefold() for c in ranker.candidates) == 2
    answer = match_need(ranker, text_query("firewood saving cookstoves for households"))
    titles = [r.title.casefold() for r in answer.results]
    assert titles.count(stove.name.casefold()) == 1
