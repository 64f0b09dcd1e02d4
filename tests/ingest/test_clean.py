import time

import pytest

from greenbridge.ingest.clean import clean_text, is_boilerplate, repair_hyphenation
from tests.conftest import CORPUS


def test_hyphenated_line_breaks_are_joined_into_words() -> None:
    assert repair_hyphenation("circular econo-\nmy and produc-\ntivity") == (
        "circular economy and productivity"
    )


def test_real_compounds_keep_their_hyphen() -> None:
    assert repair_hyphenation("a low-\ncarbon economy") == "a low-carbon economy"


def test_hard_wrapped_paragraph_is_reflowed() -> None:
    text = (
        "The first session of the meeting focused on circular\n"
        "economy and biotechnology. Prof. Amina Diallo, Director\n"
        "of the Dryland Institute, gave the first talk on the\n"
        "use of waste biomass.\n"
    )
    assert clean_text(text) == (
        "The first session of the meeting focused on circular economy and biotechnology. "
        "Prof. Amina Diallo, Director of the Dryland Institute, gave the first talk on the "
        "use of waste biomass.\n"
    )


def test_page_break_inside_a_sentence_is_joined() -> None:
    text = (
        "He expressed hope that the industry would seize opportunities under\n\nthe global goal.\n"
    )
    assert clean_text(text) == (
        "He expressed hope that the industry would seize opportunities under the global goal.\n"
    )


def test_boilerplate_lines_are_recognised() -> None:
    for line in [
        "Text Size: A A A",
        "Back to top",
        "Home | Contact | Sitemap | About",
        "Location: Home > News > Item",
        "Copyright 2009 by Some Institute, All Right Reserved",
        "E-mail: someone@example.org",
        "Tel: 86-10-62551358",
    ]:
        assert is_boilerplate(line), line
    assert not is_boilerplate("Prof. Amina Diallo, Director of the Dryland Institute, spoke.")


def test_corpus_pdf_text_has_no_broken_words() -> None:
    raw = (CORPUS / "000_488cbfe2e73cee8a.txt").read_text()
    text = clean_text(raw)
    assert "econo-\nmy" in raw
    for word in ["economy", "productivity", "Academician", "Industry-Government", "Microbiology"]:
        assert word in text
    for broken in ["econo-", "produc-", "Academi-", "Govern-\n", "Microbiolo-"]:
        assert broken not in text
    assert "Director, Professor of the Institute of Process Engineering, CAS gave" in text


def test_menus_and_widgets_are_stripped_from_a_news_page() -> None:
    text = clean_text((CORPUS / "001_5505210c5c929c65.txt").read_text())
    assert "Text Size" not in text
    assert "Sitemap" not in text
    assert "Home News About Us" not in text
    assert "Copyright" not in text
    assert "Over 200 scientists" in text


FIVE_MB = 5_000_000
PATHOLOGICAL = {
    "letters without spaces": "a" * FIVE_MB,
    "hyphen before a long run of line breaks": "ab-" + " \n" * (FIVE_MB // 2) + "1",
    "a link line that never ends": "http://" + "a" * FIVE_MB + " b",
    "digits and spaces": "1" + " 1" * (FIVE_MB // 2) + " x",
    "paragraphs joined across page breaks": "\n\n".join(["word " * 10 + "and"] * (FIVE_MB // 54)),
    "menu separators": "a | " * (FIVE_MB // 4),
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_cleaning_takes_time_linear_in_the_text(text: str) -> None:
    started = time.perf_counter()
    clean_text(text, hard_wrapped=True)
    assert time.perf_counter() - started < 5  # about 1 s; the quadratic code took hours


def test_hyphenation_is_repaired_next_to_a_long_run_of_letters() -> None:
    assert repair_hyphenation("x" * 100 + " econo-\nmy") == "x" * 100 + " economy"
