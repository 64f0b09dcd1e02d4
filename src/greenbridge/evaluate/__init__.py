"""Quality measures: extraction scored against gold files."""

from greenbridge.evaluate.extraction import Score, evaluate_extraction, score_document

__all__ = ["Score", "evaluate_extraction", "score_document"]
