"""Impact ledger: the figures in deployment outcomes, their evidence sentences and the other
sentences that name a technology or an initiative, parsed into quantities, normalized and summed
by technology, country and SDG goal; each with its evidence."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from greenbridge.match.understanding import countries_in
from greenbridge.report.dates import Period
from greenbridge.report.graph import Edge, EntityNode, Graph, load_graph
from greenbridge.report.model import Report, Row, Section, Table
from greenbridge.report.quantities import ADDITIVE, Quantity, format_value, parse_quantities
from greenbridge.report.scope import UnknownSubject, narrow_report
from greenbridge.report.sdg import GoalTagger
from greenbridge.report.wording import country_name

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Figure:
    """One quantity read from a relation's outcome or evidence sentence."""

    technology: str
    country: str
    goals: tuple[str, ...]
    quantity: Quantity
    evidence_ids: tuple[int, ...]


def ledger_figures(
    graph: Graph, period: Period, scope: set[int] | None = None, tagger: GoalTagger | None = None
) -> list[Figure]:
    """Figures of every live relation with an outcome or a deployment, in the period."""
    tagger = tagger or GoalTagger(semantic=False)
    figures: list[Figure] = []
    for edge in graph.edges:
        if edge.type != "deployed" and not edge.attributes.get("outcome"):
            continue
        year = edge.attributes.get("year")
        when = str(year) if year else graph.published(edge.evidence_ids)
        if (period.start or period.end) and not period.overlaps(when):
            continue
        if scope is not None and not _in_scope(graph, edge, scope):
            continue
        figures.extend(_edge_figures(graph, edge, tagger))
    used = {graph.evidence[i].sentence for f in figures for i in f.evidence_ids}
    for node in graph.entities.values():
        if node.type in MENTIONED_TYPES and (scope is None or node.id in scope or
                                             _deployed_in_scope(graph, node.id, scope)):  # fmt: skip
            figures.extend(_mention_figures(graph, node, period, used, tagger))
    return _merge_restated(graph, figures)


def _merge_restated(graph: Graph, figures: list[Figure]) -> list[Figure]:
    """One figure per statement: the same figure written the same way in the same documents
    (a sentence read for two technologies, or for two countries of one deployment) is listed
    once, with every technology, country and piece of evidence, and counted once in totals."""
    merged: dict[tuple[object, ...], Figure] = {}
    for figure in figures:
        documents = frozenset(graph.evidence[i].document_id for i in figure.evidence_ids)
        q = figure.quantity
        key = (documents, q.kind, q.value, q.unit, q.text)
        old = merged.get(key)
        if old is None:
            merged[key] = figure
            continue
        merged[key] = Figure(
            _joined(old.technology, figure.technology, TECHNOLOGY_JOIN),
            _joined(old.country, figure.country, COUNTRY_JOIN),
            tuple(dict.fromkeys(old.goals + figure.goals)),
            old.quantity if old.quantity.measure else q,
            tuple(sorted({*old.evidence_ids, *figure.evidence_ids})),
        )
    return list(merged.values())


TECHNOLOGY_JOIN, COUNTRY_JOIN = "; ", ", "


def _joined(old: str, new: str, sep: str) -> str:
    parts = [p for p in old.split(sep) if p]
    return sep.join(parts + [p for p in new.split(sep) if p and p not in parts])


MENTIONED_TYPES = ("technology", "initiative")


def _deployed_in_scope(graph: Graph, node_id: int, scope: set[int]) -> bool:
    return any(_in_scope(graph, edge, scope) for edge in graph.edges_from(node_id, "deployed"))


def _mention_figures(
    graph: Graph, node: EntityNode, period: Period, used: set[str | None], tagger: GoalTagger
) -> list[Figure]:
    """Figures in the sentences that name a technology or an initiative, outside its relations'
    evidence (read there already); the country is the one the sentence names, else the one
    place it was deployed."""
    deployed = {_edge_country(graph, e) for e in graph.edges_from(node.id, "deployed")} - {""}
    found, how = tagger.tag(node.name, node.attributes.get("sector"),
                            node.attributes.get("description"), "")  # fmt: skip
    goals = tuple(g.label + (" (by similarity)" if how == "similarity" else "") for g in found)
    figures, sentences = [], set()
    for evidence_id in graph.entity_evidence(node.id):
        row = graph.evidence[evidence_id]
        if not row.sentence or row.sentence in used or row.sentence in sentences:
            continue
        sentences.add(row.sentence)
        when = graph.published((evidence_id,))
        if (period.start or period.end) and not period.overlaps(when):
            continue
        named = [country_name(c) for c in countries_in(row.sentence)]
        country = COUNTRY_JOIN.join(named) or (next(iter(deployed)) if len(deployed) == 1 else "")
        figures += [Figure(node.name, country, goals, q, (evidence_id,))
                    for q in parse_quantities(row.sentence)]  # fmt: skip
    return figures


def _in_scope(graph: Graph, edge: Edge, scope: set[int]) -> bool:
    developers = {e.subject for e in graph.edges_to(edge.subject, "developed")}
    ends = {edge.subject, edge.object, graph.partner(edge), *developers}
    return bool(ends & scope)


