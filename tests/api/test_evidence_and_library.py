"""Evidence candidates (list, accept, reject, add a source) and the reference library, by role."""

from __future__ import annotations

from typing import Any

import pytest

from claims.models import Claim
from evidence.models import EvidenceDocument
from tests.factories import ClaimFactory, EvidenceCandidateFactory, EvidenceDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(factchecker: Any) -> Claim:
    return ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=factchecker)


@pytest.mark.parametrize("size", [3, 25])
def test_candidates_are_listed_best_first_in_constant_queries(
    client_for: Any, factchecker: Any, claim: Claim, size: int, django_assert_max_num_queries: Any
) -> None:
    for n in range(size):
        EvidenceCandidateFactory(claim=claim, score=n / 100, decision="accepted", decided_by=factchecker)
    client = client_for(factchecker)
    with django_assert_max_num_queries(6):
        body = client.get(f"/api/v1/claims/{claim.pk}/evidence/", {"page_size": size}).json()
    scores = [c["score"] for c in body["results"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == size
    assert body["results"][0]["decided_by"]["username"] == "fc"


def test_candidate_filters(client_for: Any, factchecker: Any, claim: Claim) -> None:
    EvidenceCandidateFactory(claim=claim, decision="rejected")
    kept = EvidenceCandidateFactory(claim=claim)
    response = client_for(factchecker).get(f"/api/v1/claims/{claim.pk}/evidence/", {"decision": "pending"})
    assert [c["id"] for c in response.json()["results"]] == [kept.pk]
    assert client_for(factchecker).get("/api/v1/claims/98765/evidence/").status_code == 404


def test_accept_with_stance_and_note_then_reject(client_for: Any, factchecker: Any, claim: Claim) -> None:
    candidate = EvidenceCandidateFactory(claim=claim)
    client = client_for(factchecker)
    accepted = client.post(f"/api/v1/evidence/{candidate.pk}/accept", {"stance": "supports", "note": "Table 3"})
    assert accepted.status_code == 200
    assert (accepted.json()["decision"], accepted.json()["stance"], accepted.json()["note"]) == (
        "accepted",
        "supports",
        "Table 3",
    )
    assert client.post(f"/api/v1/evidence/{candidate.pk}/accept", {"stance": "maybe"}).status_code == 400
    rejected = client.post(f"/api/v1/evidence/{candidate.pk}/reject", {"note": "Old data"}).json()
    assert (rejected["decision"], rejected["stance"]) == ("rejected", "")
    assert client.get(f"/api/v1/evidence/{candidate.pk}/").json()["note"] == "Old data"


def test_only_the_assignee_or_an_editor_decides(
    client_for: Any, factchecker2: Any, editor: Any, outsider: Any, claim: Claim
) -> None:
    candidate = EvidenceCandidateFactory(claim=claim)
    other = client_for(factchecker2).post(f"/api/v1/evidence/{candidate.pk}/accept", {})
    assert other.status_code == 403 and "Take the claim first" in other.json()["detail"]
    assert client_for(outsider).post(f"/api/v1/evidence/{candidate.pk}/reject", {}).status_code == 403
    assert client_for(editor).post(f"/api/v1/evidence/{candidate.pk}/reject", {}).status_code == 200


def test_settled_claims_refuse_decisions(client_for: Any, editor: Any) -> None:
    candidate = EvidenceCandidateFactory(claim=ClaimFactory(status=Claim.Status.PUBLISHED))
    assert client_for(editor).post(f"/api/v1/evidence/{candidate.pk}/accept", {}).status_code == 409


def test_add_a_source_by_url_or_library_document(client_for: Any, factchecker: Any, claim: Claim) -> None:
    client = client_for(factchecker)
    added = client.post(f"/api/v1/claims/{claim.pk}/evidence/", {"url": "https://stats.example/t1", "title": "T1"})
    assert added.status_code == 201 and added.json()["provider"] == "manual"
    twice = client.post(f"/api/v1/claims/{claim.pk}/evidence/", {"url": "https://stats.example/t1"})
    assert twice.status_code == 400 and "already" in twice.json()["errors"]["url"][0]
    document = EvidenceDocumentFactory()
    from_library = client.post(f"/api/v1/claims/{claim.pk}/evidence/", {"document": document.pk})
    assert from_library.status_code == 201 and from_library.json()["document"] == document.pk
    assert client.post(f"/api/v1/claims/{claim.pk}/evidence/", {"url": "javascript:alert(1)"}).status_code == 400


def test_library_read_by_all_roles_written_by_editors(
    client_for: Any, factchecker: Any, editor: Any, outsider: Any
) -> None:
    assert client_for(outsider).get("/api/v1/library/").status_code == 403
    text = "The national rail budget was 4.1 billion pounds in 2024, the transport office said."
    body = {"text": text, "title": "Rail budget", "publisher": "Transport Office"}
    assert client_for(factchecker).post("/api/v1/library/", body).status_code == 403
    editor_client = client_for(editor)
    created = editor_client.post("/api/v1/library/", body)
    assert created.status_code == 201, created.json()
    assert editor_client.post("/api/v1/library/", body).json()["created"] is False
    document_id = created.json()["id"]
    reader = client_for(factchecker)
    assert [d["id"] for d in reader.get("/api/v1/library/").json()["results"]] == [document_id]
    assert reader.get(f"/api/v1/library/{document_id}/").json()["text"] == text
    hits = reader.get("/api/v1/library/search", {"q": "rail budget"}).json()
    assert hits[0]["document"]["id"] == document_id and hits[0]["snippet"]
    assert reader.get("/api/v1/library/search").status_code == 400
    assert reader.put(f"/api/v1/library/{document_id}/", {"title": "x"}).status_code == 403
    changed = editor_client.put(f"/api/v1/library/{document_id}/", {"title": "Rail budget 2024"})
    assert changed.status_code == 200 and changed.json()["title"] == "Rail budget 2024"
    assert reader.delete(f"/api/v1/library/{document_id}/").status_code == 403
    assert editor_client.delete(f"/api/v1/library/{document_id}/").status_code == 204
    assert not EvidenceDocument.objects.filter(pk=document_id).exists()


@pytest.mark.parametrize("size", [2, 20])
def test_library_list_query_count(
    client_for: Any, factchecker: Any, size: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(size):
        EvidenceDocumentFactory()
    client = client_for(factchecker)
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/library/", {"page_size": size}).json()["results"]) == size
