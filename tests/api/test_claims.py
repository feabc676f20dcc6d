"""Claims: list filters, keyset cursors, constant query counts, detail, every workflow action by role."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from claims.models import Claim
from factcheck.models import ReviewEvent
from tests.factories import (
    ClaimFactory,
    EvidenceCandidateFactory,
    FetchRunFactory,
    OutletFactory,
    QuantityFactory,
    SpeakerFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def _cursor(url: str | None) -> str:
    assert url is not None
    return parse_qs(urlsplit(url).query)["cursor"][0]


def test_list_filters_mirror_the_queue(client_for: Any, factchecker: Any) -> None:
    client = client_for(factchecker)
    speaker = SpeakerFactory(name="Jane Minister")
    outlet = OutletFactory(name="Daily")
    wanted = ClaimFactory(
        speaker=speaker, kind=Claim.Kind.QUOTE, checkworthiness=0.9, article__outlet=outlet, text="Bus fares doubled"
    )
    ClaimFactory(kind=Claim.Kind.STATISTIC, checkworthiness=0.2)
    ClaimFactory(status=Claim.Status.DISMISSED, speaker=speaker, kind=Claim.Kind.QUOTE)
    cases = [
        ({"kind": "quote", "status": "new"}, [wanted.pk]),
        ({"speaker": speaker.pk, "status": "new"}, [wanted.pk]),
        ({"outlet": outlet.pk}, [wanted.pk]),
        ({"score_min": 0.85}, [wanted.pk]),
        ({"q": "fares"}, [wanted.pk]),
        ({"search": "Jane", "status": "new"}, [wanted.pk]),
    ]
    for params, expected in cases:
        response = client.get("/api/v1/claims/", params)
        assert response.status_code == 200, (params, response.json())
        assert [c["id"] for c in response.json()["results"]] == expected, params
    assert len(client.get("/api/v1/claims/").json()["results"]) == 3  # no status filter: every status
    bad = client.get("/api/v1/claims/", {"status": "nonsense"})
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_cursor_pages_cover_every_claim_once_in_queue_order_even_with_inserts(
    client_for: Any, factchecker: Any
) -> None:
    client = client_for(factchecker)
    claims = [ClaimFactory(checkworthiness=0.5, priority=p % 3) for p in range(7)]
    expected = [c.pk for c in sorted(claims, key=lambda c: (-c.priority, -c.checkworthiness, c.created_at, c.pk))]
    seen: list[int] = []
    page = client.get("/api/v1/claims/", {"page_size": 3}).json()
    seen += [c["id"] for c in page["results"]]
    # A claim inserted at the top of the queue after page one does not shift later pages.
    ClaimFactory(priority=50)
    while page["next"]:
        page = client.get("/api/v1/claims/", {"page_size": 3, "cursor": _cursor(page["next"])}).json()
        seen += [c["id"] for c in page["results"]]
    assert seen == expected
    back = client.get("/api/v1/claims/", {"page_size": 3, "cursor": _cursor(page["previous"])}).json()
    assert [c["id"] for c in back["results"]] == expected[3:6]


@pytest.mark.parametrize("ordering", ["newest", "oldest", "score"])
def test_other_orderings_page_by_cursor_too(client_for: Any, factchecker: Any, ordering: str) -> None:
    client = client_for(factchecker)
    for _ in range(5):
        ClaimFactory()
    seen: list[int] = []
    page = client.get("/api/v1/claims/", {"page_size": 2, "ordering": ordering}).json()
    seen += [c["id"] for c in page["results"]]
    while page["next"]:
        page = client.get(
            "/api/v1/claims/", {"page_size": 2, "ordering": ordering, "cursor": _cursor(page["next"])}
        ).json()
        seen += [c["id"] for c in page["results"]]
    assert sorted(seen) == sorted(Claim.objects.values_list("pk", flat=True)) and len(seen) == 5


@pytest.mark.parametrize(
    "params", [{"cursor": "garbage!"}, {"ordering": "sideways"}, {"page_size": 0}, {"page_size": "ten"}]
)
def test_bad_paging_parameters_are_400(client_for: Any, factchecker: Any, params: dict[str, Any]) -> None:
    response = client_for(factchecker).get("/api/v1/claims/", params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) <= {"cursor", "ordering", "page_size"}


def test_a_cursor_with_values_of_the_wrong_type_is_400_not_500(client_for: Any, factchecker: Any) -> None:
    # Well-formed JSON for the "queue" ordering, but a word where the priority (an integer) goes.
    raw = json.dumps({"v": ["high", 0.5, "not a date", 1], "b": False, "o": "queue"})
    forged = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    response = client_for(factchecker).get("/api/v1/claims/", {"cursor": forged})
    assert response.status_code == 400
    assert response.json()["errors"]["cursor"] == ["The cursor is not valid."]


@pytest.mark.parametrize("size", [5, 40])
def test_list_query_count_does_not_grow_with_the_page(
    client_for: Any, factchecker: Any, size: int, read_within: Any
) -> None:
    for _ in range(size):
        ClaimFactory(assignee=factchecker, status=Claim.Status.IN_PROGRESS)
    body = read_within(client_for(factchecker), "/api/v1/claims/", {"page_size": size}, queries=6)
    assert len(body["results"]) == size


def test_detail_shows_quantities_speaker_matches_evidence_and_verdict(
    client_for: Any, factchecker: Any, django_assert_max_num_queries: Any
) -> None:
    verdict = VerdictFactory()
    claim = verdict.claim
    QuantityFactory(claim=claim)
    duplicate = ClaimFactory(duplicate_of=claim)
    EvidenceCandidateFactory(claim=claim, decision="accepted")
    EvidenceCandidateFactory(claim=claim)
    FetchRunFactory(claim=claim, provider="library", status="succeeded")
    client = client_for(factchecker)
    # Resolves and caches the token, its user and permissions; the first detail compiles its query
    # (on SQLite that asks once whether the database has JSON functions).
    client.get(f"/api/v1/claims/{claim.pk}/")
    with django_assert_max_num_queries(1):  # the claim and its related rows in one query (issue 18; was 5)
        body = client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert body["quantities"][0]["text"] == "$4 million"
    assert body["speaker"]["name"] == claim.speaker.name
    assert body["duplicates"] == [duplicate.pk]
    assert body["evidence_summary"] == {
        "pending": 1,
        "accepted": 1,
        "rejected": 0,
        "providers": {"library": "succeeded"},
    }
    assert body["verdict"]["status"] == "draft"
    assert client.get("/api/v1/claims/999999/").status_code == 404


def test_take_release_and_the_conflict_when_taken(client_for: Any, factchecker: Any, factchecker2: Any) -> None:
    claim = ClaimFactory()
    first, second = client_for(factchecker), client_for(factchecker2)
    taken = first.post(f"/api/v1/claims/{claim.pk}/take")
    assert taken.status_code == 200 and taken.json()["assignee"]["username"] == "fc"
    refused = second.post(f"/api/v1/claims/{claim.pk}/take")
    assert refused.status_code == 409
    assert refused.json() == {"detail": "Cannot take this claim: the claim was taken by fc.", "errors": {}}
    assert second.post(f"/api/v1/claims/{claim.pk}/release").status_code == 403
    assert first.post(f"/api/v1/claims/{claim.pk}/release").json()["status"] == "new"
    assert ReviewEvent.objects.filter(claim=claim, action="claim.released").exists()


def test_take_over_moves_the_claim(client_for: Any, factchecker: Any, factchecker2: Any) -> None:
    claim = ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=factchecker)
    response = client_for(factchecker2).post(f"/api/v1/claims/{claim.pk}/take-over")
    assert response.status_code == 200 and response.json()["assignee"]["username"] == "fc2"


def test_dismiss_needs_an_editor_and_a_reason(client_for: Any, factchecker: Any, editor: Any) -> None:
    claim = ClaimFactory()
    assert client_for(factchecker).post(f"/api/v1/claims/{claim.pk}/dismiss", {"reason": "x"}).status_code == 403
    editor_client = client_for(editor)
    missing = editor_client.post(f"/api/v1/claims/{claim.pk}/dismiss", {})
    assert missing.status_code == 400 and missing.json()["errors"] == {"reason": ["This field is required."]}
    blank = editor_client.post(f"/api/v1/claims/{claim.pk}/dismiss", {"reason": "   "})
    assert blank.status_code == 400 and "reason" in blank.json()["errors"]
    done = editor_client.post(f"/api/v1/claims/{claim.pk}/dismiss", {"reason": "Opinion"})
    assert done.json()["status"] == "dismissed" and done.json()["dismiss_reason"] == "Opinion"
    assert editor_client.post(f"/api/v1/claims/{claim.pk}/dismiss", {"reason": "again"}).status_code == 409
    assert client_for(factchecker).post(f"/api/v1/claims/{claim.pk}/reopen").status_code == 403
    assert editor_client.post(f"/api/v1/claims/{claim.pk}/reopen").json()["status"] == "new"


def test_assign_and_priority_are_for_editors(client_for: Any, factchecker: Any, editor: Any, outsider: Any) -> None:
    claim = ClaimFactory()
    assert (
        client_for(factchecker).post(f"/api/v1/claims/{claim.pk}/assign", {"assignee": factchecker.pk}).status_code
        == 403
    )
    editor_client = client_for(editor)
    assert editor_client.post(f"/api/v1/claims/{claim.pk}/assign", {"assignee": 987654}).status_code == 400
    not_checker = editor_client.post(f"/api/v1/claims/{claim.pk}/assign", {"assignee": outsider.pk})
    assert not_checker.status_code == 400 and "assignee" in not_checker.json()["errors"]
    assigned = editor_client.post(f"/api/v1/claims/{claim.pk}/assign", {"assignee": factchecker.pk})
    assert assigned.json()["assignee"]["id"] == factchecker.pk
    assert editor_client.post(f"/api/v1/claims/{claim.pk}/priority", {"priority": 500}).status_code == 400
    assert editor_client.post(f"/api/v1/claims/{claim.pk}/priority", {"priority": 40}).json()["priority"] == 40
    assert client_for(factchecker).post(f"/api/v1/claims/{claim.pk}/priority", {"priority": 1}).status_code == 403


def test_take_next_gives_the_top_claim_then_404_when_the_queue_is_empty(client_for: Any, factchecker: Any) -> None:
    ClaimFactory(checkworthiness=0.3)
    top = ClaimFactory(checkworthiness=0.9)
    client = client_for(factchecker)
    assert client.post("/api/v1/claims/take-next").json()["id"] == top.pk
    client.post("/api/v1/claims/take-next")
    empty = client.post("/api/v1/claims/take-next")
    assert empty.status_code == 404 and "queue is empty" in empty.json()["detail"]


def test_take_next_over_the_api_is_the_take_and_the_detail_it_answers_with(
    client_for: Any, factchecker: Any, django_assert_num_queries: Any
) -> None:
    """With the token cached: the taking CTE and the audit insert (in the test's savepoint pair),
    then one read of what the CTE's RETURNING row does not hold (speaker, article, verdict, related
    rows). Before issue 18 this was 15 queries (+ token look-ups), then 9."""
    ClaimFactory(checkworthiness=0.3)
    top = ClaimFactory(checkworthiness=0.9)
    client = client_for(factchecker)
    client.get("/api/v1/claims/")  # resolves and caches the token, its user and permissions
    with django_assert_num_queries(5):
        body = client.post("/api/v1/claims/take-next").json()
    assert body["id"] == top.pk and body["status"] == "in_progress" and body["assignee"]["username"] == "fc"


def test_take_next_honours_the_kind_filter(client_for: Any, factchecker: Any) -> None:
    ClaimFactory(kind=Claim.Kind.STATISTIC, checkworthiness=0.9)
    quote = ClaimFactory(kind=Claim.Kind.QUOTE, checkworthiness=0.1)
    assert client_for(factchecker).post("/api/v1/claims/take-next", {"kind": "quote"}).json()["id"] == quote.pk


def test_actions_refuse_users_without_a_role(client_for: Any, outsider: Any) -> None:
    claim = ClaimFactory()
    client = client_for(outsider)
    for action in ("take", "release", "take-over", "gather-evidence"):
        assert client.post(f"/api/v1/claims/{claim.pk}/{action}").status_code == 403, action
    assert client.post("/api/v1/claims/take-next").status_code == 403


def test_gather_evidence_queues_provider_runs(client_for: Any, factchecker: Any, settings: Any) -> None:
    claim = ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=factchecker)
    response = client_for(factchecker).post(f"/api/v1/claims/{claim.pk}/gather-evidence")
    assert response.status_code == 202, response.json()
    assert claim.fetch_runs.exists()
    assert response.json()["evidence_summary"]["providers"]


def test_events_list_the_audit_trail_newest_first(
    client_for: Any, factchecker: Any, django_assert_max_num_queries: Any
) -> None:
    claim = ClaimFactory()
    client = client_for(factchecker)
    client.post(f"/api/v1/claims/{claim.pk}/take")
    client.post(f"/api/v1/claims/{claim.pk}/release")
    with django_assert_max_num_queries(6):
        events = client.get(f"/api/v1/claims/{claim.pk}/events/").json()["results"]
    assert [e["action"] for e in events] == ["claim.released", "claim.taken"]
    assert events[0]["actor"]["username"] == "fc"
