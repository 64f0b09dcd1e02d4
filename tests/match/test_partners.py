"""Partners come from the need's subject: events near the country count by how close their name
is to the need, cooperation counts for organizations that offer something, nothing is padded."""

from __future__ import annotations

from sqlalchemy.orm import Session

from greenbridge.index.embedders import get_embedder
from greenbridge.match.catalogue import load_candidates, text_query
from greenbridge.match.partners import rank_partners, topicality
from greenbridge.match.rank import Ranker
from greenbridge.store.models import Entity, Relation


def _event_with_organizer(session: Session, event: str, organizer: str, country: str) -> int:
    held = Entity(type="event", name=event, attributes={"country": country})
    host = Entity(type="organization", name=organizer, attributes={})
    session.add_all([held, host])
    session.flush()
    session.add_all([
        Relation(type="organized", subject_id=host.id, object_id=held.id),
        Relation(type="cooperates_with", subject_id=host.id, object_country=country),
    ])  # fmt: skip
    session.flush()
    return host.id


def test_event_credit_follows_the_need_subject(session: Session, catalogue: dict[str, int]) -> None:
    cooking = _event_with_organizer(
        session, "Regional workshop on clean cooking stoves", "Clean Kitchens Network", "UG"
    )
    mining = _event_with_organizer(
        session, "Summit on deep sea mining law", "Seabed Law Society", "UG"
    )
    ranker = Ranker(load_candidates(session), get_embedder())
    partners = rank_partners(session, ranker, text_query("firewood saving cookstoves", "RW"))
    found = {p.entity_id: p for p in partners}
    assert cooking in found and any("clean cooking" in r for r in found[cooking].reasons)
    assert mining not in found
    # The cooking network offers no technology: its cooperation with the region adds nothing.
    assert not any(r.startswith("cooperates") for r in found[cooking].reasons)


def test_an_unrelated_need_gets_no_partner(session: Session, catalogue: dict[str, int]) -> None:
    _event_with_organizer(session, "Forum on solar desalination", "Desalination Institute", "KE")
    ranker = Ranker(load_candidates(session), get_embedder())
    need = text_query("repair of undersea telecommunication cables", "KE")
    assert rank_partners(session, ranker, need) == []


def test_topicality_is_bounded_and_ordered() -> None:
    embedder = get_embedder()
    related, unrelated = topicality(
        embedder,
        "cheap clean cooking for rural households",
        ["Workshop on clean cooking solutions", "Annual meeting of the bar association"],
    )
    assert 0.0 <= unrelated < related <= 1.0
    assert unrelated == 0.0


def test_experts_are_people_of_the_matching_technologies_never_places_or_strangers(
    session: Session, catalogue: dict[str, int]
) -> None:
    event = Entity(
        type="event", name="Workshop on clean cooking stoves", attributes={"country": "RW"}
    )
    town = Entity(type="person", name="Kigali", attributes={})  # a place misread as a speaker
    society = Entity(type="organization", name="Seabed Law Society", attributes={})
    stranger = Entity(type="person", name="Tomas Brenner", attributes={})
    session.add_all([event, town, society, stranger])
    session.flush()
    session.add_all([
        Relation(type="participated", subject_id=town.id, object_id=event.id),
        Relation(type="position", subject_id=stranger.id, object_id=society.id,
                 attributes={"title": "Chair"}),
        Relation(type="cooperates_with", subject_id=society.id, object_country="RW"),
    ])  # fmt: skip
    session.flush()
    ranker = Ranker(load_candidates(session), get_embedder())
    people = [p for p in rank_partners(session, ranker, text_query("firewood saving cookstoves", "RW"))
              if p.type == "person"]  # fmt: skip
    found = {p.entity_id: p for p in people}
    assert catalogue["expert"] in found
    assert found[catalogue["expert"]].reasons == ["Director at Stove Makers Cooperative"]
    assert town.id not in found and stranger.id not in found
