"""A real Celery worker against Redis: results come back, transient failures are retried."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.services


def test_a_real_worker_runs_a_task_and_returns_its_result(celery_worker):
    client, _ = celery_worker
    result = client.send_task("tests.worker_tasks.flaky_add", args=[2, 3, f"k-{uuid.uuid4().hex}", 0], queue="ingest")
    assert result.get(timeout=30) == {"sum": 5, "attempts": 1, "retries": 0}


def test_a_transient_failure_is_retried_until_it_succeeds(celery_worker):
    client, _ = celery_worker
    result = client.send_task("tests.worker_tasks.flaky_add", args=[20, 22, f"k-{uuid.uuid4().hex}", 2], queue="ingest")
    assert result.get(timeout=60) == {"sum": 42, "attempts": 3, "retries": 2}
