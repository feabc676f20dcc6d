"""Webhook subscriptions and deliveries: create, change, rotate the secret, delete, send a test
event, redeliver; and turning a workbench event into one delivery per subscribed endpoint.

Target URLs pass the fetcher's address checks (``factcheck.fetching.check_url``) when saved and
again at every delivery (see :mod:`factcheck.webhooks.delivery`).
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction

from factcheck import clock, roles
from factcheck.errors import DomainError, ErrorKind, Forbidden
from factcheck.fetching import FetchError, FetchPolicy, UnsafeURLError, check_url
from factcheck.models import WebhookDelivery, WebhookSubscription
from factcheck.tasks import enqueue_on_commit
from factcheck.webhooks.signing import new_secret

EVENT_TYPES = tuple(WebhookSubscription.Event.values)
TEST_EVENT = "webhook.test"
ROTATION_OVERLAP = timedelta(hours=24)
MAX_SUBSCRIPTIONS_PER_OWNER = 25


@dataclass(frozen=True)
class SubscriptionWithSecret:
    subscription: WebhookSubscription
    secret: str  # shown once


def _require_manager(user: Any) -> None:
    if not roles.can_manage_webhooks(user):
        raise Forbidden("Only admins can manage webhooks.")


def _require_owner(subscription: WebhookSubscription, user: Any) -> None:
    _require_manager(user)
    if not roles.can_change_subscription(user, subscription):
        # Someone else's subscription is not even acknowledged to exist.
        raise DomainError("No such webhook subscription.", kind=ErrorKind.NOT_FOUND)


def webhook_url_check(url: str) -> str:
    """The target URL, stripped, if the fetcher's address policy allows it; else a DomainError on ``url``."""
    url = (url or "").strip()
    if len(url) > 2000:
        raise DomainError("The URL is longer than 2,000 characters.", field="url")
    try:
        check_url(url, FetchPolicy.from_settings())
    except UnsafeURLError as exc:
        raise DomainError(exc.reason, field="url") from None
    except FetchError as exc:
        raise DomainError(f"The address cannot be used: {exc.reason}", field="url") from None
    return url


def webhook_events_check(events: list[str]) -> list[str]:
    """The chosen event types, sorted and without repeats; a DomainError on ``events`` if unknown or none."""
    chosen = sorted(set(events or []))
    unknown = [e for e in chosen if e not in EVENT_TYPES]
    if unknown:
        raise DomainError(
            f"Unknown event type(s): {', '.join(unknown)}. Choose from {', '.join(EVENT_TYPES)}.", field="events"
        )
    if not chosen:
        raise DomainError("Choose at least one event.", field="events")
    return chosen


@transaction.atomic
def webhook_subscription_create(
    *, user: Any, url: str, events: list[str], description: str = ""
) -> SubscriptionWithSecret:
    _require_manager(user)
    if WebhookSubscription.objects.filter(owner=user).count() >= MAX_SUBSCRIPTIONS_PER_OWNER:
        raise DomainError(f"You have {MAX_SUBSCRIPTIONS_PER_OWNER} subscriptions; delete one first.", field="url")
    secret = new_secret()
    subscription = WebhookSubscription.objects.create(
        owner=user,
        url=webhook_url_check(url),
        events=webhook_events_check(events),
        description=description.strip()[:200],
        secret=secret,
    )
    return SubscriptionWithSecret(subscription, secret)


