"""What editing, splitting and adding claims share: where a text sits in its article, its fresh
quantities, kind and score, and the payloads the claim events carry.

Offsets of a claim's quantities are ``claim.start`` plus their place in the claim's text: while the
claim's text is the article's text at its span they are offsets into the article, as extraction
stores them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from claims.extraction import extract_quantities
from claims.extraction.kinds import classify
from claims.extraction.types import Quantity as ExtractedQuantity
from claims.extraction.types import SpeakerRef
from claims.models import Article, Claim, Quantity, Speaker
from claims.services.checkworthiness import claim_texts_score
from claims.services.claims_store import speaker_get_or_create
from factcheck.errors import DomainError

MAX_CLAIM_CHARS = 2000
_QUOTE_MARKS = re.compile(r"[\"“”„«»]")


def clean_claim_text(text: str, *, field: str = "text") -> str:
    """The claim text a reviewer typed, on one line; refused when empty or too long."""
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise DomainError("Write the claim's text.", field=field)
    if len(cleaned) > MAX_CLAIM_CHARS:
        raise DomainError(f"A claim is at most {MAX_CLAIM_CHARS:,} characters.", field=field)
    return cleaned


def find_span(article: Article, text: str, *, near: int = 0, within: tuple[int, int] | None = None) -> tuple[int, int]:
    """Where ``text`` stands in the article text (the occurrence nearest ``near``, inside ``within``
    when given), or ``(near, near)``, an empty span, when it is not there word for word."""
    body = article.text or ""
    lo, hi = within if within is not None else (0, len(body))
    found = []
    position = body.find(text, lo, hi)
    while position >= 0:
        found.append(position)
        position = body.find(text, position + 1, hi)
    if not found:
        return near, near
    start = min(found, key=lambda p: abs(p - near))
    return start, start + len(text)


def fresh_quantities(text: str, start: int) -> list[ExtractedQuantity]:
    return extract_quantities(text, start)


def fresh_kind(text: str, quantities: Sequence[ExtractedQuantity]) -> str:
    return classify(text, quantities, has_quote=bool(_QUOTE_MARKS.search(text))).value


def fresh_scores(items: Sequence[tuple[str, str]]) -> list[float]:
    return claim_texts_score(items)


def speaker_choose(*, speaker: Speaker | None, new_name: str) -> Speaker | None:
    """An existing speaker, or one made (or found, case-insensitively) from a typed name."""
    name = " ".join((new_name or "").split())
    if name:
        if len(name) > 200:
            raise DomainError("A speaker's name is at most 200 characters.", field="new_speaker")
        return speaker_get_or_create(SpeakerRef(name=name))
    return speaker


@dataclass(frozen=True)
class QuantityInput:
    """A quantity as a reviewer corrects it: words of the claim and what they mean."""

    text: str
    value: float
    unit: str = ""
    kind: str = Quantity.Kind.COUNT
    bound: str = ""
    value_to: float | None = None
    noun: str = ""
    of: str = ""


def quantity_rows(claim: Claim, inputs: Sequence[QuantityInput]) -> list[Quantity]:
    """Unsaved Quantity rows for ``claim`` from hand corrections; each must be words of its text."""
    rows = []
    for number, item in enumerate(inputs, start=1):
        surface = " ".join((item.text or "").split())
        where = claim.text.find(surface) if surface else -1
        if where < 0 and surface:
            where = claim.text.lower().find(surface.lower())
        if where < 0:
            raise DomainError(
                f"Quantity {number}: “{surface}” is not words of the claim; quote the number as the claim says it.",
                field="quantities",
            )
        if item.kind not in Quantity.Kind.values:
            raise DomainError(f"Quantity {number}: unknown kind “{item.kind}”.", field="quantities")
        if item.bound and item.bound not in Quantity.Bound.values:
            raise DomainError(f"Quantity {number}: unknown bound “{item.bound}”.", field="quantities")
        rows.append(
            Quantity(
                claim=claim,
                text=surface[:300],
                start=claim.start + where,
                end=claim.start + where + len(surface),
                value=float(item.value),
                value_to=item.value_to,
                unit=(item.unit or "")[:80],
                kind=item.kind,
                bound=item.bound,
                of=(item.of or "")[:120],
                noun=(item.noun or "")[:120],
            )
        )
    return rows


# A quantity's fields as the audit trail and the revisions keep them.
QUANTITY_FIELDS = ("text", "value", "value_to", "unit", "kind", "bound", "noun", "of")


def quantity_snapshot(quantity: Quantity) -> dict[str, Any]:
    return {field: getattr(quantity, field) for field in QUANTITY_FIELDS}


def claim_snapshot(claim: Claim) -> dict[str, Any]:
    """What an edit can change, as the audit trail and the revisions keep it."""
    return {
        "text": claim.text,
        "speaker": claim.speaker.name if claim.speaker else None,
        "kind": claim.kind,
        "quantities": [quantity_snapshot(q) for q in claim.quantities.all()],
        "version": claim.version,
    }


def claim_payload(claim: Claim) -> dict[str, Any]:
    """The ``claim`` object of the claim webhooks (``claim.created``, ``claim.edited``, …)."""
    return {
        "id": claim.pk,
        "article": claim.article_id,
        "text": claim.text,
        "kind": claim.kind,
        "status": claim.status,
        "version": claim.version,
        "checkworthiness": claim.checkworthiness,
        "speaker": claim.speaker.name if claim.speaker else None,
    }
