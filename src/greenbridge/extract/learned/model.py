"""The trained weights: linear models over sparse indicator features and sentence
embeddings, stored as plain arrays (`model.npz`) and a vocabulary (`model.json`) in the
package, read with numpy alone."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from greenbridge.extract.learned.features import Features

MODEL_DIR = "extract/data/learned"


@dataclass
class LinearModel:
    """Softmax (several classes) or logistic (two classes) regression over features named in
    `vocabulary`, followed by `dense` embedding dimensions; `scale` is a calibration
    temperature fitted on held-out folds."""

    classes: list[str]
    vocabulary: dict[str, int]
    weights: NDArray[np.float32]  # (features + dense, classes or 1)
    bias: NDArray[np.float32]
    dense: int = 0
    scale: float = 1.0

    def matrix(self, rows: list[Features], dense: NDArray[np.float32] | None) -> NDArray[Any]:
        x = np.zeros((len(rows), len(self.vocabulary) + self.dense), dtype=np.float32)
        for i, row in enumerate(rows):
            for name, value in row.items():
                j = self.vocabulary.get(name)
                if j is not None:
                    x[i, j] = value
        if self.dense and dense is not None and len(rows):
            x[:, len(self.vocabulary) :] = dense
        return x

    def scores(
        self, rows: list[Features], dense: NDArray[np.float32] | None = None
    ) -> NDArray[np.float64]:
        """Uncalibrated scores: (rows, classes), or (rows, 1) for a two-class model."""
        width = len(self.classes) if len(self.classes) > 2 else 1
        if not rows:
            return np.zeros((0, width))
        return (self.matrix(rows, dense) @ self.weights + self.bias).astype(np.float64)

    def probabilities(
        self, rows: list[Features], dense: NDArray[np.float32] | None = None
    ) -> NDArray[np.float64]:
        """(rows, classes) calibrated probabilities; two-class models give (rows, 2)."""
        return to_probabilities(self.scores(rows, dense), self.scale)


def to_probabilities(scores: NDArray[np.float64], scale: float) -> NDArray[np.float64]:
    scores = scores * scale
    if scores.shape[1] == 1:
        positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
        return np.stack([1.0 - positive, positive], axis=1)
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


@dataclass
class ExtractionModel:
    """The entity model, one relation model per relation type, and the decision thresholds
    chosen on held-out folds."""

    entities: LinearModel
    relations: dict[str, LinearModel]
    entity_threshold: dict[str, float]
    relation_threshold: dict[str, float]
    embedder: str | None = "minilm"
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def keep_rules(self) -> bool:
        """Whether what the rules propose is kept whatever its probability (which then is only
        its confidence), the models adding what the other generators found."""
        return bool(self.meta.get("keep_rules", False))

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "untrained"))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, NDArray[Any]] = {}
        spec: dict[str, Any] = {
            "entity_threshold": self.entity_threshold,
            "relation_threshold": self.relation_threshold,
            "embedder": self.embedder,
            "meta": self.meta,
            "models": {},
        }
        for name, linear in [("entities", self.entities), *self.relations.items()]:
            arrays[f"{name}.weights"] = linear.weights.astype(np.float32)
            arrays[f"{name}.bias"] = linear.bias.astype(np.float32)
            spec["models"][name] = {
                "classes": linear.classes,
                "vocabulary": sorted(linear.vocabulary, key=linear.vocabulary.__getitem__),
                "dense": linear.dense,
                "scale": linear.scale,
            }
        with (folder / "model.npz").open("wb") as handle:
            np.savez_compressed(handle, **arrays)  # type: ignore[arg-type]
        digest = hashlib.sha256((folder / "model.npz").read_bytes()).hexdigest()[:12]
        spec["meta"]["weights_sha256"] = digest
        (folder / "model.json").write_text(json.dumps(spec, indent=1, sort_keys=True) + "\n")

    @classmethod
    def load(cls, folder: Path) -> ExtractionModel:
        spec = json.loads((folder / "model.json").read_text("utf-8"))
        with np.load(folder / "model.npz") as arrays:
            models = {
                name: LinearModel(
                    classes=list(m["classes"]),
                    vocabulary={w: i for i, w in enumerate(m["vocabulary"])},
                    weights=arrays[f"{name}.weights"],
                    bias=arrays[f"{name}.bias"],
                    dense=int(m["dense"]),
                    scale=float(m["scale"]),
                )
                for name, m in spec["models"].items()
            }
        entities = models.pop("entities")
        return cls(
            entities=entities,
            relations=models,
            entity_threshold=dict(spec["entity_threshold"]),
            relation_threshold=dict(spec["relation_threshold"]),
            embedder=spec.get("embedder"),
            meta=dict(spec.get("meta", {})),
        )


def shipped_folder() -> Path:
    return Path(str(resources.files("greenbridge"))) / MODEL_DIR


@lru_cache(maxsize=1)
def shipped_model() -> ExtractionModel | None:
    """The model trained from the repository's corpus, or None when none is shipped."""
    folder = shipped_folder()
    if not (folder / "model.json").is_file():
        return None
    return ExtractionModel.load(folder)


def store_model_folder() -> Path:
    """Where `greenbridge train extraction --from-store` writes the model fitted to this
    installation's corrected documents."""
    from greenbridge.settings import get_settings

    return get_settings().home_path / "models" / "extraction"


def active_model() -> ExtractionModel | None:
    """The model fitted to this installation's corrections when there is one, else the
    shipped model."""
    folder = store_model_folder()
    spec = folder / "model.json"
    if spec.is_file():
        return _load(str(folder), spec.stat().st_mtime_ns)
    return shipped_model()


@lru_cache(maxsize=2)
def _load(folder: str, _changed: int) -> ExtractionModel:
    return ExtractionModel.load(Path(folder))
