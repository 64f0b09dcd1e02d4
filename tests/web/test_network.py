"""The cooperation network: country squares for the countries organizations are based in and
cooperate with, a period checked at the edge (422 in the API, a message on the page), filters
kept in the page's URL, and a cap on the links drawn that the answer states."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.store import corrections
from greenbridge.store.db import transaction
from greenbridge.store.overview import PeriodError, cooperation_network, period_bound


def _seed(engine: Engine) -> dict[str, int]:
    with transaction(engine) as session:
        add = corrections.add_entity
        alliance = add(session, type="organization", name="Sand Belt Alliance",
                       attributes={"kind": "alliance"}, user="seed")  # fmt: skip
        institute = add(session, type="organization", name="Dryland Institute",
                        attributes={"country": "KE"}, user="seed")  # fmt: skip
        academy = add(session, type="organization", name="Steppe Academy",
                      attributes={"country": "MN"}, user="seed")  # fmt: skip
        corrections.add_relation(session, type="member_of", subject_id=institute.id,
                                 object_id=alliance.id, attributes={"year": 2019}, user="seed")  # fmt: skip
        corrections.add_relation(session, type="member_of", subject_id=academy.id,
                                 object_id=alliance.id, attributes={"year": 2023}, user="seed")  # fmt: skip
        corrections.add_relation(session, type="cooperates_with", subject_id=institute.id,
                                 country="EG", attributes={"year": 2021}, user="seed")  # fmt: skip
        return {"alliance": alliance.id, "institute": institute.id, "academy": academy.id}


@pytest.mark.parametrize("text", ["2018", "2018-07", "2018-07-15", " 2018 "])
def test_a_period_bound_is_a_year_a_month_or_a_date(text: str) -> None:
    assert period_bound(text, "since") == text.strip()


@pytest.mark.parametrize(("text", "kind"), [("18", "format"), ("2018/07", "format"),
                                            ("2018-13", "format"), ("2018-02-30", "calendar"),
                                            ("last year", "format")])  # fmt: skip
def test_a_bound_that_is_no_date_says_what_to_write(text: str, kind: str) -> None:
    with pytest.raises(PeriodError) as caught:
        period_bound(text, "until")
    assert caught.value.kind == kind and caught.value.field_name == "until"


def test_countries_are_squares_of_the_network(app_engine: Engine) -> None:
    ids = _seed(app_engine)
    with transaction(app_engine) as session:
        network = cooperation_network(session)
    countries = {n["id"] for n in network.nodes if n["kind"] == "country"}
    assert countries == {"c:KE", "c:MN", "c:EG"}
    based = {(e["source"], e["target"]) for e in network.edges if e["type"] == "based_in"}
    assert based == {(f"e:{ids['institute']}", "c:KE"), (f"e:{ids['academy']}", "c:MN")}
    assert network.total == 3  # the three relations; based-in links are not counted


def test_the_period_and_the_cap_are_applied_in_the_query(app_engine: Engine) -> None:
    _seed(app_engine)
    with transaction(app_engine) as session:
        recent = cooperation_network(session, since="2020")
        capped = cooperation_network(session, limit=1)
    assert sorted(e["date"] for e in recent.edges if e["type"] != "based_in") == ["2021", "2023"]
    assert recent.total == 2
    assert capped.total == 3 and len([e for e in capped.edges if e["type"] != "based_in"]) == 1


def test_the_api_names_countries_and_refuses_a_bad_period(
    client_as: Callable[[str | None], TestClient], app_engine: Engine
) -> None:
    ids = _seed(app_engine)
    api = client_as("viewer")
    data = api.get(f"/api/network?alliance={ids['alliance']}&until=2022").json()
    assert {(n["code"], n["label"]) for n in data["nodes"] if n["kind"] == "country"} == {
        ("KE", "Kenya"), ("EG", "Egypt")}  # fmt: skip
    assert data["total"] == 2 and data["limit"] >= 2
    for query, where in (("since=2018-13", "since"), ("until=soon", "until"),
                         ("since=2018-1", "since")):  # fmt: skip
        refused = api.get(f"/api/network?{query}")
        assert refused.status_code == 422, query
        assert refused.json()["detail"][0]["loc"] == ["query", where]


def test_the_page_keeps_its_filters_and_explains_a_bad_date(
    client_as: Callable[[str | None], TestClient], app_engine: Engine
) -> None:
    ids = _seed(app_engine)
    page = client_as("viewer").get(f"/network?since=2019&alliance={ids['alliance']}")
    assert page.status_code == 200
    assert 'name="since" value="2019"' in page.text
    assert f'<option value="{ids["alliance"]}" selected>' in page.text
    assert f'data-source="/api/network?since=2019&amp;alliance={ids["alliance"]}"' in page.text
    bad = client_as("viewer").get("/network?since=2019-02-30")
    assert bad.status_code == 422 and "is not a date of the calendar" in bad.text
    assert 'value="2019-02-30"' in bad.text and 'id="network"' not in bad.text
    wrong = client_as("viewer").get("/network?since=then")
    assert "write 2018, 2018-07 or 2018-07-15" in wrong.text
