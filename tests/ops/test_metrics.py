"""Prometheus metrics at /metrics: off by default, token-guarded, and each family fed by its source."""

from __future__ import annotations

import os
import uuid

import pytest
import redis
from celery import shared_task
from prometheus_client import REGISTRY

from factcheck import metrics
from tests.conftest import require_service

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = ""
    return settings


def test_metrics_are_not_served_when_disabled(client, settings):
    settings.METRICS_ENABLED = False
    assert client.get("/metrics").status_code == 404


def test_metrics_need_the_bearer_token_when_one_is_set(client, metrics_on):
    metrics_on.METRICS_TOKEN = "s3cret-scrape-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="s3cret-scrape-token").status_code == 401
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert ok.status_code == 200 and ok["Content-Type"].startswith("text/plain")


def test_request_latency_is_recorded_by_view_name_method_and_status(client, metrics_on):
    before = sample("factcheck_http_request_duration_seconds_count", view="healthz", method="GET", status="200")
    client.get("/healthz")
    after = sample("factcheck_http_request_duration_seconds_count", view="healthz", method="GET", status="200")
    assert after == before + 1
    body = client.get("/metrics").content.decode()
    assert 'factcheck_http_request_duration_seconds_bucket{le="0.01",method="GET",status="200",view="healthz"}' in body


def test_paths_and_odd_methods_do_not_create_new_series(client, metrics_on):
    # An id in the path or an invented method would let any client grow the series without bound.
    client.get(f"/no-such-page-{uuid.uuid4().hex}")
    client.generic("BREW", "/healthz")
    body = client.get("/metrics").content.decode()
    assert "no-such-page" not in body and "BREW" not in body
    assert sample("factcheck_http_request_duration_seconds_count", view="<unresolved>", method="GET", status="404") >= 1
    assert sample("factcheck_http_request_duration_seconds_count", view="healthz", method="other", status="200") >= 1


def test_nothing_is_recorded_while_metrics_are_off(client, settings):
    settings.METRICS_ENABLED = False
    before = sample("factcheck_http_request_duration_seconds_count", view="healthz", method="GET", status="200")
    client.get("/healthz")
    assert sample("factcheck_http_request_duration_seconds_count", view="healthz", method="GET", status="200") == before


@shared_task(name="tests.ops.succeeds")
def succeeds() -> str:
    return "done"


class Boom(Exception):
    pass


@shared_task(name="tests.ops.fails")
def fails() -> None:
    raise Boom("no")


def test_task_counts_and_durations_by_name_and_outcome():
    ok_before = sample("factcheck_celery_tasks_total", task="tests.ops.succeeds", outcome="success")
    failed_before = sample("factcheck_celery_tasks_total", task="tests.ops.fails", outcome="failure")
    succeeds.apply()
    fails.apply()
    assert sample("factcheck_celery_tasks_total", task="tests.ops.succeeds", outcome="success") == ok_before + 1
    assert sample("factcheck_celery_tasks_total", task="tests.ops.fails", outcome="failure") == failed_before + 1
    assert sample("factcheck_celery_task_duration_seconds_count", task="tests.ops.succeeds", outcome="success") >= 1
    assert sample("factcheck_celery_task_failures_total", task="tests.ops.fails", exception="Boom") >= 1


def test_provider_failures_and_webhook_outcomes_are_counted_with_bounded_labels(client, metrics_on):
    metrics.record_provider_failure("factcheck_tools", "timeout")
    metrics.record_provider_failure("library", "HTTP 500: Internal <Server> Error " + "x" * 200)
    metrics.record_webhook_delivery("delivered")
    metrics.record_webhook_delivery("failed")
    assert sample("factcheck_provider_failures_total", provider="factcheck_tools", reason="timeout") >= 1
    assert sample("factcheck_webhook_deliveries_total", outcome="delivered") >= 1
    body = client.get("/metrics").content.decode()
    assert 'factcheck_webhook_deliveries_total{outcome="failed"}' in body
    prefix = 'factcheck_provider_failures_total{provider="library"'
    squeezed = [line for line in body.splitlines() if line.startswith(prefix)]
    assert squeezed and all("<" not in line and len(line) < 120 for line in squeezed)


@pytest.fixture
def redis_broker(settings):
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        require_service(False, f"Redis is not reachable at {TEST_REDIS_URL}")
    client = redis.Redis.from_url(TEST_REDIS_URL)
    client.flushdb()
    settings.CELERY_BROKER_URL = TEST_REDIS_URL
    yield client
    client.flushdb()


def test_queue_lengths_are_read_from_redis_at_scrape_time(client, metrics_on, redis_broker):
    redis_broker.rpush("ingest", "a", "b", "c")
    redis_broker.rpush("ingest\x06\x163", "d")  # kombu's list for priority step 3 of the same queue
    redis_broker.rpush("webhooks", "e")
    body = client.get("/metrics").content.decode()
    assert 'factcheck_queue_length{queue="ingest"} 4.0' in body
    assert 'factcheck_queue_length{queue="evidence"} 0.0' in body
    assert 'factcheck_queue_length{queue="webhooks"} 1.0' in body
    assert "factcheck_broker_up 1.0" in body


def test_an_unreachable_broker_shows_as_down_instead_of_failing_the_scrape(client, metrics_on):
    metrics_on.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/metrics")
    assert response.status_code == 200
    assert "factcheck_broker_up 0.0" in response.content.decode()


def test_multiprocess_mode_adds_up_every_process(tmp_path, monkeypatch):
    # What gunicorn's workers and Celery's prefork children do with PROMETHEUS_MULTIPROC_DIR set:
    # each process writes its own file, a scrape in any of them sums all of them.
    import subprocess
    import sys

    code = (
        "from prometheus_client import Counter; Counter('factcheck_mp_probe', 'probe', ['who']).labels(who='x').inc(2)"
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    assert 'factcheck_mp_probe_total{who="x"} 4.0' in metrics.render_metrics().decode()


def test_a_worker_serves_its_own_metrics_on_the_configured_port(settings):
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.METRICS_ENABLED = True
    settings.WORKER_METRICS_PORT = port
    settings.WORKER_METRICS_ADDRESS = "127.0.0.1"
    succeeds.apply()
    metrics._serve_worker_metrics()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        body = response.read().decode()
    assert 'factcheck_celery_tasks_total{outcome="success",task="tests.ops.succeeds"}' in body


def test_a_worker_serves_nothing_unless_metrics_and_a_port_are_set(settings, monkeypatch):
    started = []
    monkeypatch.setattr("factcheck.metrics.start_http_server", lambda *a, **k: started.append(a))
    settings.METRICS_ENABLED, settings.WORKER_METRICS_PORT = True, 0
    metrics._serve_worker_metrics()
    settings.METRICS_ENABLED, settings.WORKER_METRICS_PORT = False, 9999
    metrics._serve_worker_metrics()
    assert started == []
