"""Celery tasks for articles. They take ids, call one service, and are safe to run twice."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from claims.services.checkworthiness import claims_rescore
from claims.services.ingest import Outcome, article_ingest, article_mark_failed, articles_requeue_stale, lease_seconds
from factcheck.tasks import WorkbenchTask, enqueue_now

logger = logging.getLogger(__name__)


class IngestTask(WorkbenchTask):
    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        """Retries exhausted or an unexpected error: say so on the article, never fail silently."""
        article_id = (args or [None])[0] or kwargs.get("article_id")
        if article_id is None:
            return
        logger.error("ingest_article(%s) failed", article_id, exc_info=exc)
        article_mark_failed(
            article_id, f"Ingestion stopped by an internal error ({type(exc).__name__}); an administrator was told."
        )


@shared_task(base=IngestTask, bind=True, name="claims.tasks.ingest_article")
def ingest_article(self: IngestTask, article_id: int) -> str:
    """Fetch, read and extract one article.

    The fetcher tries a timeout, 429 or 5xx again itself (the one retry policy of outgoing HTTP);
    a fetch that still fails fails the article with its reason, not a task retry. Database
    hiccups come back through Celery's own retry (``autoretry_for``, ``retry_backoff``,
    ``max_retries``: the base task's options); the claimed state makes a rerun safe.
    """
    result = article_ingest(article_id, task_id=self.request.id or "")
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
