"""Reads of articles: the article list, one article's claims, and its progress through ingestion."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from claims.models import Article, Claim
from claims.selectors.queue import PAGE_SIZE
from evidence.models import FetchRun


@dataclass
class Progress:
    """What the submit screen shows while an article goes through ingestion and evidence gathering."""

    article: Article
    claims: int = 0
    runs: dict[str, int] = field(default_factory=dict)  # FetchRun status -> count, over the article's claims
    # Claims that will get evidence gathered (check-worthy originals) but have no provider run yet:
    # the article is done before the first run exists, and that is not "finished".
    awaiting_runs: int = 0

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
        return self.awaiting_runs > 0 or self.runs_finished < self.runs_total

    @property
    def failed_at_fetch(self) -> bool:
        """A URL article that failed before any text was read failed fetching, not extracting."""
        article = self.article
        return article.status == Article.Status.FAILED and article.source == Article.Source.URL and not article.text

    @property
    def finished(self) -> bool:
        """Nothing left to wait for: the page stops polling."""
        if self.article.status == Article.Status.FAILED:
            return True
        return self.article.status == Article.Status.DONE and not self.gathering


def article_progress(pk: int) -> Progress:
    """Four queries however many claims the article has: the article, its claim counts, its runs by status.

    Gathering is done when every claim that gets evidence automatically (check-worthy, not a
    repeat: ``evidence.services.gathering.on_claim_created``) has its runs and none is pending.
    """
    article = Article.objects.select_related("outlet").get(pk=pk)
    progress = Progress(article=article)
    if article.status == Article.Status.DONE:
        counts = Claim.objects.filter(article=article).aggregate(
            total=Count("id"),
            awaiting=Count(
                "id",
                filter=Q(duplicate_of__isnull=True, checkworthiness__gte=settings.EVIDENCE_AUTO_THRESHOLD)
                & ~Q(Exists(FetchRun.objects.filter(claim=OuterRef("pk")))),
            ),
        )
        progress.claims = counts["total"]
        progress.awaiting_runs = counts["awaiting"]
        progress.runs = dict(
            FetchRun.objects.filter(claim__article=article)
            .values_list("status")
            .annotate(n=Count("id"))
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
    qs: QuerySet[Article] = (
        Article.objects.select_related("outlet", "submitted_by")
        .annotate(
            n_claims=Count("claims", distinct=True),
            n_published=Count("claims", filter=Q(claims__status=Claim.Status.PUBLISHED), distinct=True),
        )
        .order_by("-id")
    )
    if before:
        qs = qs.filter(id__lt=before)
    rows = list(qs[: page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    return rows, (rows[-1].pk if more and rows else None)


def articles_with_counts() -> QuerySet[Article]:
    """Articles with their outlet, submitter and number of claims (the API's list and detail)."""
    return Article.objects.select_related("outlet", "submitted_by").annotate(claim_count=Count("claims"))


def article_claims_by_status(article: Article) -> dict[str, int]:
    """How many of the article's claims are in each status (statuses without claims left out)."""
    return dict(article.claims.order_by().values_list("status").annotate(n=Count("id")))


def article_by_id(pk: int) -> Article:
    """One article, its own columns only (raises Article.DoesNotExist)."""
    return Article.objects.get(pk=pk)


def article_detail(pk: int) -> Article:
    """One article with its claim counts (raises Article.DoesNotExist)."""
    return articles_with_counts().get(pk=pk)


def article_or_none(pk: int) -> Article | None:
    return Article.objects.filter(pk=pk).first()


def articles_with_hash_prefix_exist(prefix: str) -> bool:
    """Whether any article's content hash starts with ``prefix`` (the demo history's marker)."""
    return Article.objects.filter(content_hash__startswith=prefix).exists()


UNFINISHED = (Article.Status.QUEUED, Article.Status.FETCHING, Article.Status.EXTRACTING)


def articles_unfinished_exist(pks: Iterable[int]) -> bool:
    """Whether any of these articles is still queued, being fetched or being extracted."""
    return Article.objects.filter(pk__in=list(pks), status__in=UNFINISHED).exists()


def article_outcomes(pks: Iterable[int]) -> list[tuple[int, str, str]]:
    """``(pk, status, error)`` of each of these articles that exists."""
    return list(Article.objects.filter(pk__in=list(pks)).values_list("pk", "status", "error"))
