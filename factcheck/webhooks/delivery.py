"""One delivery attempt: claim the delivery, check the address again, POST the signed body,
record the attempt, and decide what happens next.

* 2xx: delivered. 3xx: a failure (redirects are never followed). 410 Gone: the subscription
  is disabled and the delivery stops. 429 and 503 with ``Retry-After``: the next attempt waits
  that long (at most a day). Anything else, a timeout or a refused address: the next step of
  :data:`~factcheck.webhooks.schedule.RETRY_SCHEDULE_SECONDS`, then failed for good.
* Every attempt uses the same ``webhook-id`` and a fresh ``webhook-timestamp`` and signature.
* Retries longer than :data:`SHORT_RETRY_SECONDS` are not Celery countdowns (Redis would
  redeliver a message that waits past its visibility timeout): the delivery keeps
  ``next_attempt_at`` and the beat sweeper enqueues it when due.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import requests
from django.db import transaction
from django.db.models import F, Q

from factcheck.clock import now as clock_now
from factcheck.fetching import FetchError, FetchPolicy, open_session, parse_retry_after
from factcheck.fetching.targets import check_target, parse_target
from factcheck.metrics import record_webhook_delivery
from factcheck.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from factcheck.tasks import enqueue_on_commit
from factcheck.webhooks import signing
from factcheck.webhooks.schedule import next_delay
from factcheck.webhooks.services import secrets_in_use

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 15.0
# An attempt owns its delivery this long; a worker killed mid-attempt leaves it to the sweeper after.
LEASE = timedelta(seconds=TIMEOUT_SECONDS * 2 + 30)
SHORT_RETRY_SECONDS = 60.0
MAX_RETRY_AFTER = 24 * 60 * 60.0
ERROR_MAX_CHARS = 500


def clock() -> float:
    """Seconds since the epoch; the tests move it to show each attempt gets a fresh timestamp."""
    return time.time()


@dataclass(frozen=True)
class AttemptResult:
    status_code: int | None
    error: str
    retry_after: float | None
    duration_ms: int


def claim_delivery(delivery_id: int) -> WebhookDelivery | None:
    """Take the delivery for one attempt, or None if it is not due or someone else holds it.

    A conditional UPDATE: of two workers handed the same delivery (a countdown task and the
    sweeper, or a redelivered message) exactly one gets it.
    """
    now = clock_now()
    due = Q(status=WebhookDelivery.Status.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    lease_expired = Q(status=WebhookDelivery.Status.SENDING, next_attempt_at__lte=now)
    changed = WebhookDelivery.objects.filter(due | lease_expired, pk=delivery_id).update(
        status=WebhookDelivery.Status.SENDING, next_attempt_at=now + LEASE, attempts=F("attempts") + 1
    )
    if not changed:
        return None
    return WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)


def _post(url: str, *, body: str, headers: dict[str, str]) -> AttemptResult:
    policy = replace(FetchPolicy.from_settings(), read_timeout=TIMEOUT_SECONDS, total_timeout=TIMEOUT_SECONDS)
    started = time.monotonic()

    def result(status_code: int | None, error: str, retry_after: float | None = None) -> AttemptResult:
        return AttemptResult(
            status_code, error[:ERROR_MAX_CHARS], retry_after, int((time.monotonic() - started) * 1000)
        )

    try:
        target = parse_target(url, policy)
        check_target(target, policy)  # again at every delivery: the name may resolve elsewhere now
        with open_session(policy) as session:
            response = session.post(
                target.url,
                data=body.encode(),
                headers=headers,
                allow_redirects=False,
                stream=True,
                timeout=(policy.connect_timeout, TIMEOUT_SECONDS),
                proxies={},
            )
            response.close()  # the body is not read: only the status counts
    except FetchError as exc:
        return result(None, exc.reason)
    except requests.Timeout:
        return result(None, f"No answer within {TIMEOUT_SECONDS:g} seconds.")
    except requests.RequestException as exc:
        return result(None, f"Could not connect: {type(exc).__name__}.")
    code = response.status_code
    if 200 <= code < 300:
        return result(code, "")
    if 300 <= code < 400:
        return result(code, f"HTTP {code}: redirects are not followed; register the final address.")
    retry_after = parse_retry_after(response.headers.get("Retry-After")) if code in (429, 503) else None
    return result(code, f"HTTP {code} {response.reason or ''}".strip(), retry_after)


def attempt_delivery(delivery_id: int) -> WebhookDelivery | None:
    """Make one attempt if the delivery is due; returns the delivery as left, or None if not ours."""
    delivery = claim_delivery(delivery_id)
    if delivery is None:
        return None
    subscription = delivery.subscription
    if not subscription.is_active and delivery.event_type != "webhook.test":
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.FAILED,
            next_attempt_at=None,
            last_error=f"Not sent: the subscription is disabled. {subscription.disabled_reason}".strip(),
        )
        delivery.refresh_from_db()
        return delivery
    secrets = secrets_in_use(subscription)
    if not secrets:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.FAILED,
            next_attempt_at=None,
            last_error="Not sent: the subscription has no signing secret, and deliveries are never sent "
            "unsigned. Rotate its secret, then redeliver.",
        )
        record_webhook_delivery("refused_unsigned")
        delivery.refresh_from_db()
        return delivery
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False)
    headers = signing.headers(secrets_in_use=secrets, msg_id=delivery.event_id, timestamp=int(clock()), body=body)
    headers["User-Agent"] = "FactcheckWorkbench-Webhooks/1.0"
    outcome = _post(subscription.url, body=body, headers=headers)
    _record(delivery, subscription, outcome)
    delivery.refresh_from_db()
    return delivery


@transaction.atomic
def _record(delivery: WebhookDelivery, subscription: WebhookSubscription, outcome: AttemptResult) -> None:
    now = clock_now()
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        status_code=outcome.status_code,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
    )
    common: dict[str, Any] = {"last_status_code": outcome.status_code, "last_error": outcome.error}
    code = outcome.status_code
    if code is not None and 200 <= code < 300:
        _finish(delivery, status=WebhookDelivery.Status.DELIVERED, delivered_at=now, next_attempt_at=None, **common)
        record_webhook_delivery("delivered")
        return
    if code == 410:
        reason = f"The endpoint answered 410 Gone on {now:%Y-%m-%d %H:%M} UTC; deliveries stopped."
        WebhookSubscription.objects.filter(pk=subscription.pk).update(is_active=False, disabled_reason=reason)
        _finish(delivery, status=WebhookDelivery.Status.FAILED, next_attempt_at=None, **common)
        record_webhook_delivery("disabled")
        return
    failures = delivery.failures + 1
    delay = next_delay(failures)
    if delay is None:
        common["last_error"] = f"Gave up after {delivery.attempts} attempts. Last: {outcome.error}"[:ERROR_MAX_CHARS]
        _finish(delivery, status=WebhookDelivery.Status.FAILED, failures=failures, next_attempt_at=None, **common)
        record_webhook_delivery("gave_up")
        return
    if outcome.retry_after is not None:
        delay = min(max(outcome.retry_after, 1.0), MAX_RETRY_AFTER)
    _finish(
        delivery,
        status=WebhookDelivery.Status.PENDING,
        failures=failures,
        next_attempt_at=now + timedelta(seconds=delay),
        **common,
    )
    record_webhook_delivery("retrying")
    if delay <= SHORT_RETRY_SECONDS:
        # Imported here: factcheck.webhooks.tasks imports this module (tasks call services).
        from factcheck.webhooks.tasks import deliver_webhook

        enqueue_on_commit(deliver_webhook, delivery.pk, options={"countdown": delay})


def _finish(delivery: WebhookDelivery, **values: Any) -> None:
    # Only the holder of the lease writes the outcome.
    WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.Status.SENDING).update(**values)


def due_delivery_ids(limit: int = 500) -> list[int]:
    now = clock_now()
    return list(
        WebhookDelivery.objects.filter(
            Q(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=WebhookDelivery.Status.SENDING, next_attempt_at__lte=now)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
