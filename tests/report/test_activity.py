from datetime import date

from sqlalchemy.orm import Session

from greenbridge.report import build_activity, render
from tests.report.graph import build_sample


def _rows(report, title):  # type: ignore[no-untyped-def]
    table = next(t for s in report.sections for t in s.tables if t.title == title)
    return [r.cells for r in table.rows]


def test_activity_of_an_organization(session: Session) -> None:
    build_sample(session)
    report = build_activity(
        session,
        organization="Lakeland Institute of Hydrology",
        start=date(2023, 1, 1),
        end=date(2023, 12, 31),
    )
    assert report.subject == "Lakeland Institute of Hydrology"
    assert _rows(report, "By month") == [["2023", "1"], ["2023-03", "6"]]
    by_type = dict(_rows(report, "By type"))
    assert by_type["organized"] == "1" and by_type["member_of"] == "1"
    assert ["Morocco", "partner: water reuse", "2023-03-20"] in _rows(
        report, "New members and partners"
    )
    assert _rows(report, "Events")[0][:2] == ["Riverside Water Summit", "14 March 2023"]
    assert _rows(report, "People") == [["Amara Okafor", "2"]]
    assert all(r.evidence_ids for s in report.sections for t in s.tables for r in t.rows)
    assert len(report.sections[0].charts) == 2
    assert report.sections[0].charts[0].svg.startswith("<svg")


def test_activity_of_an_alliance_counts_its_members(session: Session) -> None:
    build_sample(session)
    report = build_activity(
        session, alliance="Green Rivers Alliance", start=date(2023, 1, 1), end=date(2023, 12, 31)
    )
    members = _rows(report, "New members and partners")
    assert ["Lakeland Institute of Hydrology", "member", "2023-03-20"] in members
    html = render(report, "html")
    assert isinstance(html, str) and html.count("<svg") == 2


def test_unknown_organization_and_quiet_period(session: Session) -> None:
    build_sample(session)
    unknown = build_activity(session, organization="Nobody Ltd")
    assert unknown.empty and "No organization or alliance named" in unknown.notes[0]
    quiet = build_activity(
        session, organization="Quarry Materials Group", start=date(2020, 1, 1), end=date(2020, 2, 1)
    )
    assert quiet.empty and "Nothing involving Quarry Materials Group" in quiet.notes[0]


def test_activity_of_everything_and_of_two_subjects_together(session: Session) -> None:
    build_sample(session)
    period = {"start": date(2023, 1, 1), "end": date(2023, 12, 31)}
    everything = build_activity(session, **period)
    alliance = build_activity(session, alliance="Green Rivers Alliance", **period)
    institute = build_activity(session, organization="Lakeland Institute of Hydrology", **period)
    both = build_activity(
        session, organization="Lakeland Institute of Hydrology",
        alliance="Green Rivers Alliance", **period,
    )  # fmt: skip

    def total(report) -> int:  # type: ignore[no-untyped-def]
        return sum(int(cells[1]) for cells in _rows(report, "By type"))

    assert everything.subject == "" and everything.title.endswith("everything recorded")
    assert total(everything) >= total(both) >= max(total(alliance), total(institute))
    assert both.subject == "Lakeland Institute of Hydrology and Green Rivers Alliance"
    assert _rows(both, "New members and partners") == _rows(alliance, "New members and partners")
    missing = build_activity(session, organization="Nobody Ltd", alliance="Green Rivers Alliance")
    assert missing.empty and "Nobody Ltd" in missing.notes[0]
