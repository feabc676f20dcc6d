"""The article's text with every claim marked in place (the article page).

Claims overlap (a split claim's parts lie inside it; an added claim may cover part of another), so
the text is cut at every claim edge and each piece is one ``<mark>`` naming all the claims that
cover it and linking to the narrowest of them. Each paragraph carries the offset of its first
character (``data-offset``) and its text is exactly the article's, so the page's script can turn a
selection back into article offsets for "Add as claim".
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.models import RESHAPED, Claim


@dataclass(frozen=True)
class MarkedClaim:
    pk: int
    start: int
    end: int
    status: str


def markable(claims: Sequence[Claim], text: str) -> list[MarkedClaim]:
    """The claims whose span is a passage of ``text`` (an edited claim keeps its passage marked)."""
    return [
        MarkedClaim(c.pk, c.start, c.end, c.status)
        for c in claims
        if c.status not in RESHAPED and 0 <= c.start < c.end <= len(text)
    ]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _piece(text: str, a: int, b: int, covering: list[MarkedClaim], first: set[int]) -> str:
    chunk = escape(text[a:b])
    if not covering:
        return chunk
    narrowest = min(covering, key=lambda c: (c.end - c.start, c.pk))
    ids = " ".join(str(c.pk) for c in covering)
    anchors = "".join(f'<span id="claim-{c.pk}"></span>' for c in covering if c.pk in first)
    first.difference_update(c.pk for c in covering)
    label = ", ".join(f"claim #{c.pk}" for c in covering)
    css = "claim overlap" if len(covering) > 1 else f"claim {narrowest.status}"
    href = reverse("claims:desk", args=[narrowest.pk])
    return (
        f'{anchors}<a class="claim-link" href="{href}"><mark class="{css}" data-claims="{ids}" '
        f'title="{escape(label)}">{chunk}</mark></a>'
    )


def article_marked(text: str, claims: Sequence[Claim]) -> SafeString:
    """``text`` as paragraphs with every claim's span marked (see the module docstring)."""
    marked = markable(claims, text)
    first = {c.pk for c in marked}
    out = []
    for lo, hi in _paragraphs(text):
        inside = [c for c in marked if c.start < hi and lo < c.end]
        edges = sorted({lo, hi, *(max(lo, c.start) for c in inside), *(min(hi, c.end) for c in inside)})
        pieces = []
        for a, b in itertools.pairwise(edges):
            covering = [c for c in inside if c.start <= a and b <= c.end]
            pieces.append(_piece(text, a, b, covering, first))
        out.append(f'<p data-offset="{lo}">{"".join(pieces)}</p>')
    return mark_safe("".join(out))  # every piece of text is escaped above
