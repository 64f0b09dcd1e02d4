"""Newsletter: one item per event, founding, new membership, deployment or agreement of a
period, written from the graph with fixed sentence templates (each sentence with its evidence)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from greenbridge.report.dates import Period, human_date, human_range
from greenbridge.report.graph import Edge, EntityNode, Graph, load_graph
from greenbridge.report.model import Item, Report, Section, Statement
from greenbridge.report.scope import UnknownSubject, narrow_report
from greenbridge.report.wording import (
    MEMBER_ROLES,
    ORGANIZED_ROLES,
    PARTICIPANT_ROLES,
    country_name,
    join_names,
    place,
    sentence,
)

log = logging.getLogger(__name__)

SECTIONS = [
    ("event", "Events"),
    ("founded", "Foundings"),
    ("member_of", "New memberships"),
    ("deployed", "Deployments"),
    ("cooperates_with", "Agreements and cooperation"),
]


def build_newsletter(
    session: Session,
    *,
    start: date | None = None,
    end: date | None = None,
    organization: str | None = None,
) -> Report:
    """The newsletter of a period, optionally only what involves one organization."""
    graph = load_graph(session)
    period = Period(start, end)
    report = Report("newsletter", "Newsletter", *period.label(), subject=organization)
    try:
        scope = narrow_report(graph, report, organization)
    except UnknownSubject:
        return report
    items = newsletter_items(graph, period, scope)
    for kind, title in SECTIONS:
        chosen = [i for i in items if i.kind == kind]
        if chosen:
            report.sections.append(Section(title, items=chosen))
    report.headlines = [Statement(i.headline or i.title, i.evidence_ids, i.sources) for i in items]
    if not items:
        report.notes.append(
            f"Nothing is recorded for {report.period}: no dated event, founding, membership, "
            "deployment or agreement in the graph falls in this period."
        )
    undated = count_undated(graph, scope)
    if undated:
        report.notes.append(
            f"{undated} event(s) or relation(s) in the graph have no date (none stated, no "
            "published date on their documents) and appear in no period."
        )
    log.info("newsletter %s: %d items", report.period, len(items))
    return report


def newsletter_items(graph: Graph, period: Period, scope: set[int] | None) -> list[Item]:
    """Items of the period in date order; with `scope`, only those involving its entities."""
    items = [i for i in (_event_item(graph, n, period, scope) for n in _events(graph)) if i]
    builders: dict[str, Callable[[Graph, Edge], Item]] = {
        "founded": _founded_item,
        "member_of": _member_item,
        "deployed": _deployed_item,
        "cooperates_with": _cooperation_item,
    }
    for edge in graph.edges_of(*builders):
        when = _edge_date(graph, edge)
        if period.overlaps(when) and (scope is None or _involves(graph, edge, scope)):
            items.append(builders[edge.type](graph, edge))
    return sorted(items, key=lambda i: (i.date or "", i.title))


def count_undated(graph: Graph, scope: set[int] | None = None) -> int:
    """Events and newsletter relations that no period can hold: no date of their own, no
    published date on their documents."""
    count = 0
    for event in _events(graph):
        if scope is None or event.id in scope or _touches(graph, event.id, scope):
            dated = event.attributes.get("start") or graph.published(
                graph.entity_evidence(event.id)
            )
            count += not dated
    for edge in graph.edges_of("founded", "member_of", "deployed", "cooperates_with"):
        if scope is None or _involves(graph, edge, scope):
            count += not _edge_date(graph, edge)
    return count


def _touches(graph: Graph, event_id: int, scope: set[int]) -> bool:
    links = graph.edges_to(event_id, "organized", "participated")
    return bool({e.subject for e in links} & scope)


def _event_headline(graph: Graph, event: EntityNode, links: list[Edge], when: str) -> str:
    """`Who at Event, date`: the speakers (else the organizers), or the event and its date."""
    rank = {role: n for n, role in enumerate(PARTICIPANT_ROLES)}
    speakers = sorted(
        (e for e in links if e.type == "participated"),
        key=lambda e: rank.get(str(e.attributes.get("role")), len(rank)),
    )
    chosen = speakers or [e for e in links if e.type == "organized"]
    names = list(dict.fromkeys(graph.name(e.subject) for e in chosen))
    if names:
        who = f"{', '.join(names[:2])} and others" if len(names) > 2 else join_names(names)
        return f"{who} at {event.name}, {human_date(when)}"
    return f"{event.name[:1].upper()}{event.name[1:]}, {human_date(when)}"


def _events(graph: Graph) -> list[EntityNode]:
    return [n for n in graph.entities.values() if n.type == "event"]


def _event_item(
    graph: Graph, event: EntityNode, period: Period, scope: set[int] | None
) -> Item | None:
    first, last = event.attributes.get("start"), event.attributes.get("end")
    reported = None if first else graph.published(graph.entity_evidence(event.id))
    if not period.overlaps(first or reported, last if first else None):
        return None
    links = graph.edges_to(event.id, "organized", "participated")
    if scope is not None and event.id not in scope and not {e.subject for e in links} & scope:
        return None
    statements = [_event_when_where(graph, event, first, last, reported)]
    statements += _organizers(graph, [e for e in links if e.type == "organized"])
    statements += _participants(graph, [e for e in links if e.type == "participated"])
    when = str(first or reported)
    headline = _event_headline(graph, event, links, when)
    return Item("event", event.name, when, statements, headline=headline)


def _event_when_where(
    graph: Graph, event: EntityNode, first: str | None, last: str | None, reported: str | None
) -> Statement:
    attrs = event.attributes
    where = place(attrs.get("city"), attrs.get("country"))
    at = f" in {where}" if where else ""
    if first:
        days = human_range(first, last)
        verb = "took place from" if " to " in days else "took place on"
        text = f"{event.name} {verb} {days}{at}"
        ids = graph.entity_evidence(event.id, "start", "end")
    else:
        text = f"{event.name}{at} is reported in a document published on {human_date(reported)}"
        ids = graph.entity_evidence(event.id)
    if where:
        ids = sorted({*ids, *graph.entity_evidence(event.id, "city", "country")})
    return Statement(sentence(text), list(ids), graph.sources(ids))


def _organizers(graph: Graph, edges: list[Edge]) -> list[Statement]:
    if not edges:
        return []
    by_role: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        by_role[str(edge.attributes.get("role") or "organizer")].append(graph.name(edge.subject))
    parts = [
        f"{ORGANIZED_ROLES.get(role, 'organized by')} {join_names(names)}"
        for role, names in by_role.items()
    ]
    ids = sorted({i for e in edges for i in e.evidence_ids})
    return [Statement(sentence("It was " + join_names(parts)), ids, graph.sources(ids))]


def _participants(graph: Graph, edges: list[Edge]) -> list[Statement]:
    by_role: dict[str, list[Edge]] = defaultdict(list)
    for edge in edges:
        by_role[str(edge.attributes.get("role") or "attendee")].append(edge)
    statements = []
    for role, chosen in by_role.items():
        names, ids = [], {i for e in chosen for i in e.evidence_ids}
        for edge in chosen:
            described, more = _describe_person(graph, edge.subject)
            names.append(described)
            ids |= set(more)
        label = PARTICIPANT_ROLES.get(role, "Participants")
        text = f"{label} included {'; '.join(dict.fromkeys(names))}"
        statements.append(Statement(sentence(text), sorted(ids), graph.sources(sorted(ids))))
    return statements


def _describe_person(graph: Graph, entity_id: int) -> tuple[str, tuple[int, ...]]:
    """`Name, Title of Organization` from the person's first position, with its evidence."""
    name = graph.name(entity_id)
    for edge in graph.edges_from(entity_id, "position"):
        if edge.object is not None:
            title = edge.attributes.get("title")
            if isinstance(title, str) and title.lower().endswith(" of"):
                title = title[:-3].strip()
            org = graph.name(edge.object)
            described = f"{name}, {title} of {org}" if _plain_title(title) else f"{name} ({org})"
            return described, edge.evidence_ids
    return name, ()


