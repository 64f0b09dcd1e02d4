"""Full-text search over entity names and documents, on the indexes of migration 0003: FTS5 on
SQLite, GIN-indexed `tsvector` expressions on PostgreSQL.

A query matches a name or a document when it has every word of the query, the last one as a
prefix (as typed so far), so `solar ener` finds "Solar Energy Centre" (at most `MAX_WORDS` words).
Whole words are what the indexes look up fastest; only the last word is expanded. Names match on their written form and on
their normalized key (accents folded, organization variants unified). Results are ordered by
closeness: an exact name first, then shorter names (fewer words beside the query's); documents by
relevance (BM25 on SQLite, `ts_rank` on PostgreSQL). Only the first `CANDIDATES` matches (plus any
exact name, found by its key) are ordered, which bounds the cost of a query that matches a large
part of the store.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from greenbridge.resolve.normalize import fold

MAX_WORDS = 6
CANDIDATES = 300
# Schema objects of migrations 0003 and 0010 that the SQLAlchemy models do not declare.
SEARCH_TABLES = ("alias_fts", "document_fts", "alias_cjk_fts", "document_cjk_fts")
SEARCH_INDEXES = ("ix_alias_search", "ix_document_search", "ix_alias_cjk", "ix_document_cjk")
PG_ALIAS_VECTOR = "to_tsvector('simple', name || ' ' || normalized)"
PG_DOCUMENT_VECTOR = "to_tsvector('simple', left(coalesce(title, '') || ' ' || text, 1000000))"


def query_words(query: str) -> list[str]:
    """The words of a query as the indexes see them: folded, alphanumeric, at most MAX_WORDS."""
    words = ["".join(ch for ch in word if ch.isalnum()) for word in fold(query).split()]
    return [w for w in words if w][:MAX_WORDS]


def _fts5_query(words: list[str]) -> str:
    return " AND ".join([*(f'"{w}"' for w in words[:-1]), f'"{words[-1]}"*'])


def _tsquery(words: list[str]) -> str:
    return " & ".join([*words[:-1], f"{words[-1]}:*"])


_SQLITE_NAMES = text(
    f"""
    SELECT alias.name, canonical.id, canonical.type, canonical.name
    FROM (SELECT * FROM (SELECT rowid AS id FROM alias_fts WHERE alias_fts MATCH :query
                         LIMIT {CANDIDATES})
          UNION SELECT id FROM alias WHERE normalized = :exact) AS hit
    JOIN alias ON alias.id = hit.id
    JOIN entity ON entity.id = alias.entity_id
    JOIN entity AS canonical ON canonical.id = coalesce(entity.canonical_id, entity.id)
    WHERE alias.retracted_at IS NULL AND entity.retracted_at IS NULL
      AND canonical.retracted_at IS NULL
      AND (:type IS NULL OR entity.type = :type)
    ORDER BY alias.normalized != :exact, length(alias.normalized), alias.id
    LIMIT :limit
    """
)
_PG_NAMES = text(
    f"""
    SELECT alias.name, canonical.id, canonical.type, canonical.name
    FROM ((SELECT id FROM alias WHERE {PG_ALIAS_VECTOR} @@ to_tsquery('simple', :query)
           LIMIT {CANDIDATES})
          UNION SELECT id FROM alias WHERE normalized = :exact) AS hit
    JOIN alias ON alias.id = hit.id
    JOIN entity ON entity.id = alias.entity_id
    JOIN entity AS canonical ON canonical.id = coalesce(entity.canonical_id, entity.id)
    WHERE alias.retracted_at IS NULL AND entity.retracted_at IS NULL
      AND canonical.retracted_at IS NULL
      AND (CAST(:type AS VARCHAR) IS NULL OR entity.type = :type)
    ORDER BY alias.normalized != :exact, length(alias.normalized), alias.id
    LIMIT :limit
    """
)
_SQLITE_DOCUMENTS = text(
    f"""
    SELECT document.id, document.title, document.published, document.text
    FROM (SELECT rowid AS id, rank FROM document_fts WHERE document_fts MATCH :query
          LIMIT {CANDIDATES}) AS hit
    JOIN document ON document.id = hit.id
    ORDER BY hit.rank, document.id DESC
    LIMIT :limit
    """
)
_PG_DOCUMENTS = text(
    f"""
    SELECT document.id, document.title, document.published, document.text
    FROM (SELECT id, ts_rank({PG_DOCUMENT_VECTOR}, to_tsquery('simple', :query)) AS rank
          FROM document WHERE {PG_DOCUMENT_VECTOR} @@ to_tsquery('simple', :query)
          LIMIT {CANDIDATES}) AS hit
    JOIN document ON document.id = hit.id
    ORDER BY hit.rank DESC, document.id DESC
    LIMIT :limit
    """
)


def name_hits(
    connection: Connection, words: list[str], exact: str, entity_type: str | None, limit: int
) -> list[tuple[str, int, str, str]]:
    """(matched name, canonical id, canonical type, canonical name) of the names matching every
    word, closest first (a merged entity once per matching name)."""
    sqlite = connection.dialect.name == "sqlite"
    statement = _SQLITE_NAMES if sqlite else _PG_NAMES
    query = _fts5_query(words) if sqlite else _tsquery(words)
    params: dict[str, Any] = {"query": query, "exact": exact, "type": entity_type, "limit": limit}
    rows = connection.execute(statement, params)
    return [(alias, entity_id, kind, name) for alias, entity_id, kind, name in rows]


def document_hits(
    connection: Connection, words: list[str], limit: int
) -> list[tuple[int, str | None, str | None, str]]:
    """(id, title, published, text) of documents containing every word, most relevant first."""
    sqlite = connection.dialect.name == "sqlite"
    statement = _SQLITE_DOCUMENTS if sqlite else _PG_DOCUMENTS
    query = _fts5_query(words) if sqlite else _tsquery(words)
    rows = connection.execute(statement, {"query": query, "limit": limit})
    return [(i, title, published, body) for i, title, published, body in rows]


def include_object(_: Any, name: str | None, kind: str, reflected: bool, __: Any) -> bool:
    """For Alembic's comparison with the models: leave out the search tables and indexes,
    which live only in the migrations (FTS5 tables and expression indexes have no model)."""
    if not reflected or name is None:
        return True
    if kind == "table":
        return not name.startswith(SEARCH_TABLES)
    if kind == "column":
        return name != "search_cjk_terms"  # generated by PostgreSQL (migration 0010)
    from greenbridge.store.attribute_sql import PAGE_INDEXES

    return not (kind == "index" and (name in SEARCH_INDEXES or name in PAGE_INDEXES))
