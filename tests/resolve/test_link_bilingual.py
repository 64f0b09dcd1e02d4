"""Names learned in two languages resolve later documents in either language (both stores)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from greenbridge.resolve import LinkResult, link_extraction, resolve_id, review_queue
from greenbridge.store.entities import search_entities
from greenbridge.store.models import Entity
from tests.resolve.helpers import add_document, entity, extraction

ENGLISH = (
    "The Chinese Academy of Sciences (中国科学院) signed an agreement in Nairobi. "
    "Professor Zhang Suojiang of the Chinese Academy of Sciences spoke."
)
CHINESE = "中国科学院与内罗毕大学签署协议。中国科学院张锁江研究员出席。"
TRADITIONAL = "中國科學院代表團訪問肯尼亞。"


def _link(session: Session, title: str, text: str, entities: list) -> LinkResult:
    document = add_document(session, text, title)
    found = extraction(f"{title}.txt", entities)
    articles = {0: document.articles[0].id}
    return link_extraction(session, document=document, extraction=found, article_ids=articles)


def _english(session: Session) -> dict[str, int]:
    return _link(
        session,
        "en",
        ENGLISH,
        [
            entity(ENGLISH, "o1", "organization", "Chinese Academy of Sciences", "中国科学院"),
            entity(ENGLISH, "p1", "person", "Zhang Suojiang", title="Professor"),
        ],
    ).entity_ids


def test_a_later_chinese_document_resolves_to_the_entity_named_in_english(
    session: Session,
) -> None:
    first = _english(session)
    later = _link(session, "zh", CHINESE, [entity(CHINESE, "o1", "organization", "中国科学院")])
    assert later.created == [] and later.entity_ids["o1"] == first["o1"]
    traditional = _link(
        session, "zh-hant", TRADITIONAL, [entity(TRADITIONAL, "o1", "organization", "中國科學院")]
    )
    assert traditional.entity_ids["o1"] == first["o1"]


def test_a_chinese_name_joins_its_pinyin_through_the_organization_they_share(
    session: Session,
) -> None:
    first = _english(session)
    later = _link(
        session,
        "zh",
        CHINESE,
        [
            entity(CHINESE, "o1", "organization", "中国科学院"),
            entity(CHINESE, "p1", "person", "张锁江"),
        ],
    )
    person = later.entity_ids["p1"]
    assert person != first["p1"]  # a record of its own, judged the same: the merge can be undone
    assert resolve_id(session, person) == resolve_id(session, first["p1"])
    assert (person, first["p1"]) in later.judged_same


def test_a_common_name_in_pinyin_alone_waits_for_review(session: Session) -> None:
    text_en = "Dr Wang Wei of the Kenya Forestry Research Institute spoke."
    text_zh = "王伟在会上发言。"
    english = _link(session, "en", text_en, [entity(text_en, "p1", "person", "Wang Wei")])
    chinese = _link(session, "zh", text_zh, [entity(text_zh, "p1", "person", "王伟")])
    left, right = english.entity_ids["p1"], chinese.entity_ids["p1"]
    assert resolve_id(session, left) != resolve_id(session, right)
    queued = {(item.left_id, item.right_id) for item in review_queue(session)}
    assert {(right, left), (left, right)} & queued
    assert session.scalar(select(func.count(Entity.id)).where(Entity.type == "person")) == 2


def test_a_latin_query_finds_the_chinese_names(session: Session) -> None:
    first = _english(session)
    _link(
        session,
        "zh",
        CHINESE,
        [
            entity(CHINESE, "o1", "organization", "中国科学院"),
            entity(CHINESE, "p1", "person", "张锁江"),
        ],
    )
    session.flush()
    organization = search_entities(session, "chinese academy")[0]
    assert organization.id == first["o1"] and "中国科学院" in organization.names
    person = search_entities(session, "Zhang Suojiang", entity_type="person")[0]
    assert person.id == resolve_id(session, first["p1"]) and "张锁江" in person.names


def test_a_chinese_organization_name_joins_its_english_name_through_shared_people(
    session: Session,
) -> None:
    text_en = "Bai Chunli and Liu Yinchun of the People's Government of Beijing Municipality spoke."
    text_zh = "白春礼、北京市人民政府刘印春出席仪式。"
    english = _link(
        session,
        "en",
        text_en,
        [
            entity(text_en, "o1", "organization", "People's Government of Beijing Municipality"),
            entity(text_en, "p1", "person", "Bai Chunli"),
            entity(text_en, "p2", "person", "Liu Yinchun"),
        ],
    )
    chinese = _link(
        session,
        "zh",
        text_zh,
        [
            entity(text_zh, "o1", "organization", "北京市人民政府"),
            entity(text_zh, "p1", "person", "白春礼"),
            entity(text_zh, "p2", "person", "刘印春"),
        ],
    )
    for local in ("o1", "p1", "p2"):
        assert resolve_id(session, chinese.entity_ids[local]) == resolve_id(
            session, english.entity_ids[local]
        )
    alone = _link(session, "zh2", "怀柔区人民政府发布通知。", [
        entity("怀柔区人民政府发布通知。", "o1", "organization", "怀柔区人民政府")
    ])  # fmt: skip
    assert resolve_id(session, alone.entity_ids["o1"]) != resolve_id(
        session, english.entity_ids["o1"]
    )
