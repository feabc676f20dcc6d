"""Real services: Redis and a Celery worker subprocess. Outside CI these skip when Redis is down."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.conftest import require_service
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_available(url: str = REDIS_URL) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="session")
def redis_url() -> str:
    require_service(redis_available(), f"Redis is not reachable at {REDIS_URL}")
    return REDIS_URL


def database_url() -> str:
    """The URL of the database this test runs in (pytest-django's test database), for workers."""
    from django.db import connection

    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def client_app(broker: str, *, backend: str | None = None) -> Any:
    """A Celery app that only sends to (and reads results from) a test broker.

    Not the current app: a plain ``Celery(...)`` makes itself current, and the project's
    ``shared_task`` proxies would then publish to the test broker instead of running eagerly,
    breaking every later test in the process.
    """
    from celery import Celery

    app = Celery("tests-client", broker=broker, backend=backend, set_as_current=False)
    app.conf.task_default_queue = "ingest"
    return app


def start_worker(
    broker: str,
    *,
    extra_env: dict[str, str] | None = None,
    queues: str = "ingest,evidence,webhooks",
    includes: str = "tests.worker_tasks",
    pool: str = "prefork",
    concurrency: int = 1,
    log_path: Path | None = None,
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "worker-test-secret"),
        "PYTHONPATH": str(ROOT),
        **(extra_env or {}),
    }
    cmd = [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-Q", queues, "--include", includes]
    cmd += ["--pool", pool, "--concurrency", str(concurrency), "--loglevel", "INFO"]
    cmd += ["--without-gossip", "--without-mingle", "-n", f"test-{uuid.uuid4().hex[:8]}@%h"]
    out = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_for_worker(app: object, *, timeout: float = 30) -> None:
    wait_until(
        lambda: app.control.ping(timeout=0.5),
        timeout=timeout,
        every=0.3,  # type: ignore[attr-defined]
        message="the Celery worker did not answer a ping in time",
    )


@pytest.fixture
def celery_worker(redis_url: str, tmp_path: Path) -> Iterator[tuple[object, subprocess.Popen[bytes]]]:
    redis.Redis.from_url(redis_url).flushdb()
    client = client_app(redis_url, backend=redis_url)
    proc = start_worker(redis_url, log_path=tmp_path / "worker.log")
    try:
        wait_for_worker(client)
        yield client, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
