"""How work is handed to Celery: one base task class, one way to enqueue, one sweeper.

* :class:`WorkbenchTask` carries every delivery option in one place: acks late, requeue on
  worker loss, retries only for named transient errors with jittered exponential backoff
  capped below the broker's visibility timeout, message expiry, soft and hard time limits.
* :func:`enqueue_on_commit` publishes only after the surrounding transaction commits, and
  never fails the request when the broker is down: the record keeps its pending state and
  :func:`requeue_stale_work` (beat, and once at worker start) enqueues it again later.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction

from factcheck.errors import TransientError

logger = logging.getLogger(__name__)

# Only what might succeed on the next try. A task never retries on a bare Exception: it would
# retry its own "already done" guard and bugs alike.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (TransientError, OperationalError, InterfaceError)

RETRY_BACKOFF_MAX = 600  # seconds; far below CELERY_VISIBILITY_TIMEOUT (a test checks)
MAX_RETRIES = 5
# The longest explicit countdown any task uses (waiting out a running task's lease).
MAX_COUNTDOWN = settings.CELERY_TASK_TIME_LIMIT + 30
MESSAGE_EXPIRES = 60 * 60  # a message older than this is dropped; the sweeper re-enqueues its record


class WorkbenchTask(Task):
    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = TRANSIENT_ERRORS
    max_retries = MAX_RETRIES
    retry_backoff = 5
    retry_backoff_max = RETRY_BACKOFF_MAX
    retry_jitter = True
    soft_time_limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
    time_limit = settings.CELERY_TASK_TIME_LIMIT

    def apply_async(
        self,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        task_id: str | None = None,
        producer: Any = None,
        link: Any = None,
        link_error: Any = None,
        shadow: str | None = None,
        **options: Any,
    ) -> Any:
        options.setdefault("expires", MESSAGE_EXPIRES)
        return super().apply_async(
            args,
            kwargs,
            task_id=task_id,
            producer=producer,
            link=link,
            link_error=link_error,
            shadow=shadow,
            **options,
        )


def longest_wait_seconds() -> float:
    """The longest a message may wait in the broker before it runs (retry backoff or countdown).

    Webhook retries that reach 24 hours are not Celery countdowns: they are a due time on the
    delivery row that the beat sweeper picks up, precisely so no message waits that long.
    """
    return float(max(RETRY_BACKOFF_MAX, MAX_COUNTDOWN))


def _publish(task: Task, args: tuple[Any, ...], kwargs: dict[str, Any], options: dict[str, Any]) -> bool:
    try:
        task.apply_async(args=args, kwargs=kwargs, **options)
    except Exception as exc:  # noqa: BLE001 - kombu/redis raise many types when the broker is down
        logger.warning(
            "Could not hand %s%r to the broker (%s: %s); the record stays pending and the sweeper will retry.",
            task.name,
            args,
            type(exc).__name__,
            exc,
        )
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """Publish ``task(*args, **kwargs)`` once the current transaction commits.

    A rolled-back transaction sends nothing. A broker outage is logged, not raised.
    """
    transaction.on_commit(lambda: _publish(task, args, kwargs, options or {}))


def enqueue_now(task: Task, *args: Any, options: dict[str, Any] | None = None, **kwargs: Any) -> bool:
    """Publish outside a transaction (the sweeper); returns whether the broker took it."""
    return _publish(task, args, kwargs, options or {})


@shared_task(base=WorkbenchTask, name="factcheck.tasks.requeue_stale_work")
def requeue_stale_work() -> dict[str, int]:
    """Enqueue again every record that sat in a pending state longer than STALE_PENDING_SECONDS."""
    # Imported here: each of these task modules imports this one (for WorkbenchTask).
    from claims.tasks import sweep_stale as sweep_articles
    from evidence.tasks import sweep_stale as sweep_runs
    from factcheck.webhooks.tasks import sweep_stale as sweep_deliveries

    counts = {
        "claims.tasks": sweep_articles(),
        "evidence.tasks": sweep_runs(),
        "factcheck.webhooks.tasks": sweep_deliveries(),
    }
    if any(counts.values()):
        logger.info("Sweeper re-enqueued stale work: %s", counts)
    return counts
