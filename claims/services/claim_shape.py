"""Reshaping the claims of an article: split a compound claim, merge duplicates, add a missed one.

Each writes a ReviewEvent per claim it changes or creates, and announces after commit: new claims
as ``claim.created`` (so their evidence is gathered like an extracted claim's), the closed ones as
``claim.split`` / ``claim.merged``. The permission and state rules are those of editing
(:func:`claims.services.claim_edit.require_shapeable`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from claims import matching
from claims.models import Article, Claim, Speaker, Verdict
from claims.services.claim_edit import require_shapeable
from claims.services.claim_text import (
    claim_payload,
    clean_claim_text,
    find_span,
    fresh_kind,
    fresh_quantities,
    fresh_scores,
    speaker_choose,
)
from claims.services.claims_store import claim_index_text, find_match, quantities_store
from claims.services.locking import locked_claim
from factcheck import clock, roles
from factcheck.audit import record_event
from factcheck.errors import DomainError, ErrorKind, Forbidden, TransitionError
from factcheck.events import emit_on_commit

MAX_PARTS = 10


def _has_verdict(claim: Claim) -> bool:
    return Verdict.objects.filter(claim=claim).exists()


def _announce_created(claim: Claim) -> None:
    emit_on_commit(
        "claim.created", lambda: {"claim": claim_payload(Claim.objects.select_related("speaker").get(pk=claim.pk))}
    )


def _create(
    *,
    article: Article,
    text: str,
    span: tuple[int, int],
    speaker: Speaker | None,
    kind: str | None,
    origin: str,
    **fields: Any,
) -> Claim:
    """A claim a reviewer made, with fresh quantities, kind, score and near-duplicate link."""
    start, end = span
    quantities = fresh_quantities(text, start)
    kind = kind or fresh_kind(text, quantities)
    match, similarity = find_match(text, exclude_article=article.pk)
    claim = Claim.objects.create(
        article=article,
        origin=origin,
        text=text,
        start=start,
        end=end,
        speaker=speaker,
        kind=kind,
        checkworthiness=fresh_scores([(text, kind)])[0],
        fingerprint=matching.fingerprint(text),
        duplicate_of=match,
        match_score=round(similarity, 4) if match else None,
        **fields,
    )
    claim_index_text(claim, fresh=True)
    quantities_store(claim, quantities)
    return claim


def _parts_of(parts: Sequence[str], *, field: str = "parts") -> list[str]:
    cleaned = [clean_claim_text(part, field=field) for part in parts if (part or "").strip()]
    if len(cleaned) < 2:
        raise DomainError("Give at least two parts, one per line.", field=field)
    if len(cleaned) > MAX_PARTS:
        raise DomainError(f"Split into at most {MAX_PARTS} parts.", field=field)
    if len(set(cleaned)) < len(cleaned):
        raise DomainError("Two parts are the same; give each part once.", field=field)
    return cleaned


def _trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    """A selected span without the blanks at its edges."""
    passage = body[start:end]
    return start + len(passage) - len(passage.lstrip()), end - (len(passage) - len(passage.rstrip()))


def _parts_from_spans(claim: Claim, spans: Sequence[tuple[int, int]]) -> list[tuple[str, tuple[int, int]]]:
    body = claim.article.text or ""
    pieces = []
    for number, (start, end) in enumerate(spans, start=1):
        if not claim.start <= start < end <= claim.end or claim.end > len(body):
            raise DomainError(
                f"Part {number} is not a passage of the claim (characters {claim.start} to {claim.end}).",
                field="spans",
            )
        start, end = _trimmed(body, start, end)
        pieces.append((clean_claim_text(body[start:end], field="spans"), (start, end)))
    _parts_of([text for text, _ in pieces], field="spans")
    return pieces


@transaction.atomic
def claim_split(
    *, claim: Claim, user: Any, parts: Sequence[str] = (), spans: Sequence[tuple[int, int]] = ()
) -> list[Claim]:
    """Close a compound claim as split and create one claim per part, in the order given.

    The parts are texts (each gets its sub-span where its words stand in the claim's passage, else
    the claim's span) or ``spans``, passages of the claim's span in the article (kept exactly).
    Parts keep the article and speaker and get fresh quantities, kind and score. A claim held by a
    reviewer hands its parts to the same reviewer. Refused when the claim has a verdict (it would
    have none).
    """
    locked = locked_claim(claim.pk)
    require_shapeable(locked, user, "split this claim")
    if _has_verdict(locked):
        raise TransitionError("Cannot split this claim: it has a verdict draft. Split it before writing one.")
    article = locked.article
    if spans:
        pieces = _parts_from_spans(locked, spans)
    else:
        pieces = []
        for text in _parts_of(parts):
            span = find_span(article, text, near=locked.start, within=(locked.start, locked.end))
            pieces.append((text, span if span[0] < span[1] else (locked.start, locked.end)))
    now = clock.now()
    held = locked.status == Claim.Status.IN_PROGRESS
    created = []
    for text, span in pieces:
        created.append(
            _create(
                article=article,
                text=text,
                span=span,
                speaker=locked.speaker,
                kind=None,
                origin=Claim.Origin.SPLIT,
                split_from=locked,
                priority=locked.priority,
                status=Claim.Status.IN_PROGRESS if held else Claim.Status.NEW,
                assignee=locked.assignee if held else None,
                assigned_at=now if held else None,
            )
        )
    before = {"status": locked.status, "assignee": locked.assignee_id}
    Claim.objects.filter(pk=locked.pk).update(
        status=Claim.Status.SPLIT, assignee=None, assigned_at=None, updated_at=now
    )
    locked.refresh_from_db()
    ids = [part.pk for part in created]
    record_event(
        actor=user,
        action="claim.split",
        obj=locked,
        before=before,
        after={"status": locked.status, "parts": ids},
        note=f"Split into {', '.join(f'#{i}' for i in ids)}",
    )
    for part in created:
        record_event(
            actor=user, action="claim.created", obj=part, after={"split_from": locked.pk, "text": part.text[:200]}
        )
        _announce_created(part)
    emit_on_commit("claim.split", lambda: {"claim": claim_payload(locked), "parts": ids})
    return created


@transaction.atomic
def claims_merge(*, claims: Sequence[Claim], survivor: Claim, user: Any) -> Claim:
    """Merge duplicates into ``survivor``: the others are closed as merged into it.

    Claims that pointed at a merged claim as their earlier match point at the survivor afterwards.
    Refused for a claim with a verdict other than the survivor (its verdict would be lost).
    """
    ids = sorted({c.pk for c in claims} | {survivor.pk})
    if len(ids) < 2:
        raise DomainError("Choose at least two claims to merge.", field="claims")
    locked = {pk: locked_claim(pk) for pk in ids}  # in id order: one lock order for concurrent merges
    keeper = locked[survivor.pk]
    for claim in locked.values():
        require_shapeable(claim, user, f"merge claim #{claim.pk}")
    merged = [c for pk, c in locked.items() if pk != keeper.pk]
    for claim in merged:
        if _has_verdict(claim):
            raise TransitionError(
                f"Cannot merge claim #{claim.pk} away: it has a verdict. Keep it as the surviving claim."
            )
    now = clock.now()
    merged_ids = [c.pk for c in merged]
    for claim in merged:
        before = {"status": claim.status, "assignee": claim.assignee_id}
        Claim.objects.filter(pk=claim.pk).update(
            status=Claim.Status.MERGED, merged_into=keeper, assignee=None, assigned_at=None, updated_at=now
        )
        claim.refresh_from_db()
        record_event(
            actor=user,
            action="claim.merged",
            obj=claim,
            before=before,
            after={"status": claim.status, "merged_into": keeper.pk},
            note=f"Merged into #{keeper.pk}",
        )
    Claim.objects.filter(duplicate_of__in=merged_ids).exclude(pk=keeper.pk).update(duplicate_of=keeper)
    if keeper.duplicate_of_id in merged_ids:
        Claim.objects.filter(pk=keeper.pk).update(duplicate_of=None, match_score=None)
    Claim.objects.filter(pk=keeper.pk).update(updated_at=now)
    keeper.refresh_from_db()
    record_event(
        actor=user,
        action="claim.merged",
        obj=keeper,
        after={"absorbed": merged_ids},
        note=f"Absorbed {', '.join(f'#{i}' for i in merged_ids)}",
    )
    emit_on_commit("claim.merged", lambda: {"claim": claim_payload(keeper), "merged": merged_ids})
    return keeper


@transaction.atomic
def claim_add(
    *,
    article: Article,
    user: Any,
    text: str = "",
    start: int | None = None,
    end: int | None = None,
    speaker: Speaker | None = None,
    new_speaker: str = "",
    kind: str | None = None,
) -> Claim:
    """Add a claim the extractor missed: a passage of the article (``start``/``end``, its span kept)
    or typed ``text`` (its span is where those words stand in the article, if they do)."""
    if not roles.can_add_claim(user):
        raise Forbidden("Only fact-checkers and editors can add claims.")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status != Article.Status.DONE:
        raise TransitionError("Claims can be added once the article's claims are extracted.")
    if kind and kind not in Claim.Kind.values:
        raise DomainError(f"Unknown kind “{kind}”.", field="kind")
    body = article.text or ""
    if start is not None or end is not None:
        if start is None or end is None or not 0 <= start < end <= len(body):
            raise DomainError("The selection is not a passage of this article's text.", field="start")
        start, end = _trimmed(body, start, end)
        text = clean_claim_text(body[start:end])
        span = (start, end)
    else:
        text = clean_claim_text(text)
        span = find_span(article, text)
    if span[0] < span[1]:
        same = Claim.objects.filter(article=article, start=span[0], end=span[1]).exclude(
            status__in=(Claim.Status.SPLIT, Claim.Status.MERGED)
        )
        existing = same.first()
        if existing is not None:
            raise DomainError(f"That passage is claim #{existing.pk} already.", field="text", kind=ErrorKind.CONFLICT)
    claim = _create(
        article=article,
        text=text,
        span=span,
        speaker=speaker_choose(speaker=speaker, new_name=new_speaker),
        kind=kind or None,
        origin=Claim.Origin.ADDED,
        added_by=user,
    )
    record_event(
        actor=user,
        action="claim.added",
        obj=claim,
        after={"text": claim.text[:200], "start": claim.start, "end": claim.end},
    )
    _announce_created(claim)
    return claim
