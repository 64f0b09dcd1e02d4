from greenbridge.match.language import need_language, unranked_note


def test_a_need_in_another_language_is_named_plainly() -> None:
    need = "traitement des eaux usées pour les petites villes de la région"
    assert need_language(need) == "fr"
    note = unranked_note(need_language(need))
    assert note is not None
    assert "French (fr)" in note and "ranks English text only" in note
    assert unranked_note(need_language("旱区节水灌溉技术")) is not None


def test_an_english_or_unclear_need_has_no_note() -> None:
    assert unranked_note(need_language("treatment of wastewater for small towns")) is None
    assert unranked_note(need_language("solar drying crops")) is None  # no language told
