"""Orchestration: runs per provider, idempotent gathering, the sweeper, beat refreshes, cache cleaning."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
import responses
from django.utils import timezone
from prometheus_client import REGISTRY

from claims import matching
from claims.models import ClaimBand
from evidence import tasks
from evidence.models import EvidenceCandidate, FetchRun
from evidence.providers.archive import ArchiveProvider
from evidence.providers.base import Candidate
from evidence.services import (
    evidence_decide,
    evidence_gather,
    fetch_runs_start,
    library_document_add,
    library_document_delete,
)
from evidence.services.gathering import candidates_store
from factcheck.errors import DomainError, Forbidden
from factcheck.models import ReviewEvent
from factcheck.tasks import requeue_stale_work
from tests.evidence.conftest import TROOPS_CLAIM, claim_with_quantities
from tests.factories import ClaimFactory, EvidenceCandidateFactory, FetchRunFactory, VerdictFactory

pytestmark = pytest.mark.django_db

USFJ_NOTE = "U.S. Forces Japan: about 55,000 U.S. troops are stationed in Japan under the security treaty."


@pytest.fixture
def offline(settings: Any) -> responses.RequestsMock:
    """Network providers answer 'nothing found' so only library and archive produce candidates."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.get(settings.WIKIPEDIA_API_URL, json={"query": {"search": []}})
        yield mocked


def gather(claim: Any, capture: Any, **kwargs: Any) -> list[FetchRun]:
    with capture(execute=True):
        return fetch_runs_start(claim.pk, **kwargs)


def runs_by_provider(claim: Any) -> dict[str, FetchRun]:
    return {r.provider: r for r in FetchRun.objects.filter(claim=claim)}


@pytest.fixture
def claim_the_library_answers(editor: Any) -> Any:
    """The troops claim, with a library note that agrees with its number."""
    library_document_add(user=editor, title="USFJ troop numbers", text=USFJ_NOTE)
    return claim_with_quantities(TROOPS_CLAIM)


def test_gathering_runs_every_provider_and_records_each_outcome(
    claim_the_library_answers: Any, offline: Any, django_capture_on_commit_callbacks: Any
) -> None:
    claim = claim_the_library_answers
    gather(claim, django_capture_on_commit_callbacks)
    runs = runs_by_provider(claim)
    assert {name: r.status for name, r in runs.items()} == {
        "library": "succeeded",
        "archive": "succeeded",
        "wikipedia": "succeeded",
        "worldbank": "succeeded",
        "factcheck_tools": "skipped",
    }
    assert runs["library"].candidates_found == 1 and runs["library"].attempts == 1
    candidate = EvidenceCandidate.objects.get(claim=claim)
    assert (candidate.provider, candidate.rank, candidate.agreement) == ("library", 1, "agrees")
    assert candidate.url.startswith("library:") and candidate.document is not None
    assert any(reason.startswith("numbers agree") for reason in candidate.reasons)


