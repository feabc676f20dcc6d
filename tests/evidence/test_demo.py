"""The demo: reference notes in the library and ranked, number-checked evidence, offline and idempotent."""

from __future__ import annotations

from typing import Any

import pytest
import responses
from django.core.management import call_command

from evidence.models import EvidenceCandidate, EvidenceDocument, FetchRun

pytestmark = pytest.mark.django_db(transaction=True)


def test_load_demo_shows_ranked_library_evidence_with_number_checks_offline(capsys: Any) -> None:
    # No network: any provider request fails as a connection error, like on an offline laptop.
    with responses.RequestsMock(assert_all_requests_are_fired=False):
        call_command("load_demo", "--password", "demo-pass-123")
        call_command("load_demo")  # twice: nothing is added twice
    assert EvidenceDocument.objects.filter(publisher="Factcheck Workbench demo notes").count() == 3
    troops = EvidenceCandidate.objects.get(
        claim__text__contains="55,000 troops", provider="library", title__startswith="U.S. Forces Japan"
    )
    assert troops.agreement == "agrees" and troops.rank == 1
    assert troops.agreement_detail[0]["claim"] == "55,000 troops"
    spending = EvidenceCandidate.objects.filter(claim__text__contains="2% of Japan", provider="library")
    assert {c.title for c in spending} >= {"Japan's defence budget as a share of GDP"}
    assert all(c.agreement != "none" for c in spending if "GDP" in c.title)
    assert not FetchRun.objects.filter(provider__in=["library", "archive"]).exclude(status="succeeded").exists()
    assert "demo notes added" in capsys.readouterr().out
