"""Editing a claim: its text, speaker, kind and quantities, as a versioned and audited change.

Each edit keeps the claim as it was in a :class:`ClaimRevision` (version 1 is the claim as
extracted), bumps ``Claim.version`` and records ``claim.edited``; the webhook of that name leaves
after commit. An edit made from an older version than the stored one is refused
(:class:`StaleVersion`), like a verdict's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from claims import matching
from claims.models import Claim, ClaimRevision, Quantity, Speaker
from claims.services.claim_text import (
    QuantityInput,
    claim_payload,
    claim_snapshot,
    clean_claim_text,
    find_span,
    fresh_quantities,
    fresh_scores,
    quantity_rows,
    quantity_snapshot,
    speaker_choose,
)
from claims.services.claims_store import claim_index_text, quantity_row
from claims.services.locking import locked_claim
from factcheck import clock, roles
from factcheck.audit import record_event
from factcheck.errors import DomainError, Forbidden, StaleVersion, TransitionError
from factcheck.events import emit_on_commit


class _Keep:
    """Marks a field the edit leaves as it is (``None`` is a value: no speaker)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


def require_shapeable(claim: Claim, user: Any, what: str) -> None:
    """The rules every reshaping (edit, split, merge) applies to each claim it changes."""
    if not roles.can_shape_claim(user, claim):
        if not roles.can_take(user):
            raise Forbidden("Only fact-checkers and editors can change claims.")
        holder = claim.assignee.get_username() if claim.assignee else "someone else"
        raise Forbidden(f"Cannot {what}: {holder} holds this claim (take it over, or ask an editor).")
    if not claim.is_open:
        raise TransitionError(f"Cannot {what}: the claim is {claim.get_status_display().lower()}.")


def _revision_save(claim: Claim, user: Any) -> ClaimRevision:
    return ClaimRevision.objects.create(
        claim=claim,
        version=claim.version,
        text=claim.text,
        start=claim.start,
        end=claim.end,
        speaker=claim.speaker,
        speaker_name=claim.speaker.name if claim.speaker else "",
        kind=claim.kind,
        quantities=[quantity_snapshot(q) for q in claim.quantities.all()],
        changed_by=user if getattr(user, "is_authenticated", False) else None,
    )


def _new_span(claim: Claim, text: str) -> tuple[int, int]:
    """Where the edited text stands in the article; the old span when it is not there word for word
    (the claim then still points at the passage it came from) or when another claim has that span."""
    start, end = find_span(claim.article, text, near=claim.start)
    if start == end:
        return claim.start, claim.end
    if (
        claim.origin == Claim.Origin.EXTRACTED
        and Claim.objects.filter(article=claim.article_id, start=start, end=end, origin=Claim.Origin.EXTRACTED)
        .exclude(pk=claim.pk)
        .exists()
    ):
        return claim.start, claim.end
    return start, end


@transaction.atomic
def claim_edit(
    *,
    claim: Claim,
    user: Any,
    expected_version: int | None = None,
    text: str | None = None,
    speaker: Speaker | _Keep | None = KEEP,
    new_speaker: str = "",
    kind: str | None = None,
    quantities: Sequence[QuantityInput] | None = None,
) -> Claim:
    """Change what a claim says. Omitted fields (``None`` / ``KEEP``) stay as they are.

    Changed text re-extracts the quantities (unless ``quantities`` corrects them by hand) and
    re-scores the claim; ``new_speaker`` names a speaker to find or create. ``expected_version``
    is the version the edit started from (None: whatever is current). Nothing changed: no new version.
    """
    locked = locked_claim(claim.pk)
    require_shapeable(locked, user, "edit this claim")
    if expected_version is not None and expected_version != locked.version:
        raise StaleVersion(
            f"The claim was changed meanwhile (it is now version {locked.version}; you edited version "
            f"{expected_version}).",
            current_version=locked.version,
        )
    if kind is not None and kind not in Claim.Kind.values:
        raise DomainError(f"Unknown kind “{kind}”.", field="kind")
    new_text = clean_claim_text(text) if text is not None else locked.text
    new_speaker_row = locked.speaker if isinstance(speaker, _Keep) else speaker
    new_speaker_row = speaker_choose(speaker=new_speaker_row, new_name=new_speaker)
    before = claim_snapshot(locked)

    text_changed = new_text != locked.text
    start, end = _new_span(locked, new_text) if text_changed else (locked.start, locked.end)
    probe = Claim(pk=locked.pk, text=new_text, start=start, end=end)
    new_kind = kind or locked.kind
    # Hand corrections win; changed text is read again; otherwise the quantities stay as they are.
    if quantities is not None:
        replacement: list[Quantity] | None = quantity_rows(probe, quantities)
        proposed = [quantity_snapshot(q) for q in replacement or []]
    elif text_changed:
        extracted = fresh_quantities(new_text, start)
        replacement = [quantity_row(probe, q) for q in extracted]
        proposed = [quantity_snapshot(q) for q in replacement]
    else:
        replacement = None
        proposed = before["quantities"]
    after_values = {
        "text": new_text,
        "speaker": new_speaker_row.name if new_speaker_row else None,
        "kind": new_kind,
        "quantities": proposed,
    }
    if all(after_values[key] == before[key] for key in after_values):
        return locked  # nothing changed: no new version, no event

    _revision_save(locked, user)
    locked.text = new_text
    locked.start, locked.end = start, end
    locked.speaker = new_speaker_row
    locked.kind = new_kind
    locked.version += 1
    locked.updated_at = clock.now()
    if text_changed or new_kind != before["kind"]:
        locked.checkworthiness = fresh_scores([(new_text, new_kind)])[0]
    if text_changed:
        locked.fingerprint = matching.fingerprint(new_text)
    locked.save()
    if text_changed:
        claim_index_text(locked)
    if replacement is not None:
        Quantity.objects.filter(claim=locked).delete()
        for row in replacement:
            row.claim = locked
        Quantity.objects.bulk_create(replacement)
    after = claim_snapshot(locked)
    record_event(actor=user, action="claim.edited", obj=locked, before=before, after=after)
    emit_on_commit(
        "claim.edited",
        lambda: {"claim": claim_payload(Claim.objects.select_related("speaker").get(pk=locked.pk)), "before": before},
    )
    return locked
