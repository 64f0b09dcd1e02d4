from datetime import date

from sqlalchemy.orm import Session

from greenbridge.report import build_newsletter, render
from tests.report.graph import GraphBuilder, build_sample


def _texts(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.text for s in report.statements]


def test_newsletter_states_the_graph_in_exact_sentences(session: Session) -> None:
    build_sample(session)
    report = build_newsletter(session, start=date(2023, 1, 1), end=date(2023, 12, 31))
    texts = _texts(report)
    assert "Riverside Water Summit took place on 14 March 2023 in Nairobi, Kenya." in texts
    assert "It was organized by Lakeland Institute of Hydrology." in texts
    assert "Speakers included Amara Okafor, Director of Lakeland Institute of Hydrology." in texts
    assert "Lakeland Institute of Hydrology founded Delta Sensing Lab in 2023." in texts
    assert (
        "Lakeland Institute of Hydrology joined Green Rivers Alliance as a member "
        "(reported on 20 March 2023)." in texts
    )
    assert (
        "Solar membrane desalination was deployed in Kenya with Coastal Water Board "
        "(reported on 20 March 2023)." in texts
    )
    assert "Solar membrane desalination was developed by Lakeland Institute of Hydrology." in texts
    assert any(
        t.startswith("Lakeland Institute of Hydrology cooperates with Morocco on water reuse")
        for t in texts
    )
    headlines = [h.text for h in report.headlines]
    assert "Amara Okafor at Riverside Water Summit, 14 March 2023" in headlines
    assert "Lakeland Institute of Hydrology founds Delta Sensing Lab" in headlines
    assert [s.title for s in report.sections] == [
        "Events",
        "Foundings",
        "New memberships",
        "Deployments",
        "Agreements and cooperation",
    ]


def test_every_statement_carries_evidence_and_its_document(session: Session) -> None:
    build_sample(session)
    report = build_newsletter(session, start=date(2023, 1, 1), end=date(2024, 12, 31))
    assert len(report.statements) > 10
    for statement in report.statements:
        assert statement.evidence_ids, statement.text
        assert statement.sources, statement.text
    summit = report.sections[0].items[0]
    assert {s.title for s in summit.sources} == {"River News"}


def test_retracted_and_out_of_period_facts_are_left_out(session: Session) -> None:
    build_sample(session)
    report = build_newsletter(session, start=date(2023, 1, 1), end=date(2023, 12, 31))
    text = " ".join(_texts(report))
    assert "Amara Okafor founded" not in text  # retracted relation
    assert "Harbour Energy Forum" not in text and "Ghana" not in text  # 2024
    later = build_newsletter(session, start=date(2024, 10, 3), end=date(2024, 10, 31))
    assert (
        "Harbour Energy Forum took place from 2 to 3 October 2024 in Lisbon, Portugal."
        in _texts(later)
    )


def test_organization_filter_keeps_what_involves_it(session: Session) -> None:
    build_sample(session)
    report = build_newsletter(
        session,
        start=date(2023, 1, 1),
        end=date(2024, 12, 31),
        organization="Quarry Materials Group",
    )
    titles = [i.title for s in report.sections for i in s.items]
    assert titles == ["biogas digesters deployed in Ghana"]
    missing = build_newsletter(
        session, start=date(2023, 1, 1), end=date(2023, 2, 1), organization="Nobody Ltd"
    )
    assert missing.empty and "No organization named “Nobody Ltd”" in missing.notes[0]


def test_an_empty_period_gives_a_short_clear_report(session: Session) -> None:
    build_sample(session)
    report = build_newsletter(session, start=date(2001, 1, 1), end=date(2001, 1, 31))
    assert report.empty and not report.statements
    markdown = render(report, "md")
    assert isinstance(markdown, str)
    assert "Nothing is recorded for 2001-01-01 to 2001-01-31" in markdown
    assert len(markdown.splitlines()) < 8
    html = render(report, "html")
    assert isinstance(html, str) and "Nothing is recorded" in html


def test_markdown_and_html_cite_the_documents(session: Session) -> None:
    build_sample(session)
    report = build_newsletter(session, start=date(2023, 1, 1), end=date(2024, 12, 31))
    markdown = render(report, "md")
    assert isinstance(markdown, str)
    assert "Riverside Water Summit took place on 14 March 2023 in Nairobi, Kenya. [1]" in markdown
    assert "1. River News, published 2023-03-20 — document" in markdown
    html = render(report, "html")
    assert isinstance(html, str)
    document_id = report.sections[0].items[0].sources[0].document_id
    assert f'href="/documents/{document_id}"' in html
    assert "data-evidence=" in html


def test_undated_facts_are_counted_not_placed(session: Session) -> None:
    facts = build_sample(session)
    builder = GraphBuilder(session)
    undated = builder.document("Undated Note", "The Delta Sensing Lab joined the alliance.", None)
    lab = builder.entity("initiative", "Delta Sensing Lab", undated)
    builder.relation("member_of", lab, facts["alliance"], undated, "joined the alliance")
    session.commit()
    report = build_newsletter(session, start=date(1900, 1, 1), end=date(2100, 1, 1))
    assert "Delta Sensing Lab joined" not in " ".join(_texts(report))
    assert report.notes == [
        "1 event(s) or relation(s) in the graph have no date (none stated, no published date "
        "on their documents) and appear in no period."
    ]
