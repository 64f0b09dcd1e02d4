"""The registry pages: lists with filters kept in the URL, entity and event pages, and readable
messages on the form for every input a page cannot take (the JSON API keeps JSON errors)."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.store.db import transaction
from greenbridge.store.models import Entity
from tests.web.registry_seed import CROWD, Seeded, seed_registry

Client = Callable[[str | None], TestClient]


@pytest.fixture
def seeded(app_engine: Engine) -> Seeded:
    return seed_registry(app_engine)


@pytest.fixture
def viewer(client_as: Client) -> TestClient:
    return client_as("viewer")


def _html(response: httpx.Response) -> str:
    text = unescape(response.text)
    assert response.headers["content-type"].startswith("text/html"), text[:200]
    return text


def _rows(page: str) -> list[str]:
    return re.findall(r'<td><a href="/entities/\d+">([^<]+)</a></td>', page)


def test_people_list_pages_with_filters_kept(viewer: TestClient, seeded: Seeded) -> None:
    page = _html(viewer.get("/entities?type=person"))
    assert '<h1>People <span class="muted">(8)</span></h1>' in page
    assert _rows(page)[:2] == ["Amina Otieno", "Crowd Member 1"]
    filtered = _html(viewer.get("/entities?type=organization&country=kenya&sort=mentions"))
    assert _rows(filtered) == ["Kenya Solar Institute"]
    assert "Kenya (KE)" in filtered and 'value="kenya"' in filtered
    # The JSON link and the tabs keep the filters.
    assert "/api/entities?type=organization&country=KE&sort=mentions" in filtered
    assert 'href="/entities?country=KE&sort=mentions&type=event"' in filtered


def test_next_page_link_keeps_the_filters(viewer: TestClient, app_engine: Engine) -> None:
    seed_registry(app_engine)
    crowd = [f"Crowd Member {n}" for n in range(1, CROWD + 1)]
    with transaction(app_engine) as session:
        session.add_all(Entity(type="person", name=f"Zed Person {n:02}", attributes={"country":
                        "KE"}) for n in range(60))  # fmt: skip
    page = _html(viewer.get("/entities?type=person&country=KE"))
    assert len(_rows(page)) == 50 and "Showing 50 of 60" in page
    following = re.search(r'href="(/entities\?[^"]+)" rel="next"', page)
    assert following and "country=KE" in following.group(1) and "cursor=" in following.group(1)
    second = _html(viewer.get(following.group(1)))
    assert _rows(second) == [f"Zed Person {n:02}" for n in range(50, 60)]
    assert 'rel="first"' in second and 'rel="next"' not in second
    assert not set(crowd) & set(_rows(second))


def test_empty_lists_say_so(viewer: TestClient, seeded: Seeded) -> None:
    page = _html(viewer.get("/entities?type=initiative"))
    assert "No initiatives in the registry yet." in page
    page = _html(viewer.get("/entities?type=event&country=PE&start=2025"))
    assert "No events match these filters." in page and "Clear the filters" in page


def test_dashboard_counts_and_countries_link_to_the_lists(
    viewer: TestClient, seeded: Seeded
) -> None:
    page = _html(viewer.get("/dashboard"))
    assert (
        '<a href="/entities?type=person" class="count-link"><strong>8</strong> people</a>' in page
    )
    assert 'href="/entities?type=event"' in page
    assert '<a class="chip country-link" href="/entities?country=KE">Kenya · ' in page
    listed = _rows(_html(viewer.get("/entities?country=KE")))
    assert listed == ["Kenya Solar Institute", "solar crop dryer", "Solar Drying Forum 2024"]


def test_document_page_links_to_the_entities_it_mentions(
    viewer: TestClient, seeded: Seeded
) -> None:
    page = _html(viewer.get(f"/documents/{seeded.document_id}"))
    assert f'href="/entities?document={seeded.document_id}"' in page
    listed = _rows(_html(viewer.get(f"/entities?document={seeded.document_id}")))
    assert "Amina Otieno" in listed and "Andes Water Network" not in listed


def test_entity_page_shows_honorifics_as_text_and_what_evidence_supports(
    viewer: TestClient, seeded: Seeded
) -> None:
    person = _html(viewer.get(f"/entities/{seeded.ids['amina']}"))
    assert '<dd data-attribute="honorifics">Dr., Prof.' in person
    assert "['Dr." not in person
    organization = _html(viewer.get(f"/entities/{seeded.ids['ksi']}"))
    block = organization.split('<dd data-attribute="country">')[1].split("</dd>")[0]
    assert "evidence of the country (1)" in block
    assert 'supports the country:</span> <q>It was hosted by the Kenya Solar Institute, a ' \
           "research institute in Nairobi.</q>" in block  # fmt: skip
    assert "Evidence of the entity itself (1)" in organization


def test_event_page_shows_who_took_part_with_their_sentences(
    viewer: TestClient, seeded: Seeded
) -> None:
    page = _html(viewer.get(f"/entities/{seeded.ids['forum']}"))
    event = page.split('<section class="event-roles" id="event">')[1].split("</section>")[0]
    assert "<time>2024-05-14</time> – <time>2024-05-16</time>" in event
    assert "supports the start:" in event and "from 14 to 16 May 2024" in event
    assert "Nairobi, Kenya (KE)" in event
    organizers, rest = event.split("<h3>Organizers")[1].split("<h3>Speakers")
    speakers, participants = rest.split("<h3>Participants")
    assert "Kenya Solar Institute" in organizers and ">host<" in organizers
    assert "It was hosted by the Kenya Solar Institute" in organizers
    assert (
        'Amina Otieno</a> <span class="title">— Director, Kenya Solar Institute</span>' in speakers
    )
    assert "gave the opening address" in speakers
    assert "Nile Valley Energy Institute" in participants and "attended the forum" in participants
    assert "Amina" not in participants


def test_event_without_people_says_so(viewer: TestClient, seeded: Seeded) -> None:
    page = _html(viewer.get(f"/entities/{seeded.ids['week']}"))
    assert "No organizer named in the documents." in page
    assert "no place found" not in page and "Peru (PE)" in page


FORM_ERRORS = [
    ("/search?q=" + "a" * 201, "The search text is too long (201 characters): at most 200",
     'name="q"'),
    ("/?q=" + "b" * 300, "The search text is too long (300 characters): at most 200", 'name="q"'),
    ("/match?need=" + "c" * 4001, "The need is too long (4001 characters): at most 4000",
     'name="need"'),
    ("/match?need=ab", "“ab” is too short to match", 'name="need"'),
    ("/match?need=solar+drying&country=Narnia", "“Narnia” is not a country we know",
     'name="country" value="Narnia"'),
    ("/reports?kind=activity&start=2024-02-30&end=2024-03-01",
     "“2024-02-30” is not a date; write the From date as 2024-05-17", 'name="start"'),
    ("/reports?start=2024-05-01&end=2024-04-01", "The period ends (2024-04-01) before it starts",
     'name="end"'),
    ("/entities?type=event&start=May+2024", "“May 2024” is not a date", 'name="start" value="May 2024"'),
    ("/entities?country=Atlantis", "“Atlantis” is not a country we know",
     'name="country" value="Atlantis"'),
    ("/entities?cursor=garbage", "That page link is not valid", 'name="country"'),
    ("/entities?country=" + "d" * 101, "The country is too long (101 characters)", 'name="country"'),
]  # fmt: skip


@pytest.mark.parametrize(("url", "message", "form"), FORM_ERRORS)
def test_bad_input_is_said_on_the_form(
    viewer: TestClient, seeded: Seeded, url: str, message: str, form: str
) -> None:
    response = viewer.get(url)
    assert response.status_code == 422
    page = _html(response)
    assert '"detail"' not in page and "<form" in page and form in page
    assert re.search(r'<p class="flash error form-error" role="alert">[^<]*' + re.escape(message),
                     page), page[:3000]  # fmt: skip


def test_search_fragment_for_htmx_shows_the_message(viewer: TestClient) -> None:
    response = viewer.get("/search?q=" + "x" * 300, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "too long" in response.text
    assert "<html" not in response.text


def test_the_json_api_keeps_json_errors(viewer: TestClient) -> None:
    response = viewer.get("/api/search", params={"q": "x" * 201})
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "string_too_long"
    response = viewer.get("/api/entities", params={"country": "Atlantis"})
    assert response.status_code == 404 and "not a country" in response.json()["detail"][0]["msg"]


def test_other_page_input_errors_are_readable_pages(viewer: TestClient, seeded: Seeded) -> None:
    response = viewer.get(f"/entities/{seeded.ids['ksi']}?offset=many")
    assert response.status_code == 422
    page = _html(response)
    assert "The page position must be a number in range, not “many”." in page
