"""The claim workflow: take, take next, release, take over, assign, dismiss, mark duplicate, reopen.

``new → in_progress (assigned) → submitted → published``; ``dismissed`` from new or in progress.
Every function checks the actor's role, changes state with a conditional UPDATE (so two
requests racing for the same claim cannot both win), and writes a ReviewEvent in the same
transaction. Callers (views, API, admin, commands) only parse input and call these.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from claims.models import OPEN_STATUSES, QUEUE_ORDER, Claim
from claims.services.locking import lock_claim
from factcheck import clock, roles
from factcheck.audit import record_event
from factcheck.errors import DomainError, ErrorKind, Forbidden, TransitionError


def _require_taker(user: Any) -> None:
    if not roles.can_take(user):
        raise Forbidden("Only fact-checkers and editors can take claims.")


def _require_editor(user: Any, what: str) -> None:
    if not roles.is_editor(user):
        raise Forbidden(f"Only editors can {what}.")


def _explain_refusal(claim: Claim, wanted: str) -> TransitionError:
    claim.refresh_from_db(fields=["status", "assignee", "assigned_at"])
    if claim.status == Claim.Status.IN_PROGRESS and claim.assignee is not None:
        who = claim.assignee.get_username()
        return TransitionError(f"Cannot {wanted}: the claim was taken by {who}.")
    return TransitionError(f"Cannot {wanted}: the claim is {claim.get_status_display().lower()}.")


def _snapshot(claim: Claim) -> dict[str, Any]:
    return {"status": claim.status, "assignee": claim.assignee_id}


def _transition(
    claim: Claim, user: Any, *, where: dict[str, Any], values: dict[str, Any], action: str, wanted: str, note: str = ""
) -> Claim:
    """One workflow step: a conditional UPDATE that only matches the claim while it is as ``where``
    says (so of two racing requests only one changes it), the reason when it matched nothing
    ("Cannot {wanted}: ..."), and the audit event with the claim before and after."""
    before = _snapshot(claim)
    if not Claim.objects.filter(pk=claim.pk, **where).update(**values, updated_at=clock.now()):
        raise _explain_refusal(claim, wanted)
    claim.refresh_from_db()
    record_event(actor=user, action=action, obj=claim, before=before, after=_snapshot(claim), note=note)
    return claim


@transaction.atomic
def claim_take(*, claim: Claim, user: Any) -> Claim:
    """Assign a new claim to ``user``. Refused if someone else got it first."""
    _require_taker(user)
    return _transition(
        claim,
        user,
        where={"status": Claim.Status.NEW},
        values={"status": Claim.Status.IN_PROGRESS, "assignee": user, "assigned_at": clock.now()},
        action="claim.taken",
        wanted="take this claim",
    )


def _take_top_statement(base: QuerySet[Claim], user: Any, now: Any) -> tuple[str, list[Any]]:
    """One statement that picks the queue's top new claim, locks it, assigns it and returns it.

    ``WITH picked AS (SELECT id … ORDER BY queue LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE … RETURNING``:
    on PostgreSQL concurrent callers skip each other's locked rows; on SQLite (no row locks, and
    Django leaves ``FOR UPDATE`` out) the ``status = 'new'`` condition of the UPDATE decides a race.
    """
    pick = (
        base.order_by(*QUEUE_ORDER).select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[:1]
    )
    pick_sql, pick_params = pick.query.sql_with_params()
    table = connection.ops.quote_name(Claim._meta.db_table)
    # Every column but the embedding (384 floats nobody here reads; raw() defers what is missing).
    columns = ", ".join(
        connection.ops.quote_name(str(f.column)) for f in Claim._meta.concrete_fields if f.name != "embedding"
    )
    # Only identifiers from the model and Django's compiled, parametrised SELECT are interpolated.
    sql = (
        f"WITH picked AS ({pick_sql}) "  # noqa: S608 - model identifiers and Django-compiled SQL only
        f"UPDATE {table} SET status = %s, assignee_id = %s, assigned_at = %s, updated_at = %s "
        f"WHERE id IN (SELECT * FROM picked) AND status = %s RETURNING {columns}"
    )
    stamp = connection.ops.adapt_datetimefield_value(now)
    return sql, [*pick_params, Claim.Status.IN_PROGRESS, user.pk, stamp, stamp, Claim.Status.NEW]


def _new_claim_left(base: QuerySet[Claim]) -> bool:
    """Whether a new claim is left once the takers in flight have finished: the rows they hold are
    waited for (a locking read without SKIP LOCKED), so a claim one of them is taking is not counted
    as left, and an empty queue is told from a lost race without spinning."""
    with transaction.atomic():
        return bool(list(base.order_by().select_for_update(of=("self",)).values_list("pk", flat=True)[:1]))


def claim_take_next(*, user: Any, queryset: QuerySet[Claim] | None = None, attempts: int = 5) -> Claim:
    """Atomically assign the top claim of the queue (optionally a filtered queue) to ``user``.

    Two statements: the locking, updating, returning CTE of :func:`_take_top_statement` and the
    audit insert. The claim returned is built from the UPDATE's ``RETURNING`` row. Only when no
    row came back is the queue asked again, to tell an empty queue (404) from a lost race (retry).
    """
    _require_taker(user)
    base = (queryset if queryset is not None else Claim.objects.all()).filter(status=Claim.Status.NEW)
    for _ in range(attempts):
        with transaction.atomic():
            now = clock.now()
            sql, params = _take_top_statement(base, user, now)
            taken = list(Claim.objects.raw(sql, params))
            if taken:
                claim = taken[0]
                after = _snapshot(claim)
                before = {"status": Claim.Status.NEW, "assignee": None}
                record_event(actor=user, action="claim.taken", obj=claim, before=before, after=after)
                return claim
        if not _new_claim_left(base):
            raise DomainError("The queue is empty: there is no new claim to take.", kind=ErrorKind.NOT_FOUND)
    raise DomainError("Other reviewers took the next claims first; try again.", kind=ErrorKind.CONFLICT)


@transaction.atomic
def claim_release(*, claim: Claim, user: Any) -> Claim:
    """Put a claim back in the queue. Its assignee or an editor may do it; a draft verdict is kept."""
    _require_taker(user)
    if claim.assignee_id != user.pk and not roles.is_editor(user):
        raise Forbidden("Only the claim's assignee or an editor can release it.")
    return _transition(
        claim,
        user,
        where={"status": Claim.Status.IN_PROGRESS, "assignee": claim.assignee_id},
        values={"status": Claim.Status.NEW, "assignee": None, "assigned_at": None},
        action="claim.released",
        wanted="release this claim",
    )


@transaction.atomic
def claim_take_over(*, claim: Claim, user: Any) -> Claim:
    """Take an in-progress claim (and its draft) from another reviewer; recorded with who had it."""
    _require_taker(user)
    if claim.assignee_id == user.pk:
        return claim
    return _transition(
        claim,
        user,
        where={"status": Claim.Status.IN_PROGRESS, "assignee": claim.assignee_id},
        values={"assignee": user, "assigned_at": clock.now()},
        action="claim.taken_over",
        wanted="take over this claim",
        note=f"Taken over from user #{claim.assignee_id}",
    )


@transaction.atomic
def claim_assign(*, claim: Claim, user: Any, assignee: Any) -> Claim:
    """An editor (re)assigns an open claim to a fact-checker."""
    _require_editor(user, "reassign claims")
    if not roles.can_take(assignee):
        raise DomainError(f"{assignee.get_username()} is not a fact-checker.", field="assignee")
    return _transition(
        claim,
        user,
        where={"status__in": OPEN_STATUSES},
        values={"status": Claim.Status.IN_PROGRESS, "assignee": assignee, "assigned_at": clock.now()},
        action="claim.assigned",
        wanted="reassign this claim",
    )


@transaction.atomic
def claim_dismiss(*, claim: Claim, user: Any, reason: str) -> Claim:
    """An editor dismisses an open claim (not check-worthy, duplicate, out of scope), with a reason."""
    if not roles.can_dismiss(user):
        raise Forbidden("Only editors can dismiss claims.")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Say why the claim is dismissed.", field="reason")
    return _transition(
        claim,
        user,
        where={"status__in": OPEN_STATUSES},
        values={"status": Claim.Status.DISMISSED, "assignee": None, "assigned_at": None, "dismiss_reason": reason},
        action="claim.dismissed",
        wanted="dismiss this claim",
        note=reason,
    )


@transaction.atomic
def claim_mark_duplicate(*, claim: Claim, user: Any, duplicate_of: Claim) -> Claim:
    """An editor says an open claim repeats ``duplicate_of``: it is linked to it and leaves the queue
    (dismissed, the reason naming the claim it repeats; reopening puts it back)."""
    if not roles.can_dismiss(user):
        raise Forbidden("Only editors can mark claims as duplicates.")
    if duplicate_of.pk == claim.pk:
        raise DomainError("A claim cannot be a duplicate of itself.", field="duplicate_of")
    if duplicate_of.duplicate_of_id == claim.pk:
        raise DomainError(
            f"Claim #{duplicate_of.pk} is already marked as a duplicate of this one.", field="duplicate_of"
        )
    before = {**_snapshot(claim), "duplicate_of": claim.duplicate_of_id}
    changed = Claim.objects.filter(pk=claim.pk, status__in=OPEN_STATUSES).update(
        status=Claim.Status.DISMISSED,
        assignee=None,
        assigned_at=None,
        duplicate_of=duplicate_of,
        match_score=None,  # an editor's decision, not a matcher's score
        dismiss_reason=f"Duplicate of claim #{duplicate_of.pk}.",
        updated_at=clock.now(),
    )
    if not changed:
        raise _explain_refusal(claim, "mark this claim as a duplicate")
    claim.refresh_from_db()
    record_event(
        actor=user,
        action="claim.marked_duplicate",
        obj=claim,
        before=before,
        after={**_snapshot(claim), "duplicate_of": duplicate_of.pk},
    )
    return claim


@transaction.atomic
def claim_reopen(*, claim: Claim, user: Any) -> Claim:
    """An editor puts a dismissed claim back in the queue."""
    _require_editor(user, "reopen dismissed claims")
    return _transition(
        claim,
        user,
        where={"status": Claim.Status.DISMISSED},
        values={"status": Claim.Status.NEW, "dismiss_reason": ""},
        action="claim.reopened",
        wanted="reopen this claim",
    )


@transaction.atomic
def claim_set_priority(*, claim: Claim, user: Any, priority: int) -> Claim:
    """An editor raises or lowers a claim in the queue (-100 to 100)."""
    _require_editor(user, "change priorities")
    if not -100 <= priority <= 100:
        raise DomainError("Priority must be between -100 and 100.", field="priority")
    before = {"priority": claim.priority}
    Claim.objects.filter(pk=claim.pk).update(priority=priority, updated_at=clock.now())
    claim.refresh_from_db()
    record_event(actor=user, action="claim.priority_changed", obj=claim, before=before, after={"priority": priority})
    return claim


@transaction.atomic
def claim_delete(*, claim: Claim, user: Any) -> None:
    """Delete a claim with its evidence and verdict (admins: ``claims.delete_claim``); audited.

    The claim's events stay: their link becomes NULL and their label still names the claim, and
    this deletion is one more event.
    """
    if not roles.can_delete_claims(user):
        raise Forbidden("Only admins can delete claims.")
    locked = lock_claim(claim.pk)
    if locked is None:
        return  # already gone
    record_event(
        actor=user,
        action="claim.deleted",
        obj=locked,
        before=_snapshot(locked),
        after={"text": locked.text[:200], "article": locked.article_id},
    )
    locked.delete()
