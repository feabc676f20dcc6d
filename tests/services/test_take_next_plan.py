"""Take-next's pick on PostgreSQL goes through the partial index of new claims in queue order, so
claims already taken at the top of the order are not walked past one by one."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from claims.models import QUEUE_ORDER, Claim
from claims.services import claim_take_next
from tests.conftest import require_service
from tests.factories import ArticleFactory, SpeakerFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def queue_with_taken_top(db: Any, factchecker: Any) -> Claim:
    """3,000 claims whose 600 most urgent are already taken; returns the most urgent new one."""
    require_service(connection.vendor == "postgresql", "the plan is PostgreSQL's")
    article, speaker = ArticleFactory(), SpeakerFactory()
    Claim.objects.bulk_create(
        Claim(
            article=article,
            speaker=speaker,
            text=f"Claim number {n} about buses",
            start=n * 100,
            end=n * 100 + 40,
            kind="statistic",
            checkworthiness=1 - n / 3000,
            status="in_progress" if n < 600 else "new",
            assignee=factchecker if n < 600 else None,
        )
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    return Claim.objects.get(text="Claim number 600 about buses")


def test_the_pick_uses_the_index_of_new_claims(queue_with_taken_top: Claim) -> None:
    pick = Claim.objects.filter(status=Claim.Status.NEW).order_by(*QUEUE_ORDER).values_list("pk", flat=True)[:1]
    plan = pick.explain()
    assert "claim_new_order_idx" in plan, plan


def test_take_next_takes_the_most_urgent_new_claim(queue_with_taken_top: Claim, factchecker: Any) -> None:
    assert claim_take_next(user=factchecker).pk == queue_with_taken_top.pk
