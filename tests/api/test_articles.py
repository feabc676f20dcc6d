"""Articles: submit by text, URL or file; duplicates; Idempotency-Key; list, detail, re-ingest."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from claims.models import Article
from factcheck.models import IdempotencyKey
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

TEXT = "The minister said unemployment fell to 3.2 percent in March, the lowest since 1990."


def test_pasted_text_is_stored_and_a_second_submission_returns_the_same_article(
    client_for: Any, factchecker: Any
) -> None:
    client = client_for(factchecker)
    first = client.post("/api/v1/articles/", {"text": TEXT, "outlet": "Daily", "title": "Jobs"})
    assert first.status_code == 201, first.json()
    assert first.json()["created"] is True and first.json()["outlet"]["name"] == "Daily"
    again = client.post("/api/v1/articles/", {"text": TEXT})
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"] and again.json()["created"] is False


def test_an_html_file_is_accepted_as_multipart(client_for: Any, factchecker: Any) -> None:
    page = f"<html><head><title>Jobs</title></head><body><article><p>{TEXT}</p></article></body></html>"
    upload = SimpleUploadedFile("page.html", page.encode(), content_type="text/html")
    response = client_for(factchecker).post("/api/v1/articles/", {"html": upload}, format="multipart")
    assert response.status_code == 201, response.json()
    assert Article.objects.get(pk=response.json()["id"]).source == "html"


@pytest.mark.parametrize(
    "body,field",
    [
        ({}, "url"),
        ({"url": "https://example.org/a", "text": TEXT}, "url"),
        ({"url": "ftp://example.org/a"}, "url"),
        ({"url": "https://user:pw@example.org/a"}, "url"),
        ({"text": TEXT, "published": "yesterday"}, "published"),
    ],
)
def test_bad_submissions_name_the_field(client_for: Any, factchecker: Any, body: dict[str, Any], field: str) -> None:
    response = client_for(factchecker).post("/api/v1/articles/", body)
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()


def test_only_desks_submit_but_nobody_without_a_role_reads(client_for: Any, outsider: Any) -> None:
    assert client_for(outsider).post("/api/v1/articles/", {"text": TEXT}).status_code == 403
    assert client_for(outsider).get("/api/v1/articles/").status_code == 403


def test_same_idempotency_key_and_body_returns_the_first_response(client_for: Any, factchecker: Any) -> None:
    client = client_for(factchecker)
    first = client.post("/api/v1/articles/", {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="k-1")
    Article.objects.filter(pk=first.json()["id"]).update(title="changed since")
    again = client.post("/api/v1/articles/", {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 201
    assert again.json() == first.json()  # the stored response, not a fresh read
    assert again["Idempotent-Replayed"] == "true"
    assert again["Location"] == first["Location"]


def test_same_key_with_another_body_is_422(client_for: Any, factchecker: Any) -> None:
    client = client_for(factchecker)
    client.post("/api/v1/articles/", {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="k-2")
    response = client.post("/api/v1/articles/", {"text": TEXT + " More."}, HTTP_IDEMPOTENCY_KEY="k-2")
    assert response.status_code == 422
    assert "different request" in response.json()["detail"]
    assert Article.objects.count() == 1


def test_a_retry_while_the_first_request_runs_is_409(client_for: Any, factchecker: Any) -> None:
    client = client_for(factchecker)
    client.post("/api/v1/articles/", {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="k-3")
    IdempotencyKey.objects.filter(key="k-3").update(state=IdempotencyKey.State.RUNNING)
    response = client.post("/api/v1/articles/", {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="k-3")
    assert response.status_code == 409 and "still being processed" in response.json()["detail"]


def test_keys_are_per_user(client_for: Any, factchecker: Any, editor: Any) -> None:
    client_for(factchecker).post("/api/v1/articles/", {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="shared")
    other = client_for(editor).post("/api/v1/articles/", {"text": TEXT + " Other."}, HTTP_IDEMPOTENCY_KEY="shared")
    assert other.status_code == 201
    assert IdempotencyKey.objects.filter(key="shared").count() == 2


def test_an_expired_key_is_forgotten(client_for: Any, factchecker: Any) -> None:
    client = client_for(factchecker)
    client.post("/api/v1/articles/", {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="old")
    IdempotencyKey.objects.filter(key="old").update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post("/api/v1/articles/", {"text": TEXT + " New."}, HTTP_IDEMPOTENCY_KEY="old")
    assert response.status_code == 201


def test_a_failed_request_leaves_no_key_so_the_client_can_correct_it(client_for: Any, factchecker: Any) -> None:
    client = client_for(factchecker)
    assert client.post("/api/v1/articles/", {"url": "nonsense"}, HTTP_IDEMPOTENCY_KEY="k-4").status_code == 400
    assert not IdempotencyKey.objects.filter(key="k-4").exists()
    assert client.post("/api/v1/articles/", {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="k-4").status_code == 201


def test_an_unusable_key_is_400(client_for: Any, factchecker: Any) -> None:
    response = client_for(factchecker).post("/api/v1/articles/", {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="x" * 300)
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["errors"]


@pytest.mark.parametrize("size", [3, 30])
def test_article_list_query_count_is_constant(client_for: Any, factchecker: Any, size: int, read_within: Any) -> None:
    for _ in range(size):
        ClaimFactory(article=ArticleFactory(submitted_by=factchecker))
    body = read_within(client_for(factchecker), "/api/v1/articles/", {"page_size": size}, queries=7)
    assert len(body["results"]) == size
    assert body["results"][0]["claim_count"] == 1


def test_article_list_filters_and_search(client_for: Any, factchecker: Any) -> None:
    ArticleFactory(title="Budget day", status=Article.Status.FAILED)
    ArticleFactory(title="Sports")
    client = client_for(factchecker)
    assert [a["title"] for a in client.get("/api/v1/articles/", {"status": "failed"}).json()["results"]] == [
        "Budget day"
    ]
    assert [a["title"] for a in client.get("/api/v1/articles/", {"search": "sport"}).json()["results"]] == ["Sports"]


def test_detail_counts_claims_by_status_and_reingest_queues_it_again(client_for: Any, factchecker: Any) -> None:
    article = ArticleFactory(status=Article.Status.FAILED)
    ClaimFactory(article=article)
    ClaimFactory(article=article, status="dismissed")
    client = client_for(factchecker)
    body = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert body["claims_by_status"] == {"new": 1, "dismissed": 1} and body["claim_count"] == 2
    response = client.post(f"/api/v1/articles/{article.pk}/reingest")
    assert response.status_code == 202
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FETCHING)
    busy = client.post(f"/api/v1/articles/{article.pk}/reingest")
    assert busy.status_code == 409 and busy.json()["errors"] == {"status": ["The article is still being processed."]}
