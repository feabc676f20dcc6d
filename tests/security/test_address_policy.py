"""One address policy on every door that takes a URL: article submission (API and form), the
library (fetch_url and the shown url), "Add a source" (API and desk), verdict citations and
webhooks. A loopback, private or metadata address, however it is spelled, is refused with the
fetcher's own sentence, naming the field that was sent, and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Article, Citation, Claim
from evidence.models import EvidenceCandidate, EvidenceDocument
from factcheck.fetching import UnsafeURLError, check_url_without_lookup
from factcheck.models import WebhookSubscription
from factcheck.services.tokens import api_token_create
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

LOOPBACK = ["http://2130706433/", "http://0x7f000001/", "http://127.1/", "http://0/", "http://127.0.0.1/admin/"]
METADATA = ["http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/", "http://metadata/"]
PRIVATE = ["http://10.0.0.5/", "http://[::1]/", "http://192.168.1.1/", "http://intranet.local/"]
REFUSED = LOOPBACK + METADATA + PRIVATE


def _sentence(url: str) -> str:
    with pytest.raises(UnsafeURLError) as refused:
        check_url_without_lookup(url)
    return refused.value.reason


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='t').key}")
    return client


@pytest.mark.parametrize("url", LOOPBACK)
def test_every_spelling_of_loopback_reads_as_loopback(url: str) -> None:
    assert "loopback" in _sentence(url)


@pytest.fixture
def doors(factchecker: Any, editor: Any, admin_user: Any) -> dict[str, Any]:
    """Each door as a function of a URL returning (status, the errors of its field)."""
    claim = ClaimFactory(assignee=factchecker, status=Claim.Status.IN_PROGRESS)
    fc, ed, admin = _api(factchecker), _api(editor), _api(admin_user)

    def article(url: str) -> tuple[int, list[str]]:
        response = fc.post("/api/v1/articles/", {"url": url}, format="json")
        return response.status_code, response.json().get("errors", {}).get("url", [])

    def library_fetch(url: str) -> tuple[int, list[str]]:
        response = ed.post("/api/v1/library/", {"fetch_url": url}, format="json")
        return response.status_code, response.json().get("errors", {}).get("fetch_url", [])

    def library_source(url: str) -> tuple[int, list[str]]:
        response = ed.post("/api/v1/library/", {"text": "Some reference text.", "url": url}, format="json")
        return response.status_code, response.json().get("errors", {}).get("url", [])

    def add_source(url: str) -> tuple[int, list[str]]:
        response = fc.post(f"/api/v1/claims/{claim.pk}/evidence/", {"url": url}, format="json")
        return response.status_code, response.json().get("errors", {}).get("url", [])

    def citation(url: str) -> tuple[int, list[str]]:
        response = fc.post(f"/api/v1/claims/{claim.pk}/verdict", {"citations": [{"url": url}]}, format="json")
        return response.status_code, response.json().get("errors", {}).get("citations", [])

    def webhook(url: str) -> tuple[int, list[str]]:
        response = admin.post("/api/v1/webhooks/", {"url": url, "events": ["verdict.published"]}, format="json")
        return response.status_code, response.json().get("errors", {}).get("url", [])

    return {
        "article": article,
        "library fetch_url": library_fetch,
        "library url": library_source,
        "add a source": add_source,
        "citation": citation,
        "webhook": webhook,
    }


@pytest.mark.parametrize("url", REFUSED)
def test_every_door_refuses_with_the_same_sentence_and_stores_nothing(doors: dict[str, Any], url: str) -> None:
    expected = _sentence(url)
    articles = Article.objects.count()
    for name, door in doors.items():
        status, messages = door(url)
        assert (status, messages) == (400, [expected]), name
    assert Article.objects.count() == articles
    assert not EvidenceDocument.objects.exists()
    assert not EvidenceCandidate.objects.exists()
    assert not Citation.objects.exists()
    assert not WebhookSubscription.objects.exists()


def test_a_public_address_still_goes_through_every_door_that_stores_without_fetching(doors: dict[str, Any]) -> None:
    assert doors["article"]("https://news.example.org/a")[0] == 201
    assert doors["library url"]("https://stats.example.org/t1")[0] == 201
    assert doors["add a source"]("https://stats.example.org/t1")[0] == 201
    assert doors["citation"]("https://stats.example.org/t2")[0] == 201


def test_the_desks_add_a_source_form_refuses_the_same_addresses(factchecker: Any) -> None:
    claim = ClaimFactory(assignee=factchecker, status=Claim.Status.IN_PROGRESS)
    client = Client()
    client.force_login(factchecker)
    for url in ["http://127.0.0.1/x", "http://169.254.169.254/", "http://2130706433/"]:
        response = client.post(
            reverse("claims:add-source", args=[claim.pk]), {"url": url, "title": "T"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 400, url
        assert _sentence(url) in response.content.decode().replace("&ldquo;", "\u201c").replace("&rdquo;", "\u201d")
    assert not EvidenceCandidate.objects.exists()


def test_the_submit_form_and_the_library_form_refuse_them_too(factchecker: Any, editor: Any) -> None:
    client = Client()
    client.force_login(factchecker)
    ClaimFactory()
    articles = Article.objects.count()
    response = client.post(reverse("claims:submit"), {"url": "http://2130706433/"})
    assert "loopback" in response.content.decode()
    client.force_login(editor)
    response = client.post(reverse("evidence:document-add"), {"fetch_url": "http://0x7f000001/"})
    assert "loopback" in response.content.decode()
    assert Article.objects.count() == articles and not EvidenceDocument.objects.exists()
