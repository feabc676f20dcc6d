"""Matching claims against the archive and earlier published verdicts."""

from __future__ import annotations

from typing import Any


def on_claim_created(*, event_type: str, payload: dict[str, Any], **_: Any) -> None:
    """Receiver of :data:`factcheck.events.workbench_event` (after commit): match every new claim."""
    if event_type != "claim.created":
        return
