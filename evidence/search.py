"""Full-text search of the reference library: one interface, two engines.

* PostgreSQL: ``EvidenceDocument.search_vector`` (a ``tsvector`` kept by a trigger, GIN index),
  ``websearch_to_tsquery``, ``ts_rank_cd`` for the score and ``ts_headline`` for the snippet.
* SQLite: the FTS5 table ``evidence_document_fts`` (external content, kept by triggers),
  ``bm25()`` for the score and ``snippet()`` for the snippet.

Both read the same query language, the one people type into search boxes: words (all must
match), ``"a quoted phrase"``, ``or`` between two words, ``-word`` to exclude. With
``match_any=True`` any word is enough (how the library provider searches with a claim's terms).
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
        return _search_postgres(groups, limit)
    if connection.vendor == "sqlite":
        return _search_sqlite(groups, limit)
    raise ImproperlyConfigured(f"Library search supports PostgreSQL and SQLite, not {connection.vendor}.")


def _search_postgres(groups: list[list[_Term]], limit: int) -> list[LibraryHit]:
    text = websearch_text(groups)
    query = SearchQuery(text, search_type="websearch", config=FTS_CONFIG)
    # Normalisation 32 maps ts_rank_cd to rank/(rank+1); ids break ties so pages are stable.
    ranked = list(
        EvidenceDocument.objects.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query, cover_density=True, normalization=32))
        .order_by("-rank", "-id")
        .values_list("id", "rank")[:limit]
    )
    if not ranked:
        return []
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
