"""Saved newsletters: generated items kept, chosen, ordered and reworded, and exported as edited
with the evidence of every sentence; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from greenbridge.report import render
from greenbridge.report.saved import (
    EditConflict,
    ItemEdit,
    delete_newsletter,
    edit_newsletter,
    edited_report,
    get_newsletter,
    list_newsletters,
    save_newsletter,
)
from greenbridge.store.db import make_sessionmaker
from greenbridge.store.limits import InvalidInput
from greenbridge.store.models import Newsletter, NewsletterItem
from tests.report.graph import build_sample

YEAR = {"start": date(2023, 1, 1), "end": date(2023, 12, 31)}


def _edits(newsletter: Newsletter) -> list[ItemEdit]:
    """The items as they stand, to be changed one by one."""
    return [
        ItemEdit(i.id, i.included, i.title, i.headline, [s["text"] for s in i.statements])
        for i in newsletter.items
    ]


def _saved(session: Session) -> Newsletter:
    build_sample(session)
    newsletter = save_newsletter(session, user="amina", **YEAR)
    session.commit()
    return newsletter


def test_saving_keeps_every_generated_item_with_its_evidence(session: Session) -> None:
    newsletter = _saved(session)
    titles = [i.title for i in newsletter.items]
    assert titles[0] == "Riverside Water Summit" and len(titles) == 5
    assert [i.position for i in newsletter.items] == list(range(5))
    assert newsletter.title == "Newsletter" and newsletter.start == "2023-01-01"
    assert newsletter.created_by == "amina" and newsletter.revision == 1
    for item in newsletter.items:
        assert item.included and item.title == item.original_title
        for statement in item.statements:
            assert statement["text"] == statement["original"]
            assert statement["evidence_ids"] and statement["sources"]
    summit = newsletter.items[0]
    assert summit.headline == "Amara Okafor at Riverside Water Summit, 14 March 2023"


def test_edits_are_kept_in_order_and_a_reload_shows_them(engine: Engine, session: Session) -> None:
    newsletter = _saved(session)
    edits = _edits(newsletter)
    founding, summit = edits[1], edits[0]
    reworded = ItemEdit(founding.id, True, "A new lab on the delta", None,
                        ["The institute opened the Delta Sensing Lab in 2023."])  # fmt: skip
    left_out = ItemEdit(edits[2].id, False, edits[2].title, None, edits[2].statements)
    order = [reworded, summit, left_out, *edits[3:]]
    edit_newsletter(session, newsletter_id=newsletter.id, items=order, user="li", revision=1)
    session.commit()
    with make_sessionmaker(engine)() as fresh:
        again = get_newsletter(fresh, newsletter_id=newsletter.id)
        assert [i.id for i in again.items] == [e.id for e in order]
        first = again.items[0]
        assert first.title == "A new lab on the delta"
        assert first.original_title == "Lakeland Institute of Hydrology founds Delta Sensing Lab"
        assert first.statements[0]["text"] == "The institute opened the Delta Sensing Lab in 2023."
        assert first.statements[0]["original"].startswith("Lakeland Institute of Hydrology founded")
        assert not again.items[2].included
        assert again.updated_by == "li" and again.revision == 2


def test_the_export_shows_the_edits_in_order_with_the_original_evidence(session: Session) -> None:
    newsletter = _saved(session)
    edits = _edits(newsletter)
    evidence = newsletter.items[1].statements[0]["evidence_ids"]
    reworded = ItemEdit(edits[1].id, True, "A new lab on the delta", "", ["A lab opened."])
    membership = ItemEdit(edits[2].id, False, edits[2].title, None, edits[2].statements)
    summit = ItemEdit(edits[0].id, True, edits[0].title, edits[0].headline,
                      [edits[0].statements[0], "", *edits[0].statements[2:]])  # fmt: skip
    edit_newsletter(session, newsletter_id=newsletter.id,
                    items=[reworded, summit, membership, *edits[3:]])  # fmt: skip
    report = edited_report(newsletter)
    assert [s.title for s in report.sections] == [
        "Foundings", "Events", "Deployments", "Agreements and cooperation"
    ]  # fmt: skip
    founding = report.sections[0].items[0]
    assert founding.title == "A new lab on the delta"
    assert founding.statements[0].text == "A lab opened."
    assert founding.statements[0].evidence_ids == evidence
    assert [s.title for s in founding.statements[0].sources] == ["River News"]
    assert report.headlines[0].text == "A new lab on the delta"
    markdown = str(render(report, "md", base_url="http://gb.example"))
    assert "joins Green Rivers Alliance" not in markdown  # left out
    assert "It was organized by" not in markdown  # the emptied sentence
    assert markdown.index("A new lab on the delta") < markdown.index("### Riverside Water Summit")
    assert "A lab opened. [1]" in markdown
    assert "<http://gb.example/documents/" in markdown
    html = str(render(report, "html"))
    assert f'data-evidence="{" ".join(map(str, evidence))}"' in html


def test_an_empty_title_puts_back_the_generated_one(session: Session) -> None:
    newsletter = _saved(session)
    edits = _edits(newsletter)
    edits[0] = ItemEdit(edits[0].id, True, "  ", None, edits[0].statements)
    edit_newsletter(session, newsletter_id=newsletter.id, items=edits, title="")
    assert newsletter.items[0].title == "Riverside Water Summit"
    assert newsletter.title == "Newsletter" and newsletter.items[0].headline is None


def test_edits_that_do_not_fit_the_newsletter_are_refused(session: Session) -> None:
    newsletter = _saved(session)
    edits = _edits(newsletter)
    with pytest.raises(InvalidInput, match="missing items"):
        edit_newsletter(session, newsletter_id=newsletter.id, items=edits[1:])
    with pytest.raises(InvalidInput, match="given twice"):
        edit_newsletter(session, newsletter_id=newsletter.id, items=[*edits, edits[0]])
    wrong = ItemEdit(edits[0].id, True, "Summit", None, ["one sentence"])
    with pytest.raises(InvalidInput, match="3 sentence"):
        edit_newsletter(session, newsletter_id=newsletter.id, items=[wrong, *edits[1:]])
    long = ItemEdit(edits[0].id, True, "x" * 1001, None, edits[0].statements)
    with pytest.raises(InvalidInput, match="at most 1,000"):
        edit_newsletter(session, newsletter_id=newsletter.id, items=[long, *edits[1:]])
    with pytest.raises(LookupError):
        edit_newsletter(session, newsletter_id=newsletter.id + 1, items=edits)


def test_a_save_on_an_older_revision_is_refused(session: Session) -> None:
    newsletter = _saved(session)
    edits = _edits(newsletter)
    edit_newsletter(session, newsletter_id=newsletter.id, items=edits, user="li", revision=1)
    session.commit()
    with pytest.raises(EditConflict, match="saved by li"):
        edit_newsletter(session, newsletter_id=newsletter.id, items=edits, revision=1)


def test_list_and_delete(session: Session) -> None:
    newsletter = _saved(session)
    other = save_newsletter(session, start=date(2030, 1, 1), end=date(2030, 2, 1), title="Empty")
    edits = _edits(newsletter)
    edits[0] = ItemEdit(edits[0].id, False, edits[0].title, None, edits[0].statements)
    edit_newsletter(session, newsletter_id=newsletter.id, items=edits)
    session.commit()
    lines = {line.id: line for line in list_newsletters(session)}
    assert (lines[newsletter.id].items, lines[newsletter.id].included) == (5, 4)
    assert (lines[other.id].items, lines[other.id].title) == (0, "Empty")
    assert other.notes and "Nothing is recorded" in other.notes[0]
    delete_newsletter(session, newsletter_id=newsletter.id)
    session.commit()
    assert [line.id for line in list_newsletters(session)] == [other.id]
    assert session.query(NewsletterItem).count() == 0
    with pytest.raises(LookupError):
        delete_newsletter(session, newsletter_id=newsletter.id)
