"""Re-ingesting or resubmitting an article does not flood the queue with claims it already has."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.extraction import extract_claims
from claims.models import Article, Claim
from claims.services.articles import article_submit
from claims.services.claims_store import claims_store, family_repeats
from tests.factories import ArticleFactory, UserFactory

DEMO_TEXT = (Path(__file__).resolve().parents[2] / "claims/demo/us-japan-alliance.txt").read_text(encoding="utf-8")
OLD_SENTENCE = "TOKYO — Defense Secretary Pete Hegseth and Japanese Prime Minister Shigeru Ishiba"
NEW_SENTENCE = "TOKYO — U.S. Defense Secretary Pete Hegseth and Japan's Prime Minister Shigeru Ishiba"


def _stored_and_worked_on() -> Article:
    article = ArticleFactory(text=DEMO_TEXT, status=Article.Status.DONE)
    claims_store(article=article, extracted=extract_claims(DEMO_TEXT))
    Claim.objects.filter(article=article).update(priority=5)  # worked on: a re-ingest keeps them all
    return article


@pytest.mark.django_db
def test_a_reingest_does_not_store_again_a_claim_kept_under_a_moved_span() -> None:
    article = _stored_and_worked_on()
    before = Claim.objects.filter(article=article).count()
    # Stored by another reader: every span one character off, as the demo history's are.
    for claim in Claim.objects.filter(article=article):
        Claim.objects.filter(pk=claim.pk).update(start=claim.start + 1, end=claim.end + 1)

    claims_store(article=article, extracted=extract_claims(DEMO_TEXT))

    assert Claim.objects.filter(article=article).count() == before


@pytest.mark.django_db
def test_a_reingest_does_not_store_again_a_claim_kept_under_other_offsets() -> None:
    article = _stored_and_worked_on()
    before = Claim.objects.filter(article=article).count()
    # Spans lost (empty, at the top); only the text says they are the same claims.
    for i, claim in enumerate(Claim.objects.filter(article=article)):
        Claim.objects.filter(pk=claim.pk).update(start=i, end=i)

    claims_store(article=article, extracted=extract_claims(DEMO_TEXT))

    assert Claim.objects.filter(article=article).count() == before


@pytest.mark.django_db(transaction=True)
def test_resubmitting_the_article_with_one_sentence_changed_links_its_claims_to_the_first() -> None:
    assert OLD_SENTENCE in DEMO_TEXT
    user = UserFactory(role="fact-checker")
    first = article_submit(user=user, text=DEMO_TEXT).article
    first_claims = Claim.objects.filter(article=first).count()
    assert first_claims >= 10

    second = article_submit(user=user, text=DEMO_TEXT.replace(OLD_SENTENCE, NEW_SENTENCE)).article

    assert second.pk != first.pk
    second_claims = Claim.objects.filter(article=second)
    new = second_claims.filter(status=Claim.Status.NEW)
    assert new.count() <= 2, [c.text for c in new]
    repeats = second_claims.filter(status=Claim.Status.DISMISSED)
    assert repeats.count() >= first_claims - 2
    assert all(c.duplicate_of is not None and c.duplicate_of.article_id == first.pk for c in repeats)
    assert all(f"of another version of this article (#{first.pk})" in c.dismiss_reason for c in repeats)


@pytest.mark.django_db
def test_a_different_article_quoting_one_claim_is_not_a_version_of_it() -> None:
    first = _stored_and_worked_on()
    quoted = Claim.objects.filter(article=first).order_by("start").first()
    assert quoted is not None
    other_text = f"An unrelated report on fisheries and weather. {quoted.text}"
    other = ArticleFactory(text=other_text, status=Article.Status.DONE)

    stored = claims_store(article=other, extracted=extract_claims(other_text))

    assert stored and all(claim.status == Claim.Status.NEW for claim in stored)


@pytest.mark.django_db
def test_the_family_repeat_check_takes_three_queries_for_the_whole_article(django_assert_num_queries) -> None:
    first = _stored_and_worked_on()
    first_claims = list(Claim.objects.filter(article=first).order_by("pk"))
    # One of the first version's claims is itself a repeat: its original is what a repeat links to.
    Claim.objects.filter(pk=first_claims[1].pk).update(duplicate_of=first_claims[0])
    texts = [claim.text for claim in first_claims] + ["Nothing like this was said in any version."]

    with django_assert_num_queries(3):
        repeats = family_repeats(texts, {first.pk})

    assert len(first_claims) >= 10
    assert [claim.pk if claim else None for claim, _ in repeats] == (
        [first_claims[0].pk, first_claims[0].pk] + [claim.pk for claim in first_claims[2:]] + [None]
    )
    with django_assert_num_queries(0):
        assert family_repeats(texts, set()) == [(None, 0.0)] * len(texts)
