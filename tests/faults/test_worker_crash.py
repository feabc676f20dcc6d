"""1. A worker process is SIGKILLed in the middle of an ingest task: the article still finishes, once."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

from django.utils import timezone

from claims.models import Article
from tests.faults.conftest import child_pids
from tests.localsite import Page, local_site
from tests.services.conftest import client_app
from tests.waiting import wait_until

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def test_a_killed_worker_process_leaves_the_article_to_finish_once(postgres, throwaway_redis, workers):
    body = (FIXTURES / "transit-budget.html").read_bytes()
    hold = threading.Event()
    with local_site() as site:
        # The first fetch hangs until the test lets it go: that is where the worker dies.
        url = site.serve("/breaking", [Page(body=body, hold=hold), Page(body=body)])
        article = Article.objects.create(
            source=Article.Source.URL,
            url=url,
            canonical_url=url,
            status=Article.Status.QUEUED,
            status_changed_at=timezone.now(),
        )
        worker = workers.start(
            throwaway_redis.url,
            FETCH_ALLOW_PRIVATE_ADDRESSES="1",
            FETCH_ALLOWED_PORTS=f"80,443,{site.port}",
            FETCH_READ_TIMEOUT="60",
        )
        client_app(throwaway_redis.url).send_task("claims.tasks.ingest_article", args=[article.pk], queue="ingest")
        wait_until(lambda: site.hits == ["/breaking"], timeout=30, message="the task never reached the fetch")
        assert Article.objects.get(pk=article.pk).status == Article.Status.FETCHING
        (child,) = child_pids(worker.pid)
        os.kill(child, signal.SIGKILL)
        hold.set()
        wait_until(
            lambda: Article.objects.get(pk=article.pk).status in {"done", "failed"},
            timeout=60,
            message=f"the article did not finish after the crash:\n{workers.logs()[-3000:]}",
        )

    article.refresh_from_db()
    assert article.status == Article.Status.DONE, article.error
    assert article.attempts == 2 and len(site.hits) == 2
    spans = list(article.claims.values_list("start", "end"))
    assert spans and len(spans) == len(set(spans))
    assert article.claims.filter(text__contains="740 million").count() == 1
    assert article.events.filter(action="article.ingested").count() == 1
