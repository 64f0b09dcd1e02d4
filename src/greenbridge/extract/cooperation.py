"""Organizations that act together: `A and B jointly launched X`, `A, B and C signed ...`,
`a wetland that A and B tested`: each pair cooperates (a unit and its parent do not)."""

from __future__ import annotations

import re
from itertools import combinations
from typing import TYPE_CHECKING

from greenbridge.extract.mention import Mention

if TYPE_CHECKING:
    from greenbridge.extract.relations import _Builder

_BETWEEN = re.compile(r"^\s*(?:\([^)]{1,16}\))?\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?$")
_ACT = re.compile(
    r"^\s*(?:\([^)]{1,16}\))?\s*(?:,\s*)?(?:have\s+|has\s+|had\s+)?"
    r"(?:jointly\s+|together\s+|formally\s+|also\s+)?"
    r"(launched|signed|opened|established|announced|tested|developed|built|co-organi[sz]ed|"
    r"co-hosted|set up|founded|created|completed|conducted|implemented|initiated|unveiled)\b"
)
MAX_WHAT = 120
_FOUNDING = {"launched", "established", "set up", "founded", "created", "initiated"}


def cooperations(text: str, orgs: list[Mention], targets: list[Mention], builder: _Builder) -> None:
    """Pairs of coordinated organizations that are the subject of one verb; what they
    launched or established together (`targets`: organizations and initiatives) they founded."""
    i = 0
    while i < len(orgs):
        group = [orgs[i]]
        j = i + 1
        while j < len(orgs) and _BETWEEN.match(text[group[-1].end : orgs[j].start]):
            if orgs[j].sentence != orgs[i].sentence:
                break
            group.append(orgs[j])
            j += 1
        i = j
        if len(group) < 2:
            continue
        last = group[-1]
        act = _ACT.match(text[last.end : last.sentence[1]])
        if act is None:
            continue
        rest = text[last.end + act.start(1) : last.sentence[1]]
        what = " ".join(re.split(r"[;.]", rest)[0].split())[:MAX_WHAT]
        group = [g for g in group if not any(_unit_pair(builder, h, g) for h in group)]
        _founded_together(text, group, last.end + act.end(), act.group(1), targets, builder)
        for a, b in combinations(group, 2):
            if a.entity == b.entity:
                continue
            builder.add("cooperates_with", a, b, a.sentence, what=what)


def _founded_together(
    text: str, group: list[Mention], at: int, verb: str, targets: list[Mention], builder: _Builder
) -> None:
    if verb not in _FOUNDING:
        return
    target = next((t for t in targets if at < t.start <= at + 6), None)
    if target is None:
        return
    year = re.search(r"\b((?:19|20)\d\d)\b", text[target.sentence[0] : target.sentence[1]])
    for org in group:
        builder.add("founded", org, target, org.sentence, year=int(year.group(1)) if year else None)


def _unit_pair(builder: _Builder, unit: Mention, parent: Mention) -> bool:
    return ("part_of", unit.entity or "", parent.entity or "") in builder.relations
