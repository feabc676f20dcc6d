"""Full-text search of the archive and of published claims: PostgreSQL ``tsvector`` or SQLite FTS5.

The same query language as the library (:mod:`evidence.search`: words, ``"phrases"``, ``or``,
``-word``). :func:`lexical` is the matching door: any of a claim's content words, ranked, the
score squashed into [0, 1) so both engines compare. :func:`factcheck_list` is the API's list.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Case, F, IntegerField, QuerySet, Value, When

from archive.models import FactCheck
from archive.selectors.vectors import Corpus
from claims.semantic.retrieval import STOPWORDS, clean
from evidence.search import FTS_CONFIG, any_of, fts5_expression, parse_query, websearch_text

MAX_WORDS = 24


def query_words(text: str) -> list[str]:
    """The distinct content words of ``text`` (links and stopwords dropped), at most :data:`MAX_WORDS`."""
    seen: dict[str, None] = {}
    for word in clean(text).lower().replace("’", "'").split():
        word = word.strip(".,;:!?\"'()[]{}")
        if len(word) > 1 and word not in STOPWORDS and any(ch.isalnum() for ch in word):
            seen.setdefault(word, None)
    return list(seen)[:MAX_WORDS]


def lexical(
    text: str, k: int, *, corpus: Corpus = Corpus.FACTCHECK, exclude: int | None = None
) -> list[tuple[int, float]]:
    """Rows of ``corpus`` sharing any content word with ``text``: ``(id, score in [0, 1))``, best first."""
    groups = parse_query(any_of(query_words(text)))
    if k <= 0 or not groups:
        return []
    if connection.vendor == "postgresql":
        rows = _lexical_postgres(websearch_text(groups), k, corpus, exclude)
    elif connection.vendor == "sqlite":
        rows = _lexical_sqlite(fts5_expression(groups), k, corpus, exclude)
    else:
        raise ImproperlyConfigured(f"Full-text search supports PostgreSQL and SQLite, not {connection.vendor}.")
    return [(int(pk), float(score) / (1.0 + float(score)) if score > 0 else 0.0) for pk, score in rows]


# On PostgreSQL a lexeme found in more rows than this (by the planner's statistics of the column)
# is left out of the matching query: ranking every row holding "said" or "trump" would cost far more
# than the little it tells, and the dense door finds those candidates anyway. At most
# LEXICAL_RANKED matching rows are ranked.
LEXICAL_MAX_ROWS_PER_TERM = 1000
LEXICAL_RANKED = 2000


def _common_lexemes(cursor: Any) -> set[str]:
    """Lexemes of the archive's search vectors found in more than LEXICAL_MAX_ROWS_PER_TERM rows."""
    cursor.execute(
        "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples FROM pg_stats s "
        "JOIN pg_class c ON c.relname = s.tablename WHERE s.tablename = 'archive_factcheck' "
        "AND s.attname = 'search_vector'"
    )
    row = cursor.fetchone()
    if row is None or row[0] is None:
        return set()
    lexemes, freqs, rows = row
    return {lex for lex, freq in zip(lexemes, freqs, strict=False) if freq * max(rows, 0) > LEXICAL_MAX_ROWS_PER_TERM}


def _lexical_postgres(text: str, k: int, corpus: Corpus, exclude: int | None) -> list[tuple[int, float]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tsvector_to_array(websearch_to_tsquery('{FTS_CONFIG}', %s)::text::tsvector)", [text])
        row = cursor.fetchone()
        lexemes = [lex for lex in (row[0] if row else []) or [] if lex]
        if corpus == Corpus.FACTCHECK:
            common = _common_lexemes(cursor)
            lexemes = [lex for lex in lexemes if lex not in common]
            source, document = "archive_factcheck t", "t.search_vector"
        else:
            source = "claims_claim t JOIN claims_verdict v ON v.claim_id = t.id AND v.status = 'published'"
            document = f"to_tsvector('{FTS_CONFIG}', t.text)"  # the expression claim_text_fts_gin indexes
        if not lexemes:
            return []
        query = " | ".join("'" + lex.replace("'", "''") + "'" for lex in lexemes)
        where, params = _excluding("t.id", exclude)
        # ts_rank_cd with normalisation 32 is rank/(rank+1); turned back into the raw rank for one scale.
        sql = (
            f"SELECT m.id, ts_rank_cd(m.document, q.q, 32) AS r FROM (SELECT t.id, {document} AS document "  # noqa: S608 - fixed table names; values are placeholders
            f"FROM {source}, (SELECT %s::tsquery AS q) q WHERE {document} @@ q.q{where} LIMIT %s) m, "
            "(SELECT %s::tsquery AS q) q ORDER BY r DESC, m.id DESC LIMIT %s"
        )
        cursor.execute(sql, [query, *params, LEXICAL_RANKED, query, k])
        return [(pk, r / (1.0 - r) if r < 1 else 1e9) for pk, r in cursor.fetchall()]


def _excluding(column: str, exclude: int | None) -> tuple[str, list[int]]:
    """The ``AND column <> %s`` that leaves the asking row out of its own candidates, or nothing."""
    return ("", []) if exclude is None else (f" AND {column} <> %s", [exclude])


def _lexical_sqlite(expression: str, k: int, corpus: Corpus, exclude: int | None) -> list[tuple[int, float]]:
    if not expression:
        return []
    if corpus == Corpus.FACTCHECK:
        table, join = "archive_factcheck_fts", ""
        weights = "10.0, 4.0, 1.0"  # claim reviewed, title, publisher
    else:
        table, weights = "claims_claim_fts", "1.0"
        join = "JOIN claims_verdict v ON v.claim_id = f.rowid AND v.status = 'published'"
    where, params = _excluding("f.rowid", exclude)
    sql = (
        f"SELECT f.rowid, -bm25({table}, {weights}) AS score FROM {table} f {join} "  # noqa: S608 - fixed table names; values are placeholders
        f"WHERE {table} MATCH %s{where} ORDER BY bm25({table}, {weights}), f.rowid DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *params, k])
        return cursor.fetchall()


def factcheck_list(*, q: str = "", source: str = "") -> QuerySet[FactCheck]:
    """Archived fact-checks, best match first when ``q`` is given (web-search syntax), else newest first."""
    qs = FactCheck.objects.all()
    if source:
        qs = qs.filter(source=source)
    if not q.strip():
        return qs.order_by("-published", "-id")
    groups = parse_query(q)
    if not groups or all(group[0].negated for group in groups):
        return qs.none()
    if connection.vendor == "postgresql":
        query = SearchQuery(websearch_text(groups), search_type="websearch", config=FTS_CONFIG)
        return (
            qs.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query, cover_density=True, normalization=32))
            .order_by("-rank", "-id")
        )
    expression = fts5_expression(groups)
    if not expression:
        return qs.none()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM archive_factcheck_fts WHERE archive_factcheck_fts MATCH %s "
            "ORDER BY bm25(archive_factcheck_fts, 10.0, 4.0, 1.0), rowid DESC LIMIT 1000",
            [expression],
        )
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return qs.none()
    # FTS5 ranked them; keep that order (a CASE over at most 1,000 ids).
    ranking = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], output_field=IntegerField())
    return qs.filter(pk__in=ids).annotate(rank=ranking).order_by("rank", "-id")
