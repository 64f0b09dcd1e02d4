"""The scorer's own rules (gold/SCHEMA.md, "Scoring")."""

from __future__ import annotations

from greenbridge.evaluate.extraction import name_similarity, normalize_name, score_document


def _doc(entities, relations=(), countries=()):
    return {"entities": list(entities), "relations": list(relations), "countries": list(countries)}


def test_normalization_folds_accents_case_punctuation_and_honorifics() -> None:
    assert normalize_name("Prof. José  Müller-Smith") == "jose muller smith"
    assert normalize_name("Dr. ZHANG Suojiang") == "zhang suojiang"


def test_person_names_match_in_either_order() -> None:
    assert name_similarity("Zhang Suojiang", "Suojiang ZHANG") == 1.0


def test_subset_of_tokens_does_not_match() -> None:
    assert name_similarity("Institute", "Institute of Process Engineering") == 0.0
    assert name_similarity("Institute of Process Engineering", "Process Engineering") == 0.0


def test_small_spelling_variants_match_and_different_names_do_not() -> None:
    assert name_similarity("Lily Eurwilaichitr", "Lily Eurwilaichit") >= 0.9
    assert name_similarity("Chinese Physical Society", "Chinese Chemical Society") < 0.9


def test_alias_matches_and_one_to_one_within_type() -> None:
    gold = _doc([{"id": "o1", "type": "organization", "name": "Institute of X", "aliases": ["IX"]}])
    predicted = _doc(
        [
            {"id": "o1", "type": "organization", "name": "IX"},
            {"id": "o2", "type": "organization", "name": "Institute of X"},
            {"id": "p1", "type": "person", "name": "IX"},
        ]
    )
    score = score_document(gold, predicted)
    org = score.entities["organization"]
    assert (org.tp, org.fp, org.fn) == (1, 1, 0)
    assert score.entities["person"].fp == 1


def test_relation_needs_type_and_both_ends_and_country_codes_match() -> None:
    gold = _doc(
        [
            {"id": "t1", "type": "technology", "name": "heap leaching"},
            {"id": "o1", "type": "organization", "name": "Acme Company"},
        ],
        [
            {"type": "deployed", "subject": "t1", "object": "MM", "partner": "o1"},
            {"type": "developed", "subject": "o1", "object": "t1"},
        ],
        ["MM", "CN"],
    )
    predicted = _doc(
        [
            {"id": "o7", "type": "organization", "name": "Acme Company"},
            {"id": "t9", "type": "technology", "name": "heap leaching"},
        ],
        [
            {"type": "deployed", "subject": "t9", "object": "MM", "partner": "o7"},
            {"type": "part_of", "subject": "o7", "object": "t9"},
        ],
        ["MM", "TH"],
    )
    score = score_document(gold, predicted)
    assert score.relations["deployed"].tp == 1
    assert score.relations["developed"].fn == 1
    assert score.relations["part_of"].fp == 1
    assert score.attributes["deployed.partner"].tp == 1
    assert (score.countries.tp, score.countries.fp, score.countries.fn) == (1, 1, 1)


def test_unmatched_local_ids_never_match_by_accident() -> None:
    gold = _doc(
        [
            {"id": "o1", "type": "organization", "name": "Acme Company"},
            {"id": "o2", "type": "organization", "name": "Beta Institute"},
        ],
        [{"type": "part_of", "subject": "o1", "object": "o2"}],
    )
    predicted = _doc(
        [
            {"id": "o1", "type": "organization", "name": "Gamma Group"},
            {"id": "o2", "type": "organization", "name": "Delta Society"},
        ],
        [{"type": "part_of", "subject": "o1", "object": "o2"}],
    )
    assert score_document(gold, predicted).relations["part_of"].tp == 0


def test_cooperates_with_matches_in_either_direction_other_types_do_not() -> None:
    entities = [
        {"id": "o1", "type": "organization", "name": "Acme Institute"},
        {"id": "o2", "type": "organization", "name": "Beta University"},
    ]
    gold = _doc(
        entities,
        [
            {"type": "cooperates_with", "subject": "o1", "object": "o2"},
            {"type": "part_of", "subject": "o1", "object": "o2"},
        ],
    )
    predicted = _doc(
        entities,
        [
            {"type": "cooperates_with", "subject": "o2", "object": "o1"},
            {"type": "part_of", "subject": "o2", "object": "o1"},
        ],
    )
    score = score_document(gold, predicted)
    assert score.relations["cooperates_with"].tp == 1
    assert (score.relations["part_of"].tp, score.relations["part_of"].fp) == (0, 1)


def _event(ident: str, name: str, start: str | None) -> dict:
    return {"id": ident, "type": "event", "name": name, "start": start}


def test_unnamed_event_matches_on_start_date_and_a_shared_content_word() -> None:
    gold = _doc([_event("v1", "CAS delegation visit to Sri Lanka", "2019-05-12")])
    same_day = _doc([_event("v9", "visit of the CAS delegation", "2019-05-12")])
    assert score_document(gold, same_day).entities["event"].tp == 1
    other_day = _doc([_event("v9", "visit of the CAS delegation", "2019-05-13")])
    assert score_document(gold, other_day).entities["event"].tp == 0
    # the same day but only function words in common is not a match
    unrelated = _doc([_event("v9", "the opening of a plant", "2019-05-12")])
    assert score_document(gold, unrelated).entities["event"].tp == 0


def test_a_name_match_is_preferred_to_a_date_match() -> None:
    from greenbridge.evaluate.extraction import entity_similarity, match_one_to_one

    gold = [
        _event("v1", "Green signing ceremony", "2020-01-05"),
        _event("v2", "Green Forum", "2020-01-05"),
    ]
    predicted = [_event("x1", "Green Forum", "2020-01-05")]
    assert entity_similarity(gold[0], predicted[0]) == 0.9  # a date match on its own
    assert match_one_to_one(gold, predicted, entity_similarity) == {1: 0}


def test_chinese_names_compare_in_simplified_characters_without_quotes() -> None:
    assert normalize_name("山東大學") == normalize_name("山东大学")
    assert name_similarity("“一带一路”倡议", "一带一路倡议") >= 0.9
    assert name_similarity("中国科学院", "中国科学院") == 1.0


def test_a_chinese_name_inside_a_longer_one_does_not_match() -> None:
    assert name_similarity("中国科学院", "中国科学院大学") == 0.0
    assert name_similarity("中国科学院大气物理研究所", "大气物理研究所") == 0.0
    assert name_similarity("清华大学", "北京大学") < 0.9


def test_unnamed_chinese_events_of_one_day_match_on_a_shared_word() -> None:
    gold = _doc(
        [{"id": "v1", "type": "event", "name": "代表团访问研究中心", "start": "2023-05-12"}]
    )
    same_day = _doc([{"id": "v9", "type": "event", "name": "院长访问中心", "start": "2023-05-12"}])
    other_day = _doc([{"id": "v9", "type": "event", "name": "院长访问中心", "start": "2023-05-13"}])
    assert score_document(gold, same_day).entities["event"].tp == 1
    assert score_document(gold, other_day).entities["event"].tp == 0
