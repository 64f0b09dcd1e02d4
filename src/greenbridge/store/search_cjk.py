"""Search inside CJK text, on the `search_cjk` terms of migration 0010 (see `store.cjk`).

A query's CJK runs must all occur in a name or a document; its other words (Latin letters,
digits) must also match, through the word indexes of `store.search`. On SQLite each run is an
FTS5 phrase of its bigrams; on PostgreSQL the GIN index over the generated `search_cjk_terms`
array finds the rows holding every bigram and the run's phrase is then checked in the terms, so
both stores give the same rows. Documents are ordered by BM25 on SQLite and by how often the
query's terms occur on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, TextClause, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import Text

from greenbridge.store.cjk import run_bigrams, run_phrase
from greenbridge.store.search import (
    CANDIDATES,
    PG_ALIAS_VECTOR,
    PG_DOCUMENT_VECTOR,
    _fts5_query,
    _tsquery,
)

# Schema objects of migration 0010 that the SQLAlchemy models do not declare.
SEARCH_TABLES = ("alias_cjk_fts", "document_cjk_fts")
SEARCH_INDEXES = ("ix_alias_cjk", "ix_document_cjk")
SEARCH_COLUMNS = ("search_cjk_terms",)  # PostgreSQL only: generated from `search_cjk`
PG_TERMS = "string_to_array(search_cjk, ' ')"
_ARRAYS = (bindparam("terms", type_=ARRAY(Text)), bindparam("phrases", type_=ARRAY(Text)))


def _fts5_cjk_query(runs: list[str]) -> str:
    return " AND ".join(f'"{run_phrase(run)}"' for run in runs)


def _pg_params(runs: list[str]) -> dict[str, Any]:
    terms = list(dict.fromkeys(term for run in runs for term in run_bigrams(run)))
    return {"terms": terms, "phrases": [run_phrase(run) for run in runs if len(run) > 2]}


def _pg_match(table: str) -> str:
    """Rows of `table` holding every term (the GIN index) and every run's phrase."""
    return (
        "search_cjk_terms @> :terms AND NOT EXISTS (SELECT 1 FROM unnest(:phrases) AS p(phrase) "
        f"WHERE strpos({table}.search_cjk, p.phrase) = 0)"
    )


_NAME_ROWS = """
    SELECT alias.name, canonical.id, canonical.type, canonical.name
    FROM ({hits} UNION SELECT id FROM alias WHERE normalized = :exact) AS hit
    JOIN alias ON alias.id = hit.id
    JOIN entity ON entity.id = alias.entity_id
    JOIN entity AS canonical ON canonical.id = coalesce(entity.canonical_id, entity.id)
    WHERE alias.retracted_at IS NULL AND entity.retracted_at IS NULL
      AND canonical.retracted_at IS NULL
      AND (CAST(:type AS VARCHAR) IS NULL OR entity.type = :type)
    ORDER BY alias.normalized != :exact, length(alias.normalized), alias.id
    LIMIT :limit
"""


@lru_cache(maxsize=8)
def _names_statement(sqlite: bool, latin: bool) -> TextClause:
    if sqlite:
        words = " AND rowid IN (SELECT rowid FROM alias_fts WHERE alias_fts MATCH :query)"
        hits = (
            "SELECT * FROM (SELECT rowid AS id FROM alias_cjk_fts WHERE alias_cjk_fts "
            f"MATCH :cjk{words if latin else ''} LIMIT {CANDIDATES})"
        )
        return text(_NAME_ROWS.format(hits=hits))
    words = f" AND {PG_ALIAS_VECTOR} @@ to_tsquery('simple', :query)"
    hits = (
        f"(SELECT id FROM alias WHERE {_pg_match('alias')}{words if latin else ''} "
        f"LIMIT {CANDIDATES})"
    )
    return text(_NAME_ROWS.format(hits=hits)).bindparams(*_ARRAYS)


