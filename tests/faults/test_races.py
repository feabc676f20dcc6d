"""4–6. Races on PostgreSQL: take-next, verdict edits, duplicate submissions."""

from __future__ import annotations

from collections import Counter

from claims import services
from claims.models import Article, Claim, Verdict
from claims.services.articles import article_submit
from factcheck.errors import DomainError, ErrorKind, StaleVersion
from tests.concurrency import run_together
from tests.factories import ClaimFactory, UserFactory


def test_fifty_reviewers_taking_next_at_once_get_twenty_distinct_claims(postgres):
    users = [UserFactory(username=f"rev{i}", role="fact-checker") for i in range(50)]
    claims = [ClaimFactory(checkworthiness=0.5 + i / 100) for i in range(20)]

    results = run_together(50, lambda i: services.claim_take_next(user=users[i]))

    taken = [r for r in results if isinstance(r, Claim)]
    empty = [r for r in results if isinstance(r, DomainError) and r.kind == ErrorKind.NOT_FOUND]
    assert len(taken) == 20 and len(empty) == 30, Counter(type(r).__name__ for r in results)
    assert len({c.pk for c in taken}) == 20
    assert all("queue is empty" in e.message for e in empty)
    holders = Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("assignee_id", flat=True)
    assert None not in holders and len(set(holders)) == 20


def test_twenty_concurrent_edits_of_one_verdict_version_one_wins(postgres):
    author = UserFactory(username="author", role="fact-checker")
    claim = services.claim_take(claim=ClaimFactory(), user=author)
    verdict = services.verdict_save_draft(claim=claim, user=author, rating=None, summary="v1", explanation="")

    def edit(i: int) -> Verdict:
        return services.verdict_save_draft(
            claim=Claim.objects.get(pk=claim.pk),
            user=author,
            rating=None,
            summary=f"edit {i}",
            explanation="",
            expected_version=verdict.version,
        )

    results = run_together(20, edit)
    wins = [r for r in results if isinstance(r, Verdict)]
    stale = [r for r in results if isinstance(r, StaleVersion)]
    assert len(wins) == 1 and len(stale) == 19, Counter(type(r).__name__ for r in results)
    verdict.refresh_from_db()
    assert verdict.version == 2 and verdict.summary == wins[0].summary
    assert list(verdict.revisions.values_list("version", flat=True)) == [1, 2]


def test_twenty_concurrent_submissions_of_one_url_store_one_article(postgres, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    users = [UserFactory(username=f"desk{i}", role="fact-checker") for i in range(20)]

    # The ingest task would fetch; here only the submission race matters, so the article is
    # left queued (the broker hand-off is not part of this race).
    from claims import tasks

    original = tasks.ingest_article.apply_async
    tasks.ingest_article.apply_async = lambda *a, **k: None  # type: ignore[method-assign]
    try:
        results = run_together(
            20, lambda i: article_submit(user=users[i], url="https://news.example/story?id=1&utm_source=x")
        )
    finally:
        tasks.ingest_article.apply_async = original  # type: ignore[method-assign]

    assert all(not isinstance(r, Exception) for r in results), [r for r in results if isinstance(r, Exception)]
    assert Article.objects.count() == 1
    assert sum(1 for r in results if r.created) == 1
    assert len({r.article.pk for r in results}) == 1


class _SameEvidenceAgain:
    """A provider that finds the claim's existing candidates again (a re-gather refreshes them)."""

    label = "Stand-in"

    def __init__(self, urls: list[str]) -> None:
        self.urls = urls

    def search(self, claim: object) -> list[object]:
        from evidence.providers import Candidate

        return [
            Candidate(url=url, title=f"Budget {n}", snippet="Buses cost $2.5 million.")
            for n, url in enumerate(self.urls)
        ]


def test_twenty_evidence_decisions_racing_a_regather_of_the_same_claim_all_succeed(postgres, monkeypatch):
    from evidence.models import EvidenceCandidate, FetchRun
    from evidence.services import evidence_decide
    from evidence.services.gathering import Outcome, fetch_run_execute
    from tests.factories import EvidenceCandidateFactory, FetchRunFactory

    editor = UserFactory(username="racing-editor", role="editor")
    claim = ClaimFactory()
    # The reviewer decides what one provider found while two others gather again: their ranking
    # rewrites every candidate of the claim, the decided ones included.
    candidates = [EvidenceCandidateFactory(claim=claim, provider="archive") for _ in range(20)]
    providers = {
        name: _SameEvidenceAgain([f"https://{name}.example/{n}" for n in range(10)])
        for name in ("library", "wikipedia")
    }
    monkeypatch.setattr("evidence.services.gathering.registry", lambda: providers)
    gatherers = 6
    runs = [FetchRunFactory(claim=claim, provider=("library", "wikipedia")[i % 2]) for i in range(gatherers)]

    def work(i: int) -> object:
        if i < gatherers:
            return fetch_run_execute(runs[i].pk, final_attempt=True).outcome
        candidate = EvidenceCandidate.objects.select_related("claim").get(pk=candidates[i - gatherers].pk)
        decision = "accepted" if i % 2 else "rejected"
        return evidence_decide(candidate=candidate, user=editor, decision=decision)

    results = run_together(20 + gatherers, work)

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == [], Counter(f"{type(e).__name__}: {str(e)[:80]}" for e in errors)
    assert results[:gatherers] == [Outcome.SUCCEEDED] * gatherers
    assert set(FetchRun.objects.filter(claim=claim).values_list("status", flat=True)) == {"succeeded"}
    decided = dict(EvidenceCandidate.objects.filter(claim=claim).values_list("pk", "decision"))
    assert all(decided[c.pk] == ("accepted" if (n + gatherers) % 2 else "rejected") for n, c in enumerate(candidates))
