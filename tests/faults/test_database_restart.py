"""Workers recover from dropped database connections (a PostgreSQL restart) without a restart."""

from __future__ import annotations

from celery import Celery
from django.db import connection
from django.utils import timezone

from claims.models import Article
from tests.faults.conftest import wait_until

TEXT = "The port handled 1.2 million containers last year, up from 900,000, the harbour authority said."


def queued_article(text: str) -> Article:
    return Article.objects.create(source=Article.Source.TEXT, raw=text, text=text, status=Article.Status.QUEUED,
                                  status_changed_at=timezone.now())


def drop_other_connections() -> int:
    """What a PostgreSQL restart does to every other process: their connections die."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def test_a_worker_keeps_working_after_its_database_connections_are_killed(postgres, throwaway_redis, workers):
    workers.start(throwaway_redis.url, DB_CONN_MAX_AGE="600")  # keep connections, as in production
    sender = Celery(broker=throwaway_redis.url)
    first = queued_article(TEXT)
    sender.send_task("claims.tasks.ingest_article", args=[first.pk], queue="ingest")
    wait_until(lambda: Article.objects.get(pk=first.pk).status == "done", timeout=60,
               message=f"first article not done:\n{workers.logs()[-2000:]}")

    assert drop_other_connections() >= 1

    second = queued_article(TEXT.replace("1.2 million", "1.5 million"))
    sender.send_task("claims.tasks.ingest_article", args=[second.pk], queue="ingest")
    wait_until(lambda: Article.objects.get(pk=second.pk).status == "done", timeout=60,
               message=f"the worker did not recover:\n{workers.logs()[-3000:]}")
    assert Article.objects.get(pk=second.pk).attempts == 1
    # Recovered by the health check before the task's first query, not by failing and retrying.
    logs = workers.logs()
    assert "OperationalError" not in logs and "retry" not in logs.lower()
