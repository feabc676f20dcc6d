"""Reads of the claim queue: its filters, the filtered list (UI and API) and the UI's cursor pages.

Every list here costs a fixed number of queries whatever its length (pinned by tests in
``tests/ui`` and ``tests/api``), and no page counts a whole table: the queue pages by keyset
(:mod:`factcheck.keyset`, over :data:`~claims.models.QUEUE_ORDER`, which ``claim_queue_idx``
serves directly) and counts at most :data:`COUNT_CAP` rows, so it stays fast with a million claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, TypeVar

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from archive.models import ClaimMatch
from claims.models import QUEUE_ORDER, Article, Claim, Speaker
from claims.selectors.claim_rows import ShapedQuery, claim_rows
from factcheck import keyset
from factcheck.querysets import narrow

PAGE_SIZE = 50
ClaimsT = TypeVar("ClaimsT", bound=QuerySet[Any, Any])  # claims, however annotated
# Beyond this the queue says "1,000+": an exact count of a million rows would cost more than the page.
COUNT_CAP = 1000
SEARCH_VECTOR = '"claims_claim"."search_vector"'  # a column of migration 0011, not a model field


@dataclass(frozen=True)
class QueueFilters:
    status: tuple[str, ...] = (Claim.Status.NEW,)
    kind: str = ""
    speaker: int | None = None
    outlet: int | None = None
    article: int | None = None
    assignee: int | None = None
    created_from: date | None = None
    created_to: date | None = None
    # "Already checked": the claim has a live match (suggested, automatic or confirmed) with an archived
    # fact-check or an earlier published verdict (archive.services.matching is its one source).
    has_duplicate: bool | None = None
    score_min: float | None = None
    score_max: float | None = None
    q: str = ""


def claim_list(*, filters: QueueFilters | None = None, user: Any = None, for_values: bool = False) -> QuerySet[Claim]:
    """Claims matching ``filters`` in queue order, with what a list row shows already joined and
    ``already_checked`` (a live match with an earlier fact-check) annotated.

    ``for_values=True`` is for callers that read ``values()`` rows or ids, which name their own
    columns: no joins selected and no annotation (its subquery is only built when the filters ask
    for it). Building those is a good part of a fast page's time (``bench/inproc.py``).
    """
    f = filters or QueueFilters()
    qs = Claim.objects.all()
    if not for_values:
        qs = qs.select_related("speaker", "assignee", "article", "article__outlet").annotate(
            already_checked=_live_match()
        )
    qs = narrow(
        qs,
        status__in=f.status,
        kind=f.kind,
        speaker_id=f.speaker,
        article__outlet_id=f.outlet,
        article_id=f.article,
        assignee_id=f.assignee,
        created_at__date__gte=f.created_from,
        created_at__date__lte=f.created_to,
        checkworthiness__gte=f.score_min,
        checkworthiness__lte=f.score_max,
    )
    if f.has_duplicate is not None:
        qs = qs.filter(_live_match() if f.has_duplicate else ~_live_match())
    if f.q:
        qs = _text_search(qs, f.q)
    return qs.order_by(*QUEUE_ORDER)


_QUEUE_ROWS = ShapedQuery()
# The filters whose values are query parameters (``status`` is several; ``has_duplicate`` shapes the SQL).
_VALUE_FILTERS = tuple(f.name for f in fields(QueueFilters) if f.name not in ("status", "has_duplicate"))


def queue_rows(*, filters: QueueFilters, order: Sequence[str], limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` list rows (:func:`claim_rows`) of :func:`claim_list` in ``order``: the
    API's first page. Building and compiling this query costs a good part of the page's time, and it
    differs between requests mostly in the values, so its SQL is compiled once per shape (which
    filters are given, the order, the limit) and then only run (:class:`ShapedQuery`)."""
    status = tuple(dict.fromkeys(filters.status))  # the SQL's IN (...) drops repeats too
    given = tuple(name for name in _VALUE_FILTERS if getattr(filters, name) not in (None, ""))
    shape = (len(status), given, filters.has_duplicate, tuple(order), limit)

    def build(args: tuple[Any, ...]) -> QuerySet[Any]:
        values = dict(zip(given, args[len(status) :], strict=True))
        shaped = QueueFilters(status=args[: len(status)], has_duplicate=filters.has_duplicate, **values)
        return claim_rows(claim_list(filters=shaped, for_values=True)).order_by(*order)[:limit]

    return _QUEUE_ROWS.rows(shape, build, (*status, *(getattr(filters, name) for name in given)))


