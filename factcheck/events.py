"""Domain events that leave the system (webhooks), sent only after the transaction commits.

Contract of :data:`workbench_event`: sent with ``event_type`` (one of
``WebhookSubscription.Event``), ``payload`` (a JSON-serialisable dict that includes the
object's id) and ``event_id`` (unique per event, stable across delivery retries). Receivers run
after commit, so a rolled-back change never announces itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.dispatch import Signal

workbench_event = Signal()


def emit_on_commit(event_type: str, build_payload: Callable[[], dict[str, Any]]) -> None:
    """Announce an event once the current transaction commits (at once outside a transaction)."""

    def send() -> None:
        workbench_event.send(
            sender=None, event_type=event_type, payload=build_payload(), event_id=f"msg_{uuid.uuid4().hex}"
        )

    transaction.on_commit(send)
