"""Celery tasks for articles. They take ids, call one service, and are safe to run twice."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from claims.services.checkworthiness import claims_rescore
from claims.services.ingest import Outcome, article_ingest, article_mark_failed, articles_requeue_stale, lease_seconds
from factcheck.errors import TransientError
from factcheck.fetching import FetchError
from factcheck.tasks import WorkbenchTask, enqueue_now

logger = logging.getLogger(__name__)


class IngestTask(WorkbenchTask):
    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        """Retries exhausted or an unexpected error: say so on the article, never fail silently."""
        article_id = (args or [None])[0] or kwargs.get("article_id")
        if article_id is None:
            return
        cause = exc.__cause__ if isinstance(exc, TransientError) else exc
        if isinstance(cause, FetchError):
            reason = f"{cause.reason} (gave up after {self.request.retries + 1} attempts)"
        else:
            reason = f"Ingestion stopped by an internal error ({type(exc).__name__}); an administrator was told."
            logger.error("ingest_article(%s) failed", article_id, exc_info=exc)
        article_mark_failed(article_id, reason)


@shared_task(base=IngestTask, bind=True, name="claims.tasks.ingest_article")
def ingest_article(self: IngestTask, article_id: int) -> str:
    """Fetch, read and extract one article.

    A transient fetch error (timeout, 429, 5xx) and database hiccups come back through Celery's
    own retry (``autoretry_for`` the transient errors, ``retry_backoff``, ``max_retries``: the
    base task's options); the claimed state makes a rerun safe.
    """
    try:
        result = article_ingest(article_id, task_id=self.request.id or "")
    except FetchError as exc:
        if exc.transient:
            raise TransientError(exc.reason, retry_after=getattr(exc, "retry_after", None)) from exc
        raise
    if result.outcome == Outcome.BUSY:
        # Not a failure to retry: another run holds a live lease (the message was redelivered while
        # the first worker is still alive). Come back when its lease ends; the claimed state decides.
        raise self.retry(countdown=min(result.wait, lease_seconds()), max_retries=self.max_retries + 3)
    return result.outcome.value


def sweep_stale() -> int:
    """Enqueue articles stuck in queued (broker was down) or abandoned mid-run (worker died)."""
    return sum(1 for pk in articles_requeue_stale() if enqueue_now(ingest_article, pk))


@shared_task(base=WorkbenchTask, name="claims.tasks.rescore_claims")
def rescore_claims(claim_ids: list[int]) -> int:
    """Re-score one batch of claims with check-worthiness v2 (routed to the ``ingest`` queue)."""
    return claims_rescore(claim_ids)
