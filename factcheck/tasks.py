"""How work is handed to Celery: one base task class, one way to enqueue, one sweeper.

* :class:`WorkbenchTask` carries every delivery option in one place: acks late, requeue on
  worker loss, retries only for named transient errors with jittered exponential backoff
  capped below the broker's visibility timeout, message expiry, soft and hard time limits.
* :func:`enqueue_on_commit` publishes only after the surrounding transaction commits, and
  never fails the request when the broker is down: the record keeps its pending state and
  :func:`requeue_stale_work` (beat, and once at worker start) enqueues it again later.
* Without a broker (eager mode, the embedded default) work enqueued while serving a web
  request runs in a thread after the commit (``EAGER_TASKS_IN_BACKGROUND``), so the request answers at once and
  the progress the pages poll is real; what that work enqueues in turn runs in the same thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections, transaction
from django.http import HttpRequest, HttpResponse

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


# ``in_request``: a web request is being served (set by the middleware below); ``active``: this
# is an eager background thread, whose own follow-up work runs there, in order.
_in_background = threading.local()


class EagerWorkAfterResponseMiddleware:
    """Marks the thread as serving a request, so eager work it enqueues runs after the response.

    Commands and shell sessions are not marked: their eager work runs where it is enqueued,
    and a command's summary is true when it prints.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _in_background.in_request = True
        try:
            return self.get_response(request)
        finally:
            _in_background.in_request = False


def _run_in_background(task: Task, args: tuple[Any, ...], kwargs: dict[str, Any], options: dict[str, Any]) -> None:
    _in_background.active = True
    try:
        _publish(task, args, kwargs, options)
    finally:
        # The thread's own connections would otherwise stay open until the process ends.
        connections.close_all()


def _hand_over(task: Task, args: tuple[Any, ...], kwargs: dict[str, Any], options: dict[str, Any]) -> None:
    background = settings.CELERY_TASK_ALWAYS_EAGER and settings.EAGER_TASKS_IN_BACKGROUND
    if background and getattr(_in_background, "in_request", False) and not getattr(_in_background, "active", False):
        # Not a daemon: a server shutting down finishes the article it started.
        threading.Thread(
            target=_run_in_background, args=(task, args, kwargs, options), name=f"eager {task.name}"
        ).start()
        return
    _publish(task, args, kwargs, options)


def enqueue_on_commit(task: Task, *args: Any, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """Publish ``task(*args, **kwargs)`` once the current transaction commits.

    A rolled-back transaction sends nothing. A broker outage is logged, not raised. In eager
    mode the task runs in a background thread when ``EAGER_TASKS_IN_BACKGROUND`` is on.
    """
    transaction.on_commit(lambda: _hand_over(task, args, kwargs, options or {}))


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
