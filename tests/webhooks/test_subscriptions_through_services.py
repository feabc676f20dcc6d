"""Subscriptions are made only through the services: the admin's form gets a generated secret and
the address policy, and a delivery without a secret is refused, never sent unsigned."""

from __future__ import annotations

from typing import Any

import pytest

from factcheck.models import WebhookDelivery, WebhookSubscription
from factcheck.webhooks.delivery import attempt_delivery
from factcheck.webhooks.services import webhook_deliveries_for_event
from tests.factories import UserFactory
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.django_db

ADD = "/admin/factcheck/webhooksubscription/add/"


@pytest.fixture
def superuser(db: Any) -> Any:
    return UserFactory(username="root", role="admin", is_staff=True, is_superuser=True)


def _form(url: str, **extra: Any) -> dict[str, Any]:
    return {"url": url, "events": ["verdict.published"], "description": "", "is_active": "on", **extra}


def test_adding_in_the_admin_generates_a_secret_and_shows_it_once(
    client: Any, superuser: Any, receiver: Receiver
) -> None:
    client.force_login(superuser)
    response = client.post(ADD, _form(receiver.url()), follow=True)
    assert response.status_code == 200
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret.startswith("whsec_") and subscription.owner == superuser
    assert subscription.secret in response.content.decode()  # the one time it is shown


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://169.254.169.254/latest",
        "http://10.0.0.7/x",
        "http://2130706433/",
        "https://hooks.example:99999/",
        "ftp://hooks.example/",
    ],
)
def test_the_admin_refuses_an_address_the_policy_refuses(client: Any, superuser: Any, url: str) -> None:
    client.force_login(superuser)
    response = client.post(ADD, _form(url))
    assert response.status_code == 200  # the form again, with the error
    assert set(response.context["adminform"].form.errors) == {"url"}
    assert not WebhookSubscription.objects.exists()


def test_changing_the_url_in_the_admin_checks_it_again(
    client: Any, superuser: Any, receiver: Receiver, settings: Any
) -> None:
    client.force_login(superuser)
    client.post(ADD, _form(receiver.url()))
    subscription = WebhookSubscription.objects.get()
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False  # the receiver was allowed only for the add
    response = client.post(
        f"/admin/factcheck/webhooksubscription/{subscription.pk}/change/", _form("http://127.0.0.1:8080/elsewhere")
    )
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"url"}
    subscription.refresh_from_db()
    assert subscription.url == receiver.url()


def test_the_admin_form_has_no_secret_field(client: Any, superuser: Any) -> None:
    client.force_login(superuser)
    page = client.get(ADD).content.decode()
    assert 'name="secret"' not in page and 'name="url"' in page


def test_a_delivery_without_a_secret_is_refused_with_a_reason(receiver: Receiver) -> None:
    owner = UserFactory(username="legacy", role="admin")
    # A row written around the services (as the old admin form did): no secret.
    WebhookSubscription.objects.create(owner=owner, url=receiver.url(), secret="", events=["verdict.published"])
    [delivery] = webhook_deliveries_for_event(
        event_type="verdict.published", payload={"verdict": {"id": 1}}, event_id="msg_unsigned"
    )
    delivery = attempt_delivery(delivery.pk)
    assert delivery is not None and delivery.status == WebhookDelivery.Status.FAILED
    assert "no signing secret" in delivery.last_error and "never sent unsigned" in delivery.last_error
    assert receiver.received == []  # nothing left the building
