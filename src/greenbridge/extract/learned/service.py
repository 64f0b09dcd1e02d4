"""`train_extraction`: an annotated corpus in, the shipped model and its held-out report out."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from greenbridge.extract.learned.crossval import cross_validate, out_of_fold, reliability, tune
from greenbridge.extract.learned.dataset import (
    DocumentRows,
    document_rows,
    load_corpus,
    text_rows,
)
from greenbridge.extract.learned.model import shipped_folder
from greenbridge.extract.learned.train import Settings, embed_documents, fit

logger = logging.getLogger(__name__)
BANDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def corpus_documents(
    folders: list[Path], progress: Callable[[str], None] | None = None
) -> list[DocumentRows]:
    documents = []
    for folder in folders:
        for path, gold in load_corpus(folder):
            if progress:
                progress(path.name)
            documents.append(document_rows(path, gold))
    return documents


def store_documents(
    session: Any, weight: int = 1, progress: Callable[[str], None] | None = None
) -> list[DocumentRows]:
    """The store's corrected documents as training rows, each `weight` times (they count more
    than the corpus: they are this installation's own documents)."""
    from greenbridge.extract.learned.from_store import corrected_documents

    documents = []
    for stored in corrected_documents(session):
        if progress:
            progress(stored.name)
        rows = text_rows(
            stored.name,
            stored.text,
            stored.gold,
            published=stored.published,
            articles=stored.articles,
        )
        documents.extend([rows] * weight)
    return documents


def corpus_digest(documents: list[DocumentRows], settings: Settings) -> str:
    """What the weights follow from: the corpus (texts and annotations) and the settings."""
    digest = hashlib.sha256(repr(sorted(vars(settings).items())).encode())
    for d in sorted(documents, key=lambda d: d.name):
        digest.update(d.name.encode())
        digest.update(d.entities.text.encode())
        digest.update(repr(sorted(d.gold.get("entities", []), key=str)).encode())
        digest.update(repr(sorted(d.gold.get("relations", []), key=str)).encode())
    return digest.hexdigest()[:12]


def publish_precision(facts: list[tuple[str, float, bool]]) -> list[dict[str, Any]]:
    """For each candidate publish threshold: how many held-out relations reach it and the share
    of them that are right (what a threshold setting would publish)."""
    entity_types = {"person", "organization", "event", "initiative", "technology"}
    relations = [(c, ok) for kind, c, ok in facts if kind not in entity_types]
    table = []
    for threshold in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        above = [ok for c, ok in relations if c >= threshold]
        table.append(
            {
                "threshold": threshold,
                "relations": len(above),
                "precision": round(sum(above) / len(above), 3) if above else None,
            }
        )
    return table


def train_extraction(
    documents: list[DocumentRows],
    *,
    out: Path | None = None,
    settings: Settings | None = None,
    folds: int = 5,
    estimate: bool = True,
) -> dict[str, Any]:
    """Fit on every document, calibrate and choose thresholds on out-of-fold rows, write the
    model to `out` (default: the package's own folder) and return the report: the
    cross-validated score by publisher and the reliability of its confidences."""
    settings = settings or Settings()
    vectors = embed_documents(documents, settings.embedder)
    report: dict[str, Any] = {
        "documents": len(documents),
        "publishers": len({d.publisher for d in documents}),
    }
    if estimate:
        cv = cross_validate(documents, vectors, settings, folds)
        report["cross_validation"] = cv.score.as_dict()
        report["reliability"] = reliability(cv.facts, BANDS)
        report["publish_precision"] = publish_precision(cv.facts)
        report["facts"] = cv.facts
        report["folds"] = cv.folds
    model = fit(documents, vectors, settings)
    tune(model, out_of_fold(documents, vectors, settings, folds))
    model.meta = {
        "version": f"learned-{corpus_digest(documents, settings)}",
        "documents": len(documents),
        "publishers": report["publishers"],
        "embedder": settings.embedder,
        "c_entities": settings.c_entities,
        "c_relations": settings.c_relations,
        "keep_rules": settings.keep_rules,
    }
    model.save(out or shipped_folder())
    report["model"] = dict(model.meta)
    report["thresholds"] = {
        "entities": model.entity_threshold,
        "relations": model.relation_threshold,
        "scale": model.entities.scale,
    }
    return report
