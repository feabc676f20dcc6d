"""The queue: default order, filters from the URL, keyset pages, capped counts, "Take next", "Mine"."""

from __future__ import annotations

import base64
import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from archive.models import ClaimMatch, FactCheck
from claims.forms import QuickSelect
from claims.models import Claim, Verdict
from claims.selectors import queue as queue_selectors
from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, SpeakerFactory, VerdictFactory
from tests.ui.conftest import client_for

pytestmark = pytest.mark.django_db

QUEUE = reverse("claims:queue")


def _claim_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/claims/(\d+)/"', html)]


def test_default_shows_new_claims_by_priority_then_score(fc_client: Any, factchecker: Any) -> None:
    low = ClaimFactory(checkworthiness=0.3)
    high = ClaimFactory(checkworthiness=0.9)
    urgent = ClaimFactory(checkworthiness=0.1, priority=10)
    ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=factchecker)
    ClaimFactory(status=Claim.Status.DISMISSED)
    assert _claim_ids(fc_client.get(QUEUE).content.decode()) == [urgent.pk, high.pk, low.pk]


@pytest.mark.parametrize(
    ("field", "matching", "other"),
    [
        ("kind", {"kind": Claim.Kind.QUOTE}, {"kind": Claim.Kind.STATISTIC}),
        ("score_min", {"checkworthiness": 0.9}, {"checkworthiness": 0.2}),
        ("score_max", {"checkworthiness": 0.2}, {"checkworthiness": 0.9}),
        ("q", {"text": "Unemployment fell to 4 percent"}, {"text": "Exports rose"}),
    ],
)
def test_each_filter_narrows_the_queue(
    fc_client: Any, field: str, matching: dict[str, Any], other: dict[str, Any]
) -> None:
    wanted = ClaimFactory(**matching)
    ClaimFactory(**other)
    value = {"kind": "quote", "score_min": "0.5", "score_max": "0.5", "q": "unemployment"}[field]
    assert _claim_ids(fc_client.get(QUEUE, {field: value}).content.decode()) == [wanted.pk]


def test_speaker_outlet_article_assignee_duplicate_and_date_filters(fc_client: Any, factchecker: Any) -> None:
    speaker = SpeakerFactory(name="Ada Minister")
    outlet = OutletFactory(name="Herald")
    article = ArticleFactory(outlet=outlet)
    by_speaker = ClaimFactory(speaker=speaker)
    in_article = ClaimFactory(article=article)
    mine = ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=factchecker)
    old = ClaimFactory()
    duplicate = ClaimFactory()
    factcheck = FactCheck.objects.create(source="t", external_id="1", claim_reviewed="Checked before.")
    ClaimMatch.objects.create(claim=duplicate, factcheck=factcheck, score=0.8)
    # A MinHash repeat of a claim, and a rejected match, are not "already checked".
    ClaimFactory(duplicate_of=by_speaker, match_score=0.8)
    ClaimMatch.objects.create(claim=old, factcheck=factcheck, score=0.7, state=ClaimMatch.State.REJECTED)
    Claim.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))

    def ids(**params: Any) -> set[int]:
        return set(_claim_ids(fc_client.get(QUEUE, params).content.decode()))

    assert ids(speaker=speaker.pk) == {by_speaker.pk}
    assert ids(outlet=outlet.pk) == {in_article.pk}
    assert ids(article=article.pk) == {in_article.pk}
    assert ids(assignee=factchecker.pk, status="open") == {mine.pk}
    assert ids(has_duplicate="yes") == {duplicate.pk}
    assert duplicate.pk not in ids(has_duplicate="no")
    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    assert old.pk not in ids(created_from=since)
    assert ids(created_to=(timezone.now() - timedelta(days=30)).date().isoformat()) == {old.pk}


