"""load_demo --history tells no lies: nothing dated ahead, titles cut on a word, claims that fit their
day, and each article quoting the people who speak on its topic."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims.demo_loader import SPEAKERS, TOPICS, title_of
from claims.models import Article, Claim, Verdict, VerdictRevision
from factcheck.models import ReviewEvent

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _pattern(text: str) -> re.Pattern[str]:
    """A template's text as a regular expression: each {field} matches a number."""
    return re.compile("^" + re.sub(r"\\\{\w+\\\}", r"[\\d.]+", re.escape(text)) + "$")


TEMPLATES = [(topic, t, _pattern(t.text)) for topic, ts in TOPICS.items() for t in ts]


def _template(text: str):
    found = [(topic, t) for topic, t, pattern in TEMPLATES if pattern.match(text)]
    assert len(found) == 1, f"no single template for {text!r}"
    return found[0]


def test_title_is_cut_after_a_whole_word_with_an_ellipsis():
    assert title_of("Short title") == "Short title"
    cut = title_of("Maria Lindqvist: Unemployment fell to 4.2% last year, the lowest in a decade", limit=40)
    assert cut == "Maria Lindqvist: Unemployment fell to…"
    assert title_of("one two, three", limit=10) == "one two…"  # no comma before the ellipsis


def test_demo_history_is_truthful():
    call_command("load_demo", "--history", "--password", "pw-for-tests-only", stdout=io.StringIO())
    now = timezone.now()
    articles = list(Article.objects.filter(content_hash__startswith="demo-history-").prefetch_related("claims"))
    assert len(articles) == 64
    # Nothing in the future, whatever the row.
    for model, fields in (
        (Article, ("created_at", "status_changed_at", "updated_at")),
        (Claim, ("created_at", "updated_at", "assigned_at")),
        (Verdict, ("created_at", "updated_at", "submitted_at", "published_at")),
        (VerdictRevision, ("created_at",)),
        (ReviewEvent, ("created_at",)),
    ):
        for field in fields:
            assert not model.objects.filter(**{f"{field}__gt": now}).exists(), f"{model.__name__}.{field} ahead"
    assert not Article.objects.filter(published__gt=now.date()).exists()
    topics_seen = set()
    for article in articles:
        claims = sorted(article.claims.all(), key=lambda c: c.start)
        assert claims and all(c.created_at >= article.created_at for c in claims)
        # The title is the first claim with its speaker, whole or cut after a word.
        full = f"{claims[0].speaker.name}: {claims[0].text}"
        assert article.title == full or (
            article.title.endswith("…") and full.startswith(article.title[:-1]) and full[len(article.title) - 1] == " "
        ), article.title
        topics = set()
        for claim in claims:
            assert article.text[claim.start : claim.end] == claim.text
            topic, template = _template(claim.text)
            topics.add(topic)
            # The speaker is one who would say it, and the article names them after the quote.
            assert claim.speaker.name in {SPEAKERS[key][0] for key in template.speakers}, claim.text
            assert article.text[claim.end :].startswith(f",” {claim.speaker.name},")
            assert claim.kind == template.kind
            # Years fit the day: promises ahead of it, everything else behind it.
            for year in map(int, re.findall(r"\b(?:19|20)\d\d\b", claim.text)):
                if claim.kind == Claim.Kind.PROMISE:
                    assert year > article.published.year, claim.text
                else:
                    assert year < article.published.year, claim.text
            for percent in map(float, re.findall(r"([\d.]+)%", claim.text)):
                assert 0 < percent <= 30, claim.text
        assert len(topics) == 1, f"article #{article.pk} mixes topics {topics}"
        topics_seen |= topics
    assert topics_seen == set(TOPICS)
