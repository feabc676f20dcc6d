"""7. A webhook receiver is down for the first three attempts, then up: the event arrives, once.

A real worker delivers; the retries after the first (minutes to hours apart in production) are
brought forward by moving the delivery's due time, as the clock would, and the beat sweeper
hands them to the worker. Every attempt carries the same event id and a fresh timestamp, and the
receiver's own signature check passes on the one that succeeds.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.utils import timezone
from standardwebhooks import Webhook

from factcheck.models import WebhookDelivery, WebhookSubscription
from factcheck.tasks import requeue_stale_work
from factcheck.webhooks.services import webhook_deliveries_for_event
from factcheck.webhooks.signing import new_secret
from tests.factories import UserFactory
from tests.waiting import wait_until
from tests.webhooks.receiver import Answer, running_receiver


def test_a_receiver_down_three_times_then_up_gets_the_event_with_one_id(
    postgres, throwaway_redis, workers, publishing_to
):
    with running_receiver() as receiver:
        receiver.answer(Answer(503), Answer(500), Answer(502), Answer(200))
        owner = UserFactory(username="integrator", role="admin")
        subscription = WebhookSubscription.objects.create(
            owner=owner, url=receiver.url(), secret=new_secret(), events=["verdict.published"]
        )
        workers.start(
            throwaway_redis.url, FETCH_ALLOW_PRIVATE_ADDRESSES="1", FETCH_ALLOWED_PORTS=f"80,443,{receiver.port}"
        )
        publishing_to(throwaway_redis.url)  # the event's delivery task goes to the real worker
        [delivery] = webhook_deliveries_for_event(
            event_type="verdict.published", payload={"verdict": {"id": 42}}, event_id="msg_fault7"
        )

        for attempt in range(1, 4):
            wait_until(
                lambda n=attempt: len(receiver.received) >= n,
                timeout=30,
                message=f"attempt {attempt} never arrived:\n{workers.logs()[-2000:]}",
            )
            wait_until(
                lambda n=attempt: (
                    WebhookDelivery.objects.get(pk=delivery.pk).attempts == n
                    and WebhookDelivery.objects.get(pk=delivery.pk).status == "pending"
                ),
                timeout=30,
            )
            # Time passes (a second, so the timestamp must change): the next attempt is due now, and
            # beat's sweeper hands it to the worker.
            time.sleep(1.1)
            WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
            requeue_stale_work.delay()

        wait_until(
            lambda: WebhookDelivery.objects.get(pk=delivery.pk).status == "delivered",
            timeout=30,
            message=f"not delivered:\n{workers.logs()[-3000:]}",
        )

    delivery.refresh_from_db()
    assert delivery.attempts == 4 and len(receiver.received) == 4
    assert {r.headers["webhook-id"] for r in receiver.received} == {"msg_fault7"}
    stamps = [int(r.headers["webhook-timestamp"]) for r in receiver.received]
    assert len(set(stamps)) == 4 and stamps == sorted(stamps)  # a fresh timestamp on every attempt
    last = receiver.received[-1]
    body = Webhook(subscription.secret).verify(last.body, last.headers)  # raises if the signature is wrong
    assert body["id"] == "msg_fault7" and body["data"] == {"verdict": {"id": 42}}
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [503, 500, 502, 200]
