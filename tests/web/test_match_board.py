"""The board of match requests on both stores: owner, notes, outcome figures and the history of
stages on each card, set from the card's form or the API."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.store import corrections
from greenbridge.store.db import transaction
from greenbridge.web.matching import BOARD_CARDS, save_request
from tests.web.helpers import csrf_of


def _saved_request(client: TestClient) -> int:
    tech = client.post("/api/entities", json={"type": "technology", "name": "solar water pumps"})
    body = {"need": "pump irrigation water without grid power", "country": "Kenya",
            "technology_id": tech.json()["id"]}  # fmt: skip
    saved = client.post("/api/match-requests", json=body)
    assert saved.status_code == 201, saved.text
    return int(saved.json()["id"])


def test_a_card_takes_owner_note_and_outcome_and_shows_its_history(
    client_as: Callable[[str | None], TestClient],
) -> None:
    editor = client_as("editor")
    request_id = _saved_request(editor)
    form = {"stage": "contacted", "owner": "amina", "note": "called the county office",
            "outcome": "", "csrf_token": csrf_of(editor, "/match/board")}  # fmt: skip
    assert editor.post(f"/match/requests/{request_id}/stage", data=form).status_code == 200
    form |= {"stage": "deployed", "note": "", "outcome": "20 pumps installed, 300 farmers reached"}
    editor.post(f"/match/requests/{request_id}/stage", data=form)
    card = _card(editor.get("/match/board").text, request_id)
    assert "owner <strong>amina</strong>" in card
    assert "“called the county office”" in card
    assert "20 pumps" in card and "300 farmers" in card
    assert "history (3)" in card
    history = re.findall(r"<li>(.*?)</li>", card.split("<ol>")[1])
    assert "proposed" in history[0] and "contacted" in history[1] and "owner amina" in history[1]
    assert "outcome: 20 pumps installed, 300 farmers reached" in history[2]
    viewer_card = _card(client_as("viewer").get("/match/board").text, request_id)
    assert "owner <strong>amina</strong>" in viewer_card and "<form" not in viewer_card


def test_the_api_sets_owner_and_outcome_figures(
    client_as: Callable[[str | None], TestClient],
) -> None:
    editor = client_as("editor")
    request_id = _saved_request(editor)
    stage = f"/api/match-requests/{request_id}/stage"
    moved = editor.post(stage, json={"stage": "agreement", "owner": "li wei",
                                     "outcome": "USD 40,000 committed for 12 pumps"}).json()  # fmt: skip
    assert moved["owner"] == "li wei" and moved["stage"] == "agreement"
    assert [f["display"] for f in moved["figures"]] == ["40,000 USD", "12 pumps"]
    kept = editor.post(stage, json={"stage": "agreement", "note": "contract signed"}).json()
    assert kept["owner"] == "li wei" and kept["note"] == "contract signed"
    cleared = editor.post(stage, json={"stage": "agreement", "owner": ""}).json()
    assert cleared["owner"] is None
    assert [e["outcome"].get("owner", "-") for e in cleared["history"]] == [
        "-",
        "li wei",
        "-",
        None,
    ]


def _card(page: str, request_id: int) -> str:
    start = page.index(f'id="request-{request_id}"')
    return page[start : page.index("</article>", start)]


def test_a_long_column_shows_its_newest_cards_and_opens_whole(
    client_as: Callable[[str | None], TestClient], app_engine: Engine
) -> None:
    editor = client_as("editor")
    with transaction(app_engine) as session:
        pumps = corrections.add_entity(session, type="technology", name="solar water pumps",
                                       user="seed")  # fmt: skip
        for i in range(BOARD_CARDS + 3):
            save_request(session, user="editor", need=f"pump irrigation water for farm {i}",
                         country="Kenya", technology_id=pumps.id)  # fmt: skip
    board = editor.get("/match/board").text
    column = board.split('id="column-proposed"')[1].split("</section>")[0]
    assert f"({BOARD_CARDS + 3})" in column
    assert column.count('class="card"') == BOARD_CARDS
    assert f"farm {BOARD_CARDS + 2}<" in column and "farm 0<" not in column  # the newest
    assert f"Show all {BOARD_CARDS + 3}" in column
    whole = editor.get("/match/board?stage=proposed").text
    opened = whole.split('id="column-proposed"')[1].split("</section>")[0]
    assert opened.count('class="card"') == BOARD_CARDS + 3 and "Show all" not in opened
