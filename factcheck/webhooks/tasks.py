"""Celery side of webhooks: one task per attempt, and the sweeper that enqueues due retries."""

from __future__ import annotations

from celery import shared_task

from factcheck.tasks import WorkbenchTask, enqueue_now
from factcheck.webhooks.delivery import attempt_delivery, due_delivery_ids


@shared_task(base=WorkbenchTask, name="factcheck.webhooks.tasks.deliver_webhook", autoretry_for=(), max_retries=0)
def deliver_webhook(delivery_id: int) -> str:
    """Attempt one delivery. Retries are scheduled on the delivery row, never by Celery's retry."""
    delivery = attempt_delivery(delivery_id)
    return "skipped" if delivery is None else delivery.status


def sweep_stale() -> int:
    """Enqueue deliveries whose next attempt is due (long retries, lost messages, dead workers)."""
    return sum(1 for delivery_id in due_delivery_ids() if enqueue_now(deliver_webhook, delivery_id))