def _plain_phrase(text: str, words: int = 10) -> bool:
    """A short phrase fit to end a sentence (no sentence break, not cut off)."""
    return ". " not in text and len(text.split()) <= words and not text.rstrip().endswith(",")


def _plain_title(title: object) -> bool:
    """A job title fit for a sentence (short, one line, no list marks or sentence breaks)."""
    if not isinstance(title, str) or not title.strip():
        return False
    odd = any(mark in title for mark in ("\n", "#", "◆", "•", ". ", ";")) or title[0].isdigit()
    return not odd and len(title.split()) <= 6


def _edge_date(graph: Graph, edge: Edge) -> str | None:
    year = edge.attributes.get("year")
    return str(year) if year else graph.published(edge.evidence_ids)


def _involves(graph: Graph, edge: Edge, scope: set[int]) -> bool:
    ends = {edge.subject, edge.object, graph.partner(edge)}
    if edge.type == "deployed":
        ends |= {e.subject for e in graph.edges_to(edge.subject, "developed")}
    return bool(ends & scope)


def _partner_name(graph: Graph, edge: Edge) -> str:
    partner = edge.attributes.get("partner")
    found = graph.partner(edge)
    if found is not None:
        return graph.name(found)
    return partner if isinstance(partner, str) else ""


def _when(graph: Graph, edge: Edge) -> str:
    year = edge.attributes.get("year")
    if year:
        return f" in {year}"
    published = graph.published(edge.evidence_ids)
    return f" (reported on {human_date(published)})" if published else ""


