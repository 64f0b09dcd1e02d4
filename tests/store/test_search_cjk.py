from __future__ import annotations

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from greenbridge.resolve.normalize import name_key
from greenbridge.store.cjk import cjk_terms, query_runs
from greenbridge.store.db import downgrade, transaction, upgrade
from greenbridge.store.entities import search_documents, search_entities
from greenbridge.store.models import Alias, Document, Entity

SOLAR = "宁夏太阳能研究中心与埃及新能源署签署合作协议，双方将共建光伏示范电站。"
WATER = "联合实验室在沙漠地区开展节水灌溉技术的联合研究，并培训当地技术人员。"
TRADITIONAL = "兩國科學家在國際會議上討論了海水淡化技術合作。"


def _document(session: Session, title: str | None, body: str) -> int:
    document = Document(
        content_hash=str(abs(hash(f"{title}{body}"))), title=title, media_type="text/plain",
        size_bytes=len(body), text=body,
    )  # fmt: skip
    session.add(document)
    session.flush()
    return document.id


def _entity(session: Session, name: str) -> int:
    entity = Entity(type="organization", name=name, attributes={})
    session.add(entity)
    session.flush()
    session.add(Alias(entity_id=entity.id, name=name, normalized=name_key(name, "organization")))
    session.flush()
    return entity.id


def _ids(session: Session, query: str) -> list[int]:
    return [hit.id for hit in search_documents(session, query)]


def test_terms_are_bigrams_in_order_then_each_character() -> None:
    assert cjk_terms("国际合作") == "国际 际合 合作 作 合 国 际"
    assert cjk_terms("Solar energy", None) is None
    assert cjk_terms("光 and 热") == "光 热"
    assert cjk_terms("協議") == "协议 协 议"  # read in simplified form
    assert query_runs("國際 合作 solar 合作") == ["国际", "合作"]


def test_words_inside_chinese_text_are_found(engine: Engine) -> None:
    with transaction(engine) as session:
        solar = _document(session, "光伏合作", SOLAR)
        water = _document(session, None, WATER)
        english = _document(session, "Solar cooperation", "A solar energy agreement in Egypt.")
    with transaction(engine) as session:
        assert _ids(session, "合作协议") == [solar]  # a word inside a run, no spaces around it
        assert _ids(session, "节水灌溉") == [water]
        assert _ids(session, "灌溉 培训") == [water]  # every word must occur
        assert _ids(session, "灌溉 光伏") == []
        assert _ids(session, "协议合作") == []  # the characters, not in this order
        assert _ids(session, "光") == [solar]  # one character
        assert _ids(session, "联合") == [water]
        assert _ids(session, "solar") == [english]  # Latin words as before
        hit = search_documents(session, "新能源")[0]
        assert "新能源" in hit.snippet


def test_traditional_and_simplified_find_each_other(engine: Engine) -> None:
    with transaction(engine) as session:
        traditional = _document(session, None, TRADITIONAL)
        simplified = _document(session, None, SOLAR)
    with transaction(engine) as session:
        assert _ids(session, "海水淡化技术") == [traditional]
        assert _ids(session, "國際會議") == [traditional]
        assert _ids(session, "合作協議") == [simplified]


def test_mixed_queries_need_the_latin_words_too(engine: Engine) -> None:
    with transaction(engine) as session:
        with_word = _document(session, None, "中国与 Kenya 开展地热能合作。")
        without = _document(session, None, "中国与埃及开展地热能合作。")
    with transaction(engine) as session:
        assert sorted(_ids(session, "地热能")) == sorted([with_word, without])
        assert _ids(session, "地热能 kenya") == [with_word]
        assert _ids(session, "地热能 keny") == [with_word]  # the last word as a prefix


def test_documents_are_ranked_by_how_often_the_word_occurs(engine: Engine) -> None:
    with transaction(engine) as session:
        once = _document(session, None, "示范电站一座。" + "其他内容。" * 20)
        often = _document(session, None, "示范电站，示范电站，示范电站。")
    with transaction(engine) as session:
        assert _ids(session, "示范电站") == [often, once]


def test_chinese_names_are_found_by_any_word(engine: Engine) -> None:
    with transaction(engine) as session:
        academy = _entity(session, "中国科学院")
        institute = _entity(session, "宁夏太阳能研究所")
        _entity(session, "Desert Research Institute")
    with transaction(engine) as session:
        assert [h.id for h in search_entities(session, "科学院")] == [academy]
        assert [h.id for h in search_entities(session, "研究")] == [institute]
        assert [h.id for h in search_entities(session, "中國科學院")] == [academy]
        assert [h.name for h in search_entities(session, "desert research")] == [
            "Desert Research Institute"
        ]


def test_changed_and_deleted_rows_leave_the_index(engine: Engine) -> None:
    with transaction(engine) as session:
        document_id = _document(session, None, WATER)
    with transaction(engine) as session:
        document = session.get(Document, document_id)
        assert document is not None
        document.text = SOLAR
    with transaction(engine) as session:
        assert _ids(session, "灌溉") == []
        assert _ids(session, "光伏") == [document_id]
        session.delete(session.get(Document, document_id))
    with transaction(engine) as session:
        assert _ids(session, "光伏") == []


def test_the_migration_fills_rows_stored_before_it(engine: Engine) -> None:
    downgrade(engine, "0010-1")  # the revision before 0010
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO document (content_hash, media_type, size_bytes, text, ingested_at) "
                "VALUES ('before', 'text/plain', 1, :body, CURRENT_TIMESTAMP)"
            ),
            {"body": WATER},
        )
    upgrade(engine)
    with transaction(engine) as session:
        stored = session.scalar(select(Document.id).where(Document.content_hash == "before"))
        assert _ids(session, "节水灌溉") == [stored]


def test_search_terms_expression_is_that_of_the_migration() -> None:
    from importlib import import_module

    from greenbridge.store.search_cjk import PG_TERMS

    migration = import_module("greenbridge.store.migrations.versions.0010_cjk_search")
    assert migration.PG_TERMS == PG_TERMS


def test_an_imported_export_is_searchable_again(engine: Engine) -> None:
    import io

    from greenbridge.store.exchange import import_records, read_jsonl, write_jsonl
    from greenbridge.store.models import Article

    with transaction(engine) as session:
        _document(session, None, WATER)
        _entity(session, "中国科学院")
    out = io.StringIO()
    with transaction(engine) as session:
        write_jsonl(session, out)
    assert "search_cjk" not in out.getvalue()  # derived, computed again on import
    with transaction(engine) as session:
        for model in (Alias, Entity, Article, Document):
            session.query(model).delete()
    with transaction(engine) as session:
        import_records(session, read_jsonl(out.getvalue().splitlines()))
    with transaction(engine) as session:
        assert len(_ids(session, "节水灌溉")) == 1
        assert [h.name for h in search_entities(session, "科学院")] == ["中国科学院"]