def test_filters_stay_in_the_url_of_every_link(fc_client: Any) -> None:
    speaker = SpeakerFactory()
    ClaimFactory.create_batch(3, kind=Claim.Kind.QUOTE, speaker=speaker)
    html = fc_client.get(QUEUE, {"kind": "quote"}).content.decode()
    # "Take next" keeps the filters, and speaker links add to them.
    assert 'action="/queue/take-next?kind=quote"' in html
    assert f'href="?kind=quote&amp;speaker={speaker.pk}"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"score_min": "lots"},
        {"speaker": "0.5"},
        {"article": "1.5"},
        {"speaker": str(2**64)},
        {"outlet": str(2**64)},
        {"assignee": "x"},
        {"status": "nonsense"},
        {"created_from": "2025-13-01"},
        {"has_duplicate": "maybe"},
        {"after": "not-a-cursor!"},
    ],
)
def test_a_bad_filter_value_is_a_form_error_and_no_claims_are_listed(fc_client: Any, params: dict[str, str]) -> None:
    ClaimFactory()
    response = fc_client.get(QUEUE, params)
    html = response.content.decode()
    assert response.status_code == 400
    assert "These filters are not valid" in html
    assert _claim_ids(html) == []  # never the unfiltered queue


def test_take_next_with_a_bad_filter_takes_nothing(fc_client: Any) -> None:
    claim = ClaimFactory()
    response = fc_client.post(reverse("claims:take-next") + "?speaker=0.5")
    assert response.status_code == 303
    claim.refresh_from_db()
    assert claim.assignee_id is None


