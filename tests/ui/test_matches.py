"""The match review screen, its actions (one, bulk, htmx), the desk's panel, the queue filter and the nav count."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from archive.models import ClaimMatch
from claims.models import Claim, Verdict
from factcheck.events import emit_on_commit
from factcheck.models import ReviewEvent
from tests.archive.factories import ClaimMatchFactory, FactCheckFactory
from tests.archive.test_matching import OTHERS
from tests.archive.test_matching import _archive as archive_with_background
from tests.factories import ClaimFactory
from tests.ui.conftest import client_for

pytestmark = pytest.mark.django_db
State = ClaimMatch.State
SCREEN = "/matches/"


def _row_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="match-(\d+)"', html)]


def test_the_screen_shows_claim_match_score_rating_and_why_side_by_side(fc_client: Any) -> None:
    match = ClaimMatchFactory(
        claim=ClaimFactory(text="Buses cost the city four million last year"),
        factcheck=FactCheckFactory(claim_reviewed="The city spent $4m on buses", rating="Mostly false"),
        score=0.83,
        reason="matches 'spent on buses'; numbers agree: 4 million",
    )
    html = fc_client.get(SCREEN).content.decode()
    row = html[html.index(f'id="match-{match.pk}"') :]
    for shown in ("Buses cost the city four million", "The city spent $4m on buses", "0.83", "Mostly false"):
        assert shown in row
    assert "matches &#x27;spent on buses&#x27;; numbers agree: 4 million" in row
    assert 'data-testid="keys-legend"' in html and "<kbd>c</kbd> confirm" in html


def test_tabs_list_each_state_and_automatic_matches_are_visible_and_undoable(fc_client: Any) -> None:
    suggested = ClaimMatchFactory()
    automatic = ClaimMatchFactory(state=State.AUTOMATIC)
    assert _row_ids(fc_client.get(SCREEN).content.decode()) == [suggested.pk]
    html = fc_client.get(SCREEN, {"state": "automatic"}).content.decode()
    assert _row_ids(html) == [automatic.pk]
    assert reverse("archive:match-undo", args=[automatic.pk]) in html
    # An unknown tab is the default one, not an error page.
    assert _row_ids(fc_client.get(SCREEN, {"state": "bogus"}).content.decode()) == [suggested.pk]


def test_the_screen_costs_the_same_queries_for_many_rows(fc_client: Any, django_assert_max_num_queries: Any) -> None:
    ClaimMatchFactory.create_batch(2)
    with django_assert_max_num_queries(12) as few:
        fc_client.get(SCREEN)
    ClaimMatchFactory.create_batch(20)
    ClaimMatchFactory.create_batch(5, factcheck=None, matched_claim=ClaimFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        fc_client.get(SCREEN)


def test_confirm_and_reject_from_the_screen_are_audited(fc_client: Any, factchecker: Any) -> None:
    one, two = ClaimMatchFactory.create_batch(2)
    response = fc_client.post(reverse("archive:match-confirm", args=[one.pk]), {"next": SCREEN})
    assert response.status_code == 303 and response["Location"] == SCREEN
    response = fc_client.post(reverse("archive:match-reject", args=[two.pk]))
    assert response.status_code == 303
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.state, one.decided_by, two.state) == (State.CONFIRMED, factchecker, State.REJECTED)
    assert ReviewEvent.objects.filter(action="match.reject", actor=factchecker).count() == 1


def test_htmx_answers_with_the_row_in_its_new_state_or_the_reason_on_409(fc_client: Any) -> None:
    match = ClaimMatchFactory()
    url = reverse("archive:match-confirm", args=[match.pk])
    response = fc_client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="match-{match.pk}"') and "Confirmed" in html
    again = fc_client.post(url, HTTP_HX_REQUEST="true")
    assert again.status_code == 409
    assert "confirmed already" in again.content.decode()


def test_a_fact_checker_cannot_reuse_a_verdict_and_sees_why(fc_client: Any) -> None:
    match = ClaimMatchFactory()
    html = fc_client.get(SCREEN).content.decode()
    assert "confirm-reuse" not in html
    response = fc_client.post(reverse("archive:match-confirm", args=[match.pk]), {"reuse_verdict": "on"})
    assert response.status_code == 403
    assert ClaimMatch.objects.get(pk=match.pk).state == State.SUGGESTED


def test_an_editor_confirms_and_reuses_the_verdict(ed_client: Any) -> None:
    match = ClaimMatchFactory(factcheck=FactCheckFactory(rating="False"))
    response = ed_client.post(reverse("archive:match-confirm", args=[match.pk]), {"reuse_verdict": "on"}, follow=True)
    assert "closed as already checked" in response.content.decode()
    assert Claim.objects.get(pk=match.claim_id).status == Claim.Status.PUBLISHED
    assert Verdict.objects.get(claim_id=match.claim_id).status == Verdict.Status.PUBLISHED


def test_bulk_reports_done_and_refused_with_reasons(fc_client: Any) -> None:
    fresh = ClaimMatchFactory.create_batch(2)
    decided = ClaimMatchFactory(state=State.CONFIRMED)
    response = fc_client.post(
        reverse("archive:match-bulk"),
        {"action": "reject", "picked": [fresh[0].pk, fresh[1].pk, decided.pk], "next": SCREEN},
        follow=True,
    )
    html = response.content.decode()
    assert "2 done, 1 refused (This match is confirmed already; it cannot be rejected now.)." in html
    assert set(ClaimMatch.objects.filter(pk__in=[m.pk for m in fresh]).values_list("state", flat=True)) == {
        State.REJECTED
    }


@pytest.mark.parametrize(
    "data",
    [{"action": "reject"}, {"action": "delete", "picked": ["1"]}, {"action": "confirm", "picked": ["abc"]}],
)
def test_bulk_with_bad_input_says_what_is_wrong_and_changes_nothing(fc_client: Any, data: dict[str, Any]) -> None:
    match = ClaimMatchFactory()
    response = fc_client.post(reverse("archive:match-bulk"), data)
    assert response.status_code == 303
    page = fc_client.get(response["Location"]).content.decode()
    assert 'class="message error"' in page
    assert ClaimMatch.objects.get(pk=match.pk).state == State.SUGGESTED


def test_people_without_a_role_see_no_screen_and_decide_nothing(outsider: Any, client: Any) -> None:
    match = ClaimMatchFactory()
    assert client.get(SCREEN).status_code == 302  # to the login page
    other = client_for(outsider)
    assert other.get(SCREEN).status_code == 403
    assert other.post(reverse("archive:match-confirm", args=[match.pk])).status_code == 403
    assert other.post(reverse("archive:match-bulk"), {"action": "confirm", "picked": [match.pk]}).status_code == 403
    assert ClaimMatch.objects.get(pk=match.pk).state == State.SUGGESTED


def test_unknown_match_is_404(fc_client: Any) -> None:
    assert fc_client.post(reverse("archive:match-reject", args=[987_654])).status_code == 404


def test_the_navigation_links_the_screen_with_the_pending_count(fc_client: Any) -> None:
    ClaimMatchFactory.create_batch(3)
    ClaimMatchFactory(state=State.REJECTED)
    html = fc_client.get(reverse("claims:queue")).content.decode()
    assert re.search(
        r'href="/matches/" data-testid="nav-matches">Already checked\? <span class="nav-count"[^>]*>3<', html
    )


def test_the_desk_shows_the_claims_suggestions_with_confirm_and_reject(fc_client: Any) -> None:
    match = ClaimMatchFactory(factcheck=FactCheckFactory(claim_reviewed="Buses cost four million, said the mayor"))
    ClaimMatchFactory(claim=match.claim, state=State.REJECTED)
    html = fc_client.get(reverse("claims:desk", args=[match.claim_id])).content.decode()
    panel = html[html.index('data-testid="desk-matches"') :]
    assert "Buses cost four million, said the mayor" in panel
    assert reverse("archive:match-confirm", args=[match.pk]) in panel
    assert reverse("archive:match-reject", args=[match.pk]) in panel
    assert panel.count("<li>") == 1  # the rejected pair is hidden for good
    desk = reverse("claims:desk", args=[match.claim_id])
    response = fc_client.post(reverse("archive:match-reject", args=[match.pk]), {"next": desk})
    assert response["Location"] == desk
    assert 'data-testid="desk-matches"' not in fc_client.get(desk).content.decode()


def test_the_queue_filter_already_checked_lists_claims_with_a_live_match(fc_client: Any) -> None:
    suggested = ClaimMatchFactory().claim
    rejected = ClaimMatchFactory(state=State.REJECTED).claim
    html = fc_client.get(reverse("claims:queue"), {"has_duplicate": "yes"}).content.decode()
    assert f"/claims/{suggested.pk}/" in html and f"/claims/{rejected.pk}/" not in html
    assert "already checked?" in html


def test_a_new_claim_repeating_a_fact_check_in_other_words_is_suggested_on_the_desk_and_in_the_queue(
    fc_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # Among 120 real verified claims: the scorer weighs words by how rare they are in the archive.
    fc, _ = archive_with_background("The United States keeps about 55,000 troops stationed in Japan.", *OTHERS[:1])
    # As the claims service announces a new claim: the archive app matches it after commit.
    with django_capture_on_commit_callbacks(execute=True):
        claim = ClaimFactory(text="Some 55,000 American soldiers are based in Japan, the minister said.")
        # Below the evidence threshold, so only the archive acts on it (no provider is asked).
        emit_on_commit("claim.created", lambda: {"claim": {"id": claim.pk, "checkworthiness": 0.0}})
    match = ClaimMatch.objects.get(claim=claim)
    assert match.factcheck_id == fc.pk and match.state in (State.SUGGESTED, State.AUTOMATIC)
    desk = fc_client.get(reverse("claims:desk", args=[claim.pk])).content.decode()
    assert "The United States keeps about 55,000 troops stationed in Japan." in desk
    queue = fc_client.get(reverse("claims:queue"), {"has_duplicate": "yes"}).content.decode()
    assert f"/claims/{claim.pk}/" in queue