def test_a_provider_left_out_of_evidence_providers_is_skipped_with_the_reason(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EVIDENCE_PROVIDERS = ["library", "archive"]
    claim = claim_with_quantities(TROOPS_CLAIM)
    gather(claim, django_capture_on_commit_callbacks)
    runs = runs_by_provider(claim)
    assert runs["wikipedia"].status == runs["worldbank"].status == "skipped"
    assert "EVIDENCE_PROVIDERS" in runs["wikipedia"].error
    assert runs["library"].status == "succeeded"


def test_gathering_twice_creates_no_duplicate_candidates_and_keeps_decisions(
    editor: Any, claim_the_library_answers: Any, offline: Any, django_capture_on_commit_callbacks: Any
) -> None:
    claim = claim_the_library_answers
    gather(claim, django_capture_on_commit_callbacks)
    candidate = EvidenceCandidate.objects.get(claim=claim)
    evidence_decide(candidate=candidate, user=editor, decision="accepted", stance="supports", note="Matches.")
    gather(claim, django_capture_on_commit_callbacks)
    assert EvidenceCandidate.objects.filter(claim=claim).count() == 1
    candidate.refresh_from_db()
    assert (candidate.decision, candidate.stance, candidate.note) == ("accepted", "supports", "Matches.")
    assert FetchRun.objects.filter(claim=claim, provider="library").count() == 2


def test_a_provider_with_a_run_in_flight_is_not_started_again(django_capture_on_commit_callbacks: Any) -> None:
    claim = claim_with_quantities(TROOPS_CLAIM)
    FetchRunFactory(claim=claim, provider="library", status=FetchRun.Status.RUNNING, started_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        runs = fetch_runs_start(claim.pk, providers=["library", "archive"])
    assert [r.provider for r in runs] == ["archive"]
    assert len(callbacks) == 1  # one group, published after commit


def test_a_redelivered_provider_task_does_nothing_twice(offline: Any) -> None:
    claim = claim_with_quantities(TROOPS_CLAIM)
    run = FetchRun.objects.create(claim=claim, provider="library")
    assert tasks.fetch_from_provider.apply(args=[run.pk]).get() == "succeeded"
    assert tasks.fetch_from_provider.apply(args=[run.pk]).get() == "nothing_to_do"
    run.refresh_from_db()
    assert run.attempts == 1


def test_a_provider_bug_fails_its_run_and_not_the_others(
    monkeypatch: pytest.MonkeyPatch, offline: Any, django_capture_on_commit_callbacks: Any
) -> None:
    def failures() -> float:
        labels = {"provider": "archive", "reason": "internal_error"}
        return REGISTRY.get_sample_value("factcheck_provider_failures_total", labels) or 0.0

    monkeypatch.setattr(ArchiveProvider, "search", mock.Mock(side_effect=KeyError("pageid")))
    claim = claim_with_quantities(TROOPS_CLAIM)
    before = failures()
    gather(claim, django_capture_on_commit_callbacks, providers=["archive", "library"])
    assert failures() == before + 1  # counted for /metrics
    runs = runs_by_provider(claim)
    assert runs["archive"].status == "failed"
    assert runs["archive"].error == "Our published verdicts stopped with an internal error (KeyError); it was logged."
    assert runs["library"].status == "succeeded"


def test_the_archive_finds_published_verdicts_of_the_same_claim(
    offline: Any, django_capture_on_commit_callbacks: Any
) -> None:
    earlier = claim_with_quantities(TROOPS_CLAIM)
    ClaimBand.objects.bulk_create(
        ClaimBand(claim=earlier, key=k) for k in set(matching.band_keys(matching.tokens_of(earlier.text)))
    )
    VerdictFactory(
        claim=earlier,
        status="published",
        published_at=timezone.make_aware(dt.datetime(2025, 4, 2)),
        summary="USFJ has about 55,000 personnel.",
    )
    claim = claim_with_quantities(TROOPS_CLAIM)
    gather(claim, django_capture_on_commit_callbacks, providers=["archive"])
    candidate = EvidenceCandidate.objects.get(claim=claim, provider="archive")
    assert candidate.title == "Already checked on 2025-04-02: False"
    assert candidate.url == f"claim:{earlier.pk}" and candidate.extra["claim_id"] == earlier.pk


def test_fetch_evidence_again_is_for_fact_checkers_and_editors_and_is_audited(
    factchecker: Any, outsider: Any, offline: Any, django_capture_on_commit_callbacks: Any
) -> None:
    claim = claim_with_quantities(TROOPS_CLAIM)
    with pytest.raises(Forbidden):
        evidence_gather(claim=claim, user=outsider)
    with pytest.raises(DomainError, match="No evidence provider called bing"):
        evidence_gather(claim=claim, user=factchecker, providers=["bing"])
    with django_capture_on_commit_callbacks(execute=True):
        runs = evidence_gather(claim=claim, user=factchecker)
    assert len(runs) == 5
    event = ReviewEvent.objects.get(action="evidence.gather")
    assert event.actor == factchecker and event.claim_id == claim.pk


def test_the_sweeper_requeues_overdue_queued_and_abandoned_running_runs(settings: Any) -> None:
    claim = claim_with_quantities(TROOPS_CLAIM)
    long_ago = timezone.now() - dt.timedelta(hours=2)
    overdue = FetchRunFactory(claim=claim, provider="library", due_at=long_ago)
    abandoned = FetchRunFactory(claim=claim, provider="archive", status="running", started_at=long_ago, attempts=1)
    fresh = FetchRunFactory(claim=claim, provider="wikipedia", due_at=timezone.now())
    retry_later = FetchRunFactory(claim=claim, provider="worldbank", due_at=timezone.now() + dt.timedelta(minutes=5))
    done = FetchRunFactory(claim=claim, provider="factcheck_tools", status="succeeded", due_at=long_ago)
    with mock.patch("evidence.tasks.enqueue_now", return_value=True) as enqueue:
        assert tasks.sweep_stale() == 2
        assert sorted(call.args[1] for call in enqueue.call_args_list) == sorted([overdue.pk, abandoned.pk])
        # Touched rows wait a full period again: a second sweep right away enqueues nothing.
        assert tasks.sweep_stale() == 0
    abandoned.refresh_from_db()
    assert abandoned.status == "queued" and abandoned.error == "Restarted after the worker stopped."
    # The restart is a state change: one event, by the system, on the run's claim; a touch is not.
    restarted = ReviewEvent.objects.get(action="fetch_run.restarted")
    assert (restarted.actor, restarted.object_id, restarted.claim_id) == (None, abandoned.pk, claim.pk)
    assert restarted.before == {"status": "running", "provider": "archive"} and restarted.after == {"status": "queued"}
    for untouched in (fresh, retry_later, done):
        before = untouched.due_at
        untouched.refresh_from_db()
        assert untouched.due_at == before


def test_the_sweeper_is_registered_with_the_shared_requeue_task(monkeypatch: Any) -> None:
    monkeypatch.setattr(tasks, "sweep_stale", lambda: 3)
    assert requeue_stale_work()["evidence.tasks"] == 3


def test_beat_refreshes_open_claims_whose_evidence_is_old(settings: Any) -> None:
    settings.EVIDENCE_REFRESH_DAYS = 7
    old_claim = claim_with_quantities(TROOPS_CLAIM)
    recent_claim = claim_with_quantities(TROOPS_CLAIM)
    published_claim = claim_with_quantities(TROOPS_CLAIM, status="dismissed")
    for claim, age in ((old_claim, 10), (recent_claim, 1), (published_claim, 10)):
        FetchRunFactory(
            claim=claim, provider="library", status="succeeded", queued_at=timezone.now() - dt.timedelta(days=age)
        )
    FetchRun.objects.filter(claim__in=[old_claim, published_claim]).update(
        queued_at=timezone.now() - dt.timedelta(days=10)
    )
    with mock.patch("evidence.services.gathering.fetch_runs_start") as start:
        assert tasks.refresh_stale_evidence() == 1
    start.assert_called_once_with(old_claim.pk)


def test_candidate_of_a_deleted_document_stays_on_the_claim(editor: Any) -> None:
    document = library_document_add(user=editor, title="Note", text="Some note text.").document
    candidate = EvidenceCandidateFactory(document=document)
    library_document_delete(document=document, user=editor)
    candidate.refresh_from_db()
    assert candidate.document is None


def test_provider_urls_follow_the_address_policy_before_they_are_stored(settings: Any) -> None:
    settings.EVIDENCE_MIN_RELEVANCE = 0.0  # the titles say nothing; only the addresses are judged here
    claim = ClaimFactory()
    found = [
        Candidate(url="https://en.wikipedia.org/wiki/NATO", title="public"),
        Candidate(url="library:12", title="a library note without a web address"),
        Candidate(url="claim:7", title="an earlier verdict"),
        Candidate(url="http://127.0.0.1/admin", title="loopback"),
        Candidate(url="http://169.254.169.254/latest/meta-data/", title="metadata"),
        Candidate(url="http://2130706433/", title="loopback as a number"),
        Candidate(url="javascript:alert(1)", title="script"),
        Candidate(url="library:../../etc", title="not one of ours"),
    ]
    assert candidates_store(claim, "wikipedia", found) == 3
    stored = set(EvidenceCandidate.objects.filter(claim=claim).values_list("url", flat=True))
    assert stored == {"https://en.wikipedia.org/wiki/NATO", "library:12", "claim:7"}
