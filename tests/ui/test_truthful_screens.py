"""Screens that tell the truth: styled 403s with navigation, "Take next" on an empty filter, returned
verdicts in "Mine", and claim headings quoted only when the claim is a quote."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Verdict
from factcheck.templatetags.workbench import claim_title
from tests.factories import ClaimFactory, UserFactory, VerdictFactory
from tests.ui.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/library/", "/reports/", "/account/webhooks/", "/queue/"])
def test_every_403_is_the_styled_page_with_navigation(url: str) -> None:
    response = client_for(UserFactory()).get(url)
    html = response.content.decode()
    assert response.status_code == 403, url
    assert "Not allowed" in html and '<nav aria-label="Main">' in html and "Log out" in html, url
    assert "<h1>403 Forbidden</h1>" not in html


def test_a_stale_form_is_the_styled_csrf_page(editor: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("claims:take-next"))
    html = response.content.decode()
    assert response.status_code == 403 and "This form has expired" in html and "Log out" in html


def test_take_next_on_an_empty_filter_says_so(fc_client: Any) -> None:
    ClaimFactory(kind=Claim.Kind.STATISTIC)
    response = fc_client.post(reverse("claims:take-next") + "?kind=promise", follow=True)
    assert [str(m) for m in response.context["messages"]] == ["No new claim matches these filters."]
    empty = fc_client.post(reverse("claims:take-next") + "?kind=statistic", follow=True)
    assert "/claims/" in empty.redirect_chain[-1][0]


def test_mine_shows_a_returned_verdict_as_returned(factchecker: Any, fc_client: Any) -> None:
    verdict = VerdictFactory(author=factchecker, status=Verdict.Status.RETURNED)
    html = fc_client.get(reverse("claims:queue") + f"?assignee={factchecker.pk}&status=open").content.decode()
    assert verdict.claim.text[:40] in html and ">returned</span>" in html


QUOTE_HEADINGS = {"We will win": "“We will win”", "“We will win”": "“We will win”", '"We will win"': '"We will win"'}


@pytest.mark.parametrize(("text", "heading"), QUOTE_HEADINGS.items())
def test_a_quote_claims_heading_is_in_quotation_marks_once(text: str, heading: str) -> None:
    assert claim_title(Claim(kind="quote", text=text)) == heading


def test_other_claims_headings_are_not_quoted() -> None:
    assert claim_title(Claim(kind="statistic", text="Spending rose 4%")) == "Spending rose 4%"


def test_the_queue_says_when_a_published_verdict_was_retracted(ed_client: Any) -> None:
    now = timezone.now()
    verdict = VerdictFactory(status=Verdict.Status.RETRACTED, published_at=now, retracted_at=now)
    Claim.objects.filter(pk=verdict.claim_id).update(status=Claim.Status.PUBLISHED)
    html = ed_client.get(reverse("claims:queue") + "?status=published").content.decode()
    assert verdict.claim.text[:40] in html and ">retracted</span>" in html


@pytest.mark.parametrize(
    ("kind", "text", "heading"),
    [("statistic", "Spending rose 4%", ">Spending rose 4%</h1>"), ("quote", "“We will win”", ">“We will win”</h1>")],
)
def test_the_desk_heading_quotes_a_claim_only_when_it_is_a_quote(
    ed_client: Any, kind: str, text: str, heading: str
) -> None:
    claim = ClaimFactory(kind=kind, text=text)
    assert heading in ed_client.get(reverse("claims:desk", args=[claim.pk])).content.decode()
