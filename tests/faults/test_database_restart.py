"""Workers recover from a PostgreSQL restart without being restarted themselves.

Celery's Django fixup opens a fresh connection for every task, so a restart *between* tasks
costs nothing. The hard case is a restart *during* a task: its next query fails on a dead
connection. The ingest task treats that as transient and retries with backoff; the retry
resumes its own claimed run and the article finishes once.
"""

from __future__ import annotations

import threading

from django.db import connection

from claims.models import Article
from tests.faults.conftest import held_page_article, ingest_until_the_fetch, wait_for_the_article
from tests.localsite import local_site


def drop_other_connections() -> int:
    """What a PostgreSQL restart does to every other process: their connections die."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def test_a_task_whose_database_connection_dies_mid_run_retries_and_finishes_once(postgres, throwaway_redis, workers):
    hold = threading.Event()
    with local_site() as site:
        article = held_page_article(site, "/restart", hold)
        # Once it asks for the page, the task has claimed the article (a query on its connection) and waits.
        ingest_until_the_fetch(workers, throwaway_redis.url, site, article, "/restart", EVIDENCE_AUTO_THRESHOLD="2")
        assert drop_other_connections() >= 1
        hold.set()
        wait_for_the_article(article, workers, timeout=90, failure="the article did not finish")

    article.refresh_from_db()
    logs = workers.logs()
    assert article.status == Article.Status.DONE, article.error
    assert "retry" in logs.lower()  # the dead connection was met, and retried rather than failed
    assert article.attempts == 2
    spans = list(article.claims.values_list("start", "end"))
    assert spans and len(spans) == len(set(spans))
    assert article.events.filter(action="article.ingested").count() == 1
