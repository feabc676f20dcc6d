"""The article's text with its claims marked: whatever the spans, the text reads the same and every
claim is marked (properties over random texts and overlapping spans)."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.models import Claim
from claims.views.article_text import article_marked

_PARAGRAPH = re.compile(r'<p data-offset="(\d+)">(.*?)</p>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")

texts = st.text(alphabet=st.sampled_from("ab <>&\"'\n.,“"), min_size=1, max_size=120)


@st.composite
def text_and_claims(draw: st.DrawFn) -> tuple[str, list[Claim]]:
    text = draw(texts)
    claims = []
    for pk in range(1, draw(st.integers(0, 6)) + 1):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        status = draw(st.sampled_from([Claim.Status.NEW, Claim.Status.DISMISSED, Claim.Status.SPLIT]))
        claims.append(Claim(pk=pk, start=start, end=end, status=status, text=text[start:end]))
    return text, claims


@settings(max_examples=300, deadline=None)
@given(text_and_claims())
def test_paragraphs_hold_exactly_the_article_text_at_their_offset(case: tuple[str, list[Claim]]) -> None:
    text, claims = case
    marked = str(article_marked(text, claims))
    paragraphs = _PARAGRAPH.findall(marked)
    assert [line for line in text.split("\n") if line.strip()] == [
        html.unescape(_TAG.sub("", body)) for _, body in paragraphs
    ]
    for offset, body in paragraphs:
        plain = html.unescape(_TAG.sub("", body))
        assert text[int(offset) : int(offset) + len(plain)] == plain


@settings(max_examples=300, deadline=None)
@given(text_and_claims())
def test_every_open_claim_with_words_is_marked_and_linked(case: tuple[str, list[Claim]]) -> None:
    text, claims = case
    marked = str(article_marked(text, claims))
    covered = {int(pk) for ids in re.findall(r'data-claims="([0-9 ]+)"', marked) for pk in ids.split()}
    for claim in claims:
        has_words = any(ch.strip() for ch in text[claim.start : claim.end].replace("\n", ""))
        if claim.status != Claim.Status.SPLIT and has_words:
            assert claim.pk in covered
            assert f'id="claim-{claim.pk}"' in marked
        if claim.status == Claim.Status.SPLIT:
            assert claim.pk not in covered
