"""Fault injection: real workers, a Redis the tests can stop, PostgreSQL row locks.

These run against the machine's real PostgreSQL and Redis (`make test-faults`, and in CI).
Outside CI they skip with the reason when a service is missing; in CI they fail instead.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.db import connection
from django.utils import timezone

from claims.models import Article
from tests.conftest import require_service
from tests.localsite import Page
from tests.services.conftest import client_app, database_url, start_worker, wait_for_worker
from tests.waiting import wait_until


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


@pytest.fixture
def postgres(transactional_db: Any) -> None:
    require_service(
        connection.vendor == "postgresql" and connection.features.has_select_for_update_skip_locked,
        "needs PostgreSQL (SELECT ... FOR UPDATE SKIP LOCKED); set DATABASE_URL=postgres://...",
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayRedis:
    """A redis-server of the test's own, on a free port, that the test may stop and start."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping():
                    return
            except redis.RedisError:
                time.sleep(0.1)
        raise AssertionError("the throw-away redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


@pytest.fixture
def throwaway_redis(tmp_path: Path) -> Iterator[ThrowawayRedis]:
    require_service(shutil.which("redis-server") is not None, "redis-server is not installed")
    server = ThrowawayRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Workers:
    """Real Celery worker processes on the test database, stopped at the end of the test."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, broker: str, **env: str) -> subprocess.Popen[bytes]:

        environ = {"DATABASE_URL": database_url(), "DB_CONN_MAX_AGE": "0", "LOG_LEVEL": "INFO", **env}
        proc = start_worker(
            broker, extra_env=environ, concurrency=1, log_path=self.tmp_path / f"worker-{len(self.procs)}.log"
        )
        self.procs.append(proc)
        wait_for_worker(client_app(broker))
        return proc

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.tmp_path.glob("worker-*.log")))

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    pool = Workers(tmp_path)
    try:
        yield pool
    finally:
        pool.stop_all()


def child_pids(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


@pytest.fixture
def publishing_to() -> Iterator[Any]:
    """Make this process publish to a real broker instead of running tasks eagerly (restored after)."""
    from factcheck.celery import app

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "broker_connection_timeout")}

    def reset_pools() -> None:
        app._pool = None
        app.amqp._producer_pool = None

    def configure(url: str) -> None:
        app.conf.update(task_always_eager=False, broker_url=url, broker_connection_timeout=1.0)
        reset_pools()

    yield configure
    app.conf.update(**saved)
    reset_pools()


def held_page_article(site: Any, path: str, hold: threading.Event) -> Article:
    """A queued URL article whose page on the local test site (a real news page) answers its first
    fetch only once ``hold`` is set, and any second fetch at once; the article as the submit service
    leaves it before its task runs."""
    body = (Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "transit-budget.html").read_bytes()
    url = site.serve(path, [Page(body=body, hold=hold), Page(body=body)])
    return Article.objects.create(
        source=Article.Source.URL,
        url=url,
        canonical_url=url,
        status=Article.Status.QUEUED,
        status_changed_at=timezone.now(),
    )


def ingest_until_the_fetch(
    workers: Workers, broker: str, site: Any, article: Article, path: str, **env: str
) -> subprocess.Popen[bytes]:
    """Start a worker that may fetch from the local test site, queue the article's ingest, and wait
    until the task asks the site for ``path`` (where the test's held page keeps it); the worker."""
    worker = workers.start(
        broker,
        FETCH_ALLOW_PRIVATE_ADDRESSES="1",
        FETCH_ALLOWED_PORTS=f"80,443,{site.port}",
        FETCH_READ_TIMEOUT="60",
        **env,
    )
    client_app(broker).send_task("claims.tasks.ingest_article", args=[article.pk], queue="ingest")
    wait_until(lambda: site.hits == [path], timeout=30, message="the task never reached the fetch")
    return worker


def wait_for_the_article(article: Article, workers: Workers, *, timeout: float, failure: str) -> None:
    """Wait until the article is done or failed; on a timeout, ``failure`` and the workers' log tail."""
    wait_until(
        lambda: Article.objects.get(pk=article.pk).status in {"done", "failed"},
        timeout=timeout,
        message=f"{failure}:\n{workers.logs()[-3000:]}",
    )
