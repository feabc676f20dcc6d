"""Delivering to a local receiver: signatures, retries with backoff, 3xx, 410, Retry-After, timeouts,
the sweeper, and events turning into deliveries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone
from standardwebhooks import Webhook

from claims.models import Citation, Claim
from claims.services import verdict_approve, verdict_submit
from factcheck.events import workbench_event
from factcheck.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from factcheck.webhooks import delivery as delivery_module
from factcheck.webhooks.delivery import attempt_delivery, claim_delivery
from factcheck.webhooks.schedule import RETRY_SCHEDULE_SECONDS
from factcheck.webhooks.services import webhook_deliveries_for_event
from factcheck.webhooks.signing import new_secret
from factcheck.webhooks.tasks import deliver_webhook, sweep_stale
from tests.factories import UserFactory, VerdictFactory
from tests.webhooks.receiver import Answer, Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db: Any) -> Any:
    return UserFactory(username="hookadmin", role="admin")


def _subscription(owner: Any, url: str, events: list[str] | None = None) -> WebhookSubscription:
    return WebhookSubscription.objects.create(
        owner=owner, url=url, secret=new_secret(), events=events or ["verdict.published"]
    )


def _one_delivery(subscription: WebhookSubscription) -> WebhookDelivery:
    [delivery] = webhook_deliveries_for_event(
        event_type="verdict.published", payload={"verdict": {"id": 7}}, event_id="msg_test1"
    )
    assert delivery.subscription_id == subscription.pk
    return delivery


def _time_passes(delivery: WebhookDelivery) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


@pytest.fixture
def ticking_clock() -> Iterator[list[int]]:
    """Each attempt reads a later clock, as attempts minutes apart would."""
    stamps: list[int] = []

    def clock() -> float:
        stamps.append(int(timezone.now().timestamp()) + 60 * len(stamps))
        return float(stamps[-1])

    with mock.patch.object(delivery_module, "clock", clock):
        yield stamps


def _delivered_count(outcome: str) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value("factcheck_webhook_deliveries_total", {"outcome": outcome}) or 0.0


def test_a_delivery_is_signed_and_recorded(receiver: Receiver, owner: Any) -> None:
    subscription = _subscription(owner, receiver.url())
    before = _delivered_count("delivered")
    delivery = attempt_delivery(_one_delivery(subscription).pk)
    assert _delivered_count("delivered") == before + 1  # the outcome reaches /metrics
    assert delivery is not None and delivery.status == WebhookDelivery.Status.DELIVERED
    [request] = receiver.received
    body = Webhook(subscription.secret).verify(request.body, request.headers)
    assert body["type"] == "verdict.published" and body["data"] == {"verdict": {"id": 7}}
    assert request.headers["webhook-id"] == "msg_test1" == body["id"]
    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert (attempt.number, attempt.status_code, attempt.error) == (1, 200, "")


def test_receiver_down_three_times_then_up_gets_the_event_once_with_one_id_and_fresh_timestamps(
    receiver: Receiver, owner: Any, ticking_clock: list[int]
) -> None:
    receiver.answer(Answer(500), Answer(502), Answer(503), Answer(200))
    subscription = _subscription(owner, receiver.url())
    delivery = _one_delivery(subscription)
    delays = []
    for _ in range(3):
        before = timezone.now()
        state = attempt_delivery(delivery.pk)
        assert state is not None and state.status == WebhookDelivery.Status.PENDING
        delays.append((state.next_attempt_at - before).total_seconds())
        _time_passes(delivery)
    final = attempt_delivery(delivery.pk)
    assert final is not None and final.status == WebhookDelivery.Status.DELIVERED and final.attempts == 4
    for expected, actual in zip(RETRY_SCHEDULE_SECONDS[:3], delays, strict=True):
        assert expected * 0.85 <= actual <= expected * 1.15
    assert {r.headers["webhook-id"] for r in receiver.received} == {"msg_test1"}
    timestamps = [int(r.headers["webhook-timestamp"]) for r in receiver.received]
    assert timestamps == ticking_clock and len(set(timestamps)) == 4
    last = receiver.received[-1]
    signature = last.headers["webhook-signature"]
    assert signature != receiver.received[0].headers["webhook-signature"]
    with mock.patch("standardwebhooks.webhooks.datetime") as frozen:  # verify at the last attempt's time
        from datetime import UTC, datetime

        frozen.now.return_value = datetime.fromtimestamp(timestamps[-1], tz=UTC)
        frozen.fromtimestamp = datetime.fromtimestamp
        Webhook(subscription.secret).verify(last.body, last.headers)
    assert list(WebhookAttempt.objects.filter(delivery=delivery).values_list("status_code", flat=True)) == [
        500,
        502,
        503,
        200,
    ]


def test_a_redirect_is_a_failure_and_is_not_followed(receiver: Receiver, owner: Any) -> None:
    receiver.answer(Answer(302, {"Location": receiver.url("/elsewhere")}))
    delivery = attempt_delivery(_one_delivery(_subscription(owner, receiver.url())).pk)
    assert delivery is not None and delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.last_status_code == 302 and "redirects are not followed" in delivery.last_error
    assert [r.path for r in receiver.received] == ["/hook"]


def test_410_disables_the_subscription(receiver: Receiver, owner: Any) -> None:
    receiver.answer(Answer(410))
    subscription = _subscription(owner, receiver.url())
    before = _delivered_count("disabled")
    delivery = attempt_delivery(_one_delivery(subscription).pk)
    assert _delivered_count("disabled") == before + 1
    assert delivery is not None and delivery.status == WebhookDelivery.Status.FAILED
    subscription.refresh_from_db()
    assert not subscription.is_active and "410" in subscription.disabled_reason
    assert webhook_deliveries_for_event(event_type="verdict.published", payload={}, event_id="msg_later") == []


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(receiver: Receiver, owner: Any, status: int) -> None:
    receiver.answer(Answer(status, {"Retry-After": "120"}))
    before = timezone.now()
    delivery = attempt_delivery(_one_delivery(_subscription(owner, receiver.url())).pk)
    assert delivery is not None and delivery.next_attempt_at is not None
    assert 119 <= (delivery.next_attempt_at - before).total_seconds() <= 122


def test_a_slow_endpoint_times_out_and_is_retried(receiver: Receiver, owner: Any) -> None:
    receiver.answer(Answer(200, delay=1.5))
    with mock.patch.object(delivery_module, "TIMEOUT_SECONDS", 0.3):
        delivery = attempt_delivery(_one_delivery(_subscription(owner, receiver.url())).pk)
    assert delivery is not None and delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.last_status_code is None and "No answer within" in delivery.last_error


def test_after_the_last_retry_the_delivery_fails_with_a_reason(receiver: Receiver, owner: Any) -> None:
    receiver.answer(Answer(500))
    delivery = _one_delivery(_subscription(owner, receiver.url()))
    WebhookDelivery.objects.filter(pk=delivery.pk).update(failures=len(RETRY_SCHEDULE_SECONDS), attempts=9)
    final = attempt_delivery(delivery.pk)
    assert final is not None and final.status == WebhookDelivery.Status.FAILED
    assert final.last_error.startswith("Gave up after 10 attempts") and final.next_attempt_at is None


def test_the_address_is_checked_again_at_delivery(receiver: Receiver, owner: Any, settings: Any) -> None:
    delivery = _one_delivery(_subscription(owner, receiver.url()))
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False  # the name now points somewhere private
    state = attempt_delivery(delivery.pk)
    assert state is not None and state.status == WebhookDelivery.Status.PENDING
    assert receiver.received == [] and "127.0.0.1" in state.last_error


def test_only_one_worker_gets_a_delivery(receiver: Receiver, owner: Any) -> None:
    delivery = _one_delivery(_subscription(owner, receiver.url()))
    assert claim_delivery(delivery.pk) is not None
    assert claim_delivery(delivery.pk) is None  # held: a duplicate task does nothing
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert claim_delivery(delivery.pk) is not None  # the lease ran out: the worker died, try again


def test_short_retries_are_countdowns_long_ones_wait_for_the_sweeper(
    receiver: Receiver, owner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    receiver.answer(Answer(500))
    delivery = _one_delivery(_subscription(owner, receiver.url()))
    with mock.patch.object(deliver_webhook, "apply_async") as publish:
        with django_capture_on_commit_callbacks(execute=True):
            attempt_delivery(delivery.pk)
        assert publish.call_count == 1 and 4 <= publish.call_args.kwargs["countdown"] <= 6
        _time_passes(delivery)
        with django_capture_on_commit_callbacks(execute=True):
            attempt_delivery(delivery.pk)
        assert publish.call_count == 1  # five minutes: no message waits in Redis that long
        assert sweep_stale() == 0  # not due yet
        _time_passes(delivery)
        assert sweep_stale() == 1
        assert publish.call_args.kwargs["args"] == (delivery.pk,)


def test_an_event_makes_one_delivery_per_matching_active_subscription(
    owner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    wanted = _subscription(owner, "https://hooks.example/a", ["verdict.published", "claim.created"])
    _subscription(owner, "https://hooks.example/b", ["article.ingested"])
    off = _subscription(owner, "https://hooks.example/c")
    WebhookSubscription.objects.filter(pk=off.pk).update(is_active=False)
    with mock.patch.object(deliver_webhook, "apply_async") as publish, django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # announced twice, delivered once
            workbench_event.send(sender=None, event_type="verdict.published", payload={"x": 1}, event_id="msg_same")
    assert list(WebhookDelivery.objects.values_list("subscription_id", flat=True)) == [wanted.pk]
    assert publish.call_count == 1


def test_publishing_a_verdict_is_announced_after_commit(
    owner: Any, editor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _subscription(owner, "https://hooks.example/a", ["verdict.submitted", "verdict.published"])
    verdict = VerdictFactory()
    Citation.objects.create(verdict=verdict, url="https://budget.example/", title="Budget")
    claim = Claim.objects.get(pk=verdict.claim_id)
    with mock.patch.object(deliver_webhook, "apply_async"), django_capture_on_commit_callbacks(execute=True):
        verdict_submit(claim=claim, user=verdict.author)
        verdict_approve(claim=claim, user=editor)
    types = list(WebhookDelivery.objects.order_by("id").values_list("event_type", flat=True))
    assert types == ["verdict.submitted", "verdict.published"]
    payload = WebhookDelivery.objects.get(event_type="verdict.published").payload
    assert payload["data"]["verdict"]["status"] == "published" and json.dumps(payload)
