"""Verdicts: ETag = version, If-Match on updates (428/412), submit, approve, return, history, roles."""

from __future__ import annotations

from typing import Any

import pytest

from claims.models import Claim, Verdict, VerdictRevision
from tests.factories import ClaimFactory, EvidenceCandidateFactory

pytestmark = pytest.mark.django_db

DRAFT = {
    "rating": "false",
    "summary": "It was $2.5m.",
    "explanation": "The budget book.",
    "citations": [{"url": "https://budget.example/2025", "title": "Budget"}],
}


@pytest.fixture
def claim(factchecker: Any) -> Claim:
    return ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=factchecker)


def test_create_returns_the_verdict_with_its_version_as_etag(client_for: Any, factchecker: Any, claim: Claim) -> None:
    client = client_for(factchecker)
    assert client.get(f"/api/v1/claims/{claim.pk}/verdict").status_code == 404
    created = client.post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT)
    assert created.status_code == 201, created.json()
    assert created["ETag"] == '"1"' and created.json()["version"] == 1
    assert created.json()["citations"][0]["url"] == "https://budget.example/2025"
    read = client.get(f"/api/v1/claims/{claim.pk}/verdict")
    assert read["ETag"] == '"1"' and read.json()["rating"]["slug"] == "false"
    assert client.post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT).status_code == 409


def test_update_without_if_match_is_428(client_for: Any, factchecker: Any, claim: Claim) -> None:
    client = client_for(factchecker)
    client.post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT)
    for method in (client.put, client.patch):
        response = method(f"/api/v1/claims/{claim.pk}/verdict", {"summary": "x"})
        assert response.status_code == 428
        assert "If-Match" in response.json()["detail"]


def test_a_stale_if_match_is_412_and_nothing_is_written(client_for: Any, factchecker: Any, claim: Claim) -> None:
    client = client_for(factchecker)
    client.post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT)
    first = client.patch(f"/api/v1/claims/{claim.pk}/verdict", {"summary": "First edit"}, HTTP_IF_MATCH='"1"')
    assert first.status_code == 200 and first["ETag"] == '"2"'
    stale = client.patch(f"/api/v1/claims/{claim.pk}/verdict", {"summary": "Second edit"}, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2 and stale["ETag"] == '"2"'
    assert Verdict.objects.get(claim=claim).summary == "First edit"


def test_patch_keeps_what_it_does_not_name_and_put_replaces(client_for: Any, factchecker: Any, claim: Claim) -> None:
    client = client_for(factchecker)
    client.post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT)
    patched = client.patch(f"/api/v1/claims/{claim.pk}/verdict", {"summary": "New"}, HTTP_IF_MATCH='"1"').json()
    assert patched["explanation"] == "The budget book." and len(patched["citations"]) == 1
    put = client.put(f"/api/v1/claims/{claim.pk}/verdict", {"summary": "Only this"}, HTTP_IF_MATCH='"2"').json()
    assert put["explanation"] == "" and put["citations"] == [] and put["rating"] is None


def test_if_match_star_matches_whatever_the_current_version_is(client_for: Any, factchecker: Any, claim: Claim) -> None:
    client = client_for(factchecker)
    client.post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT)
    client.patch(f"/api/v1/claims/{claim.pk}/verdict", {"summary": "Second"}, HTTP_IF_MATCH='"1"')
    star = client.patch(f"/api/v1/claims/{claim.pk}/verdict", {"summary": "Third"}, HTTP_IF_MATCH="*")
    assert star.status_code == 200 and star["ETag"] == '"3"' and star.json()["summary"] == "Third"
    submitted = client.post(f"/api/v1/claims/{claim.pk}/verdict/submit", HTTP_IF_MATCH="*")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"


def test_a_weak_etag_never_matches_if_match_and_nothing_is_written(
    client_for: Any, factchecker: Any, claim: Claim
) -> None:
    client = client_for(factchecker)
    client.post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT)
    for weak in ('W/"1"', 'w/"1"'.upper()):
        response = client.patch(f"/api/v1/claims/{claim.pk}/verdict", {"summary": "x"}, HTTP_IF_MATCH=weak)
        assert response.status_code == 412 and "weak" in response.json()["detail"]
    submit = client.post(f"/api/v1/claims/{claim.pk}/verdict/submit", HTTP_IF_MATCH='W/"1"')
    assert submit.status_code == 412
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.summary == DRAFT["summary"] and verdict.version == 1 and verdict.status == "draft"


@pytest.mark.parametrize("value", ["banana", "1", '"1', '"1"x', '"-1"', '"1", "2"', '"１"', '"9999999999"'])
def test_an_if_match_that_is_not_an_etag_we_gave_is_400(
    client_for: Any, factchecker: Any, claim: Claim, value: str
) -> None:
    client = client_for(factchecker)
    client.post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT)
    response = client.patch(f"/api/v1/claims/{claim.pk}/verdict", {"summary": "x"}, HTTP_IF_MATCH=value)
    assert response.status_code == 400 and "If-Match" in response.json()["errors"]


