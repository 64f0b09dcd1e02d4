"""A generated batch of documents for checking that resolution does not depend on their order.

A few organizations turn up with varying countries (`World Bank` of no country, US, KE, IN, BR),
some country-scoped (`Ministry of Energy` of KE, of GH, of no country), and people share names
across organizations and name forms (`Ana Lima`, `LIMA Ana`, `A. Lima`). `canonical_entities`
describes what a store holds in terms that do not depend on ids: type and names of each
canonical entity, counted.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.extract.model import ExtractedEntity, ExtractedRelation, Extraction
from greenbridge.resolve import link_extraction, review_queue
from tests.resolve.helpers import add_document, entity, extraction, relation

# name as written, aliases, the countries it is seen with (None: no country stated)
ORGANIZATIONS = [
    ("World Bank", (), (None, "US", "KE", "IN", "BR")),
    ("The World Bank", (), (None, "US", "KE")),
    ("United Nations Environment Programme", ("UNEP",), (None, "KE", "CH")),
    ("UNEP", (), ("KE", None)),
    ("Kestrel Energy Group", (), ("NG", "PE", None)),
    ("Global Water Partnership", (), ("SE", None, "ZA")),
    ("Ministry of Energy", (), ("KE", "GH", None)),
]
PEOPLE = ["Ana Lima", "LIMA Ana", "A. Lima", "Wei Zhang", "Zhang Wei", "Samuel Okoro", "S. Okoro"]
TITLES = ["Director", "Senior Adviser", "Programme Officer"]


@dataclass
class BatchDocument:
    title: str
    text: str
    found: Extraction


def generate_batch(count: int = 60, seed: int = 7) -> list[BatchDocument]:
    """`count` documents, each with two or three organizations and one or two people."""
    rng = random.Random(seed)
    return [_document(rng, number) for number in range(count)]


def _document(rng: random.Random, number: int) -> BatchDocument:
    orgs = rng.sample(ORGANIZATIONS, rng.choice((2, 3)))
    orgs = [o for i, o in enumerate(orgs) if o[0] not in {p[0] for p in orgs[:i]}]
    people = rng.sample(PEOPLE, rng.choice((1, 2)))
    sentences, plans = [], []
    for index, (name, aliases, countries) in enumerate(orgs):
        country = rng.choice(countries)
        written = f"{name} ({aliases[0]})" if aliases else name
        where = f" in {country}" if country else ""
        sentences.append(f"Report {number}: {written} met partners{where}.")
        plans.append((f"o{index}", name, aliases, country))
    for index, person in enumerate(people):
        title = rng.choice(TITLES)
        sentences.append(f"{person}, {title} of {orgs[index % len(orgs)][0]}, spoke.")
    text = " ".join(sentences)
    entities: list[ExtractedEntity] = []
    for local_id, name, aliases, country in plans:
        attributes = {"country": country} if country else {}
        entities.append(entity(text, local_id, "organization", name, *aliases, **attributes))
    relations: list[ExtractedRelation] = []
    for index, person in enumerate(people):
        entities.append(entity(text, f"p{index}", "person", person))
        org_id = f"o{index % len(orgs)}"
        at = text.index(person)
        evidence = text[at : text.index(",", text.index(",", at) + 1)]
        title = evidence.split(", ", 1)[1].split(" of ")[0]
        relations.append(relation(text, "position", f"p{index}", org_id, evidence, title=title))
    title = f"report-{number:02d}"
    return BatchDocument(title, text, extraction(f"{title}.txt", entities, relations))


def ingest_batch(session: Session, batch: list[BatchDocument], *, cold: bool = False) -> None:
    """Store and link each document, one transaction each, as ingest does. `cold` drops the
    cached resolution index before every document (a new process each time)."""
    from greenbridge.resolve.index_store import forget_index

    for item in batch:
        if cold:
            forget_index(session)
        document = add_document(session, item.text, item.title)
        link_extraction(
            session,
            document=document,
            extraction=item.found,
            article_ids={0: document.articles[0].id},
        )
        session.commit()


def orders(batch: list[BatchDocument]) -> dict[str, list[BatchDocument]]:
    """The batch as given, reversed and in two shuffled orders."""
    shuffled = {}
    for seed in (1, 2):
        copy = list(batch)
        random.Random(seed).shuffle(copy)
        shuffled[f"shuffled-{seed}"] = copy
    return {"given": list(batch), "reversed": batch[::-1], **shuffled}


def canonical_entities(session: Session) -> Counter[tuple[str, tuple[str, ...]]]:
    """(type, sorted name keys of all its records) of each canonical entity, counted."""
    from greenbridge.store.models import Alias, Entity

    roots = {}
    for entity_id, kind, canonical in session.execute(
        select(Entity.id, Entity.type, Entity.canonical_id)
    ):
        roots[entity_id] = (canonical or entity_id, kind)
    names: dict[int, set[str]] = {root: set() for root, _ in roots.values()}
    for entity_id, normalized in session.execute(select(Alias.entity_id, Alias.normalized)):
        names[roots[entity_id][0]].add(normalized)
    kinds = {root: kind for root, kind in roots.values()}
    return Counter((kinds[root], tuple(sorted(keys))) for root, keys in names.items())


def review_size(session: Session) -> int:
    return len(review_queue(session))
