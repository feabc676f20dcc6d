"""The Celery application.

Queues are split by kind of work so they scale separately: ``ingest`` (fetching and claim
extraction), ``evidence`` (provider look-ups), ``webhooks`` (outgoing deliveries). Delivery
options (acks late, reject on worker loss, time limits, JSON only) come from settings; the
per-task retry policy lives in :mod:`factcheck.tasks`.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import beat_init, before_task_publish, task_postrun, task_prerun, worker_init, worker_ready
from kombu import Exchange, Queue

from factcheck.env import require_secret_key
from factcheck.logging import bind_task, request_id_var, unbind_task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each queue with its own exchange and routing key: a bare Queue("evidence") would bind to the
# default exchange with the default queue's key, so an ingest message would land in every queue.
QUEUE_NAMES = ("ingest", "evidence", "webhooks")
app.conf.task_queues = tuple(Queue(name, Exchange(name, type="direct"), routing_key=name) for name in QUEUE_NAMES)
app.autodiscover_tasks(["claims", "evidence", "archive", "factcheck", "factcheck.webhooks"])


@before_task_publish.connect
def _carry_request_id(headers: dict | None = None, **_: object) -> None:
    """Carry the request id of the web request that enqueued a task into the task's logs."""
    if headers is not None and "request_id" not in headers:
        request_id = request_id_var.get()
        if request_id:
            headers["request_id"] = request_id


@task_prerun.connect
def _bind_task_context(task: object = None, **_: object) -> None:
    bind_task(task)


@task_postrun.connect
def _unbind_task_context(task_id: str | None = None, **_: object) -> None:
    unbind_task(task_id or "")


@worker_ready.connect
def _sweep_at_start(**_: object) -> None:
    """Re-enqueue work left pending while no worker (or no broker) was there."""
    # Imported here: factcheck.tasks imports models, and this module is loaded before the app registry.
    from factcheck.tasks import requeue_stale_work

    requeue_stale_work.delay()


@worker_init.connect
@beat_init.connect
def _require_secret_key(**_: object) -> None:
    require_secret_key()
