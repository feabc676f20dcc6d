"""/api/v1/matches/: the list (filters, cursor pages, fixed query count), decisions, bulk, and roles."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from archive.models import ClaimMatch
from claims.models import Claim
from factcheck.models import ReviewEvent
from tests.archive.factories import ClaimMatchFactory, FactCheckFactory
from tests.archive.test_matching import _archive as archive_with_background
from tests.factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db
State = ClaimMatch.State
LIST = "/api/v1/matches/"


def _published() -> Any:
    return VerdictFactory(status="published", published_at=timezone.now())


def test_list_filters_by_state_claim_and_min_score(client_for: Any, factchecker: Any) -> None:
    claim = ClaimFactory()
    low = ClaimMatchFactory(claim=claim, score=0.71)
    high = ClaimMatchFactory(claim=claim, score=0.9)
    rejected = ClaimMatchFactory(state=State.REJECTED, score=0.95)
    client = client_for(factchecker)

    def ids(**params: Any) -> set[int]:
        response = client.get(LIST, params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {low.pk, high.pk, rejected.pk}
    assert ids(state="suggested") == {low.pk, high.pk}
    assert ids(claim=claim.pk, min_score=0.8) == {high.pk}
    assert ids(state=["rejected", "confirmed"]) == {rejected.pk}


def test_a_row_says_what_the_claim_matches_and_why(client_for: Any, factchecker: Any) -> None:
    fc = FactCheckFactory(external_id="vclaim-7", rating="False", url="https://checks.example/7")
    match = ClaimMatchFactory(factcheck=fc, reason="matches 'buses'")
    earlier = _published()
    ClaimMatchFactory(claim=match.claim, factcheck=None, matched_claim=earlier.claim)
    rows = {row["target"]["kind"]: row for row in client_for(factchecker).get(LIST).json()["results"]}
    assert rows["factcheck"]["target"] == {
        "kind": "factcheck",
        "id": fc.pk,
        "text": fc.claim_reviewed,
        "title": fc.title,
        "url": "https://checks.example/7",
        "rating": "False",
        "publisher": "Example Checks",
        "external_id": "vclaim-7",
    }
    assert rows["factcheck"]["reason"] == "matches 'buses'"
    assert rows["claim"]["target"]["rating"] == earlier.rating.name
    assert rows["claim"]["target"]["url"] == f"/verdicts/{earlier.claim_id}/"


def test_cursor_pages_cover_every_match_once(client_for: Any, factchecker: Any) -> None:
    made = {m.pk for m in ClaimMatchFactory.create_batch(7)}
    client, seen, url = client_for(factchecker), [], LIST + "?page_size=3"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))


@pytest.mark.parametrize(
    "params",
    [{"state": "maybe"}, {"claim": "abc"}, {"claim": "0"}, {"min_score": "2"}, {"cursor": "zzz"}, {"ordering": "x"}],
)
def test_bad_list_parameters_are_400_with_the_field(client_for: Any, factchecker: Any, params: dict[str, str]) -> None:
    response = client_for(factchecker).get(LIST, params)
    assert response.status_code == 400
    assert next(iter(params)) in response.json()["errors"]


@pytest.mark.parametrize("size", [3, 30])
def test_list_query_count_does_not_grow_with_the_page(
    client_for: Any, factchecker: Any, size: int, django_assert_max_num_queries: Any
) -> None:
    ClaimMatchFactory.create_batch(size // 2)
    for _ in range(size - size // 2):
        ClaimMatchFactory(factcheck=None, matched_claim=_published().claim)
    client = client_for(factchecker)
    with django_assert_max_num_queries(6):
        response = client.get(LIST, {"page_size": size})
    assert len(response.json()["results"]) == size


def test_confirm_reject_and_undo(client_for: Any, factchecker: Any) -> None:
    one, two = ClaimMatchFactory.create_batch(2)
    client = client_for(factchecker)
    body = client.post(f"/api/v1/matches/{one.pk}/confirm", {}, format="json").json()
    assert (body["state"], body["decided_by"]) == ("confirmed", factchecker.username)
    assert client.post(f"/api/v1/matches/{two.pk}/reject").json()["state"] == "rejected"
    assert client.post(f"/api/v1/matches/{two.pk}/undo").json()["state"] == "suggested"
    actions = list(ReviewEvent.objects.filter(actor=factchecker).values_list("action", flat=True).order_by("id"))
    assert actions == ["match.confirm", "match.reject", "match.undo"]


def test_confirm_with_reuse_verdict_closes_the_claim(client_for: Any, editor: Any) -> None:
    match = ClaimMatchFactory(factcheck=FactCheckFactory(rating="False"))
    response = client_for(editor).post(f"/api/v1/matches/{match.pk}/confirm", {"reuse_verdict": True}, format="json")
    assert response.status_code == 200
    assert Claim.objects.get(pk=match.claim_id).status == Claim.Status.PUBLISHED
    claimreview = client_for(editor).get(f"/api/v1/claims/{match.claim_id}/claimreview").json()
    assert claimreview["citation"] == [match.factcheck.url]


def test_decisions_answer_404_409_and_400_in_words(client_for: Any, factchecker: Any, editor: Any) -> None:
    client = client_for(factchecker)
    assert client.post("/api/v1/matches/987654/confirm").status_code == 404
    assert client.post("/api/v1/matches/abc/confirm").status_code == 404
    match = ClaimMatchFactory(state=State.REJECTED)
    conflict = client.post(f"/api/v1/matches/{match.pk}/confirm")
    assert conflict.status_code == 409
    assert "rejected already" in conflict.json()["detail"]
    suggested = ClaimMatchFactory()
    assert client.post(f"/api/v1/matches/{suggested.pk}/undo").status_code == 409
    bad = client.post(f"/api/v1/matches/{suggested.pk}/confirm", {"reuse_verdict": "perhaps"}, format="json")
    assert bad.status_code == 400 and "reuse_verdict" in bad.json()["errors"]
    # Reusing publishes: an editor's decision (403 for a fact-checker, the match left as it was).
    assert (
        client.post(f"/api/v1/matches/{suggested.pk}/confirm", {"reuse_verdict": True}, format="json").status_code
        == 403
    )
    unrated = ClaimMatchFactory(factcheck=FactCheckFactory(rating="Pants on fire"))
    refused = client_for(editor).post(f"/api/v1/matches/{unrated.pk}/confirm", {"reuse_verdict": True}, format="json")
    assert refused.status_code == 409 and "not on this workbench's scale" in refused.json()["detail"]
    assert ClaimMatch.objects.get(pk=unrated.pk).state == State.SUGGESTED


def test_bulk_decides_what_it_can_and_says_why_not_for_the_rest(client_for: Any, editor: Any) -> None:
    fresh = ClaimMatchFactory()
    decided = ClaimMatchFactory(state=State.CONFIRMED)
    response = client_for(editor).post(
        "/api/v1/matches/bulk", {"action": "reject", "matches": [fresh.pk, decided.pk, 424242]}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {"match": fresh.pk, "ok": True, "detail": "Rejected; this pair will not be suggested again."},
            {
                "match": decided.pk,
                "ok": False,
                "detail": "This match is confirmed already; it cannot be rejected now.",
            },
            {"match": 424242, "ok": False, "detail": "No such match."},
        ]
    }


@pytest.mark.parametrize(
    "body",
    [
        {"action": "undo", "matches": [1]},
        {"action": "confirm", "matches": []},
        {"action": "confirm", "matches": ["x"]},
        {"action": "confirm", "matches": list(range(1, 202))},
        {"matches": [1]},
    ],
)
def test_bulk_with_bad_input_is_400(client_for: Any, factchecker: Any, body: dict[str, Any]) -> None:
    response = client_for(factchecker).post("/api/v1/matches/bulk", body, format="json")
    assert response.status_code == 400
    assert {field.split(".")[0] for field in response.json()["errors"]} <= {"action", "matches"}


def test_roles_anonymous_nothing_outsiders_nothing_admins_all(
    client_for: Any, outsider: Any, admin_user: Any, factchecker: Any
) -> None:
    match = ClaimMatchFactory()
    for client, read, decide in ((client_for(None), 401, 401), (client_for(outsider), 403, 403)):
        assert client.get(LIST).status_code == read
        assert client.post(f"/api/v1/matches/{match.pk}/reject").status_code == decide
        assert (
            client.post("/api/v1/matches/bulk", {"action": "reject", "matches": [match.pk]}, format="json").status_code
            == decide
        )
    assert ClaimMatch.objects.get(pk=match.pk).state == State.SUGGESTED
    assert client_for(admin_user).post(f"/api/v1/matches/{match.pk}/reject").status_code == 200


def test_text_asks_what_a_text_matches_in_the_same_page_shape(client_for: Any, factchecker: Any) -> None:
    [fc] = archive_with_background("The United States keeps about 55,000 troops stationed in Japan.")
    ClaimMatchFactory()  # a stored match is not part of this answer
    body = client_for(factchecker).get(LIST, {"text": "Some 55,000 American soldiers are based in Japan."}).json()
    assert body["next"] is None
    assert [(row["kind"], row["id"]) for row in body["results"]] == [("factcheck", fc.pk)]
    assert body["results"][0]["decision"] in ("auto", "suggest")
    assert client_for(factchecker).get(LIST, {"text": ""}).status_code == 400


@pytest.mark.parametrize(
    "bad", [{"min_score": "true"}, {"state": "maybe"}, {"claim": "x"}, {"ordering": "loudest"}, {"page_size": "0"}]
)
def test_the_lists_own_parameters_are_checked_with_text_too(client_for: Any, factchecker: Any, bad: dict) -> None:
    answer = client_for(factchecker).get(LIST, {"text": "Some 55,000 soldiers are based in Japan.", **bad})
    assert answer.status_code == 400 and next(iter(bad)) in answer.content.decode()
