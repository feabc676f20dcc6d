"""Celery tasks for articles. They take ids, call one service, and are safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from claims.models import Article
from claims.services.checkworthiness import claims_rescore
from claims.services.ingest import Outcome, article_ingest, article_mark_failed, lease_seconds, stale_before
from factcheck.fetching import FetchError
from factcheck.tasks import TRANSIENT_ERRORS, WorkbenchTask, enqueue_now

logger = logging.getLogger(__name__)


class IngestTask(WorkbenchTask):
    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        """Retries exhausted or an unexpected error: say so on the article, never fail silently."""
        article_id = (args or [None])[0] or kwargs.get("article_id")
        if article_id is None:
            return
        if isinstance(exc, FetchError):
            reason = f"{exc.reason} (gave up after {self.request.retries + 1} attempts)"
        else:
            reason = f"Ingestion stopped by an internal error ({type(exc).__name__}); an administrator was told."
            logger.error("ingest_article(%s) failed", article_id, exc_info=exc)
        article_mark_failed(article_id, reason)


@shared_task(base=IngestTask, bind=True, name="claims.tasks.ingest_article", autoretry_for=())
def ingest_article(self: IngestTask, article_id: int) -> str:
    """Fetch, read and extract one article. Transient fetch errors are retried with backoff."""
    try:
        result = article_ingest(article_id, task_id=self.request.id or "")
    except FetchError as exc:
        if not exc.transient:
            raise
        retry_after = getattr(exc, "retry_after", None)
        countdown = min(retry_after or self.retry_backoff * (2**self.request.retries), self.retry_backoff_max)
        raise self.retry(exc=exc, countdown=countdown, max_retries=self.max_retries) from exc
    except TRANSIENT_ERRORS as exc:  # database or connection hiccups: the claimed state makes a rerun safe
        countdown = min(self.retry_backoff * (2**self.request.retries), self.retry_backoff_max)
        raise self.retry(exc=exc, countdown=countdown, max_retries=self.max_retries) from exc
    if result.outcome == Outcome.BUSY:
        # Another run holds a live lease (e.g. the message was redelivered while the first
        # worker is still alive). Come back when its lease ends; the claimed state decides then.
        raise self.retry(countdown=min(result.wait, lease_seconds()), max_retries=self.max_retries + 3)
    return result.outcome.value


def sweep_stale() -> int:
    """Enqueue articles stuck in queued (broker was down) or abandoned mid-run (worker died)."""
    now = timezone.now()
    lease_start = now - timedelta(seconds=lease_seconds())
    stuck = Article.objects.filter(
        Q(status=Article.Status.QUEUED, status_changed_at__lt=stale_before())
        | Q(status__in=[Article.Status.FETCHING, Article.Status.EXTRACTING], status_changed_at__lt=lease_start)
    ).values_list("pk", "status", "status_changed_at")[:500]
    count = 0
    for pk, status, changed_at in stuck:
        # Touch the row so the next sweep waits again, and only one sweeper enqueues it.
        if status == Article.Status.QUEUED:
            touched = Article.objects.filter(pk=pk, status=status, status_changed_at=changed_at).update(
                status_changed_at=now
            )
        else:
            touched = Article.objects.filter(pk=pk, status=status, status_changed_at=changed_at).update(
                status=Article.Status.QUEUED, status_changed_at=now, error="Restarted after the worker stopped."
            )
        if touched and enqueue_now(ingest_article, pk):
            count += 1
    return count


@shared_task(base=WorkbenchTask, name="claims.tasks.rescore_claims")
def rescore_claims(claim_ids: list[int]) -> int:
    """Re-score one batch of claims with check-worthiness v2 (routed to the ``ingest`` queue)."""
    return claims_rescore(claim_ids)
