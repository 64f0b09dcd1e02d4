"""Words of the data shown in the workspace (entity and relation types, kinds, roles, stages,
counts), marked for the message catalogs; templates show them with the `term` filter, which
writes `research_institute` as "research institute" in the page's language."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


ENTITY_TYPES = (
    N_("person"), N_("organization"), N_("event"), N_("initiative"), N_("technology"),
    N_("need"), N_("country"),
)  # fmt: skip
COUNTS = (
    N_("documents"), N_("people"), N_("organizations"), N_("events"), N_("initiatives"),
    N_("technologies"), N_("needs"), N_("relations"), N_("match requests"), N_("judgements"),
)  # fmt: skip
RELATION_TYPES = (
    N_("position"), N_("part of"), N_("member of"), N_("founded"), N_("organized"),
    N_("participated"), N_("developed"), N_("deployed"), N_("cooperates with"),
)  # fmt: skip
KINDS = (
    N_("academy"), N_("research institute"), N_("university"), N_("company"),
    N_("government"), N_("intergovernmental"), N_("ngo"), N_("alliance"), N_("association"),
    N_("centre"), N_("webinar"), N_("symposium"), N_("forum"), N_("conference"),
    N_("meeting"), N_("ceremony"), N_("summit"), N_("visit"), N_("other"),
)  # fmt: skip
RELATION_ROLES = (
    N_("member"), N_("founding member"), N_("sponsor"), N_("professional association"),
    N_("organizer"), N_("co organizer"), N_("host"), N_("supporter"), N_("speaker"),
    N_("chair"), N_("keynote"), N_("attendee"), N_("presider"),
)  # fmt: skip
USER_ROLES = (N_("viewer"), N_("editor"), N_("admin"))
STAGES = (
    N_("proposed"), N_("contacted"), N_("in discussion"), N_("agreement"), N_("deployed"),
    N_("declined"),
)  # fmt: skip
DECISIONS = (N_("same"), N_("different"), N_("unsure"), N_("skip"))
FITS = (N_("direct"), N_("partial"))
REPORT_KINDS = (N_("Newsletter"), N_("Activity"), N_("Impact"))
ATTRIBUTES = (
    N_("kind"), N_("start"), N_("end"), N_("city"), N_("online"), N_("title"), N_("role"),
    N_("year"), N_("partner"), N_("outcome"), N_("what"), N_("acronym"), N_("website"),
)  # fmt: skip


def term(word: str) -> str:
    """A code word as shown: `in_discussion` is "in discussion" (translated by the caller)."""
    return word.replace("_", " ")
