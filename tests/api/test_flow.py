"""The full path through the API: submit → list → take → accept evidence → draft → submit → approve → ClaimReview."""

from __future__ import annotations

from typing import Any

from claims.models import Claim, Verdict
from tests.factories import ClaimFactory, EvidenceCandidateFactory


def test_full_path_from_article_to_claimreview(client_for: Any, factchecker: Any, editor: Any, settings: Any) -> None:
    fc, ed = client_for(factchecker), client_for(editor)
    text = (
        "The mayor said the city spent $4 million on buses last year. "
        "Unemployment fell to 3.2 percent in March, the minister said."
    )
    created = fc.post("/api/v1/articles/", {"text": text, "title": "Budget"}, format="json")
    assert created.status_code == 201, created.json()
    article_id = created.json()["id"]
    assert created["Location"] == f"/api/v1/articles/{article_id}/"

    # Extraction may find any claims; the path below works on one we know.
    claim = ClaimFactory(article_id=article_id, text="The city spent $4 million on buses last year", start=9000)
    listed = fc.get("/api/v1/claims/", {"status": "new", "article": article_id})
    assert listed.status_code == 200
    assert claim.pk in [c["id"] for c in listed.json()["results"]]

    assert fc.post(f"/api/v1/claims/{claim.pk}/take").status_code == 200
    evidence = EvidenceCandidateFactory(claim=claim)
    accepted = fc.post(f"/api/v1/evidence/{evidence.pk}/accept", {"stance": "refutes", "note": "Budget book"})
    assert accepted.status_code == 200 and accepted.json()["decision"] == "accepted"

    draft = fc.post(
        f"/api/v1/claims/{claim.pk}/verdict",
        {
            "rating": "false",
            "summary": "It was $2.5 million.",
            "explanation": "The budget says **$2.5m**.",
            "citations": [{"evidence": evidence.pk}],
        },
    )
    assert draft.status_code == 201, draft.json()
    assert draft["ETag"] == '"1"'

    submitted = fc.post(f"/api/v1/claims/{claim.pk}/verdict/submit", HTTP_IF_MATCH=draft["ETag"])
    assert submitted.status_code == 200, submitted.json()
    approved = ed.post(f"/api/v1/claims/{claim.pk}/verdict/approve", HTTP_IF_MATCH=submitted["ETag"])
    assert approved.status_code == 200, approved.json()
    assert Verdict.objects.get(claim=claim).status == Verdict.Status.PUBLISHED
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PUBLISHED

    review = fc.get(f"/api/v1/claims/{claim.pk}/claimreview")
    assert review.status_code == 200
    assert review["Content-Type"] == "application/ld+json"
    assert review.json()["@type"] == "ClaimReview"
