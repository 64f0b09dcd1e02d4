"""Every message of the workspace is in both catalogs, translated into Chinese and compiled;
no template shows English text that bypasses the catalogs."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.support import Translations

from greenbridge.auth import ROLES
from greenbridge.match.requests import STAGES
from greenbridge.schema import entity_types, relation_types
from greenbridge.web.i18n import LOCALE_DIR, LOCALES
from greenbridge.web.vocabulary import term

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "src/greenbridge/web/templates"
# Words that stay as they are in every language: names, formats, protocols.
KEPT = {"greenbridge", "JSON", "API", "CSV", "OCR", "PDF", "Markdown", "CSRF", "Token", "X", "HTML"}
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "data-confirm", "alt")


def _extracted() -> set[str]:
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(ROOT, method_map, options_map)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    with open(LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=locale)


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    return _extracted()


def test_babel_finds_the_messages_of_templates_and_pages(extracted: set[str]) -> None:
    assert {"Sign in", "Dashboard", "Wrong username or password."} <= extracted
    assert len(extracted) > 200


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_every_extracted_message_is_in_the_catalog(locale: str, extracted: set[str]) -> None:
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(locale) if m.id}
    missing = sorted(extracted - ids)
    assert not missing, f"not in {locale}; run `make messages` and translate: {missing[:20]}"


def test_every_message_has_a_chinese_translation(extracted: set[str]) -> None:
    catalog = _catalog("zh_Hans")
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert not untranslated, untranslated[:20]
    han = re.compile(r"[\u4e00-\u9fff\uff1a]")  # Han characters or the full-width colon
    assert [m.id for m in catalog if m.id and not han.search(str(m.string))] == []


def test_the_compiled_catalog_is_the_po_file() -> None:
    compiled = Translations.load(str(LOCALE_DIR), ["zh_Hans"], domain="messages")
    for message in _catalog("zh_Hans"):
        if message.id and isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, message.id


def test_data_words_of_the_schema_are_in_the_catalog() -> None:
    ids = {m.id for m in _catalog("zh_Hans") if isinstance(m.id, str)}
    words = set(entity_types()) | {term(t) for t in relation_types()} | set(ROLES)
    words |= {term(stage) for stage in STAGES}
    for kind in entity_types().values():
        words |= {term(k) for k in kind.kinds}
    for relation in relation_types().values():
        words |= {term(r) for r in getattr(relation, "roles", ())}
    assert sorted(words - ids) == []


def _visible_text(source: str) -> list[str]:
    """English words of a template that would reach the page without the catalogs."""
    text = re.sub(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", " ", source, flags=re.S)
    text = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style|code|kbd)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"&\w+;|(?<![\w\"])/[\w/.?=&;-]*", " ", text)  # entities, paths
    shown = []
    for tag in re.findall(r"<[^>]*>", text):
        for name in SHOWN_ATTRIBUTES:
            shown += re.findall(rf'\s{name}="([^"]*)"', tag)
    shown += re.split(r"<[^>]*>", text)
    return [w for piece in shown for w in re.findall(r"[A-Za-z]{2,}", piece) if w not in KEPT]


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_template_text_bypasses_the_catalog(template: str) -> None:
    words = _visible_text((TEMPLATES / template).read_text())
    assert words == [], f"{template}: wrap in _() or trans: {words[:15]}"


def test_the_text_check_sees_a_bare_word() -> None:
    assert _visible_text('<p title="Hello">Plain {{ _("Kept") }} <code>cmd</code></p>') == [
        "Hello",
        "Plain",
    ]