def _live_match() -> Exists:
    """The claim has a live match (suggested, automatic or confirmed) with an earlier fact-check."""
    return Exists(ClaimMatch.objects.filter(claim=OuterRef("pk"), state__in=ClaimMatch.LIVE_STATES))


def _text_search(qs: ClaimsT, q: str) -> ClaimsT:
    """Claims whose text or speaker's name has the words of ``q``.

    PostgreSQL: web-search syntax (``"exact phrase"``, ``or``, ``-word``), stemmed, through the GIN
    index on ``claims_claim.search_vector`` (migration 0011); the list stays in queue order, so no
    relevance is computed (an unused ``ts_rank_cd`` alias cost more to build than the page's rows
    to write: ``bench/inproc.py``). SQLite: every word (at most 8) as a substring of the text or the
    speaker's name.
    """
    if connection.vendor == "postgresql":
        # The only interpolation is the constant column name; the words are a bound parameter.
        match = RawSQL(  # noqa: S611
            f"{SEARCH_VECTOR} @@ websearch_to_tsquery('english', %s)", [q], output_field=BooleanField()
        )
        return qs.filter(match)
    for term in q.split()[:8]:
        qs = qs.filter(Q(text__icontains=term) | Q(speaker__name__icontains=term))
    return qs


@dataclass
class QueuePage:
    claims: list[Claim]
    next_cursor: str | None
    total: int  # capped at COUNT_CAP + 1
    is_first: bool

    @property
    def total_label(self) -> str:
        return f"{COUNT_CAP:,}+" if self.total > COUNT_CAP else f"{self.total:,}"


def queue_cursor(raw: str) -> keyset.Cursor | None:
    """The queue cursor in ``raw``, or None when it is not one the queue wrote (its values must fit
    the queue order's columns), so a forged link is refused up front as the queue form's error."""
    cursor = keyset.decode(raw, QUEUE_ORDER)
    if cursor is None or cursor.backwards or keyset.typed_values(Claim, QUEUE_ORDER, cursor.values) is None:
        return None
    return cursor


def queue_page(*, filters: QueueFilters, cursor: str = "", page_size: int | None = None) -> QueuePage:
    """One page of the filtered queue, after ``cursor``. Two queries: the page and a capped count."""
    page_size = page_size or PAGE_SIZE
    qs = claim_list(filters=filters).select_related("verdict__rating")
    key = queue_cursor(cursor) if cursor else None
    page_qs = keyset.rows_after(qs, QUEUE_ORDER, key) if key else qs
    if page_qs is None:  # a cursor we did not write (the queue form refuses it first): page one
        key, page_qs = None, qs
    rows = list(page_qs[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    # Counting a sliced queryset is COUNT(*) over a LIMITed subquery: never more than COUNT_CAP + 1 rows.
    total = qs.order_by()[: COUNT_CAP + 1].count()
    return QueuePage(
        claims=rows,
        next_cursor=keyset.encode(rows[-1], QUEUE_ORDER) if has_more and rows else None,
        total=total,
        is_first=key is None,
    )


def filter_chips(filters: QueueFilters) -> tuple[Speaker | None, Article | None]:
    """The speaker and article a queue is narrowed to, for the chips above it (a query each, when set)."""
    speaker = Speaker.objects.filter(pk=filters.speaker).first() if filters.speaker else None
    article = Article.objects.filter(pk=filters.article).only("id", "title", "url").first() if filters.article else None
    return speaker, article
