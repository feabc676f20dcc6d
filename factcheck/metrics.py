"""Prometheus metrics: request latency, Celery tasks, queue lengths, provider and webhook outcomes.

Served at ``/metrics`` when ``METRICS_ENABLED`` is on (404 otherwise), behind a bearer token when
``METRICS_TOKEN`` is set. Other modules report through two functions and nothing else:

* :func:`record_provider_failure` — an evidence provider failed (provider, kind of reason);
* :func:`record_webhook_delivery` — a webhook delivery attempt ended (outcome).

Several processes (gunicorn workers, Celery's prefork children) each hold their own counters.
With ``PROMETHEUS_MULTIPROC_DIR`` set before start-up, prometheus_client writes them to files in
that directory and a scrape adds them up (its multiprocess mode); without it each process answers
for itself only, which is right for ``runserver`` and a single-process worker.

Label values come from code (view names, task names, provider names), never from the request:
methods outside the standard set become ``other`` and free-text reasons are squeezed into a short
slug, so a client cannot grow the number of series without bound.
"""

from __future__ import annotations

import hmac
import os
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import redis
from celery.signals import task_failure, task_postrun, task_prerun, worker_ready
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector

QUEUES = ("ingest", "evidence", "webhooks")
# kombu's Redis transport keeps one list per priority step: "<queue>" and "<queue>\x06\x16<n>".
_PRIORITY_SEPARATOR = "\x06\x16"
_PRIORITY_STEPS = (3, 6, 9)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_SLUG_UNSAFE = re.compile(r"[^a-z0-9_.-]+")

REQUEST_LATENCY = Histogram(
    "factcheck_http_request_duration_seconds",
    "Time from the request entering the middleware to the response leaving it.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
TASKS = Counter("factcheck_celery_tasks", "Celery task runs that ended, by task and outcome.", ["task", "outcome"])
TASK_DURATION = Histogram(
    "factcheck_celery_task_duration_seconds",
    "Run time of Celery tasks, by task and outcome.",
    ["task", "outcome"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0),
)
TASK_FAILURES = Counter(
    "factcheck_celery_task_failures", "Celery task failures by task and exception type.", ["task", "exception"]
)
PROVIDER_FAILURES = Counter(
    "factcheck_provider_failures", "Evidence provider look-ups that failed.", ["provider", "reason"]
)
WEBHOOK_DELIVERIES = Counter("factcheck_webhook_deliveries", "Webhook delivery attempts by outcome.", ["outcome"])


def _slug(value: str, *, limit: int = 40) -> str:
    return _SLUG_UNSAFE.sub("_", value.strip().lower())[:limit] or "unknown"


def record_provider_failure(provider: str, reason_kind: str) -> None:
    """Count one failed provider look-up. ``reason_kind`` is a short kind (``timeout``, ``http_429``), not a message."""
    PROVIDER_FAILURES.labels(provider=_slug(provider), reason=_slug(reason_kind)).inc()


def record_webhook_delivery(outcome: str) -> None:
    """Count one webhook delivery attempt: ``delivered``, ``failed``, ``retrying``, ``disabled``, ``gave_up``…"""
    WEBHOOK_DELIVERIES.labels(outcome=_slug(outcome)).inc()


# --- requests -------------------------------------------------------------------------------
class MetricsMiddleware:
    """Time every request, labelled by the resolved view's name (not the path: ids would explode it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.METRICS_ENABLED:
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match._func_path) if match is not None else "<unresolved>"
        method = request.method if request.method in _METHODS else "other"
        REQUEST_LATENCY.labels(view=view, method=method, status=str(response.status_code)).observe(
            time.perf_counter() - started
        )
        return response


# --- Celery tasks ---------------------------------------------------------------------------
# task id -> start time. A task id runs in one process at a time, so a process-local dict is enough;
# an entry whose postrun never comes (worker killed) is lost with the process.
_started: dict[str, float] = {}


@task_prerun.connect
def _task_started(task_id: str | None = None, **_: Any) -> None:
    if task_id:
        _started[task_id] = time.perf_counter()


@task_postrun.connect
def _task_finished(task_id: str | None = None, task: Any = None, state: str | None = None, **_: Any) -> None:
    started = _started.pop(task_id or "", None)
    name = getattr(task, "name", None) or "unknown"
    outcome = (state or "unknown").lower()  # success, failure, retry, ignored, rejected
    TASKS.labels(task=name, outcome=outcome).inc()
    if started is not None:
        TASK_DURATION.labels(task=name, outcome=outcome).observe(time.perf_counter() - started)


@task_failure.connect
def _task_failed(sender: Any = None, exception: BaseException | None = None, **_: Any) -> None:
    name = getattr(sender, "name", None) or "unknown"
    TASK_FAILURES.labels(task=name, exception=type(exception).__name__ if exception else "unknown").inc()


# --- queue lengths, read at scrape time ----------------------------------------------------
class QueueLengthCollector(Collector):
    """The number of messages waiting in each queue, read from Redis when Prometheus scrapes."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        broker = settings.CELERY_BROKER_URL or ""
        if not broker.startswith(("redis://", "rediss://")):
            return
        up = GaugeMetricFamily("factcheck_broker_up", "1 if the broker answered the queue-length scrape.")
        lengths = GaugeMetricFamily("factcheck_queue_length", "Messages waiting in a Celery queue.", labels=["queue"])
        try:
            client = redis.Redis.from_url(broker, socket_connect_timeout=1, socket_timeout=1)
            with client.pipeline(transaction=False) as pipe:
                for queue in QUEUES:
                    pipe.llen(queue)
                    for step in _PRIORITY_STEPS:
                        pipe.llen(f"{queue}{_PRIORITY_SEPARATOR}{step}")
                counts = pipe.execute()
        except redis.RedisError:
            up.add_metric([], 0)
            yield up
            return
        per_queue = 1 + len(_PRIORITY_STEPS)
        for index, queue in enumerate(QUEUES):
            lengths.add_metric([queue], sum(counts[index * per_queue : (index + 1) * per_queue]))
        up.add_metric([], 1)
        yield up
        yield lengths


class _Forward(Collector):
    """Everything another registry holds (this process's metrics, in the usual single-process case)."""

    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self) -> Iterator[Any]:
        yield from self.source.collect()


def scrape_registry() -> CollectorRegistry:
    """What a scrape reports: this process's metrics, or in multiprocess mode every process's, plus
    the queue lengths read now."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_Forward(REGISTRY))
    registry.register(QueueLengthCollector())
    return registry


def render_metrics() -> bytes:
    """The exposition text for one scrape."""
    return generate_latest(scrape_registry())


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not settings.METRICS_ENABLED:
        raise Http404("Metrics are off.")
    token = settings.METRICS_TOKEN
    if token:
        supplied = request.headers.get("Authorization", "")
        if not hmac.compare_digest(supplied.encode(), f"Bearer {token}".encode()):
            response = HttpResponse("A metrics token is required.\n", status=401, content_type="text/plain")
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
    return HttpResponse(render_metrics(), content_type=CONTENT_TYPE_LATEST)


# --- the worker's own endpoint --------------------------------------------------------------
@worker_ready.connect
def _serve_worker_metrics(**_: Any) -> None:
    """Workers have no web server: with ``WORKER_METRICS_PORT`` set, serve their metrics on that port."""
    port = getattr(settings, "WORKER_METRICS_PORT", 0)
    if not (settings.METRICS_ENABLED and port):
        return
    start_http_server(port, addr=settings.WORKER_METRICS_ADDRESS, registry=scrape_registry())
