"""POST /claims/bulk: one action on many claims through the per-claim services; refusals per claim,
never a 500; whole-request problems before anything is touched; idempotent with Idempotency-Key."""

from __future__ import annotations

from typing import Any

import pytest

from claims.models import Claim
from factcheck.models import ReviewEvent
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/claims/bulk"


def test_bulk_dismiss_does_the_open_claims_and_refuses_the_rest_with_reasons(
    client_for: Any, editor: Any, factchecker: Any
) -> None:
    new, taken = ClaimFactory(), ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=factchecker)
    published = ClaimFactory(status=Claim.Status.PUBLISHED)
    body = {"action": "dismiss", "claims": [new.pk, published.pk, taken.pk, 999_999, new.pk], "reason": "Opinion."}
    response = client_for(editor).post(URL, body, format="json")
    assert response.status_code == 200, response.json()
    results = response.json()["results"]
    assert [(r["claim"], r["ok"]) for r in results] == [
        (new.pk, True),
        (published.pk, False),
        (taken.pk, True),
        (999_999, False),
    ]
    assert "published" in results[1]["detail"] and results[3]["detail"] == "No such claim."
    assert Claim.objects.get(pk=new.pk).dismiss_reason == "Opinion."
    assert Claim.objects.get(pk=published.pk).status == Claim.Status.PUBLISHED
    events = ReviewEvent.objects.filter(action="claim.dismissed", actor=editor)
    assert sorted(events.values_list("claim_id", flat=True)) == sorted([new.pk, taken.pk])


def test_bulk_assign_priority_reopen_and_duplicate(client_for: Any, editor: Any, factchecker: Any) -> None:
    client = client_for(editor)
    a, b = ClaimFactory(), ClaimFactory()
    assigned = client.post(URL, {"action": "assign", "claims": [a.pk, b.pk], "assignee": factchecker.pk}, format="json")
    assert all(r["ok"] for r in assigned.json()["results"])
    assert set(Claim.objects.filter(assignee=factchecker).values_list("pk", flat=True)) == {a.pk, b.pk}
    raised = client.post(URL, {"action": "priority", "claims": [a.pk], "priority": 50}, format="json")
    assert raised.json()["results"][0]["ok"] and Claim.objects.get(pk=a.pk).priority == 50
    original, repeat = ClaimFactory(), ClaimFactory()
    marked = client.post(
        URL, {"action": "duplicate", "claims": [repeat.pk, original.pk], "duplicate_of": original.pk}, format="json"
    )
    ok = [r["ok"] for r in marked.json()["results"]]
    assert ok == [True, False] and "itself" in marked.json()["results"][1]["detail"]
    repeat.refresh_from_db()
    assert repeat.status == Claim.Status.DISMISSED and repeat.duplicate_of_id == original.pk
    assert ReviewEvent.objects.filter(action="claim.marked_duplicate", claim=repeat).exists()
    reopened = client.post(URL, {"action": "reopen", "claims": [repeat.pk, original.pk]}, format="json")
    assert [r["ok"] for r in reopened.json()["results"]] == [True, False]
    assert Claim.objects.get(pk=repeat.pk).status == Claim.Status.NEW


def test_a_bad_action_field_is_a_400_and_nothing_is_touched(client_for: Any, editor: Any, factchecker: Any) -> None:
    client = client_for(editor)
    claim = ClaimFactory()
    for body, field in (
        ({"action": "dismiss", "claims": [claim.pk]}, "reason"),
        ({"action": "dismiss", "claims": [claim.pk], "reason": "  "}, "reason"),
        ({"action": "assign", "claims": [claim.pk], "assignee": 999_999}, "assignee"),
        ({"action": "priority", "claims": [claim.pk], "priority": 500}, "priority"),
        ({"action": "duplicate", "claims": [claim.pk], "duplicate_of": 999_999}, "duplicate_of"),
        ({"action": "explode", "claims": [claim.pk]}, "action"),
        ({"action": "reopen", "claims": []}, "claims"),
        ({"action": "reopen", "claims": list(range(1, 600))}, "claims"),
    ):
        response = client.post(URL, body, format="json")
        assert response.status_code == 400, body
        assert field in str(response.json()), (body, response.json())
    assert not ReviewEvent.objects.exists()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW


def test_only_editors_act_in_bulk(client_for: Any, factchecker: Any) -> None:
    claim = ClaimFactory()
    response = client_for(factchecker).post(URL, {"action": "dismiss", "claims": [claim.pk], "reason": "x"})
    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.NEW


def test_the_same_idempotency_key_replays_the_first_answer(client_for: Any, editor: Any) -> None:
    client = client_for(editor)
    claim = ClaimFactory()
    body = {"action": "dismiss", "claims": [claim.pk], "reason": "Not a claim."}
    first = client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="bulk-1")
    again = client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="bulk-1")
    assert first.json() == again.json() and first.json()["results"][0]["ok"]
    assert again["Idempotent-Replayed"] == "true"
    assert ReviewEvent.objects.filter(action="claim.dismissed").count() == 1
    other = client.post(URL, {**body, "reason": "Other."}, format="json", HTTP_IDEMPOTENCY_KEY="bulk-1")
    assert other.status_code == 422
