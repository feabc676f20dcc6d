"""A URL the canonicaliser cannot read is a 400 with a sentence at every door that takes a URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claims.models import Article
from evidence.models import EvidenceDocument
from factcheck.fetching import canonicalize_url
from factcheck.models import WebhookSubscription

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"

# Ports out of range or not a number, and IPv6 literals that do not close or are not hexadecimal.
BAD_PORTS = [":99999/", ":65536/story", ":-1/", ":80a/"]
UNREADABLE = [f"https://news.example{port}" for port in BAD_PORTS] + ["http://[::1/", "http://[zz]/"]


@pytest.mark.parametrize("url", UNREADABLE)
def test_the_canonicaliser_refuses_with_a_sentence(url: str) -> None:
    with pytest.raises(ValueError) as refused:
        canonicalize_url(url)
    message = str(refused.value)
    assert message[0].isupper() and message.endswith(".") and "'" not in message


def _is_a_sentence_about(body: dict[str, Any], field: str) -> bool:
    messages = body.get("errors", {}).get(field) or body.get(field) or []
    text = " ".join(messages) if isinstance(messages, list) else str(messages)
    return bool(text) and text[0].isupper() and text.rstrip().endswith(".")


@pytest.mark.django_db
@pytest.mark.parametrize("url", UNREADABLE)
def test_submitting_an_article_by_api_is_a_400_naming_the_url(url: str, client_for: Any, factchecker: Any) -> None:
    response = client_for(factchecker).post("/api/v1/articles/", {"url": url}, format="json")
    assert response.status_code == 400, response.content
    assert _is_a_sentence_about(response.json(), "url")
    assert not Article.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", UNREADABLE)
def test_submitting_an_article_on_the_page_shows_a_form_error(url: str, client: Any, factchecker: Any) -> None:
    client.force_login(factchecker)
    response = client.post("/submit/", {"url": url})
    assert response.status_code == 400
    assert b"errorlist" in response.content or b"error" in response.content
    assert not Article.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", UNREADABLE)
def test_fetching_into_the_library_is_a_400(url: str, client_for: Any, editor: Any) -> None:
    response = client_for(editor).post("/api/v1/library/", {"fetch_url": url}, format="json")
    assert response.status_code == 400, response.content
    assert not EvidenceDocument.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", UNREADABLE)
def test_a_webhook_to_an_unreadable_url_is_a_400(url: str, client_for: Any, admin_user: Any) -> None:
    response = client_for(admin_user).post(
        "/api/v1/webhooks/", {"url": url, "events": ["verdict.published"]}, format="json"
    )
    assert response.status_code == 400, response.content
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
def test_an_uploaded_page_naming_an_unreadable_canonical_address_is_stored_without_it(factchecker: Any) -> None:
    from claims.services.articles import article_submit

    page = (FIXTURES / "police-hiring.html").read_text(encoding="utf-8")
    page = page.replace("<head>", '<head><link rel="canonical" href="https://news.example:99999/story">', 1)
    result = article_submit(user=factchecker, html=page.encode())
    assert result.created and result.article.canonical_url == ""