@transaction.atomic
def webhook_subscription_update(
    *,
    subscription: WebhookSubscription,
    user: Any,
    url: str | None = None,
    events: list[str] | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> WebhookSubscription:
    """Change a subscription; re-enabling one clears why it was disabled."""
    _require_owner(subscription, user)
    if url is not None:
        subscription.url = webhook_url_check(url)
    if events is not None:
        subscription.events = webhook_events_check(events)
    if description is not None:
        subscription.description = description.strip()[:200]
    if is_active is not None:
        subscription.is_active = is_active
        if is_active:
            subscription.disabled_reason = ""
        elif not subscription.disabled_reason:
            subscription.disabled_reason = f"Disabled by {user.get_username()}."
    subscription.save()
    return subscription


@transaction.atomic
def webhook_subscription_rotate_secret(*, subscription: WebhookSubscription, user: Any) -> SubscriptionWithSecret:
    """A new secret; for ROTATION_OVERLAP both the old and the new signature are sent."""
    _require_owner(subscription, user)
    secret = new_secret()
    subscription.previous_secret = subscription.secret
    subscription.previous_secret_expires_at = clock.now() + ROTATION_OVERLAP
    subscription.secret = secret
    subscription.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"])
    return SubscriptionWithSecret(subscription, secret)


@transaction.atomic
def webhook_subscription_delete(*, subscription: WebhookSubscription, user: Any) -> None:
    _require_owner(subscription, user)
    subscription.delete()


def secrets_in_use(subscription: WebhookSubscription) -> list[str]:
    """The secrets to sign with now: the current one, plus the previous during a rotation.

    Empty when the subscription has no secret (a row written around the services): such a
    delivery is refused, never sent unsigned.
    """
    if not subscription.secret:
        return []
    in_use = [subscription.secret]
    if (
        subscription.previous_secret
        and subscription.previous_secret_expires_at
        and subscription.previous_secret_expires_at > clock.now()
    ):
        in_use.append(subscription.previous_secret)
    return in_use


def envelope(*, event_type: str, payload: dict[str, Any], event_id: str) -> dict[str, Any]:
    """The body every endpoint receives (Standard Webhooks' recommended shape)."""
    return {"id": event_id, "type": event_type, "timestamp": clock.now().isoformat(), "data": payload}


def _enqueue(delivery: WebhookDelivery) -> None:
    # Imported here: factcheck.webhooks.tasks imports this module (tasks call services).
    from factcheck.webhooks.tasks import deliver_webhook

    enqueue_on_commit(deliver_webhook, delivery.pk)


@transaction.atomic
def webhook_deliveries_for_event(*, event_type: str, payload: dict[str, Any], event_id: str) -> list[WebhookDelivery]:
    """One pending delivery per active subscription to ``event_type``; each handed to a worker on commit.

    Idempotent per (subscription, event id): the same event announced twice is delivered once.
    """
    body = envelope(event_type=event_type, payload=payload, event_id=event_id)
    created = []
    # JSON containment is not portable to SQLite; the subscription list is small, filter here.
    for subscription in WebhookSubscription.objects.filter(is_active=True).only("id", "events"):
        if event_type not in (subscription.events or []):
            continue
        delivery, was_created = WebhookDelivery.objects.get_or_create(
            subscription_id=subscription.pk,
            event_id=event_id,
            defaults={"event_type": event_type, "payload": body, "next_attempt_at": clock.now()},
        )
        if was_created:
            created.append(delivery)
            _enqueue(delivery)
    return created


@transaction.atomic
def webhook_send_test(*, subscription: WebhookSubscription, user: Any) -> WebhookDelivery:
    """Queue a ``webhook.test`` event to this endpoint alone, even if it is disabled."""
    _require_owner(subscription, user)
    event_id = f"msg_{uuid.uuid4().hex}"
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        event_id=event_id,
        event_type=TEST_EVENT,
        payload=envelope(
            event_type=TEST_EVENT,
            event_id=event_id,
            payload={"message": "A test event from the Factcheck Workbench.", "subscription": subscription.pk},
        ),
        next_attempt_at=clock.now(),
    )
    _enqueue(delivery)
    return delivery


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery, user: Any) -> WebhookDelivery:
    """Send a delivered or failed event again, with the same id, starting the retry schedule afresh."""
    _require_owner(delivery.subscription, user)
    changed = WebhookDelivery.objects.filter(
        pk=delivery.pk, status__in=[WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED]
    ).update(status=WebhookDelivery.Status.PENDING, failures=0, next_attempt_at=clock.now(), last_error="")
    if not changed:
        raise DomainError("The event is still being delivered; wait for it to finish.", kind=ErrorKind.CONFLICT)
    delivery.refresh_from_db()
    _enqueue(delivery)
    return delivery


def on_workbench_event(sender: Any, *, event_type: str, payload: dict[str, Any], event_id: str, **_: Any) -> None:
    """Receiver of :data:`factcheck.events.workbench_event` (runs after the change committed)."""
    # A concurrent receiver of the same event may store it first; it is delivered by that one.
    with contextlib.suppress(IntegrityError):
        webhook_deliveries_for_event(event_type=event_type, payload=payload, event_id=event_id)