def _simple_item(graph: Graph, edge: Edge, title: str, text: str) -> Item:
    statement = Statement(sentence(text), list(edge.evidence_ids), graph.sources(edge.evidence_ids))
    return Item(edge.type, title, _edge_date(graph, edge), [statement])


def _founded_item(graph: Graph, edge: Edge) -> Item:
    who, what = graph.name(edge.subject), graph.name(edge.object)
    return _simple_item(
        graph, edge, f"{who} founds {what}", f"{who} founded {what}{_when(graph, edge)}"
    )


def _member_item(graph: Graph, edge: Edge) -> Item:
    who, what = graph.name(edge.subject), graph.name(edge.object)
    role = MEMBER_ROLES.get(str(edge.attributes.get("role")), "")
    text = f"{who} joined {what}{' ' + role if role else ''}{_when(graph, edge)}"
    return _simple_item(graph, edge, f"{who} joins {what}", text)


def _deployed_item(graph: Graph, edge: Edge) -> Item:
    tech, country = graph.name(edge.subject), country_name(edge.country)
    partner = _partner_name(graph, edge)
    text = f"{tech} was deployed in {country}{' with ' + partner if partner else ''}"
    item = _simple_item(graph, edge, f"{tech} deployed in {country}", text + _when(graph, edge))
    outcome = edge.attributes.get("outcome")
    if outcome:
        item.statements.append(
            Statement(
                sentence(f"Reported outcome: {outcome}"),
                list(edge.evidence_ids),
                graph.sources(edge.evidence_ids),
            )
        )
    for dev in graph.edges_to(edge.subject, "developed"):
        if dev.object == edge.subject:
            text = f"{tech} was developed by {graph.name(dev.subject)}"
            item.statements.append(
                Statement(sentence(text), list(dev.evidence_ids), graph.sources(dev.evidence_ids))
            )
    return item


def _cooperation_item(graph: Graph, edge: Edge) -> Item:
    who = graph.name(edge.subject)
    other = graph.name(edge.object) if edge.object is not None else country_name(edge.country)
    what = edge.attributes.get("what")
    what = what if isinstance(what, str) and _plain_phrase(what) else None
    text = f"{who} cooperates with {other}{' on ' + what if what else ''}{_when(graph, edge)}"
    return _simple_item(graph, edge, f"{who} cooperates with {other}", text)