def test_pages_follow_each_other_without_gaps_or_repeats(fc_client: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(queue_selectors, "PAGE_SIZE", 4)
    # Ties on priority and score, to exercise every part of the keyset.
    claims = [ClaimFactory(checkworthiness=0.5 if i % 2 else 0.7, priority=i % 3) for i in range(11)]
    expected = list(
        Claim.objects.filter(status="new")
        .order_by("-priority", "-checkworthiness", "created_at", "id")
        .values_list("id", flat=True)
    )
    seen: list[int] = []
    url = QUEUE
    for _ in range(5):
        html = fc_client.get(url).content.decode()
        seen += _claim_ids(html)
        match = re.search(r'rel="next"\s+href="([^"]+)"', html)
        if not match:
            break
        url = QUEUE + match.group(1).replace("&amp;", "&")
    assert seen == expected
    assert len(claims) == 11


def test_a_cursor_with_numbers_beyond_64_bits_is_refused(fc_client: Any) -> None:
    ClaimFactory()
    raw = json.dumps({"v": [1, 0.5, "2026-01-01T00:00:00+00:00", 99999999999999999999], "b": False, "o": ""})
    forged = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    assert fc_client.get(QUEUE, {"after": forged}).status_code == 400


def test_a_forged_cursor_is_refused_with_a_form_error(fc_client: Any) -> None:
    ClaimFactory()
    response = fc_client.get(QUEUE, {"after": "not-a-cursor!"})
    assert response.status_code == 400 and "page link is not valid" in response.content.decode()
    # Well-formed, but with a word where the priority goes: still a 400, not a 500 and not page one.
    raw = json.dumps({"v": ["high", 0.5, "not a date", 1], "b": False, "o": ""})
    forged = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    assert fc_client.get(QUEUE, {"after": forged}).status_code == 400


def test_the_count_is_capped_instead_of_counting_everything(fc_client: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(queue_selectors, "COUNT_CAP", 3)
    ClaimFactory.create_batch(5)
    assert "3+ claims match" in fc_client.get(QUEUE).content.decode()


def test_queue_page_queries_do_not_grow_with_rows(fc_client: Any, django_assert_max_num_queries: Any) -> None:
    ClaimFactory.create_batch(3)
    with django_assert_max_num_queries(12) as small:
        fc_client.get(QUEUE)
    ClaimFactory.create_batch(40, duplicate_of=None)
    with django_assert_max_num_queries(len(small.captured_queries)):
        fc_client.get(QUEUE)


def test_the_people_who_can_hold_claims_are_fetched_once_for_both_forms(
    ed_client: Any, factchecker: Any, django_assert_max_num_queries: Any
) -> None:
    ClaimFactory()
    with django_assert_max_num_queries(12) as queries:
        html = ed_client.get(QUEUE).content.decode()
    takers = [q for q in queries.captured_queries if 'FROM "auth_user"' in q["sql"] and "DISTINCT" in q["sql"]]
    assert len(takers) == 1
    # Both the "Assignee" filter and the bulk bar's "Assign to" still offer them.
    option = f'<option value="{factchecker.pk}">{factchecker.username}</option>'
    assert html.count(option) == 2


def test_rows_show_a_verdicts_state_and_rating_and_nothing_without_one(ed_client: Any) -> None:
    returned = VerdictFactory(status=Verdict.Status.RETURNED)
    draft = VerdictFactory(rating=None)
    bare = ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=draft.author)
    html = ed_client.get(QUEUE + "?status=in_progress").content.decode()
    rows = {int(m[1]): m[0] for m in re.finditer(r'<tr>.*?href="/claims/(\d+)/".*?</tr>', html, re.S)}
    assert ">returned</span>" in rows[returned.claim_id] and f'"muted">{returned.rating}<' in rows[returned.claim_id]
    assert ">returned</span>" not in rows[draft.claim_id] and f'"muted">{returned.rating}<' not in rows[draft.claim_id]
    assert ">returned</span>" not in rows[bare.pk] and "retracted" not in rows[bare.pk]


def test_take_next_takes_the_top_claim_matching_the_filters(fc_client: Any, factchecker: Any) -> None:
    ClaimFactory(kind=Claim.Kind.STATISTIC, checkworthiness=0.99)
    quote = ClaimFactory(kind=Claim.Kind.QUOTE, checkworthiness=0.4)
    response = fc_client.post(reverse("claims:take-next") + "?kind=quote")
    assert response.status_code == 303
    assert response["Location"] == reverse("claims:desk", args=[quote.pk])
    quote.refresh_from_db()
    assert quote.assignee == factchecker and quote.status == Claim.Status.IN_PROGRESS


def test_take_next_on_an_empty_queue_says_so(fc_client: Any) -> None:
    response = fc_client.post(reverse("claims:take-next"), follow=True)
    assert "The queue is empty" in response.content.decode()
    filtered = fc_client.post(reverse("claims:take-next") + "?kind=quote", follow=True)
    assert "No new claim matches these filters." in filtered.content.decode()
    assert filtered.redirect_chain[-1][0] == QUEUE + "?kind=quote"


def test_two_reviewers_taking_next_get_different_claims(factchecker: Any, factchecker2: Any) -> None:
    first, second = ClaimFactory(checkworthiness=0.9), ClaimFactory(checkworthiness=0.8)
    client_for(factchecker).post(reverse("claims:take-next"))
    client_for(factchecker2).post(reverse("claims:take-next"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert {first.assignee, second.assignee} == {factchecker, factchecker2}


def test_mine_lists_my_open_claims(fc_client: Any, factchecker: Any, factchecker2: Any) -> None:
    mine = ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=factchecker)
    ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=factchecker2)
    html = fc_client.get(QUEUE).content.decode()
    mine_link = re.search(r'href="\?(assignee=\d+&amp;status=open)"', html)
    assert mine_link
    listed = fc_client.get(QUEUE + "?" + mine_link.group(1).replace("&amp;", "&")).content.decode()
    assert _claim_ids(listed) == [mine.pk]
    assert "My claims" in listed


@pytest.mark.parametrize("value", ["", "b", ["a", "b"]])
def test_the_quick_select_writes_what_djangos_select_template_writes(value: Any) -> None:
    choices = [("", "Any <kind>"), ("a", "A & B"), ('Group "g"', [("b", "Bee"), ("c", "Cee")])]
    attrs = {"id": "id_x", "required": True, "disabled": False, "aria-describedby": 'x"y', "multiple": False}
    squash = lambda html: re.sub(r"\s+", " ", str(html)).replace("> <", "><")  # noqa: E731
    for quick, django in (
        (QuickSelect, forms.Select),
        (type("M", (QuickSelect, forms.SelectMultiple), {}), forms.SelectMultiple),
    ):
        assert squash(quick(choices=choices).render("x", value, attrs)) == squash(
            django(choices=choices).render("x", value, attrs)
        )
