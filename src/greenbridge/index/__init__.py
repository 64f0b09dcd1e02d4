"""Keyword and dense vector indexes of the store's entities."""

from greenbridge.index.embedders import EMBEDDERS, Embedder, get_embedder
from greenbridge.index.keyword import KeywordIndex
from greenbridge.index.store import index_folder, open_vector_index, pgvector_available
from greenbridge.index.vector import FileVectorIndex

__all__ = [
    "EMBEDDERS",
    "Embedder",
    "FileVectorIndex",
    "KeywordIndex",
    "get_embedder",
    "index_folder",
    "open_vector_index",
    "pgvector_available",
]
