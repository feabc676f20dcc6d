"""Bulk work on the queue: one editor action on many claims, each through its own service.

Every claim goes through the same per-claim service as a single click (``claim_assign``,
``claim_dismiss``, ``claim_set_priority``, ``claim_reopen``, ``claim_mark_duplicate``), each in
its own transaction, so the rules, the conditional updates and the audit events are those of one
claim at a time. A claim the service refuses (taken meanwhile, already published, deleted) is a
refusal in the results with the service's sentence; the others are done. What concerns the
whole request (the role, the action's own fields) is checked once, before any claim is touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth import get_user_model

from claims.models import Claim
from claims.services.workflow import (
    claim_assign,
    claim_dismiss,
    claim_mark_duplicate,
    claim_reopen,
    claim_set_priority,
)
from factcheck import roles
from factcheck.errors import DomainError, Forbidden
from factcheck.services.bulk import bulk_apply, bulk_ids

MAX_BULK_CLAIMS = 500


class BulkAction(StrEnum):
    ASSIGN = "assign"
    DISMISS = "dismiss"
    PRIORITY = "priority"
    REOPEN = "reopen"
    DUPLICATE = "duplicate"


BULK_ACTION_LABELS = {
    BulkAction.ASSIGN: "Assign to…",
    BulkAction.DISMISS: "Dismiss with a reason",
    BulkAction.PRIORITY: "Set priority",
    BulkAction.REOPEN: "Reopen",
    BulkAction.DUPLICATE: "Mark as duplicate of claim #…",
}


@dataclass(frozen=True)
class BulkResult:
    claim: int
    ok: bool
    detail: str


def _one_claim_action(
    *, user: Any, action: str, assignee: int | None, reason: str, priority: int | None, duplicate_of: int | None
) -> Callable[[Claim], Any]:
    """The per-claim service call for ``action``, its own fields checked once for the whole request."""
    if action == BulkAction.ASSIGN:
        target = get_user_model().objects.filter(pk=assignee, is_active=True).first() if assignee else None
        if target is None:
            raise DomainError("Choose an active fact-checker to assign the claims to.", field="assignee")
        if not roles.can_take(target):
            raise DomainError(f"{target.get_username()} is not a fact-checker.", field="assignee")
        return lambda claim: claim_assign(claim=claim, user=user, assignee=target)
    if action == BulkAction.DISMISS:
        reason = (reason or "").strip()
        if not reason:
            raise DomainError("Say why the claims are dismissed.", field="reason")
        return lambda claim: claim_dismiss(claim=claim, user=user, reason=reason)
    if action == BulkAction.PRIORITY:
        if priority is None or not -100 <= priority <= 100:
            raise DomainError("Priority must be a whole number between -100 and 100.", field="priority")
        return lambda claim: claim_set_priority(claim=claim, user=user, priority=priority)
    if action == BulkAction.REOPEN:
        return lambda claim: claim_reopen(claim=claim, user=user)
    if action == BulkAction.DUPLICATE:
        original = Claim.objects.filter(pk=duplicate_of).first() if duplicate_of else None
        if original is None:
            raise DomainError("Give the number of the claim they repeat.", field="duplicate_of")
        return lambda claim: claim_mark_duplicate(claim=claim, user=user, duplicate_of=original)
    raise DomainError(f"Unknown action “{action}”; choose one of {', '.join(BulkAction)}.", field="action")


DONE = {
    BulkAction.ASSIGN: "Assigned.",
    BulkAction.DISMISS: "Dismissed.",
    BulkAction.PRIORITY: "Priority set.",
    BulkAction.REOPEN: "Reopened.",
    BulkAction.DUPLICATE: "Marked as a duplicate.",
}


def claims_bulk(
    *,
    user: Any,
    action: str,
    claim_ids: list[int],
    assignee: int | None = None,
    reason: str = "",
    priority: int | None = None,
    duplicate_of: int | None = None,
) -> list[BulkResult]:
    """Apply ``action`` to each claim in ``claim_ids`` (in order, repeats once); one result per claim.

    Raises Forbidden for a user who is not an editor and DomainError for a bad action-wide field or
    an empty or too long list; per-claim refusals are results, never exceptions.
    """
    if not roles.can_dismiss(user):
        raise Forbidden("Only editors can act on many claims at once.")
    ids = bulk_ids(
        claim_ids,
        limit=MAX_BULK_CLAIMS,
        field="claims",
        none="Select at least one claim.",
        too_many=f"Select at most {MAX_BULK_CLAIMS} claims at once.",
    )
    call = _one_claim_action(
        user=user, action=action, assignee=assignee, reason=reason, priority=priority, duplicate_of=duplicate_of
    )
    found = Claim.objects.in_bulk(ids)

    def act(claim: Claim) -> str:
        call(claim)
        return DONE[BulkAction(action)]

    applied = bulk_apply(ids, found, act, missing="No such claim.")
    return [BulkResult(claim=pk, ok=ok, detail=detail) for pk, ok, detail in applied]


def bulk_summary(results: list[BulkResult]) -> str:
    """ "3 done, 2 refused (#12: Cannot dismiss this claim: the claim is published; #14: No such claim.)"."""
    done = sum(1 for r in results if r.ok)
    refused = [r for r in results if not r.ok]
    text = f"{done} done, {len(refused)} refused"
    if refused:
        text += " (" + "; ".join(f"#{r.claim}: {r.detail}" for r in refused[:10])
        text += f"; and {len(refused) - 10} more)" if len(refused) > 10 else ")"
    return text + "."
