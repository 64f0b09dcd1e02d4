"""Entity resolution and provenance: link mentions to entities, judge pairs, derive canonical ids.

Decisions are judgements (same / different / unsure), never destructive merges; canonical ids
are derived from them and every merge can be undone.
"""

from greenbridge.resolve.blocking import EntityIndex, blocking_keys
from greenbridge.resolve.judgements import (
    DIFFERENT,
    SAME,
    UNSURE,
    component,
    judge,
    members,
    merge,
    refresh_canonical,
    resolve_id,
    split,
    undo,
    unmerge,
)
from greenbridge.resolve.link import LinkResult, link_extraction
from greenbridge.resolve.lock import lock_for_resolution
from greenbridge.resolve.normalize import name_key
from greenbridge.resolve.review import ReviewItem, answer, review_queue
from greenbridge.resolve.scoring import SURE, NameRecord, Verdict, score_names, score_records
from greenbridge.resolve.view import find_entity

__all__ = [
    "DIFFERENT",
    "SAME",
    "SURE",
    "UNSURE",
    "EntityIndex",
    "LinkResult",
    "NameRecord",
    "ReviewItem",
    "Verdict",
    "answer",
    "blocking_keys",
    "component",
    "find_entity",
    "judge",
    "link_extraction",
    "lock_for_resolution",
    "members",
    "merge",
    "name_key",
    "refresh_canonical",
    "resolve_id",
    "review_queue",
    "score_names",
    "score_records",
    "split",
    "undo",
    "unmerge",
]
