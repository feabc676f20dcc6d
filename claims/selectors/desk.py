"""Reads for the review screens: queue pages, the claim desk, article progress, the review list.

Every list here costs a fixed number of queries whatever its length (pinned by tests in
``tests/ui``), and no page counts a whole table: the queue pages by keyset (a cursor made of
the last row's sort key, which ``claim_queue_idx`` serves directly) and counts at most
:data:`COUNT_CAP` rows, so it stays fast with a million claims.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.dateparse import parse_datetime

from claims.models import Article, Claim, Verdict, VerdictRevision
from claims.selectors import QueueFilters, claim_list
from evidence.models import EvidenceCandidate, FetchRun

PAGE_SIZE = 50
# Beyond this the queue says "1,000+": an exact count of a million rows would cost more than the page.
COUNT_CAP = 1000


# --- the queue -------------------------------------------------------------------------------


def _encode_cursor(claim: Claim) -> str:
    key = [claim.priority, claim.checkworthiness, claim.created_at.isoformat(), claim.pk]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[int, float, datetime, int] | None:
    """The sort key a cursor carries, or None when it is not one we wrote (then page one is shown)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        priority, score, created, pk = json.loads(raw)
        created_at = parse_datetime(created)
        if created_at is None:
            return None
        return int(priority), float(score), created_at, int(pk)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        return None


def _after(key: tuple[int, float, datetime, int]) -> Q:
    """Rows after ``key`` in queue order (-priority, -checkworthiness, created_at, id)."""
    priority, score, created_at, pk = key
    return (
        Q(priority__lt=priority)
        | Q(priority=priority, checkworthiness__lt=score)
        | Q(priority=priority, checkworthiness=score, created_at__gt=created_at)
        | Q(priority=priority, checkworthiness=score, created_at=created_at, id__gt=pk)
    )


@dataclass
class QueuePage:
    claims: list[Claim]
    next_cursor: str | None
    total: int  # capped at COUNT_CAP + 1
    is_first: bool

    @property
    def total_label(self) -> str:
        return f"{COUNT_CAP:,}+" if self.total > COUNT_CAP else f"{self.total:,}"


