"""Celery tasks of the evidence app. They take ids, call one service, and are safe to run twice.

* ``gather_evidence(claim_id)``: one FetchRun per provider and a group of ``fetch_from_provider``
  tasks on the ``evidence`` queue (enqueued by ingestion for check-worthy claims);
* ``fetch_from_provider(run_id)``: one provider for one claim; transient errors come back later
  through the broker, at most ``PROVIDER_TASK_RETRIES`` times, then the run fails with the reason;
* ``refresh_stale_evidence`` (beat, hourly): gather again for open claims whose evidence is older
  than ``EVIDENCE_REFRESH_DAYS``;
* ``clean_expired_cache`` (beat, hourly): drop expired provider responses the cache backend keeps;
* ``sweep_stale()``: called by ``factcheck.tasks.requeue_stale_work`` for runs stuck in queued
  (broker was down) or running (worker died).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, cast

from celery import shared_task
from django.conf import settings
from django.core.cache import caches
from django.db.models import Max, Q
from django.utils import timezone

from claims.models import Claim
from evidence.models import FetchRun
from evidence.services.gathering import Outcome, fetch_run_execute, fetch_run_fail, fetch_runs_start
from factcheck.tasks import RETRY_BACKOFF_MAX, TRANSIENT_ERRORS, WorkbenchTask, enqueue_now

logger = logging.getLogger(__name__)

OPEN_STATUSES = (Claim.Status.NEW, Claim.Status.IN_PROGRESS)
REFRESH_BATCH = 200
SWEEP_BATCH = 500


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


@shared_task(base=ProviderTask, bind=True, name="evidence.tasks.fetch_from_provider", autoretry_for=())
def fetch_from_provider(self: ProviderTask, run_id: int) -> str:
    """Run one provider for one claim and record the outcome on its FetchRun."""
    # Eager mode has no broker to wait in: a retry there would only repeat the request at once.
    final = bool(self.request.is_eager) or self.request.retries >= settings.PROVIDER_TASK_RETRIES
    try:
        result = fetch_run_execute(run_id, final_attempt=final)
    except TRANSIENT_ERRORS as exc:  # database hiccup: the run is still running; requeue and retry
        FetchRun.objects.filter(pk=run_id, status=FetchRun.Status.RUNNING).update(
            status=FetchRun.Status.QUEUED, error=f"Retrying after a database error ({type(exc).__name__})."
        )
        raise self.retry(exc=cast(Exception, exc), max_retries=self.max_retries) from exc
    if result.outcome == Outcome.RETRY:
        backoff = self.retry_backoff * (2**self.request.retries)
        countdown = min(result.retry_after if result.retry_after is not None else backoff, RETRY_BACKOFF_MAX)
        raise self.retry(countdown=countdown, max_retries=settings.PROVIDER_TASK_RETRIES)
    return result.outcome.value


def sweep_stale() -> int:
    """Enqueue runs overdue in queued (the broker lost or never got them) or abandoned in running."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.STALE_PENDING_SECONDS)
    # A running run older than the hard time limit has no live task: its worker died.
    abandoned = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    stuck = FetchRun.objects.filter(
        Q(status=FetchRun.Status.QUEUED, due_at__lt=stale)
        | Q(status=FetchRun.Status.QUEUED, due_at__isnull=True, queued_at__lt=stale)
        | Q(status=FetchRun.Status.RUNNING, started_at__lt=abandoned)
    ).values_list("pk", "status", "due_at", "started_at")[:SWEEP_BATCH]
    count = 0
    for pk, status, due_at, started_at in stuck:
        # Touch the row first: only one sweeper wins it, and the next sweep waits again.
        if status == FetchRun.Status.QUEUED:
            touched = FetchRun.objects.filter(pk=pk, status=status, due_at=due_at).update(due_at=now)
        else:
            touched = FetchRun.objects.filter(pk=pk, status=status, started_at=started_at).update(
                status=FetchRun.Status.QUEUED, due_at=now, error="Restarted after the worker stopped."
            )
        if touched and enqueue_now(fetch_from_provider, pk):
            count += 1
    return count


@shared_task(base=WorkbenchTask, name="evidence.tasks.refresh_stale_evidence")
def refresh_stale_evidence() -> int:
    """Gather again for open, check-worthy claims whose latest run is older than EVIDENCE_REFRESH_DAYS.

    At most REFRESH_BATCH claims per call (the oldest first); the hourly beat works through the rest.
    """
    cutoff = timezone.now() - timedelta(days=settings.EVIDENCE_REFRESH_DAYS)
    claim_ids = list(
        Claim.objects.filter(
            status__in=OPEN_STATUSES, duplicate_of__isnull=True, checkworthiness__gte=settings.EVIDENCE_AUTO_THRESHOLD
        )
        .annotate(last_run=Max("fetch_runs__queued_at"))
        .filter(last_run__lt=cutoff)
        .order_by("last_run")
        .values_list("pk", flat=True)[:REFRESH_BATCH]
    )
    for claim_id in claim_ids:
        fetch_runs_start(claim_id)
    if claim_ids:
        logger.info(
            "Refreshing evidence for %d claims older than %d days", len(claim_ids), settings.EVIDENCE_REFRESH_DAYS
        )
    return len(claim_ids)


@shared_task(base=WorkbenchTask, name="evidence.tasks.clean_expired_cache")
def clean_expired_cache() -> int:
    """Delete expired entries that the cache backend would otherwise keep; returns how many.

    Redis expires keys itself (nothing to do). The in-process and file caches only notice expiry
    when a key is read again, and the database cache when it culls, so provider responses that are
    never asked for again would stay until then.
    """
    removed = 0
    for alias in settings.CACHES:
        removed += _clean_backend(caches[alias])
    return removed


def _clean_backend(backend: Any) -> int:
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.filebased import FileBasedCache
    from django.core.cache.backends.locmem import LocMemCache

    # These are the backends' own expiry helpers (private, stable since Django 2): no public API
    # lists expired keys. ``store`` is the same object, typed loosely for them.
    store: Any = backend
    if isinstance(backend, LocMemCache):
        removed = 0
        with store._lock:
            for key in list(store._expire_info):
                if store._has_expired(key):
                    store._delete(key)
                    removed += 1
        return removed
    if isinstance(backend, FileBasedCache):
        removed = 0
        for path in store._list_cache_files():
            with open(path, "rb") as handle:
                if store._is_expired(handle):  # deletes the file when expired
                    removed += 1
        return removed
    if isinstance(backend, DatabaseCache):
        from django.db import connections, router

        db = router.db_for_write(backend.cache_model_class)
        table = connections[db].ops.quote_name(store._table)
        with connections[db].cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE expires < %s",  # noqa: S608 - a quoted table name
                [connections[db].ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))],
            )
            return int(cursor.rowcount)
    return 0  # Redis and memcached expire keys themselves
