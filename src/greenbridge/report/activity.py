"""Activity report of an organization or an alliance for a period: counts by month, country
and type; new members and partners; events; the most active people and organizations."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from greenbridge.report.charts import bar_chart
from greenbridge.report.dates import Period, human_range, month_of
from greenbridge.report.graph import Edge, Graph, load_graph
from greenbridge.report.model import Report, Row, Section, Table
from greenbridge.report.scope import find_subject, organization_scope
from greenbridge.report.wording import country_name

log = logging.getLogger(__name__)
TOP = 10


@dataclass(frozen=True)
class Fact:
    """A relation of the period touching the organization, with its date and country."""

    edge: Edge
    date: str
    country: str | None


def build_activity(
    session: Session,
    *,
    organization: str | None = None,
    alliance: str | None = None,
    start: date | None = None,
    end: date | None = None,
    charts: bool = True,
) -> Report:
    """What an organization (its units and people) or an alliance (with its members) did; both
    named: the two together; neither: everything the graph records for the period."""
    graph = load_graph(session)
    period = Period(start, end)
    names = [name for name in (organization, alliance) if name]
    report = Report("activity", "Activity report: everything recorded", *period.label(),
                    subject=" and ".join(names))  # fmt: skip
    root: int | None = None
    scope: set[int] = set(graph.entities)
    if names:
        found = {name: find_subject(graph, name) for name in names}
        roots = {name: entity for name, entity in found.items() if entity is not None}
        if len(roots) < len(names):
            report.notes += [f"No organization or alliance named “{name}” is in the graph."
                             for name in names if name not in roots]  # fmt: skip
            return report
        scope = set()
        if organization:
            scope |= organization_scope(graph, roots[organization])
        if alliance:  # the alliance's members are the report's new members
            scope |= organization_scope(graph, roots[alliance], with_members=True)
        root = roots[alliance or names[0]]
        report.subject = " and ".join(graph.name(roots[name]) for name in names)
        report.title = f"Activity report: {report.subject}"
    facts = activity_facts(graph, period, scope)
    if not facts:
        what = report.subject or "anything"
        report.notes.append(f"Nothing involving {what} is recorded for {report.period}.")
        return report
    report.sections = _sections(graph, root, facts, scope)
    if charts:
        _add_charts(report)
    log.info("activity %s %s: %d facts", report.subject or "(all)", report.period, len(facts))
    return report


def activity_facts(graph: Graph, period: Period, scope: set[int]) -> list[Fact]:
    facts = []
    for edge in graph.edges:
        if edge.subject not in scope and edge.object not in scope:
            continue
        when, last = _dates(graph, edge)
        if when and period.overlaps(when, last):
            facts.append(Fact(edge, when, _country(graph, edge, scope)))
    return sorted(facts, key=lambda f: (f.date, f.edge.id))


def _dates(graph: Graph, edge: Edge) -> tuple[str | None, str | None]:
    if edge.attributes.get("year"):
        return str(edge.attributes["year"]), None
    other = graph.node(edge.object)
    if other and other.type == "event" and other.attributes.get("start"):
        return str(other.attributes["start"]), other.attributes.get("end")
    return graph.published(edge.evidence_ids), None


def _country(graph: Graph, edge: Edge, scope: set[int]) -> str | None:
    if edge.country:
        return edge.country
    other = edge.object if edge.subject in scope else edge.subject
    node = graph.node(other)
    return node.attributes.get("country") if node else None


def _count_table(title: str, label: str, groups: dict[str, list[Fact]], graph: Graph) -> Table:
    rows = []
    for key, facts in groups.items():
        ids = sorted({i for f in facts for i in f.edge.evidence_ids})
        rows.append(Row([key, str(len(facts))], ids, graph.sources(ids)))
    return Table(title, [label, "Relations"], rows)


def _group(facts: list[Fact], key: object) -> dict[str, list[Fact]]:
    assert callable(key)
    groups: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        groups[key(fact)].append(fact)
    return groups


def _sections(graph: Graph, root: int | None, facts: list[Fact], scope: set[int]) -> list[Section]:
    by_month = dict(sorted(_group(facts, lambda f: month_of(f.date) or "").items()))
    by_country = _group(facts, lambda f: country_name(f.country) or "(no country)")
    by_type = _group(facts, lambda f: f.edge.type)
    counts = Section(
        "Counts",
        tables=[
            _count_table("By month", "Month", by_month, graph),
            _count_table("By country", "Country", _by_size(by_country), graph),
            _count_table("By type", "Relation type", _by_size(by_type), graph),
        ],
    )
    return [
        counts,
        Section("New members and partners", tables=[_members_table(graph, root, facts, scope)]),
        Section("Events", tables=[_events_table(graph, facts)]),
        Section("Most active", tables=_most_active(graph, facts, root)),
    ]


def _by_size(groups: dict[str, list[Fact]]) -> dict[str, list[Fact]]:
    return dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def _members_table(graph: Graph, root: int | None, facts: list[Fact], scope: set[int]) -> Table:
    rows = []
    for fact in facts:
        edge = fact.edge
        if edge.type == "member_of" and edge.object == root:
            role = str(edge.attributes.get("role") or "member").replace("_", " ")
            cells = [graph.name(edge.subject), role, fact.date]
        elif edge.type == "cooperates_with":
            other = edge.object if edge.subject in scope else edge.subject
            name = graph.name(other) or country_name(edge.country)
            cells = [name, f"partner: {edge.attributes.get('what') or 'cooperation'}", fact.date]
        else:
            continue
        rows.append(Row(cells, list(edge.evidence_ids), graph.sources(edge.evidence_ids)))
    return Table("New members and partners", ["Organization", "As", "Date"], rows)


def _events_table(graph: Graph, facts: list[Fact]) -> Table:
    events: dict[int, list[Fact]] = defaultdict(list)
    for fact in facts:
        node = graph.node(fact.edge.object)
        if node and node.type == "event":
            events[node.id].append(fact)
    rows = []
    for event_id, chosen in events.items():
        node = graph.entities[event_id]
        roles = sorted({f"{graph.name(f.edge.subject)} ({_role(f.edge)})" for f in chosen})
        when = human_range(
            node.attributes.get("start") or chosen[0].date, node.attributes.get("end")
        )
        ids = sorted({i for f in chosen for i in f.edge.evidence_ids})
        rows.append(Row([node.name, when, "; ".join(roles)], ids, graph.sources(ids)))
    return Table("Events", ["Event", "When", "Who took part"], rows)


def _role(edge: Edge) -> str:
    return str(edge.attributes.get("role") or edge.type).replace("_", " ")


def _most_active(graph: Graph, facts: list[Fact], root: int | None) -> list[Table]:
    counts: dict[str, Counter[int]] = {"person": Counter(), "organization": Counter()}
    evidence: dict[int, set[int]] = defaultdict(set)
    for fact in facts:
        for end in (fact.edge.subject, fact.edge.object):
            node = graph.node(end)
            if node and node.type in counts and node.id != root:
                counts[node.type][node.id] += 1
                evidence[node.id] |= set(fact.edge.evidence_ids)
    tables = []
    for kind, title in (("person", "People"), ("organization", "Organizations")):
        rows = []
        for entity_id, n in counts[kind].most_common(TOP):
            ids = sorted(evidence[entity_id])
            rows.append(Row([graph.name(entity_id), str(n)], ids, graph.sources(ids)))
        tables.append(Table(title, ["Name", "Relations"], rows))
    return tables


def _add_charts(report: Report) -> None:
    counts = report.sections[0]
    for table in counts.tables[:3:2]:
        labels = [r.cells[0] for r in table.rows][:20]
        values = [int(r.cells[1]) for r in table.rows][:20]
        counts.charts.append(bar_chart(f"Relations {table.title.lower()}", labels, values))
