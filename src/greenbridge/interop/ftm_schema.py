"""How greenbridge types map to FollowTheMoney schemata and properties (both directions).

The choices, written down in README.md ("FollowTheMoney"):
- person -> Person; organization -> Company (kind company), PublicBody (kind government or
  intergovernmental), Organization otherwise; event -> Event; initiative -> Project.
- technology -> Asset: FtM has no schema for a technique or product class; Asset is the
  closest Thing that an organization develops (owns) and others take up.
- position -> Directorship when the title names a leading role, Employment otherwise;
  member_of -> Membership; every other relation between two entities -> UnknownLink with the
  relation type in `summary`.
- a relation whose object is a country (deployed, cooperates_with) -> Note: the only FtM
  schema that points at an entity (`entity`) and carries a `country`; the relation type is
  its `summary`.
- a document -> Article; each evidence span -> Documentation (and a Mention for people and
  organizations named in the text).
"""

from __future__ import annotations

import re

# store attribute -> FtM property, per entity type (values are strings or lists of strings)
ENTITY_PROPERTIES: dict[str, dict[str, str]] = {
    "person": {"honorifics": "title"},
    "organization": {"country": "country", "city": "address", "kind": "classification"},
    "event": {
        "start": "startDate",
        "end": "endDate",
        "country": "country",
        "city": "location",
        "kind": "keywords",
    },
    "initiative": {},
    "technology": {"sector": "keywords", "readiness": "notes", "description": "description"},
}
# store attribute -> FtM property, for every relation type
RELATION_PROPERTIES: dict[str, str] = {
    "role": "role", "title": "role", "year": "date", "what": "description",
    "outcome": "description", "partner": "notes",
}  # fmt: skip
# An event held online: a keyword (events only).
ONLINE = "online"

ORGANIZATION_SCHEMATA = {"company": "Company", "government": "PublicBody",
                         "intergovernmental": "PublicBody"}  # fmt: skip
ENTITY_SCHEMATA = {"person": "Person", "organization": "Organization", "event": "Event",
                   "initiative": "Project", "technology": "Asset"}  # fmt: skip
# FtM schemata read back, and the store type each becomes (descendants count too).
IMPORT_TYPES = {"Person": "person", "Organization": "organization",
                "LegalEntity": "organization", "Event": "event", "Project": "initiative",
                "Asset": "technology"}  # fmt: skip
# edge schema -> (store relation type, subject property, object property)
EDGES: dict[str, tuple[str | None, str, str]] = {
    "Membership": ("member_of", "member", "organization"),
    "Directorship": ("position", "director", "organization"),
    "Employment": ("position", "employee", "employer"),
    "UnknownLink": (None, "subject", "object"),
}
COUNTRY_LINK = "Note"  # entity, country, summary = relation type
DOCUMENT_SCHEMA = "Article"
LEADING_TITLE = re.compile(
    r"\b(director|president|chair|chairman|chairwoman|chairperson|head|chief|ceo|dean|rector|"
    r"chancellor|secretary[- ]general|governor|founder|principal)\b",
    re.IGNORECASE,
)


def entity_schema(type: str, kind: str | None) -> str:
    """The FtM schema of a store entity of `type` (and organization `kind`)."""
    if type == "organization" and kind in ORGANIZATION_SCHEMATA:
        return ORGANIZATION_SCHEMATA[kind]
    return ENTITY_SCHEMATA[type]


def relation_schema(type: str, title: str | None, *, to_country: bool) -> str:
    """The FtM schema of a store relation."""
    if to_country:
        return COUNTRY_LINK
    if type == "member_of":
        return "Membership"
    if type == "position":
        return "Directorship" if title and LEADING_TITLE.search(title) else "Employment"
    return "UnknownLink"


def edge_properties(schema: str) -> tuple[str, str]:
    """The subject and object properties of an edge schema."""
    _, subject, object = EDGES[schema]
    return subject, object
