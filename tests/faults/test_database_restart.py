"""Workers recover from a PostgreSQL restart without being restarted themselves.

Celery's Django fixup opens a fresh connection for every task, so a restart *between* tasks
costs nothing. The hard case is a restart *during* a task: its next query fails on a dead
connection. The ingest task treats that as transient and retries with backoff; the retry
resumes its own claimed run and the article finishes once.
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.db import connection
from django.utils import timezone

from claims.models import Article
from tests.localsite import Page, local_site
from tests.services.conftest import client_app
from tests.waiting import wait_until

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def drop_other_connections() -> int:
    """What a PostgreSQL restart does to every other process: their connections die."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def test_a_task_whose_database_connection_dies_mid_run_retries_and_finishes_once(postgres, throwaway_redis, workers):
    body = (FIXTURES / "transit-budget.html").read_bytes()
    hold = threading.Event()
    with local_site() as site:
        url = site.serve("/restart", [Page(body=body, hold=hold), Page(body=body)])
        article = Article.objects.create(
            source=Article.Source.URL,
            url=url,
            canonical_url=url,
            status=Article.Status.QUEUED,
            status_changed_at=timezone.now(),
        )
        workers.start(
            throwaway_redis.url,
            FETCH_ALLOW_PRIVATE_ADDRESSES="1",
            EVIDENCE_AUTO_THRESHOLD="2",
            FETCH_ALLOWED_PORTS=f"80,443,{site.port}",
            FETCH_READ_TIMEOUT="60",
        )
        client_app(throwaway_redis.url).send_task("claims.tasks.ingest_article", args=[article.pk], queue="ingest")
        # The task has claimed the article (a query on its connection) and now waits on the page.
        wait_until(lambda: site.hits == ["/restart"], timeout=30, message="the task never reached the fetch")
        assert drop_other_connections() >= 1
        hold.set()
        wait_until(
            lambda: Article.objects.get(pk=article.pk).status in {"done", "failed"},
            timeout=90,
            message=f"the article did not finish:\n{workers.logs()[-3000:]}",
        )

    article.refresh_from_db()
    logs = workers.logs()
    assert article.status == Article.Status.DONE, article.error
    assert "retry" in logs.lower()  # the dead connection was met, and retried rather than failed
    assert article.attempts == 2
    spans = list(article.claims.values_list("start", "end"))
    assert spans and len(spans) == len(set(spans))
    assert article.events.filter(action="article.ingested").count() == 1
