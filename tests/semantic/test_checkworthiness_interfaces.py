"""The check-worthiness interfaces: the scoring command, the API, re-scoring, and the desk."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import Claim
from claims.semantic import checkworthiness as cw
from claims.services.checkworthiness import claims_rescore
from factcheck.models import ReviewEvent
from tests.factories import ClaimFactory
from tests.ui.conftest import client_for as login

FACT = "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years."
THANKS = "Thank you very much."


def test_score_sentences_writes_one_json_object_a_line_in_order(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text(f"{FACT}\n{THANKS}\n\nDid taxes go up?\n", encoding="utf-8")
    out = io.StringIO()
    call_command("score_sentences", str(path), stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["text"] for r in rows] == [FACT, THANKS, "", "Did taxes go up?"]
    assert set(rows[0]) == {"text", "score", "checkworthy"}
    assert rows[0]["checkworthy"] is True and rows[1]["checkworthy"] is False
    assert rows[2]["score"] == 0.0 and rows[3]["score"] == cw.RULE_SCORE
    threshold = cw.active_model().threshold
    assert all(r["checkworthy"] == (r["score"] >= threshold) for r in rows)


def test_score_sentences_names_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        call_command("score_sentences", str(tmp_path / "missing.txt"))


@pytest.mark.django_db
def test_rescore_claims_updates_stored_scores_in_batches() -> None:
    fact = ClaimFactory(text=FACT, checkworthiness=0.1, kind=Claim.Kind.STATISTIC)
    thanks = ClaimFactory(text=THANKS, checkworthiness=0.9, kind=Claim.Kind.OPINION)
    out, err = io.StringIO(), io.StringIO()
    call_command("rescore_claims", "--batch-size", "1", stdout=out, stderr=err)
    fact.refresh_from_db()
    thanks.refresh_from_db()
    assert fact.checkworthiness > cw.active_model().threshold > thanks.checkworthiness
    assert "re-scored 2 claims in 2 batches; 2 scores changed" in out.getvalue()
    assert "2/2" in err.getvalue()  # the progress bar
    call_command("rescore_claims", stdout=(again := io.StringIO()), stderr=io.StringIO())
    assert "0 scores changed" in again.getvalue()


@pytest.mark.django_db
def test_rescoring_records_one_event_per_changed_claim_in_the_same_transaction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fact = ClaimFactory(text=FACT, checkworthiness=0.1, kind=Claim.Kind.STATISTIC)
    assert claims_rescore([fact.pk]) == 1
    fact.refresh_from_db()
    event = ReviewEvent.objects.get(action="claim.rescored")
    assert (event.actor, event.claim_id, event.article_id) == (None, fact.pk, fact.article_id)
    assert event.before == {"checkworthiness": 0.1}
    assert event.after == {"checkworthiness": fact.checkworthiness, "model": cw.active_model().version}
    assert claims_rescore([fact.pk]) == 0  # unchanged: no second event
    assert ReviewEvent.objects.filter(action="claim.rescored").count() == 1
    # A failing event write takes the new scores back with it.
    fact2 = ClaimFactory(text=FACT + " Again.", checkworthiness=0.2, kind=Claim.Kind.STATISTIC)

    def broken(**_: Any) -> None:
        raise RuntimeError("audit down")

    monkeypatch.setattr("claims.services.checkworthiness.record_event", broken)
    with pytest.raises(RuntimeError):
        claims_rescore([fact2.pk])
    fact2.refresh_from_db()
    assert fact2.checkworthiness == 0.2


@pytest.mark.django_db
def test_rescore_claims_refuses_to_run_on_the_fallback(tampered_model: Callable[[], Path]) -> None:
    tampered_model()
    claim = ClaimFactory(text=FACT, checkworthiness=0.42)
    with pytest.raises(CommandError, match="old model"):
        call_command("rescore_claims", stdout=io.StringIO(), stderr=io.StringIO())
    claim.refresh_from_db()
    assert claim.checkworthiness == 0.42


@pytest.fixture
def _plain_static_urls(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("_plain_static_urls")
def test_the_desk_shows_the_reason_and_no_warning(factchecker: Any) -> None:
    claim = ClaimFactory(text=FACT, checkworthiness=0.95)
    html = login(factchecker).get(reverse("claims:desk", args=[claim.pk])).content.decode()
    assert 'data-testid="worthiness-reason"' in html
    assert "Check-worthy (0.95 vs" in html and "a figure" in html
    assert 'data-testid="worthiness-warning"' not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("_plain_static_urls")
def test_the_desk_warns_when_the_old_model_is_in_use(factchecker: Any, tampered_model: Callable[[], Path]) -> None:
    tampered_model()
    claim = ClaimFactory(text=FACT, checkworthiness=0.95)
    html = login(factchecker).get(reverse("claims:desk", args=[claim.pk])).content.decode()
    assert 'data-testid="worthiness-warning"' in html and "scores come from the old model" in html
