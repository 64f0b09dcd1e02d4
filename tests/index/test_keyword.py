from greenbridge.index.keyword import KeywordIndex, terms


def test_terms_are_stemmed_without_stopwords_or_numbers() -> None:
    assert terms("The cooking stoves of 2020") == ["cook", "stove"]


def test_bm25_ranks_the_text_sharing_rare_terms_first() -> None:
    index = KeywordIndex(["Solar pumps for irrigation", "Improved cookstoves", "Biogas digesters"])
    scores = index.scores("biogas from cattle manure")
    assert scores.argmax() == 2 and scores[0] == 0
    assert not index.scores("zzz").any()
    assert not KeywordIndex([]).scores("anything").size
