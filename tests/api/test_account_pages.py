"""Account pages: tokens for everyone (key shown once), webhooks for admins (secret shown once,
deliveries with their attempts, test, rotate, enable/disable, redeliver, delete)."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.test import Client

from factcheck.models import ApiToken, WebhookAttempt, WebhookDelivery, WebhookSubscription
from factcheck.webhooks.signing import new_secret
from factcheck.webhooks.tasks import deliver_webhook

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_token_page_creates_a_token_showing_the_key_once_and_revokes_it(factchecker: Any) -> None:
    client = _client(factchecker)
    assert client.get("/account/tokens/").status_code == 200
    page = client.post("/account/tokens/", {"name": "CMS"}).content.decode()
    key = re.search(r'id="new-key">([^<]+)<', page)
    assert key is not None and ApiToken.objects.get().prefix == key.group(1)[:12]
    again = client.get("/account/tokens/").content.decode()
    assert key.group(1) not in again and "CMS" in again
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {key.group(1)}").status_code == 200
    token = ApiToken.objects.get()
    response = client.post(f"/account/tokens/{token.pk}/revoke")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_page_needs_a_login_and_a_name(factchecker: Any) -> None:
    assert Client().get("/account/tokens/").status_code == 302
    page = _client(factchecker).post("/account/tokens/", {"name": ""})
    assert page.status_code == 200 and not ApiToken.objects.exists()


def test_nobody_revokes_someone_elses_token_from_the_page(factchecker: Any, editor: Any) -> None:
    token = ApiToken.objects.create(user=editor, name="x", prefix="fcw_x", key_hash="0" * 64)
    assert _client(factchecker).post(f"/account/tokens/{token.pk}/revoke").status_code == 404


def test_webhook_pages_are_for_admins(editor: Any) -> None:
    assert _client(editor).get("/account/webhooks/").status_code == 403


def test_webhook_page_flow(admin_user: Any) -> None:
    client = _client(admin_user)
    assert client.get("/account/webhooks/").status_code == 200
    refused = client.post("/account/webhooks/", {"url": "http://127.0.0.1/x", "events": ["claim.created"]})
    assert refused.status_code == 200 and not WebhookSubscription.objects.exists()
    with mock.patch("factcheck.webhooks.services.check_url"):
        created = client.post(
            "/account/webhooks/", {"url": "https://hooks.example/in", "events": ["claim.created"]}
        ).content.decode()
    subscription = WebhookSubscription.objects.get()
    assert f'id="new-secret">{subscription.secret}<' in created
    detail_url = f"/account/webhooks/{subscription.pk}/"
    assert subscription.secret not in client.get(detail_url).content.decode()

    with mock.patch.object(deliver_webhook, "apply_async"):
        assert client.post(f"{detail_url}test").status_code == 302
    delivery = WebhookDelivery.objects.get()
    WebhookAttempt.objects.create(delivery=delivery, number=1, status_code=500, error="HTTP 500")
    page = client.get(detail_url).content.decode()
    assert "webhook.test" in page and "HTTP 500" in page

    rotated = client.post(f"{detail_url}rotate").content.decode()
    subscription.refresh_from_db()
    assert subscription.secret in rotated and subscription.previous_secret

    client.post(f"{detail_url}disable")
    subscription.refresh_from_db()
    assert not subscription.is_active
    client.post(f"{detail_url}enable")
    subscription.refresh_from_db()
    assert subscription.is_active

    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed")
    with mock.patch.object(deliver_webhook, "apply_async"):
        client.post(f"{detail_url}deliveries/{delivery.pk}/redeliver")
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert client.post(f"{detail_url}delete").status_code == 302
    assert not WebhookSubscription.objects.exists()


def test_an_admin_cannot_open_another_admins_webhook(admin_user: Any) -> None:
    from tests.factories import UserFactory

    other = UserFactory(username="boss2", role="admin")
    subscription = WebhookSubscription.objects.create(
        owner=other, url="https://hooks.example/", secret=new_secret(), events=["claim.created"]
    )
    assert _client(admin_user).get(f"/account/webhooks/{subscription.pk}/").status_code == 404