_SQLITE_DOCUMENTS = """
    SELECT document.id, document.title, document.published, document.text
    FROM (SELECT rowid AS id, rank FROM document_cjk_fts WHERE document_cjk_fts MATCH :cjk
          {words} LIMIT {candidates}) AS hit
    JOIN document ON document.id = hit.id
    ORDER BY hit.rank, document.id DESC
    LIMIT :limit
"""
# `search_cjk || ''` reads each candidate's terms once (out of TOAST storage) for the phrase
# check and the rank, instead of once per function call.
_PG_DOCUMENTS = """
    SELECT document.id, document.title, document.published, document.text
    FROM (SELECT id, (SELECT sum(cardinality(array_positions(term_array, t.term)))
                      FROM unnest(:terms) AS t(term)) AS rank
          FROM (SELECT id, search_cjk || '' AS terms, search_cjk_terms AS term_array
                FROM document
                WHERE search_cjk_terms @> :terms {words} OFFSET 0) AS candidate
          WHERE NOT EXISTS (SELECT 1 FROM unnest(:phrases) AS p(phrase)
                            WHERE strpos(candidate.terms, p.phrase) = 0)
          LIMIT {candidates}) AS hit
    JOIN document ON document.id = hit.id
    ORDER BY hit.rank DESC, document.id DESC
    LIMIT :limit
"""


@lru_cache(maxsize=8)
def _documents_statement(sqlite: bool, latin: bool) -> TextClause:
    if sqlite:
        words = "AND rowid IN (SELECT rowid FROM document_fts WHERE document_fts MATCH :query)"
        sql = _SQLITE_DOCUMENTS.format(words=words if latin else "", candidates=CANDIDATES)
        return text(sql)
    words = f"AND {PG_DOCUMENT_VECTOR} @@ to_tsquery('simple', :query)"
    sql = _PG_DOCUMENTS.format(words=words if latin else "", candidates=CANDIDATES)
    return text(sql).bindparams(*_ARRAYS)


def _params(sqlite: bool, words: list[str], runs: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {"cjk": _fts5_cjk_query(runs)} if sqlite else _pg_params(runs)
    if words:
        params["query"] = _fts5_query(words) if sqlite else _tsquery(words)
    return params


@contextmanager
def _index_scans(connection: Connection) -> Iterator[None]:
    """On PostgreSQL, the GIN index for the statement run inside: the planner does not count
    the cost of reading each row's terms out of TOAST storage, and would scan the table."""
    if connection.dialect.name != "postgresql":
        yield
        return
    previous = connection.scalar(text("SELECT current_setting('enable_seqscan')"))
    connection.execute(text("SELECT set_config('enable_seqscan', 'off', true)"))
    try:
        yield
    finally:
        connection.execute(
            text("SELECT set_config('enable_seqscan', :previous, true)"), {"previous": previous}
        )


def cjk_name_hits(
    connection: Connection,
    runs: list[str],
    words: list[str],
    exact: str,
    entity_type: str | None,
    limit: int,
) -> list[tuple[str, int, str, str]]:
    """As `search.name_hits`, for a query with CJK runs (and maybe other words)."""
    sqlite = connection.dialect.name == "sqlite"
    params = _params(sqlite, words, runs) | {"exact": exact, "type": entity_type, "limit": limit}
    with _index_scans(connection):
        rows = connection.execute(_names_statement(sqlite, bool(words)), params).all()
    return [(alias, entity_id, kind, name) for alias, entity_id, kind, name in rows]


def cjk_document_hits(
    connection: Connection, runs: list[str], words: list[str], limit: int
) -> list[tuple[int, str | None, str | None, str]]:
    """As `search.document_hits`, for a query with CJK runs (and maybe other words)."""
    sqlite = connection.dialect.name == "sqlite"
    params = _params(sqlite, words, runs) | {"limit": limit}
    with _index_scans(connection):
        rows = connection.execute(_documents_statement(sqlite, bool(words)), params).all()
    return [(i, title, published, body) for i, title, published, body in rows]
