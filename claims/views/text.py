"""Presenting text: a claim marked up in its article context, and word-level diffs.

Both build HTML from untrusted text (articles are written by strangers, verdicts by
reviewers), so every piece of text goes through ``escape`` and only our own tags are added.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.models import Claim, Quantity, Speaker, Verdict, VerdictRevision

# Paragraphs of context shown on each side of the claim's paragraph.
CONTEXT_PARAGRAPHS = 1


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the paragraph(s) holding [start, end) plus CONTEXT_PARAGRAPHS on each side."""
    lo = text.rfind("\n", 0, start) + 1
    for _ in range(CONTEXT_PARAGRAPHS):
        if lo == 0:
            break
        prev = lo - 1
        while prev > 0 and text[prev - 1] == "\n":  # step over blank lines between paragraphs
            prev -= 1
        lo = text.rfind("\n", 0, prev) + 1
    cut = text.find("\n", end)
    hi = len(text) if cut < 0 else cut
    for _ in range(CONTEXT_PARAGRAPHS):
        nxt = hi
        while nxt < len(text) and text[nxt] == "\n":
            nxt += 1
        if nxt >= len(text):
            break
        cut = text.find("\n", nxt)
        hi = len(text) if cut < 0 else cut
    return lo, hi


def _speaker_spans(text: str, lo: int, hi: int, speaker: Speaker | None) -> list[tuple[int, int]]:
    """Where the speaker is named in the window: the full name, and the surname on its own."""
    if speaker is None or not speaker.name.strip():
        return []
    names = {speaker.name.strip()}
    parts = speaker.name.split()
    if len(parts) > 1 and len(parts[-1]) > 2 and not speaker.is_organisation:
        names.add(parts[-1])
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)
    return [(m.start() + lo, m.end() + lo) for m in pattern.finditer(text[lo:hi])]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    css: str
    label: str


def _non_overlapping(spans: Iterable[_Span]) -> list[_Span]:
    kept: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if span.end <= span.start:
            continue
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


def _clip(span: _Span, lo: int, hi: int) -> list[_Span]:
    """Split a span at the claim's edges so marks nest properly inside and outside the claim."""
    pieces = []
    edges = ((span.start, min(span.end, lo)), (max(span.start, lo), min(span.end, hi)), (max(span.start, hi), span.end))
    for a, b in edges:
        if a < b:
            pieces.append(_Span(a, b, span.css, span.label))
    return pieces


def claim_in_context(claim: Claim, quantities: Iterable[Quantity]) -> SafeString:
    """The claim's paragraph (and its neighbours) with the claim, its quantities and its speaker marked.

    Offsets are into ``article.text``. Marks carry a title so a screen reader and a hover say
    what they are; the claim itself is the ``<mark>`` the desk scrolls to.
    """
    text = claim.article.text or ""
    if not text or claim.end > len(text) or claim.end <= claim.start or not text[claim.start : claim.end].strip():
        # A typed claim with no passage, or an article re-read so the offsets no longer fit: the claim alone.
        return mark_safe(f'<p><mark class="claim" id="claim-mark">{escape(claim.text)}</mark></p>')  # escaped
    # An edited claim keeps the passage it came from marked; only quantities that are words of it are marked.
    lo, hi = _paragraph_bounds(text, claim.start, claim.end)
    inner = [
        _Span(q.start, q.end, "quantity", f"Quantity: {q.text}")
        for q in quantities
        if lo <= q.start < q.end <= hi and text[q.start : q.end] == q.text
    ]
    inner += [
        _Span(a, b, "speaker", f"Speaker: {claim.speaker}") for a, b in _speaker_spans(text, lo, hi, claim.speaker)
    ]
    pieces = [piece for span in _non_overlapping(inner) for piece in _clip(span, claim.start, claim.end)]
    boundaries = sorted({lo, hi, claim.start, claim.end, *[p.start for p in pieces], *[p.end for p in pieces]})
    by_start = {p.start: p for p in pieces}
    out: list[str] = []
    for a, b in itertools.pairwise(boundaries):
        if a == claim.start:
            out.append('<mark class="claim" id="claim-mark">')
        chunk: str = escape(text[a:b])
        if claim.start <= a < claim.end:
            chunk = chunk.replace("\n", " ")  # the claim's mark must not be split across paragraphs
        piece = by_start.get(a)
        if piece is not None and piece.end == b:
            out.append(f'<mark class="{piece.css}" title="{escape(piece.label)}">{chunk}</mark>')
        else:
            out.append(chunk)
        if b == claim.end:
            out.append("</mark>")
    html = "".join(out)
    paragraphs = [p for p in html.split("\n") if p.strip()]
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs))  # every text piece is escaped above


_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with words added since ``old`` in ``<ins>`` and words removed in ``<del>``."""
    a = _TOKEN.findall(old or "")
    b = _TOKEN.findall(new or "")
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # built from escaped pieces


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    diff: SafeString

    @property
    def changed(self) -> bool:
        return self.old != self.new


def verdict_snapshot(verdict: Verdict | VerdictRevision | None) -> dict[str, str]:
    """What a diff compares of a verdict or one of its revisions (nothing yet: every field empty).

    Revisions store their citations as dicts, live verdicts as rows; both become lines of titles.
    """
    if verdict is None:
        return {"rating": "", "summary": "", "explanation": "", "citations": ""}
    citations = verdict.citations if isinstance(verdict, VerdictRevision) else verdict.citations.all()
    titles = [(c.get("title") or c.get("url") or "") if isinstance(c, dict) else (c.title or c.url) for c in citations]
    return {
        "rating": str(verdict.rating) if verdict.rating else "",
        "summary": verdict.summary,
        "explanation": verdict.explanation,
        "citations": "\n".join(titles),
    }


def verdict_changes(old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    """Field-by-field comparison of two verdict snapshots (rating, summary, explanation, citations)."""
    labels = {"rating": "Rating", "summary": "Summary", "explanation": "Explanation", "citations": "Citations"}
    return [
        FieldChange(label, old.get(key, ""), new.get(key, ""), word_diff(old.get(key, ""), new.get(key, "")))
        for key, label in labels.items()
    ]
