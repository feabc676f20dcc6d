"""URL articles: fetched by the ingest task from a local test server, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.models import Article
from claims.services.articles import article_submit
from claims.tasks import ingest_article
from factcheck.errors import DomainError
from factcheck.models import ReviewEvent
from tests.localsite import Page

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def submit_url(url, user, capture):
    with capture(execute=True):
        return article_submit(user=user, url=url)


def test_a_url_is_fetched_read_and_extracted_through_the_task(site, factchecker, django_capture_on_commit_callbacks):
    url = site.serve("/news/transit", Page(body=(FIXTURES / "transit-budget.html").read_bytes()))
    result = submit_url(url, factchecker, django_capture_on_commit_callbacks)
    article = Article.objects.get(pk=result.article.pk)
    assert article.status == Article.Status.DONE, article.error
    assert article.outlet.name == "The Lakeshore Post" and article.published.isoformat() == "2025-05-14"
    assert article.author == "Hannah Reyes"
    # The page's <link rel=canonical> (same site? no: another host) does not move its identity off-site.
    assert article.canonical_url.startswith("http://127.0.0.1:")
    assert article.claims.filter(text__contains="740 million").exists()
    assert site.hits == ["/news/transit"]


def test_a_windows_1252_page_reads_correctly(site, factchecker, django_capture_on_commit_callbacks):
    body = (FIXTURES / "drought-harvest.html").read_bytes()
    url = site.serve("/drought", Page(body=body, headers={"Content-Type": "text/html; charset=windows-1252"}))
    article = Article.objects.get(pk=submit_url(url, factchecker, django_capture_on_commit_callbacks).article.pk)
    assert article.status == Article.Status.DONE, article.error
    assert "\ufffd" not in article.text and "â€" not in article.text


def test_a_404_fails_at_once_with_a_reason(site, factchecker, django_capture_on_commit_callbacks):
    result = submit_url(site.url("/missing"), factchecker, django_capture_on_commit_callbacks)
    article = Article.objects.get(pk=result.article.pk)
    assert article.status == Article.Status.FAILED and "404" in article.error
    assert article.attempts == 1 and site.hits == ["/missing"]
    assert ReviewEvent.objects.filter(article=article, action="article.failed").exists()


def test_server_errors_are_retried_by_the_fetcher_alone_then_fail_with_a_reason(
    site, factchecker, django_capture_on_commit_callbacks, settings, monkeypatch
):
    """One retry policy: FETCH_MAX_ATTEMPTS tries in all, none added by the task."""
    monkeypatch.setattr("factcheck.fetching.retry.sleep", lambda seconds: None)
    settings.FETCH_MAX_ATTEMPTS = 4
    url = site.serve("/flaky", Page(status=503, body=b"busy", headers={"Content-Type": "text/plain"}))
    article = Article.objects.get(pk=submit_url(url, factchecker, django_capture_on_commit_callbacks).article.pk)
    assert article.status == Article.Status.FAILED
    assert article.error.endswith("(HTTP 503); try again later. (gave up after 4 tries)")
    assert len(site.hits) == 4 and article.attempts == 1


def test_a_server_error_then_success_finishes_in_one_run(
    site, factchecker, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("factcheck.fetching.retry.sleep", lambda seconds: None)
    good = Page(body=(FIXTURES / "transit-budget.html").read_bytes())
    url = site.serve("/recovering", [Page(status=502, body=b"", headers={"Content-Type": "text/plain"}), good])
    article = Article.objects.get(pk=submit_url(url, factchecker, django_capture_on_commit_callbacks).article.pk)
    assert article.status == Article.Status.DONE and article.attempts == 1
    assert len(site.hits) == 2


def test_a_private_address_is_refused_at_submission_with_a_readable_reason(
    factchecker, django_capture_on_commit_callbacks, settings
):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(DomainError) as refused:
        submit_url("http://127.0.0.1/admin", factchecker, django_capture_on_commit_callbacks)
    assert refused.value.field == "url" and "loopback" in refused.value.message
    assert not Article.objects.exists()  # not stored as an article that fails


def test_binary_content_is_refused(site, factchecker, django_capture_on_commit_callbacks):
    url = site.serve("/image", Page(body=b"\x89PNG\r\n", headers={"Content-Type": "image/png"}))
    article = Article.objects.get(pk=submit_url(url, factchecker, django_capture_on_commit_callbacks).article.pk)
    assert article.status == Article.Status.FAILED and "image/png" in article.error


def test_a_page_that_is_the_same_article_as_a_stored_one_fails_naming_it(
    site, factchecker, django_capture_on_commit_callbacks
):
    body = (FIXTURES / "transit-budget.html").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        first = article_submit(user=factchecker, html=body)
    url = site.serve("/copy", Page(body=body))
    article = Article.objects.get(pk=submit_url(url, factchecker, django_capture_on_commit_callbacks).article.pk)
    assert article.status == Article.Status.FAILED and f"#{first.article.pk}" in article.error


def test_running_the_task_again_does_nothing_twice(site, factchecker, django_capture_on_commit_callbacks):
    url = site.serve("/once", Page(body=(FIXTURES / "transit-budget.html").read_bytes()))
    article = Article.objects.get(pk=submit_url(url, factchecker, django_capture_on_commit_callbacks).article.pk)
    claims = article.claims.count()
    assert ingest_article.apply(args=[article.pk]).get() == "nothing_to_do"
    assert article.claims.count() == claims and len(site.hits) == 1
