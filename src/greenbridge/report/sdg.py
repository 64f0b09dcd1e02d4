"""The 17 Sustainable Development Goals as data, and technologies tagged with them by keyword."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml
from numpy.typing import NDArray

if TYPE_CHECKING:
    from greenbridge.index.embedders import Embedder

GOALS_FILE = Path(__file__).parent / "data" / "sdg_goals.yaml"


@dataclass(frozen=True)
class Goal:
    number: int
    short: str
    title: str
    keywords: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"SDG {self.number}: {self.short}"


@lru_cache(maxsize=1)
def goals() -> tuple[Goal, ...]:
    """The 17 goals, in order."""
    rows = yaml.safe_load(GOALS_FILE.read_text(encoding="utf-8"))
    return tuple(
        Goal(int(r["number"]), r["short"], r["title"], tuple(r.get("keywords", ()))) for r in rows
    )


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[Goal, re.Pattern[str]], ...]:
    return tuple(
        (goal, re.compile(r"\b(?:" + "|".join(_keyword(k) for k in goal.keywords) + r")", re.I))
        for goal in goals()
    )


def _keyword(keyword: str) -> str:
    """A stem (`desertif*`) matches any ending; a word matches itself and its plural."""
    if keyword.endswith("*"):
        return re.escape(keyword[:-1]) + r"\w*"
    return re.escape(keyword) + r"(?:s|es)?\b"


def tag_goals(*texts: str | None) -> list[Goal]:
    """The goals whose keywords occur in the texts (a technology's name, sector, description
    and outcome), strongest first; ties keep goal order."""
    text = " ".join(t for t in texts if t)
    scored = []
    for goal, pattern in _patterns():
        hits = len(pattern.findall(text))
        if hits:
            scored.append((-hits, goal.number, goal))
    return [goal for _, _, goal in sorted(scored)]


class GoalTagger:
    """Tags by keyword; when no keyword matches and `semantic` is on, by embedding similarity
    between the text and the goal texts (the nearest goal, when it is near enough and clearly
    nearer than the next). The embedding model is loaded only when first needed."""

    def __init__(
        self,
        *,
        semantic: bool = True,
        embedder: Embedder | None = None,
        threshold: float = 0.2,
        margin: float = 0.05,
    ) -> None:
        self.semantic = semantic
        self._embedder = embedder
        self._goal_vectors: NDArray[np.float32] | None = None
        self.threshold = threshold
        self.margin = margin

    def tag(self, *texts: str | None) -> tuple[list[Goal], str]:
        """The goals and how they were found: `keyword`, `similarity` or `` (none)."""
        found = tag_goals(*texts)
        if found:
            return found, "keyword"
        text = " ".join(t for t in texts if t).strip()
        if not (self.semantic and text):
            return [], ""
        nearest = self._nearest(text)
        return ([nearest], "similarity") if nearest else ([], "")

    def _nearest(self, text: str) -> Goal | None:
        if self._embedder is None:
            from greenbridge.index.embedders import get_embedder

            self._embedder = get_embedder()
        if self._goal_vectors is None:
            self._goal_vectors = self._embedder.embed([_goal_text(g) for g in goals()])
        scores = self._goal_vectors @ self._embedder.embed([text])[0]
        order = np.argsort(-scores)
        best, second = float(scores[order[0]]), float(scores[order[1]])
        if best < self.threshold or best - second < self.margin:
            return None
        return goals()[int(order[0])]


def _goal_text(goal: Goal) -> str:
    words = ", ".join(k.rstrip("*") for k in goal.keywords)
    return f"{goal.short}. {goal.title}. {words}"
