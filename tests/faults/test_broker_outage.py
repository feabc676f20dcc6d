"""2. Redis is down when articles are submitted: each request succeeds, and the work is done later."""

from __future__ import annotations

from django.db import transaction

from claims.models import Article
from claims.services.articles import article_submit
from tests.factories import UserFactory
from tests.waiting import wait_until

TEXTS = [
    "The city council approved a $12 million budget for new buses on Tuesday, the mayor said.",
    "Unemployment in the region fell from 6.1% to 4.8% over the past year, according to the statistics office.",
    "The hospital treated 3,400 patients in its emergency ward last month, a spokesperson said.",
]


def test_articles_submitted_while_redis_is_down_are_all_processed_once_it_is_back(
    postgres, throwaway_redis, workers, publishing_to, settings
):
    user = UserFactory(username="desk", role="fact-checker")
    publishing_to(throwaway_redis.url)
    throwaway_redis.stop()

    ids = []
    for text in TEXTS:
        with transaction.atomic():  # one request each; the enqueue happens at commit
            result = article_submit(user=user, text=text)
        assert result.created
        ids.append(result.article.pk)
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"queued"}

    throwaway_redis.start()
    # A worker starting up sweeps for work left pending (STALE_PENDING_SECONDS=1 for the test).
    workers.start(throwaway_redis.url, STALE_PENDING_SECONDS="1")
    wait_until(
        lambda: set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"done"},
        timeout=60,
        message=f"not all articles finished:\n{workers.logs()[-3000:]}",
    )
    for article in Article.objects.filter(pk__in=ids):
        assert article.attempts == 1 and article.claims.count() >= 1
