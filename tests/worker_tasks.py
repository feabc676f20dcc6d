"""Tasks only the integration tests load into a real worker (``celery worker --include tests.worker_tasks``)."""

from __future__ import annotations

import os

import redis
from celery import shared_task

from factcheck.errors import TransientError
from factcheck.tasks import WorkbenchTask


def _redis() -> redis.Redis:
    return redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])


@shared_task(
    base=WorkbenchTask,
    bind=True,
    name="tests.worker_tasks.flaky_add",
    retry_backoff=1,
    retry_backoff_max=1,
    retry_jitter=False,
)
def flaky_add(self: WorkbenchTask, a: int, b: int, key: str, failures: int) -> dict[str, int]:
    """Fail with a transient error ``failures`` times, then add. Counts attempts in Redis under ``key``."""
    attempt = int(_redis().incr(key))
    if attempt <= failures:
        raise TransientError(f"simulated outage {attempt}")
    return {"sum": a + b, "attempts": attempt, "retries": self.request.retries}