def queue_page(*, filters: QueueFilters, cursor: str = "", page_size: int | None = None) -> QueuePage:
    """One page of the filtered queue, after ``cursor``. Two queries: the page and a capped count."""
    page_size = page_size or PAGE_SIZE
    qs = claim_list(filters=filters).select_related("verdict__rating")
    key = _decode_cursor(cursor) if cursor else None
    page_qs = qs.filter(_after(key)) if key else qs
    rows = list(page_qs[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    # Counting a sliced queryset is COUNT(*) over a LIMITed subquery: never more than COUNT_CAP + 1 rows.
    total = qs.order_by()[: COUNT_CAP + 1].count()
    return QueuePage(
        claims=rows,
        next_cursor=_encode_cursor(rows[-1]) if has_more and rows else None,
        total=total,
        is_first=key is None,
    )


# --- the claim desk --------------------------------------------------------------------------


def desk_claim(pk: int) -> Claim:
    """A claim with everything the desk shows about it joined (raises Claim.DoesNotExist)."""
    return (
        Claim.objects.select_related(
            "article", "article__outlet", "speaker", "assignee",
            "duplicate_of", "duplicate_of__speaker", "duplicate_of__article", "duplicate_of__verdict",
            "duplicate_of__verdict__rating",
        )
        .prefetch_related("quantities")
        .get(pk=pk)
    )


def claim_verdict(claim: Claim) -> Verdict | None:
    return (
        Verdict.objects.select_related("rating", "author", "editor")
        .prefetch_related("citations")
        .filter(claim=claim)
        .first()
    )


def evidence_for(claim: Claim) -> list[EvidenceCandidate]:
    """The claim's candidates, best first (the ranking's score, then the order they were found)."""
    return list(
        EvidenceCandidate.objects.filter(claim=claim).select_related("decided_by", "document").order_by("-score", "id")
    )


def evidence_item(pk: int) -> EvidenceCandidate:
    return EvidenceCandidate.objects.select_related("claim", "decided_by", "document").get(pk=pk)


def provider_status(claim: Claim) -> list[FetchRun]:
    """The latest run of each provider for the claim (a claim has a handful of runs, filtered here)."""
    latest: dict[str, FetchRun] = {}
    for run in FetchRun.objects.filter(claim=claim).order_by("provider", "-queued_at", "-id"):
        latest.setdefault(run.provider, run)
    return list(latest.values())


def later_mentions(claim: Claim, limit: int = 5) -> list[Claim]:
    """Other claims matched to this one as saying the same thing (it is their "already checked")."""
    return list(
        Claim.objects.filter(duplicate_of=claim).select_related("article", "speaker").order_by("-created_at")[:limit]
    )


def revision(verdict: Verdict, version: int) -> VerdictRevision | None:
    return VerdictRevision.objects.select_related("rating").filter(verdict=verdict, version=version).first()


# --- review ----------------------------------------------------------------------------------


def submitted_verdicts() -> QuerySet[Verdict]:
    """Verdicts waiting for an editor, oldest submission first."""
    return (
        Verdict.objects.filter(status=Verdict.Status.SUBMITTED)
        .select_related("rating", "author", "claim", "claim__speaker", "claim__article", "claim__article__outlet")
        .order_by("submitted_at", "id")
    )


def review_baseline(verdict: Verdict, against: int | None = None) -> VerdictRevision | None:
    """What the editor compares the submission with.

    ``against`` picks a version; by default it is the previous submission (the revision written
    when it was last submitted, returned or published), so a resubmitted verdict shows what its
    author changed after being returned. A first submission has no baseline.
    """
    revisions = VerdictRevision.objects.select_related("rating").filter(verdict=verdict)
    if against is not None:
        return revisions.filter(version=against).first()
    return (
        revisions.filter(
            version__lt=verdict.version - 1,
            status__in=[Verdict.Status.SUBMITTED, Verdict.Status.RETURNED, Verdict.Status.PUBLISHED],
        )
        .order_by("-version")
        .first()
    )


def revision_versions(verdict: Verdict) -> list[tuple[int, str]]:
    return list(VerdictRevision.objects.filter(verdict=verdict).order_by("version").values_list("version", "status"))


# --- articles --------------------------------------------------------------------------------


@dataclass
class Progress:
    """What the submit screen shows while an article goes through ingestion and evidence gathering."""

    article: Article
    claims: int = 0
    runs: dict[str, int] = field(default_factory=dict)  # FetchRun status -> count, over the article's claims

    @property
    def runs_total(self) -> int:
        return sum(self.runs.values())

    @property
    def runs_finished(self) -> int:
        pending = (FetchRun.Status.QUEUED, FetchRun.Status.RUNNING)
        return sum(n for status, n in self.runs.items() if status not in pending)

    @property
    def runs_failed(self) -> int:
        return self.runs.get(FetchRun.Status.FAILED, 0)

    @property
    def gathering(self) -> bool:
        return self.runs_finished < self.runs_total

    @property
    def finished(self) -> bool:
        """Nothing left to wait for: the page stops polling."""
        if self.article.status == Article.Status.FAILED:
            return True
        return self.article.status == Article.Status.DONE and not self.gathering


def article_progress(pk: int) -> Progress:
    """Three queries however many claims the article has: the article, its claim count, its runs by status."""
    article = Article.objects.select_related("outlet").get(pk=pk)
    progress = Progress(article=article)
    if article.status == Article.Status.DONE:
        progress.claims = Claim.objects.filter(article=article).count()
        progress.runs = dict(
            FetchRun.objects.filter(claim__article=article).values_list("status").annotate(n=Count("id"))
            .values_list("status", "n")
        )
    return progress


def article_claims(article: Article) -> list[Claim]:
    """All claims of an article in reading order, with their verdicts."""
    return list(
        Claim.objects.filter(article=article)
        .select_related("speaker", "assignee", "verdict", "verdict__rating")
        .order_by("start", "id")
    )


def article_list(*, before: int | None = None, page_size: int | None = None) -> tuple[list[Article], int | None]:
    """Newest articles first, by keyset on id, with claim counts; returns the page and the next cursor."""
    page_size = page_size or PAGE_SIZE
    qs: QuerySet[Article] = Article.objects.select_related("outlet", "submitted_by").annotate(
        n_claims=Count("claims", distinct=True),
        n_published=Count("claims", filter=Q(claims__status=Claim.Status.PUBLISHED), distinct=True),
    ).order_by("-id")
    if before:
        qs = qs.filter(id__lt=before)
    rows = list(qs[: page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    return rows, (rows[-1].pk if more and rows else None)


def published_claim(pk: int) -> Claim:
    """A claim whose verdict is published (raises Claim.DoesNotExist otherwise)."""
    return (
        Claim.objects.select_related(
            "article", "article__outlet", "speaker", "verdict", "verdict__rating", "verdict__author", "verdict__editor"
        )
        .prefetch_related(Prefetch("verdict__citations"))
        .get(pk=pk, verdict__status=Verdict.Status.PUBLISHED)
    )


def any_to_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
