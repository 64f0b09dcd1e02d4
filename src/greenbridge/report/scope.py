"""Who a report is about: an organization, its units and people, or an alliance and its members."""

from __future__ import annotations

from greenbridge.report.graph import Graph, name_key
from greenbridge.report.model import Report

SUBJECT_TYPES = ("organization", "initiative", "person")


def find_subject(graph: Graph, name: str) -> int | None:
    """The canonical id of the entity named `name` (an id, a name or an alias; case and
    punctuation aside); organizations first when several entities share the name."""
    text = name.strip()
    if text.isdigit():
        node = graph.node(int(text))
        return node.id if node else None
    found = [graph.entities[i] for i in graph.names.get(name_key(text), ()) if i in graph.entities]
    found.sort(key=lambda n: (_rank(n.type), n.id))
    return found[0].id if found else None


def _rank(entity_type: str) -> int:
    return SUBJECT_TYPES.index(entity_type) if entity_type in SUBJECT_TYPES else len(SUBJECT_TYPES)


def organization_scope(graph: Graph, root: int, *, with_members: bool = False) -> set[int]:
    """The entity, its units (part_of, transitively), its members when asked, and the people
    holding a position in any of them."""
    scope = {root}
    if with_members:
        scope |= {e.subject for e in graph.edges_of("member_of") if e.object == root}
    changed = True
    while changed:
        units = {e.subject for e in graph.edges_of("part_of") if e.object in scope}
        changed = not units <= scope
        scope |= units
    people = {e.subject for e in graph.edges_of("position") if e.object in scope}
    return scope | people


class UnknownSubject(LookupError):
    """The organization a report is asked for is not in the graph."""


def narrow_report(
    graph: Graph, report: Report, organization: str | None, *, with_members: bool = False
) -> set[int] | None:
    """The entity ids a report about `organization` covers (None: the whole graph); names the
    report's subject, or notes the unknown name and raises UnknownSubject."""
    if not organization:
        return None
    root = find_subject(graph, organization)
    if root is None:
        report.notes.append(f"No organization named “{organization}” is in the graph.")
        raise UnknownSubject(organization)
    report.subject = graph.name(root)
    return organization_scope(graph, root, with_members=with_members)
