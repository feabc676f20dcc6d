"""1. A worker process is SIGKILLed in the middle of an ingest task: the article still finishes, once."""

from __future__ import annotations

import os
import signal
import threading

from claims.models import Article
from tests.faults.conftest import child_pids, held_page_article, ingest_until_the_fetch, wait_for_the_article
from tests.localsite import local_site


def test_a_killed_worker_process_leaves_the_article_to_finish_once(postgres, throwaway_redis, workers):
    hold = threading.Event()
    with local_site() as site:
        # The first fetch hangs until the test lets it go: that is where the worker dies.
        article = held_page_article(site, "/breaking", hold)
        worker = ingest_until_the_fetch(workers, throwaway_redis.url, site, article, "/breaking")
        assert Article.objects.get(pk=article.pk).status == Article.Status.FETCHING
        (child,) = child_pids(worker.pid)
        os.kill(child, signal.SIGKILL)
        hold.set()
        wait_for_the_article(article, workers, timeout=60, failure="the article did not finish after the crash")

    article.refresh_from_db()
    assert article.status == Article.Status.DONE, article.error
    assert article.attempts == 2 and len(site.hits) == 2
    spans = list(article.claims.values_list("start", "end"))
    assert spans and len(spans) == len(set(spans))
    assert article.claims.filter(text__contains="740 million").count() == 1
    assert article.events.filter(action="article.ingested").count() == 1
