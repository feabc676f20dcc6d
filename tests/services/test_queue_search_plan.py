"""Queue free text on PostgreSQL goes through the GIN index on ``claims_claim.search_vector``."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from claims.models import Claim
from claims.selectors.queue import QueueFilters, claim_list
from tests.conftest import require_service
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def on_postgres(db: Any) -> None:
    require_service(connection.vendor == "postgresql", "the queue's full-text index exists only on PostgreSQL")


@pytest.fixture
def many_claims(on_postgres: None) -> tuple[Claim, Claim]:
    article, speaker = ArticleFactory(), SpeakerFactory(name="Pat Common")
    filler = "The city spent {n} million dollars on buses and trains last year"
    Claim.objects.bulk_create(
        Claim(
            article=article,
            speaker=speaker,
            text=filler.format(n=n),
            start=n * 100,
            end=n * 100 + 60,
            kind="statistic",
            checkworthiness=0.5,
        )
        for n in range(3000)
    )
    rare = ClaimFactory(text="A zebra crossing cost the council two million", checkworthiness=0.2)
    by_name = ClaimFactory(text="Wages rose", speaker=SpeakerFactory(name="Quentin Xylophone"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    return rare, by_name


def test_search_finds_text_and_speaker_words_stemmed(many_claims: tuple[Claim, Claim]) -> None:
    rare, by_name = many_claims
    assert list(claim_list(filters=QueueFilters(q="zebras"))) == [rare]
    assert list(claim_list(filters=QueueFilters(q="xylophone wages"))) == [by_name]
    assert list(claim_list(filters=QueueFilters(q='"wages rose" -zebra'))) == [by_name]


def test_a_renamed_speaker_is_found_by_the_new_name(many_claims: tuple[Claim, Claim]) -> None:
    _, by_name = many_claims
    by_name.speaker.name = "Rosalind Quagga"
    by_name.speaker.save()
    assert list(claim_list(filters=QueueFilters(q="quagga"))) == [by_name]
    assert not claim_list(filters=QueueFilters(q="xylophone")).exists()


@pytest.mark.parametrize("q", ["zebra", "tariffs wages"])
def test_the_queue_page_with_words_uses_the_full_text_index(many_claims: tuple[Claim, Claim], q: str) -> None:
    plan = claim_list(filters=QueueFilters(q=q))[:50].explain()
    assert "claim_search_vector_gin" in plan, plan
