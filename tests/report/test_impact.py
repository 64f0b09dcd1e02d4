from datetime import date

from sqlalchemy.orm import Session

from greenbridge.report import build_impact, render
from tests.report.graph import build_sample


def _table(report, title):  # type: ignore[no-untyped-def]
    return next(t for s in report.sections for t in s.tables if t.title == title)


def test_ledger_lists_each_figure_with_its_evidence(session: Session) -> None:
    facts = build_sample(session)
    report = build_impact(session)
    figures = _table(report, "Figures")
    cells = [(r.cells[0], r.cells[1], r.cells[4]) for r in figures.rows]
    assert cells == [
        ("solar membrane desalination", "Kenya", "1,200 t/year"),
        ("solar membrane desalination", "Kenya", "40 people trained"),
        ("biogas digesters", "Ghana", "500 t CO2/year"),
        ("biogas digesters", "Ghana", "2,000,000 USD"),
    ]
    deployed_evidence = set(figures.rows[0].evidence_ids)
    assert deployed_evidence and all(r.evidence_ids and r.sources for r in figures.rows)
    assert figures.rows[0].sources[0].title == "River News"
    assert facts["deployed"].id  # the relation the figures come from


def test_totals_by_technology_country_and_goal(session: Session) -> None:
    build_sample(session)
    report = build_impact(session)
    by_country = {(r.cells[0], r.cells[2]) for r in _table(report, "Totals by country").rows}
    assert ("Ghana", "500 t CO2/year") in by_country
    assert ("Kenya", "40 people trained") in by_country
    by_goal = {(r.cells[0], r.cells[2]) for r in _table(report, "Totals by SDG goal").rows}
    assert ("SDG 6: Clean water and sanitation", "1,200 t/year") in by_goal
    assert ("SDG 7: Affordable and clean energy", "2,000,000 USD") in by_goal


def test_period_and_organization_narrow_the_ledger(session: Session) -> None:
    build_sample(session)
    only_2024 = build_impact(session, start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert {r.cells[0] for r in _table(only_2024, "Figures").rows} == {"biogas digesters"}
    developer = build_impact(session, organization="Lakeland Institute of Hydrology")
    assert {r.cells[0] for r in _table(developer, "Figures").rows} == {
        "solar membrane desalination"
    }
    empty = build_impact(session, start=date(1999, 1, 1), end=date(1999, 2, 1))
    assert empty.empty and "No figures are recorded" in render(empty, "md")


def test_sentences_naming_a_technology_give_figures_once(session: Session) -> None:
    """A figure in a sentence that names a technology (no relation holds it) is in the ledger,
    with the country the sentence names; read for two technologies, it is listed and totalled
    once."""
    from tests.report.graph import GraphBuilder

    b = GraphBuilder(session)
    text = (
        "Solar pumps and drip kits now serve 4,800 farmers in Senegal. "
        "The solar pumps cost USD 1.5 million"
    )
    letter = b.document("Pump Letter", text, "2024-05-02")
    pumps = b.entity("technology", "Solar pumps", letter)
    kits = b.entity("technology", "drip kits", letter)
    assert pumps.id and kits.id
    report = build_impact(session, semantic=False)
    rows = [(r.cells[0], r.cells[1], r.cells[2], r.cells[3], r.cells[4])
            for r in _table(report, "Figures").rows]  # fmt: skip
    assert rows == [("Solar pumps; drip kits", "Senegal", "count", "farmers", "4,800 farmers")]
    totals = {(r.cells[0], r.cells[2]) for r in _table(report, "Totals by technology").rows}
    assert totals == {("Solar pumps", "4,800 farmers"), ("drip kits", "4,800 farmers")}
    by_country = [
        (r.cells[0], r.cells[2], r.cells[3]) for r in _table(report, "Totals by country").rows
    ]
    assert by_country == [("Senegal", "4,800 farmers", "1")]
