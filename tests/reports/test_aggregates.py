"""Percentiles in the database: percentile_cont on PostgreSQL, ranked rows elsewhere, same answers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F, FloatField
from django.db.models.functions import Cast

from claims.models import Claim
from claims.reports.aggregates import PercentileCont, percentiles, percentiles_of, value_rows
from tests.factories import ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored() -> dict[str, int]:
    a, b = SpeakerFactory(name="A"), SpeakerFactory(name="B")
    for score in (0.1, 0.2, 0.3, 0.4, 1.0):
        ClaimFactory(speaker=a, checkworthiness=score)
    for score in (0.5, 0.7):
        ClaimFactory(speaker=b, checkworthiness=score)
    ClaimFactory(speaker=SpeakerFactory(name="C"), checkworthiness=0.9)
    return {"A": a.pk, "B": b.pk}


def value() -> Cast:
    return Cast(F("checkworthiness"), FloatField())


@pytest.mark.parametrize("fallback", [False, True])
def test_percentiles_interpolate_between_ranks_like_percentile_cont(scored, fallback):
    qs = Claim.objects.filter(speaker_id__in=scored.values())
    grouped = percentiles(
        qs, value=value(), fractions=(0.5, 0.9, 0.0, 1.0), group_by="speaker_id", force_fallback=fallback
    )
    # A: 0.1 0.2 0.3 0.4 1.0 → median 0.3; p90 at rank 3.6 → 0.4 + 0.6 · 0.6 = 0.76.
    assert grouped[scored["A"]] == pytest.approx([0.3, 0.76, 0.1, 1.0])
    # B: 0.5 0.7 → median 0.6; p90 at 0.9 → 0.68.
    assert grouped[scored["B"]] == pytest.approx([0.6, 0.68, 0.5, 0.7])
    overall = percentiles(Claim.objects.all(), value=value(), fractions=(0.5,), force_fallback=fallback)
    assert overall[None] == pytest.approx([0.45])  # eight values: 0.4 and 0.5 in the middle


@pytest.mark.parametrize("fallback", [False, True])
def test_percentiles_of_nothing_is_an_empty_result(db, fallback):
    assert percentiles(Claim.objects.all(), value=value(), fractions=(0.5,), force_fallback=fallback) == {}


def test_percentile_fraction_must_be_a_number_between_0_and_1():
    with pytest.raises(ValueError, match="between 0 and 1"):
        PercentileCont("checkworthiness", fraction=1.5)


def test_postgresql_uses_percentile_cont(scored):
    if connection.vendor != "postgresql":
        pytest.skip("percentile_cont is PostgreSQL's")
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        percentiles(Claim.objects.all(), value=value(), fractions=(0.5,))
    assert "PERCENTILE_CONT(0.5) WITHIN GROUP" in queries[0]["sql"]


@pytest.mark.parametrize("fallback", [False, True])
def test_percentiles_over_a_union_of_parts_equal_those_over_the_whole(scored, fallback):
    """The reports take percentiles over the roll-up's past rows and today's live ones together."""
    parts = [
        value_rows(Claim.objects.filter(checkworthiness__lt=0.45), value=value(), group_by="speaker_id"),
        value_rows(Claim.objects.filter(checkworthiness__gte=0.45), value=value(), group_by="speaker_id"),
    ]
    whole = percentiles(Claim.objects.all(), value=value(), fractions=(0.5, 0.9), group_by="speaker_id")
    assert percentiles_of(parts, fractions=(0.5, 0.9), grouped=True, force_fallback=fallback) == whole
    one = [value_rows(Claim.objects.all(), value=value(), group_by=None)]
    assert percentiles_of(one, fractions=(0.5,), grouped=False, force_fallback=fallback) == percentiles(
        Claim.objects.all(), value=value(), fractions=(0.5,)
    )
    assert percentiles_of([], fractions=(0.5,), grouped=False) == {}
    with pytest.raises(ValueError, match="between 0 and 1"):
        percentiles_of(one, fractions=(2.0,), grouped=False)
