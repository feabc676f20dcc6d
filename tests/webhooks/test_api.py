"""The webhook endpoints: admins only, each sees their own; secret shown once; rotation; test event;
deliveries with attempts; redeliver."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from standardwebhooks import Webhook

from factcheck.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from factcheck.webhooks.delivery import attempt_delivery
from factcheck.webhooks.tasks import deliver_webhook
from tests.factories import UserFactory
from tests.webhooks.receiver import Answer, Receiver

pytestmark = pytest.mark.django_db

BODY = {"url": "https://hooks.example/in", "events": ["verdict.published"], "description": "CMS"}


@pytest.fixture
def admin2(db: Any) -> Any:
    return UserFactory(username="boss2", role="admin")


def test_only_admins_manage_webhooks(client_for: Any, editor: Any, anon: Any) -> None:
    assert client_for(editor).get("/api/v1/webhooks/").status_code == 403
    assert client_for(editor).post("/api/v1/webhooks/", BODY).status_code == 403
    assert anon.get("/api/v1/webhooks/").status_code == 401


def test_create_shows_the_secret_once(client_for: Any, admin_user: Any, settings: Any) -> None:
    client = client_for(admin_user)
    with mock.patch("factcheck.webhooks.services.check_url"):  # hooks.example does not resolve offline
        created = client.post("/api/v1/webhooks/", BODY)
    assert created.status_code == 201, created.json()
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    assert WebhookSubscription.objects.get().secret == secret
    shown = client.get(f"/api/v1/webhooks/{created.json()['id']}/").json()
    assert "secret" not in shown and shown["events"] == ["verdict.published"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/",
        "ftp://hooks.example/",
        "http://[::1]/x",
        "http://localhost/x",
    ],
)
def test_private_or_odd_addresses_are_refused_at_save(client_for: Any, admin_user: Any, url: str) -> None:
    response = client_for(admin_user).post("/api/v1/webhooks/", {**BODY, "url": url})
    assert response.status_code == 400 and "url" in response.json()["errors"], response.json()


def test_unknown_events_are_refused(client_for: Any, admin_user: Any) -> None:
    response = client_for(admin_user).post("/api/v1/webhooks/", {**BODY, "events": ["verdict.deleted"]})
    assert response.status_code == 400 and "events.0" in response.json()["errors"]


def test_each_admin_sees_only_their_own(client_for: Any, admin_user: Any, admin2: Any, receiver: Receiver) -> None:
    mine = client_for(admin_user).post("/api/v1/webhooks/", {**BODY, "url": receiver.url()}).json()
    other = client_for(admin2)
    assert other.get("/api/v1/webhooks/").json()["results"] == []
    for method, path in (
        ("get", ""),
        ("patch", ""),
        ("delete", ""),
        ("post", "rotate-secret"),
        ("post", "test"),
        ("get", "deliveries/"),
    ):
        response = getattr(other, method)(f"/api/v1/webhooks/{mine['id']}/{path}")
        assert response.status_code == 404, (method, path)


def test_patch_changes_events_and_reenables(client_for: Any, admin_user: Any, receiver: Receiver) -> None:
    client = client_for(admin_user)
    created = client.post("/api/v1/webhooks/", {**BODY, "url": receiver.url()}).json()
    WebhookSubscription.objects.filter(pk=created["id"]).update(is_active=False, disabled_reason="410 Gone")
    patched = client.patch(f"/api/v1/webhooks/{created['id']}/", {"events": ["claim.created"], "is_active": True})
    assert patched.status_code == 200
    assert patched.json()["events"] == ["claim.created"] and patched.json()["disabled_reason"] == ""
    refused = client.patch(f"/api/v1/webhooks/{created['id']}/", {"url": "http://192.168.0.1/"})
    assert refused.status_code == 400 and "url" in refused.json()["errors"]


def test_rotation_returns_a_new_secret_and_both_sign_for_a_while(
    client_for: Any, admin_user: Any, receiver: Receiver
) -> None:
    client = client_for(admin_user)
    created = client.post("/api/v1/webhooks/", {**BODY, "url": receiver.url()}).json()
    rotated = client.post(f"/api/v1/webhooks/{created['id']}/rotate-secret").json()
    assert rotated["secret"] != created["secret"] and rotated["rotating"] is True
    with mock.patch.object(deliver_webhook, "apply_async"):
        delivery = client.post(f"/api/v1/webhooks/{created['id']}/test").json()
    attempt_delivery(delivery["id"])
    [request] = receiver.received
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    for secret in (created["secret"], rotated["secret"]):
        assert Webhook(secret).verify(request.body, request.headers)["type"] == "webhook.test"


def test_test_event_deliveries_attempts_and_redeliver(
    client_for: Any, admin_user: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(admin_user)
    created = client.post("/api/v1/webhooks/", {**BODY, "url": receiver.url()}).json()
    receiver.answer(Answer(500), Answer(204))
    with django_capture_on_commit_callbacks(execute=True):  # eager Celery: the attempt runs on commit
        queued = client.post(f"/api/v1/webhooks/{created['id']}/test")
    assert queued.status_code == 202
    delivery_id = queued.json()["id"]
    deliveries = client.get(f"/api/v1/webhooks/{created['id']}/deliveries/").json()["results"]
    assert deliveries[0]["status"] == "pending" and deliveries[0]["attempt_log"][0]["status_code"] == 500
    busy = client.post(f"/api/v1/webhooks/{created['id']}/deliveries/{delivery_id}/redeliver")
    assert busy.status_code == 409
    WebhookDelivery.objects.filter(pk=delivery_id).update(status="failed")
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"/api/v1/webhooks/{created['id']}/deliveries/{delivery_id}/redeliver")
    assert again.status_code == 202
    detail = client.get(f"/api/v1/webhooks/{created['id']}/deliveries/{delivery_id}/").json()
    assert detail["status"] == "delivered"
    assert [a["status_code"] for a in detail["attempt_log"]] == [500, 204]
    assert {r.headers["webhook-id"] for r in receiver.received} == {detail["event_id"]}


@pytest.mark.parametrize("size", [2, 15])
def test_delivery_list_query_count(
    client_for: Any, admin_user: Any, receiver: Receiver, size: int, django_assert_max_num_queries: Any
) -> None:
    client = client_for(admin_user)
    created = client.post("/api/v1/webhooks/", {**BODY, "url": receiver.url()}).json()
    subscription = WebhookSubscription.objects.get(pk=created["id"])
    for n in range(size):
        delivery = WebhookDelivery.objects.create(
            subscription=subscription, event_id=f"msg_{n}", event_type="verdict.published", payload={}
        )
        WebhookAttempt.objects.create(delivery=delivery, number=1, status_code=500)
    with django_assert_max_num_queries(7):
        body = client.get(f"/api/v1/webhooks/{created['id']}/deliveries/", {"page_size": size}).json()
    assert len(body["results"]) == size and all(d["attempt_log"] for d in body["results"])


def test_delete(client_for: Any, admin_user: Any, receiver: Receiver) -> None:
    client = client_for(admin_user)
    created = client.post("/api/v1/webhooks/", {**BODY, "url": receiver.url()}).json()
    assert client.delete(f"/api/v1/webhooks/{created['id']}/").status_code == 204
    assert not WebhookSubscription.objects.exists()