def _edge_country(graph: Graph, edge: Edge) -> str:
    other = graph.node(edge.object)
    code = other.attributes.get("country") if other else edge.country
    return country_name(str(code or ""))


def _edge_texts(graph: Graph, edge: Edge) -> list[tuple[str, tuple[int, ...]]]:
    """The outcome (backed by all the relation's evidence) and each evidence sentence."""
    outcome = str(edge.attributes.get("outcome") or "")
    texts: list[tuple[str, tuple[int, ...]]] = [(outcome, edge.evidence_ids)] if outcome else []
    for evidence_id in edge.evidence_ids:
        sentence = graph.evidence[evidence_id].sentence
        if sentence:
            texts.append((sentence, (evidence_id,)))
    return texts


def _edge_figures(graph: Graph, edge: Edge, tagger: GoalTagger) -> list[Figure]:
    node = graph.node(edge.subject)
    technology = node.name if node and node.type == "technology" else ""
    country = _edge_country(graph, edge)
    attrs = node.attributes if node else {}
    found, how = tagger.tag(
        technology,
        attrs.get("sector"),
        attrs.get("description"),
        str(edge.attributes.get("outcome") or ""),
    )
    suffix = " (by similarity)" if how == "similarity" else ""
    goals = tuple(g.label + suffix for g in found)
    seen: dict[tuple[str, float, str], int] = {}
    figures: list[Figure] = []
    for text, ids in _edge_texts(graph, edge):
        for quantity in parse_quantities(text):
            key = (quantity.kind, quantity.value, quantity.unit)
            if key in seen:  # the outcome restates its sentence: one figure, both evidences
                old = figures[seen[key]]
                merged = tuple(sorted({*old.evidence_ids, *ids}))
                figures[seen[key]] = Figure(technology, country, goals, old.quantity, merged)
                continue
            seen[key] = len(figures)
            figures.append(Figure(technology, country, goals, quantity, tuple(sorted(ids))))
    return figures


def build_impact(
    session: Session,
    *,
    start: date | None = None,
    end: date | None = None,
    organization: str | None = None,
    semantic: bool = True,
) -> Report:
    """The impact ledger: every figure with its evidence, then totals by technology, country
    and SDG goal (additive kinds only; currencies are summed separately, never converted)."""
    graph = load_graph(session)
    period = Period(start, end)
    report = Report("impact", "Impact ledger", *period.label(), subject=organization)
    try:
        scope = narrow_report(graph, report, organization, with_members=True)
    except UnknownSubject:
        return report
    figures = ledger_figures(graph, period, scope, GoalTagger(semantic=semantic))
    if not figures:
        report.notes.append(
            f"No figures are recorded for {report.period}: no deployment or outcome in the "
            "graph states a percentage, an amount of money, tonnes, CO2, people trained or a "
            "count, an area, a volume, power or energy."
        )
        return report
    report.sections.append(Section("Figures", tables=[_figure_table(graph, figures)]))
    for title, key in (
        (
            "Totals by technology",
            lambda f: f.technology.split(TECHNOLOGY_JOIN) if f.technology else ["(no technology)"],
        ),
        (
            "Totals by country",
            lambda f: f.country.split(COUNTRY_JOIN) if f.country else ["(no country)"],
        ),
        (
            "Totals by SDG goal",
            lambda f: [g.split(" (")[0] for g in f.goals] or ["(no goal tagged)"],
        ),
    ):
        report.sections.append(Section(title, tables=[_totals(graph, figures, title, key)]))
    report.notes.append(
        "Totals add figures of the same kind and unit; percentages are listed, not added, and "
        "amounts in different currencies are kept apart. Goals come from keywords of the "
        "technology and outcome, else (marked) from similarity to the goal texts."
    )
    log.info("impact ledger %s: %d figures", report.period, len(figures))
    return report


def _figure_table(graph: Graph, figures: list[Figure]) -> Table:
    rows = [
        Row(
            [
                f.technology,
                f.country,
                f.quantity.kind.replace("_", " "),
                f.quantity.measure,
                f.quantity.display,
                f.quantity.text,
                "; ".join(f.goals),
            ],
            list(f.evidence_ids),
            graph.sources(f.evidence_ids),
        )
        for f in figures
    ]
    columns = ["Technology", "Country", "Kind", "Of", "Figure", "As written", "SDG goals"]
    return Table("Figures", columns, rows)


def _totals(graph: Graph, figures: list[Figure], title: str, key: object) -> Table:
    assert callable(key)
    sums: dict[tuple[str, str, str], list[Figure]] = defaultdict(list)
    for figure in figures:
        if figure.quantity.kind in ADDITIVE:
            for name in key(figure):
                sums[(name, figure.quantity.kind, figure.quantity.unit)].append(figure)
    rows = []
    for (name, kind, unit), chosen in sorted(sums.items()):
        ids = sorted({i for f in chosen for i in f.evidence_ids})
        total = format_value(sum(f.quantity.value for f in chosen))
        cells = [name, kind.replace("_", " "), f"{total} {unit}", str(len(chosen))]
        rows.append(Row(cells, ids, graph.sources(ids)))
    return Table(title, ["Group", "Kind", "Total", "Figures"], rows)
