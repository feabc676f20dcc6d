"""Full-text search of the reference library: one interface, two engines.

* PostgreSQL: ``EvidenceDocument.search_vector`` (a ``tsvector`` kept by a trigger, GIN index),
  ``websearch_to_tsquery``, ``ts_rank_cd`` for the score and ``ts_headline`` for the snippet.
* SQLite: the FTS5 table ``evidence_document_fts`` (external content, kept by triggers),
  ``bm25()`` for the score and ``snippet()`` for the snippet.

Both read the same query language, the one people type into search boxes: words (all must
match), ``"a quoted phrase"``, ``or`` between two words, ``-word`` to exclude. With
``match_any=True`` any word is enough (how the library provider searches with a claim's terms); on
PostgreSQL that search ranks a bounded set, the documents of the rarest terms first
(:func:`ranked_any_postgres`), so it stays fast in a large library.
Snippets mark matches with :data:`HIGHLIGHT_START` / :data:`HIGHLIGHT_END`; use
:attr:`LibraryHit.snippet_html` (escaped, with ``<mark>``) or :attr:`LibraryHit.snippet_text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from evidence.models import EvidenceDocument

# Private-use characters: they never occur in documents, so escaping the snippet cannot break them.
HIGHLIGHT_START = "\ue000"
HIGHLIGHT_END = "\ue001"
SNIPPET_WORDS = 32
MAX_QUERY_TERMS = 32
FTS_CONFIG = "english"


@dataclass(frozen=True)
class LibraryHit:
    document: EvidenceDocument
    score: float  # engine's own scale: higher is better
    snippet: str  # with HIGHLIGHT_START/END around matches

    @property
    def relevance(self) -> float:
        """The score squashed into [0, 1) so engines compare (ranking uses it as a small signal)."""
        return self.score / (1.0 + self.score) if self.score > 0 else 0.0

    @property
    def snippet_text(self) -> str:
        return self.snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")

    @property
    def snippet_html(self) -> SafeString:
        escaped = str(escape(self.snippet))
        return mark_safe(escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>"))


@dataclass(frozen=True)
class _Term:
    text: str
    phrase: bool = False
    negated: bool = False


_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_WORD_CHARS = re.compile(r"[^\w\s'’.-]+")


def parse_query(query: str) -> list[list[_Term]]:
    """Web-search syntax as groups: terms inside a group are alternatives (``or``), groups all apply."""
    groups: list[list[_Term]] = []
    join_next = False
    for token in _TOKEN.findall(query):
        if token.lower() == "or":
            join_next = bool(groups)
            continue
        negated = token.startswith("-") and len(token) > 1
        body = token[1:] if negated else token
        phrase = body.startswith('"')
        text = _WORD_CHARS.sub(" ", body.strip('"')).strip(" .-'’")
        if not text:
            continue
        # Outside quotes, punctuation separates words: "NEAR(japan" is the words near and japan.
        words = [text] if phrase else [w.strip(".-'’") for w in text.split() if w.strip(".-'’")]
        for index, word in enumerate(words):
            term = _Term(text=word, phrase=phrase and " " in word, negated=negated)
            if index == 0 and join_next and not negated:
                groups[-1].append(term)
            else:
                groups.append([term])
        join_next = False
        if len(groups) >= MAX_QUERY_TERMS:
            break
    return groups


def any_of(words: list[str]) -> str:
    """A query matching documents with any of ``words`` (each word or phrase kept whole)."""
    parts = []
    for word in words:
        clean = _WORD_CHARS.sub(" ", word).strip(" .-'’")
        if clean:
            parts.append(f'"{clean}"' if " " in clean else clean)
    return " or ".join(parts)


def fts5_expression(groups: list[list[_Term]]) -> str:
    def quoted(term: _Term) -> str:
        return '"' + term.text.replace('"', '""') + '"'

    positives = [g for g in groups if not g[0].negated]
    negatives = [g[0] for g in groups if g[0].negated]
    if not positives:
        return ""
    clauses = [quoted(g[0]) if len(g) == 1 else "(" + " OR ".join(quoted(t) for t in g) + ")" for g in positives]
    expression = " AND ".join(clauses)
    for term in negatives:
        expression = f"({expression}) NOT {quoted(term)}"
    return expression


def websearch_text(groups: list[list[_Term]]) -> str:
    def written(term: _Term) -> str:
        body = f'"{term.text}"' if term.phrase else term.text
        return f"-{body}" if term.negated else body

    return " ".join(" or ".join(written(t) for t in group) for group in groups)


def search_library(query: str, *, limit: int = 10, match_any: bool = False) -> list[LibraryHit]:
    """Library documents matching ``query``, best first, at most ``limit``, each with a snippet.

    An empty or unsearchable query returns no hits (never every document). Costs two queries.
    """
    groups = parse_query(query)
    if match_any:
        groups = [[t for g in groups for t in g if not t.negated]] if groups else []
        groups = [g for g in groups if g]
    if limit <= 0 or all(group[0].negated for group in groups):
        return []  # nothing asked for (an empty query, or only exclusions): never "everything"
    if connection.vendor == "postgresql":
        return _search_postgres(groups, limit, bounded=match_any)
    if connection.vendor == "sqlite":
        return _search_sqlite(groups, limit)
    raise ImproperlyConfigured(f"Library search supports PostgreSQL and SQLite, not {connection.vendor}.")


# A search with any of a claim's terms ranks at most this many documents (see ranked_any_postgres).
CANDIDATE_CAP = 200


def _search_postgres(groups: list[list[_Term]], limit: int, *, bounded: bool) -> list[LibraryHit]:
    text = websearch_text(groups)
    if bounded and len(groups) == 1 and len(groups[0]) > 1:
        ranked = ranked_any_postgres(groups[0], limit)
    else:
        query = SearchQuery(text, search_type="websearch", config=FTS_CONFIG)
        # Normalisation 32 maps ts_rank_cd to rank/(rank+1); ids break ties so pages are stable.
        ranked = list(
            EvidenceDocument.objects.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query, cover_density=True, normalization=32))
            .order_by("-rank", "-id")
            .values_list("id", "rank")[:limit]
        )
    return hits_postgres(ranked, text)


def hits_postgres(ranked: list[tuple[int, float]], text: str) -> list[LibraryHit]:
    """The ranked (id, normalised rank) rows as hits, with ``ts_headline`` snippets for ``text``."""
    if not ranked:
        return []
    query = SearchQuery(text, search_type="websearch", config=FTS_CONFIG)
    # ts_headline re-parses each document: run it only for the few rows shown.
    documents = (
        EvidenceDocument.objects.filter(pk__in=[pk for pk, _ in ranked])
        .annotate(
            headline=SearchHeadline(
                "text",
                query,
                config=FTS_CONFIG,
                start_sel=HIGHLIGHT_START,
                stop_sel=HIGHLIGHT_END,
                max_words=SNIPPET_WORDS,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .in_bulk()
    )
    return [
        LibraryHit(documents[pk], float(rank) / (1.0 - float(rank)) if rank < 1 else 1e9, documents[pk].headline)
        for pk, rank in ranked
        if pk in documents
    ]


# The terms' shares of documents come from PostgreSQL's statistics of the column: ``ANALYZE`` lists
# the lexemes it found most often (``most_common_elems``) with the share of rows holding each; a
# lexeme not listed is rarer than all of them (share 0 here). A phrase is as rare as its rarest word.
# Terms of stopwords only match nothing and are left out. Then, rarest first, each term's documents
# through the GIN index, until CANDIDATE_CAP rows: the LIMIT stops the scans of the common terms
# (the nested loop keeps the rarest-first order of its outer side).
_RANKED_ANY_SQL = """
WITH stats AS MATERIALIZED (
    SELECT coalesce(jsonb_object_agg(e.lexeme, e.share), '{{}}') AS share
    FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(lexeme, share)
    WHERE s.schemaname = current_schema() AND s.tablename = '{table}' AND s.attname = 'search_vector'
      AND NOT s.inherited AND e.lexeme IS NOT NULL
), terms AS MATERIALIZED (
    SELECT u.term, u.i,
           (SELECT min(coalesce((stats.share ->> x.lexeme)::real, 0))
            FROM unnest(tsvector_to_array(to_tsvector(%(config)s::regconfig, u.term))) AS x(lexeme)) AS share
    FROM unnest(%(terms)s::text[]) WITH ORDINALITY AS u(term, i), stats
), candidates AS (
    SELECT d.id, d.search_vector
    FROM (SELECT term FROM terms WHERE share IS NOT NULL ORDER BY share, i) AS t
    CROSS JOIN LATERAL (
        SELECT id, search_vector FROM {table}
        WHERE search_vector @@ websearch_to_tsquery(%(config)s::regconfig, t.term)
    ) AS d
    LIMIT %(cap)s
)
SELECT DISTINCT id, ts_rank_cd(search_vector, websearch_to_tsquery(%(config)s::regconfig, %(every)s), 32) AS rank
FROM candidates
ORDER BY rank DESC, id DESC
LIMIT %(limit)s
"""


def ranked_any_sql(terms: list[_Term], limit: int) -> tuple[str, dict[str, str | int | list[str]]]:
    """The statement of :func:`ranked_any_postgres` and its parameters (the tests EXPLAIN it)."""
    written = [f'"{t.text}"' if t.phrase else t.text for t in terms]
    params: dict[str, str | int | list[str]] = {
        "config": FTS_CONFIG,
        "terms": written,
        "every": websearch_text([terms]),
        "cap": CANDIDATE_CAP,
        "limit": limit,
    }
    return _RANKED_ANY_SQL.format(table=EvidenceDocument._meta.db_table), params


def ranked_any_postgres(terms: list[_Term], limit: int) -> list[tuple[int, float]]:
    """Documents with any of ``terms``, best first by ``ts_rank_cd`` against all of them: a bounded set.

    Ranking every document that shares a common word with a claim reads tens of thousands of
    ``tsvector`` values in a large library, while the documents worth ranking are the ones holding
    the claim's rare words (the relevance that follows weighs rare words most, too). So the
    candidates are the documents of the rarest terms first, found through the GIN index, at most
    :data:`CANDIDATE_CAP` rows of them (a document holding two of the terms is two rows); they are
    ranked in SQL against all the terms. Where the terms' rows fit under the cap this is the plain
    search. One query.
    """
    sql, params = ranked_any_sql(terms, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, float(rank)) for pk, rank in cursor.fetchall()]


def _search_sqlite(groups: list[list[_Term]], limit: int) -> list[LibraryHit]:
    expression = fts5_expression(groups)
    if not expression:
        return []
    # bm25() is lower-is-better and weighs columns: title 10, publisher 2, text 1.
    sql = (
        "SELECT rowid, -bm25(evidence_document_fts, 10.0, 2.0, 1.0) AS score, "
        "snippet(evidence_document_fts, 2, %s, %s, '…', %s) "
        "FROM evidence_document_fts WHERE evidence_document_fts MATCH %s "
        "ORDER BY bm25(evidence_document_fts, 10.0, 2.0, 1.0), rowid DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [HIGHLIGHT_START, HIGHLIGHT_END, SNIPPET_WORDS, expression, limit])
        rows = cursor.fetchall()
    documents = EvidenceDocument.objects.in_bulk([row[0] for row in rows])
    return [LibraryHit(documents[pk], float(score), snippet) for pk, score, snippet in rows if pk in documents]
