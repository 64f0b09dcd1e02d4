"""Identifiers: found beside a name, kept as attributes, and a sure rule of resolution."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.extract.identifiers import attach_identifiers, find_identifiers
from greenbridge.resolve import SAME, judge, link_extraction, resolve_id
from greenbridge.resolve.identifiers import identifiers_of, normalize_identifier
from greenbridge.resolve.index_store import forget_index
from greenbridge.resolve.normalize import name_key
from greenbridge.resolve.scoring import NameRecord, score_records
from greenbridge.store.models import Alias, Entity, Evidence, Judgement
from tests.resolve.helpers import add_document, entity, extraction

ORCID = "0000-0002-1825-0097"  # the example ORCID of the ORCID documentation (valid checksum)
OTHER_ORCID = "0000-0001-5109-3700"


def test_identifiers_are_normalized_and_checked() -> None:
    assert normalize_identifier("orcid", f"https://orcid.org/{ORCID}") == ORCID
    assert normalize_identifier("orcid", "0000-0002-1825-0098") is None  # wrong check digit
    assert normalize_identifier("orcid", "0000-0002-1694-233x") == "0000-0002-1694-233X"
    assert normalize_identifier("ror", "https://ror.org/05DXPS055") == "05dxps055"
    assert normalize_identifier("wikidata", "https://www.wikidata.org/wiki/q42") == "Q42"
    assert normalize_identifier("website", "HTTPS://www.Andes-Solar.org/") == "andes-solar.org"
    assert identifiers_of({"orcid": ORCID, "website": "https://andes-solar.org/about/"}) == {
        f"orcid:{ORCID}",
        "website:andes-solar.org/about",
    }


def test_identifiers_in_text_go_to_the_name_they_follow() -> None:
    text = (
        f"Dr. Ana Ruiz (ORCID {ORCID}) leads the soil team of the Andes Solar Lab "
        "(www.andes-solar.org), ROR https://ror.org/05dxps055. Mara Sol wrote the report. "
        "See https://news.example.com/story for more."
    )
    found = {scheme: value for scheme, value, _, _ in find_identifiers(text)}
    assert found["orcid"] == ORCID and found["ror"] == "05dxps055"
    ana = entity(text, "p1", "person", "Ana Ruiz")
    mara = entity(text, "p2", "person", "Mara Sol")
    lab = entity(text, "o1", "organization", "Andes Solar Lab")
    result = extraction("a.txt", [ana, mara, lab])
    attach_identifiers(text, result)
    assert ana.attributes == {"orcid": ORCID}
    assert lab.attributes == {"website": "https://www.andes-solar.org", "ror": "05dxps055"}
    assert mara.attributes == {}  # a link in the next sentence is not hers


def test_scoring_same_identifier_is_sure_and_two_orcids_never_match() -> None:
    ana = NameRecord.build(["Ana Ruiz"], "person", identifiers=frozenset({f"orcid:{ORCID}"}))
    other = NameRecord.build(["Ana Ruiz"], "person", identifiers=frozenset({f"orcid:{OTHER_ORCID}"}))  # fmt: skip
    renamed = NameRecord.build(["A. M. Ruiz Sol"], "person", identifiers=ana.identifiers)
    plain = NameRecord.build(["Ana Ruiz"], "person")
    assert score_records(ana, renamed).rule == "same_identifier"
    assert score_records(ana, renamed).score == 1.0
    assert score_records(ana, other).score == 0.0
    assert score_records(ana, plain).score == 1.0  # no identifier on one side: names decide


def _link(session: Session, title: str, text: str, name: str, **attributes: object) -> int:
    document = add_document(session, text, title)
    found = extraction(f"{title}.txt", [entity(text, "p1", "person", name, **attributes)])
    result = link_extraction(
        session, document=document, extraction=found, article_ids={0: document.articles[0].id}
    )
    session.flush()
    return resolve_id(session, result.entity_ids["p1"])


def test_store_joins_by_identifier_and_keeps_two_orcids_apart(session: Session) -> None:
    first = _link(session, "a", "Ana Ruiz spoke in Lima.", "Ana Ruiz", orcid=ORCID)
    renamed = _link(session, "b", "A. M. Ruiz Sol spoke in Quito.", "A. M. Ruiz Sol", orcid=ORCID)
    assert renamed == first  # a name the scorer alone would not join
    other = _link(session, "c", "Ana Ruiz spoke in Cusco.", "Ana Ruiz", orcid=OTHER_ORCID)
    assert other != first
    pairs = session.scalars(select(Judgement)).all()
    assert not any({j.left_id, j.right_id} == {first, other} for j in pairs)
    stored = session.get(Entity, first)
    assert stored is not None and stored.attributes["orcid"] == ORCID
    assert session.scalar(select(Evidence.id).where(Evidence.attribute == "orcid"))
    session.commit()


def test_an_orcid_learnt_later_keeps_a_second_orcid_apart(session: Session) -> None:
    """The in-memory index learns an identifier an existing entity gains from a later document."""
    first = _link(session, "a", "Ana Ruiz spoke in Lima.", "Ana Ruiz")
    session.commit()
    assert _link(session, "b", "Ana Ruiz spoke again.", "Ana Ruiz", orcid=ORCID) == first
    session.commit()
    other = _link(session, "c", "Ana Ruiz spoke in Cusco.", "Ana Ruiz", orcid=OTHER_ORCID)
    assert other != first
    forget_index(session)


def test_a_name_of_a_merged_record_does_not_bring_a_second_orcid_in(session: Session) -> None:
    """`Ana M. Ruiz` was merged into the Ana Ruiz of one ORCID; an `Ana M. Ruiz` of another
    ORCID matches that record's name exactly and still stays apart."""
    first = _link(session, "a", "Ana Ruiz spoke in Lima.", "Ana Ruiz", orcid=ORCID)
    middle = Entity(type="person", name="Ana M. Ruiz", attributes={})
    session.add(middle)
    session.flush()
    session.add(Alias(entity_id=middle.id, name="Ana M. Ruiz", normalized=name_key("Ana M. Ruiz", "person")))  # fmt: skip
    judge(session, first, middle.id, SAME, score=1.0, rule="user")
    session.commit()
    assert resolve_id(session, middle.id) == first
    other = _link(session, "b", "Ana M. Ruiz spoke in Cusco.", "Ana M. Ruiz", orcid=OTHER_ORCID)
    assert other != first
    again = _link(session, "c", "Ana M. Ruiz spoke in Quito.", "Ana M. Ruiz")
    assert again in (first, other)  # no identifier: the name decides as before
    forget_index(session)