def test_the_schema_says_if_match_is_required_where_the_server_requires_it(anon: Any) -> None:
    import yaml

    paths = yaml.safe_load(anon.get("/api/v1/schema/").content)["paths"]
    verdict = paths["/api/v1/claims/{claim_id}/verdict"]
    for method in ("put", "patch"):
        [header] = [p for p in verdict[method]["parameters"] if p["name"] == "If-Match"]
        assert header["required"] is True and header["in"] == "header"
    [optional] = [
        p for p in paths["/api/v1/claims/{claim_id}/verdict/submit"]["post"]["parameters"] if p["name"] == "If-Match"
    ]
    assert optional.get("required", False) is False
    [key] = [p for p in paths["/api/v1/articles/"]["post"]["parameters"] if p["name"] == "Idempotency-Key"]
    assert key["schema"]["maxLength"] == 255 and key["schema"]["minLength"] == 1 and "24" in key["description"]


def test_malformed_if_match_is_400(client_for: Any, factchecker: Any, claim: Claim) -> None:
    client = client_for(factchecker)
    client.post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT)
    response = client.patch(f"/api/v1/claims/{claim.pk}/verdict", {"summary": "x"}, HTTP_IF_MATCH="banana")
    assert response.status_code == 400 and "If-Match" in response.json()["errors"]


def test_only_the_assignee_writes_the_verdict(
    client_for: Any, factchecker: Any, factchecker2: Any, claim: Claim
) -> None:
    response = client_for(factchecker2).post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT)
    assert response.status_code == 403 and "assigned" in response.json()["detail"]


def test_citing_evidence_that_is_not_accepted_is_refused(client_for: Any, factchecker: Any, claim: Claim) -> None:
    pending = EvidenceCandidateFactory(claim=claim)
    response = client_for(factchecker).post(
        f"/api/v1/claims/{claim.pk}/verdict", {**DRAFT, "citations": [{"evidence": pending.pk}]}
    )
    assert response.status_code == 400 and "citations" in response.json()["errors"]
    empty = client_for(factchecker).post(f"/api/v1/claims/{claim.pk}/verdict", {**DRAFT, "citations": [{}]})
    assert empty.status_code == 400 and "citations.0.non_field_errors" in empty.json()["errors"]


def test_submit_names_what_is_missing(client_for: Any, factchecker: Any, claim: Claim) -> None:
    client = client_for(factchecker)
    client.post(f"/api/v1/claims/{claim.pk}/verdict", {"summary": "Only a summary"})
    response = client.post(f"/api/v1/claims/{claim.pk}/verdict/submit")
    assert response.status_code == 400
    assert response.json()["errors"] == {"rating": [response.json()["detail"]]}


def test_submit_approve_with_four_eyes(
    client_for: Any, factchecker: Any, editor: Any, editor2: Any, claim: Claim
) -> None:
    client = client_for(factchecker)
    client.post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT)
    assert client.post(f"/api/v1/claims/{claim.pk}/verdict/submit", HTTP_IF_MATCH='"7"').status_code == 412
    submitted = client.post(f"/api/v1/claims/{claim.pk}/verdict/submit", HTTP_IF_MATCH='"1"')
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert client.post(f"/api/v1/claims/{claim.pk}/verdict/approve").status_code == 403
    assert (
        client.patch(
            f"/api/v1/claims/{claim.pk}/verdict", {"summary": "late"}, HTTP_IF_MATCH=submitted["ETag"]
        ).status_code
        == 409
    )
    approved = client_for(editor).post(f"/api/v1/claims/{claim.pk}/verdict/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "published"
    assert approved.json()["editor"]["username"] == "ed"
    assert client_for(editor2).post(f"/api/v1/claims/{claim.pk}/verdict/approve").status_code == 409


def test_an_editor_cannot_approve_their_own_verdict(client_for: Any, editor: Any, editor2: Any) -> None:
    claim = ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=editor)
    client = client_for(editor)
    client.post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT)
    client.post(f"/api/v1/claims/{claim.pk}/verdict/submit")
    own = client.post(f"/api/v1/claims/{claim.pk}/verdict/approve")
    assert own.status_code == 403 and "another editor" in own.json()["detail"]


def test_return_needs_a_comment_and_puts_the_claim_back_on_the_desk(
    client_for: Any, factchecker: Any, editor: Any, claim: Claim
) -> None:
    client = client_for(factchecker)
    client.post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT)
    client.post(f"/api/v1/claims/{claim.pk}/verdict/submit")
    editor_client = client_for(editor)
    assert editor_client.post(f"/api/v1/claims/{claim.pk}/verdict/return", {}).status_code == 400
    returned = editor_client.post(f"/api/v1/claims/{claim.pk}/verdict/return", {"comment": "Cite the source"})
    assert returned.json()["status"] == "returned" and returned.json()["return_comment"] == "Cite the source"
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_PROGRESS
    assert client.post(f"/api/v1/claims/{claim.pk}/verdict/return", {"comment": "x"}).status_code == 403


@pytest.mark.parametrize("edits", [1, 6])
def test_history_lists_every_version_in_constant_queries(
    client_for: Any, factchecker: Any, claim: Claim, edits: int, django_assert_max_num_queries: Any
) -> None:
    client = client_for(factchecker)
    client.post(f"/api/v1/claims/{claim.pk}/verdict", DRAFT)
    for version in range(1, edits + 1):
        client.patch(f"/api/v1/claims/{claim.pk}/verdict", {"summary": f"v{version + 1}"}, HTTP_IF_MATCH=f'"{version}"')
    with django_assert_max_num_queries(8):
        history = client.get(f"/api/v1/claims/{claim.pk}/verdict/history").json()
    assert [r["version"] for r in history["results"]] == list(range(1, edits + 2))
    assert VerdictRevision.objects.count() == edits + 1
