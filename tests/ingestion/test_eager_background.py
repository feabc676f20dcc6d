"""Without a broker, a submission answers at once and its ingestion runs after the response."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

import claims.tasks
from claims.models import Article
from tests.factories import UserFactory
from tests.waiting import wait_until

# Transactional: the submission commits, and the background thread reads what it committed.
pytestmark = pytest.mark.django_db(transaction=True)

DEMO_TEXT = (Path(__file__).resolve().parents[2] / "claims/demo/us-japan-alliance.txt").read_text(encoding="utf-8")


@pytest.fixture
def held_ingest(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Ingestion waits for the returned event, so a test can look at the page while it waits."""
    release = threading.Event()
    real = claims.tasks.article_ingest

    def held(article_id: int, *, task_id: str = "") -> Any:
        assert release.wait(30), "the test never released the ingestion"
        return real(article_id, task_id=task_id)

    monkeypatch.setattr(claims.tasks, "article_ingest", held)
    return release


def test_an_eager_submission_answers_before_ingestion_and_the_progress_is_real(
    settings: Any, held_ingest: threading.Event
) -> None:
    settings.EAGER_TASKS_IN_BACKGROUND = True
    assert settings.CELERY_TASK_ALWAYS_EAGER
    client = Client()
    client.force_login(UserFactory(role="fact-checker"))
    response = client.post(reverse("claims:submit"), {"text": DEMO_TEXT})
    assert response.status_code == 303
    article = Article.objects.get()
    assert article.status == Article.Status.QUEUED, "the request waited for the ingestion"
    assert "hx-trigger" in client.get(reverse("claims:article-progress", args=[article.pk])).content.decode()
    held_ingest.set()
    # The test database is SQLite in shared-cache memory, where a read during the thread's writes
    # is refused rather than waited for (the real database uses WAL): wait for the thread first.
    wait_until(
        lambda: not any(t.name.startswith("eager ") for t in threading.enumerate()),
        timeout=60,
        message="the background ingestion did not finish",
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    assert "hx-trigger" not in client.get(reverse("claims:article-progress", args=[article.pk])).content.decode()
    assert article.claims.exists()


def test_with_the_setting_off_eager_work_runs_inside_the_request(settings: Any) -> None:
    settings.EAGER_TASKS_IN_BACKGROUND = False
    client = Client()
    client.force_login(UserFactory(role="fact-checker"))
    client.post(reverse("claims:submit"), {"text": DEMO_TEXT})
    assert Article.objects.get().status == Article.Status.DONE
