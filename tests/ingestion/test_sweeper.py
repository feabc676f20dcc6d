"""The sweeper re-enqueues articles left pending by a broker outage or a dead worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import Article
from claims.services.ingest import articles_requeue_stale
from claims.tasks import sweep_stale
from factcheck.models import ReviewEvent
from factcheck.tasks import requeue_stale_work
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TEXT = "The council spent $4 million on buses last year, the mayor said."


def aged(status: str, seconds: int) -> Article:
    article = ArticleFactory(status=status, text=TEXT, raw=TEXT)
    Article.objects.filter(pk=article.pk).update(status_changed_at=timezone.now() - timedelta(seconds=seconds))
    return article


def test_an_article_queued_longer_than_the_setting_is_processed(settings):
    settings.STALE_PENDING_SECONDS = 60
    stale, fresh = aged(Article.Status.QUEUED, 120), aged(Article.Status.QUEUED, 5)
    assert sweep_stale() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == Article.Status.DONE and stale.claims.exists()
    assert fresh.status == Article.Status.QUEUED


def test_an_article_abandoned_mid_run_past_its_lease_is_restarted(settings):
    abandoned = aged(Article.Status.EXTRACTING, settings.CELERY_TASK_TIME_LIMIT + 120)
    running = aged(Article.Status.EXTRACTING, 10)
    requeue_stale_work()
    abandoned.refresh_from_db()
    running.refresh_from_db()
    assert abandoned.status == Article.Status.DONE and abandoned.attempts == 1
    assert running.status == Article.Status.EXTRACTING
    restarted = ReviewEvent.objects.get(action="article.restarted")
    assert (restarted.actor, restarted.article_id) == (None, abandoned.pk)
    assert restarted.before == {"status": "extracting"} and restarted.after == {"status": "queued"}


def test_only_one_sweeper_takes_a_stale_article(settings):
    settings.STALE_PENDING_SECONDS = 60
    stale = aged(Article.Status.FETCHING, settings.CELERY_TASK_TIME_LIMIT + 120)
    assert articles_requeue_stale() == [stale.pk]
    assert articles_requeue_stale() == []  # touched: the next sweep waits again
    assert ReviewEvent.objects.filter(action="article.restarted").count() == 1


def test_the_longest_task_wait_stays_below_the_visibility_timeout(settings):
    from factcheck.tasks import longest_wait_seconds

    assert longest_wait_seconds() < settings.CELERY_VISIBILITY_TIMEOUT
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == settings.CELERY_VISIBILITY_TIMEOUT
