"""factory_boy factories of the archive app (fact-checks from elsewhere, claim matches)."""

from __future__ import annotations

import datetime

import factory

from archive.models import ClaimMatch, FactCheck
from tests.factories import ClaimFactory


class FactCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FactCheck

    source = "tests"
    external_id = factory.Sequence(lambda n: f"fc-{n}")
    claim_reviewed = "The city spent 4 million dollars on buses last year."
    title = factory.Sequence(lambda n: f"Did the city spend $4 million on buses? ({n})")
    rating = "False"
    url = factory.Sequence(lambda n: f"https://checks.example/{n}")
    publisher = "Example Checks"
    published = datetime.date(2026, 3, 1)


class ClaimMatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimMatch

    claim = factory.SubFactory(ClaimFactory)
    factcheck = factory.SubFactory(FactCheckFactory)
    score = 0.81
    numbers = ClaimMatch.Numbers.AGREE
    reason = "matches 'spent 4 million on buses'; numbers agree: 4 million"
    state = ClaimMatch.State.SUGGESTED
