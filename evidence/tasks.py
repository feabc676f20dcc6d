"""Celery tasks of the evidence app. They take ids, call one service, and are safe to run twice.

* ``gather_evidence(claim_id)``: one FetchRun per provider and a group of ``fetch_from_provider``
  tasks on the ``evidence`` queue (enqueued by ingestion for check-worthy claims);
* ``fetch_from_provider(run_id)``: one provider for one claim. A failed look-up is not tried
  again here (its HTTP client already tried ``PROVIDER_MAX_ATTEMPTS`` times); only a look-up that
  sent nothing, because the provider's shared rate limit was used up, and database hiccups come
  back through Celery's own retry (``autoretry_for`` with ``retry_backoff``);
* ``refresh_stale_evidence`` (beat, hourly): gather again for open claims whose evidence is older
  than ``EVIDENCE_REFRESH_DAYS``;
* ``sweep_stale()``: called by ``factcheck.tasks.requeue_stale_work`` for runs stuck in queued
  (broker was down) or running (worker died).
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings

from evidence.services.gathering import (
    Outcome,
    evidence_refresh_stale,
    fetch_run_execute,
    fetch_run_fail,
    fetch_run_requeue,
    fetch_runs_requeue_stale,
    fetch_runs_start,
)
from factcheck.errors import TransientError
from factcheck.tasks import TRANSIENT_ERRORS, WorkbenchTask, enqueue_now

logger = logging.getLogger(__name__)

REFRESH_BATCH = 200


class ProviderBusy(TransientError):
    """The provider's rate limit had no slot for this look-up; nothing was sent. Celery retries it."""


@shared_task(base=WorkbenchTask, name="evidence.tasks.gather_evidence")
def gather_evidence(claim_id: int, providers: list[str] | None = None) -> dict[str, str]:
    """Start every configured provider (or those named) for a claim: provider name → run status."""
    runs = fetch_runs_start(claim_id, providers=providers)
    return {run.provider: run.status for run in runs}


class ProviderTask(WorkbenchTask):
    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        """Retries exhausted or an unexpected error: say so on the run, never fail silently."""
        run_id = (args or [None])[0] or kwargs.get("run_id")
        if run_id is None:
            return
        logger.error("fetch_from_provider(%s) failed", run_id, exc_info=exc)
        fetch_run_fail(
            run_id,
            f"Stopped by an internal error ({type(exc).__name__}) after "
            f"{self.request.retries + 1} attempts; an administrator was told.",
        )


@shared_task(base=ProviderTask, bind=True, name="evidence.tasks.fetch_from_provider")
def fetch_from_provider(self: ProviderTask, run_id: int) -> str:
    """Run one provider for one claim and record the outcome on its FetchRun."""
    # Eager mode has no broker to wait in: a retry there would only run again at once.
    final = bool(self.request.is_eager) or self.request.retries >= self.max_retries
    try:
        result = fetch_run_execute(run_id, final_attempt=final)
    except TRANSIENT_ERRORS as exc:  # database hiccup: the run goes back to the queue; autoretry
        fetch_run_requeue(run_id, f"Retrying after a database error ({type(exc).__name__}).")
        raise
    if result.outcome == Outcome.RETRY:
        raise ProviderBusy(result.reason, retry_after=result.retry_after)  # autoretry_for brings it back
    return result.outcome.value


def sweep_stale() -> int:
    """Enqueue runs overdue in queued (the broker lost or never got them) or abandoned in running."""
    return sum(1 for pk in fetch_runs_requeue_stale() if enqueue_now(fetch_from_provider, pk))


@shared_task(base=WorkbenchTask, name="evidence.tasks.refresh_stale_evidence")
def refresh_stale_evidence() -> int:
    """Gather again for open, check-worthy claims whose latest run is older than EVIDENCE_REFRESH_DAYS.

    At most REFRESH_BATCH claims per call (the oldest first); the hourly beat works through the rest.
    """
    count = evidence_refresh_stale(limit=REFRESH_BATCH)
    if count:
        logger.info("Refreshing evidence for %d claims older than %d days", count, settings.EVIDENCE_REFRESH_DAYS)
    return count
