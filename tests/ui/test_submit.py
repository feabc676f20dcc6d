"""Submitting articles from the browser, and the progress fragment the page polls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article
from evidence.models import FetchRun
from tests.factories import ArticleFactory, ClaimFactory, FetchRunFactory

pytestmark = pytest.mark.django_db

DEMO_TEXT = (Path(__file__).resolve().parents[2] / "claims/demo/us-japan-alliance.txt").read_text(encoding="utf-8")


def test_pasted_text_is_stored_and_the_page_shows_its_progress(fc_client: Any) -> None:
    response = fc_client.post(reverse("claims:submit"), {"text": DEMO_TEXT, "outlet": "The Washington Times"})
    article = Article.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"{reverse('claims:submit')}?article={article.pk}&received=1"
    page = fc_client.get(response["Location"]).content.decode()
    assert f'id="progress-{article.pk}"' in page
    assert "Article received" in page
    assert article.outlet.name == "The Washington Times"


def test_the_same_text_twice_says_it_is_already_stored(fc_client: Any) -> None:
    fc_client.post(reverse("claims:submit"), {"text": DEMO_TEXT})
    response = fc_client.post(reverse("claims:submit"), {"text": DEMO_TEXT}, follow=True)
    assert Article.objects.count() == 1
    assert "already stored" in response.content.decode()


def test_an_uploaded_html_page_is_read(fc_client: Any) -> None:
    body = b"<p>" + DEMO_TEXT.encode() + b"</p>"
    page = b"<html><head><title>Budget</title></head><body><article>" + body + b"</article></body></html>"
    upload = SimpleUploadedFile("page.html", page, content_type="text/html")
    response = fc_client.post(reverse("claims:submit"), {"html": upload})
    assert response.status_code == 303
    assert Article.objects.get().source == Article.Source.HTML


def test_nothing_given_is_an_error_and_what_was_typed_stays(fc_client: Any) -> None:
    response = fc_client.post(reverse("claims:submit"), {"title": "My title", "outlet": "Daily"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give a web address, paste the text, or upload an HTML file." in html
    assert 'value="My title"' in html and 'value="Daily"' in html
    assert not Article.objects.exists()


def test_a_bad_url_is_shown_on_the_url_field_and_kept(fc_client: Any) -> None:
    response = fc_client.post(reverse("claims:submit"), {"url": "ftp://example.org/x"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a full web address" in html
    assert 'value="ftp://example.org/x"' in html
    # The error sits with the URL field (the service named the field), not at the top of the form.
    assert html.index("Enter a full web address") > html.index('for="id_url"')


def test_two_sources_at_once_are_refused(fc_client: Any) -> None:
    response = fc_client.post(reverse("claims:submit"), {"url": "https://example.org/a", "text": "Some text."})
    assert response.status_code == 400
    assert "Give only one of" in response.content.decode()


def _progress(client: Any, article: Article) -> str:
    response = client.get(reverse("claims:article-progress", args=[article.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_progress_polls_while_queued_and_stops_when_failed(fc_client: Any) -> None:
    article = ArticleFactory(status=Article.Status.QUEUED, source=Article.Source.URL, url="https://example.org/a")
    assert "hx-trigger" in _progress(fc_client, article)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FETCHING)
    assert "Fetching the page" in _progress(fc_client, article)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FAILED, error="The server answered 404.")
    html = _progress(fc_client, article)
    assert "The server answered 404." in html
    assert "hx-trigger" not in html


def test_progress_counts_claims_and_evidence_runs(fc_client: Any) -> None:
    article = ArticleFactory(status=Article.Status.DONE)
    first, second = ClaimFactory(article=article), ClaimFactory(article=article)
    FetchRunFactory(claim=first, status=FetchRun.Status.SUCCEEDED)
    FetchRunFactory(claim=first, status=FetchRun.Status.FAILED, provider="wikipedia")
    FetchRunFactory(claim=second, status=FetchRun.Status.RUNNING)
    html = _progress(fc_client, article)
    assert 'data-claims="2"' in html
    assert "2 of 3 provider look-ups finished" in html
    assert "1 failed" in html
    assert "hx-trigger" in html  # still gathering
    FetchRun.objects.filter(status=FetchRun.Status.RUNNING).update(status=FetchRun.Status.SUCCEEDED)
    assert "hx-trigger" not in _progress(fc_client, article)


def test_progress_costs_the_same_queries_for_many_claims(fc_client: Any, django_assert_max_num_queries: Any) -> None:
    article = ArticleFactory(status=Article.Status.DONE)
    for claim in ClaimFactory.create_batch(30, article=article):
        FetchRunFactory(claim=claim, status=FetchRun.Status.SUCCEEDED)
    with django_assert_max_num_queries(8):
        _progress(fc_client, article)


def test_progress_waits_for_gathering_to_start_when_the_article_finishes_first(fc_client: Any, settings: Any) -> None:
    settings.EVIDENCE_AUTO_THRESHOLD = 0.5
    article = ArticleFactory(status=Article.Status.DONE)
    worthy = ClaimFactory(article=article, checkworthiness=0.9)
    ClaimFactory(article=article, checkworthiness=0.1)  # below the threshold: never gathered, never waited for
    html = _progress(fc_client, article)
    assert "hx-trigger" in html, "done before the first provider run exists is not finished"
    assert "starting for 1 more claim" in html
    FetchRunFactory(claim=worthy, status=FetchRun.Status.SUCCEEDED)
    assert "hx-trigger" not in _progress(fc_client, article)


@pytest.mark.parametrize(
    ("text", "fetching", "extracting"),
    [("", "failed", "todo"), ("Read.", "done", "failed")],
    ids=["failed-fetching", "failed-extracting"],
)
def test_a_failure_is_shown_at_the_step_that_failed(fc_client: Any, text: str, fetching: str, extracting: str) -> None:
    article = ArticleFactory(
        status=Article.Status.FAILED, source=Article.Source.URL, url="https://example.org/x", text=text, error="404"
    )
    html = _progress(fc_client, article)
    assert f'<li class="{fetching}">Fetching the page</li>' in html
    assert f'<li class="{extracting}">Extracting claims</li>' in html


def test_the_received_note_is_not_shown_for_a_failed_article(fc_client: Any) -> None:
    article = ArticleFactory(status=Article.Status.FAILED, source=Article.Source.URL, url="https://example.org/f")
    page = fc_client.get(f"{reverse('claims:submit')}?article={article.pk}&received=1").content.decode()
    assert "claims appear below" not in page
    assert "The article could not be read" in page


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://example.org:8080/story", "port"),
        ("ftp://example.org/story", "ftp"),
        ("http://169.254.169.254/latest/meta-data", "169.254.169.254"),
    ],
)
def test_addresses_the_policy_refuses_are_form_errors_not_failed_articles(fc_client: Any, url: str, says: str) -> None:
    response = fc_client.post(reverse("claims:submit"), {"url": url})
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not Article.objects.exists()
