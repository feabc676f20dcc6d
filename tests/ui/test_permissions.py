"""Who sees which screen: roles decide, and a logged-in user without a role sees nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from claims.models import Claim, Verdict
from tests.factories import ArticleFactory, ClaimFactory, EvidenceCandidateFactory, VerdictFactory, rating
from tests.ui.conftest import client_for

pytestmark = pytest.mark.django_db


def _screens(claim: Claim) -> list[str]:
    return [
        reverse("claims:queue"),
        reverse("claims:submit"),
        reverse("claims:article-list"),
        reverse("claims:article-detail", args=[claim.article_id]),
        reverse("claims:article-progress", args=[claim.article_id]),
        reverse("claims:desk", args=[claim.pk]),
    ]


def _actions(claim: Claim) -> list[str]:
    evidence = EvidenceCandidateFactory(claim=claim)
    return [
        reverse("claims:take-next"),
        reverse("claims:take", args=[claim.pk]),
        reverse("claims:release", args=[claim.pk]),
        reverse("claims:take-over", args=[claim.pk]),
        reverse("claims:add-source", args=[claim.pk]),
        reverse("claims:verdict-save", args=[claim.pk]),
        reverse("claims:evidence-decide", args=[evidence.pk]),
        reverse("claims:article-reingest", args=[claim.article_id]),
        reverse("claims:markdown-preview"),
    ]


def _editor_only(claim: Claim) -> list[tuple[str, str]]:
    return [
        ("get", reverse("claims:review")),
        ("get", reverse("claims:review-detail", args=[claim.pk])),
        ("post", reverse("claims:approve", args=[claim.pk])),
        ("post", reverse("claims:return", args=[claim.pk])),
        ("post", reverse("claims:assign", args=[claim.pk])),
        ("post", reverse("claims:dismiss", args=[claim.pk])),
        ("post", reverse("claims:reopen", args=[claim.pk])),
        ("post", reverse("claims:priority", args=[claim.pk])),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client: Any) -> None:
    claim = ClaimFactory()
    for url in _screens(claim):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_users_without_a_role_get_403_on_every_screen_and_action(outsider: Any) -> None:
    claim = ClaimFactory()
    client = client_for(outsider)
    for url in _screens(claim):
        assert client.get(url).status_code == 403, url
    for url in _actions(claim):
        assert client.post(url).status_code == 403, url
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW


def test_fact_checkers_cannot_use_the_editor_screens(factchecker: Any) -> None:
    verdict = VerdictFactory(status=Verdict.Status.SUBMITTED)
    client = client_for(factchecker)
    for method, url in _editor_only(verdict.claim):
        response = getattr(client, method)(url, {"comment": "x", "reason": "x", "priority": 5})
        assert response.status_code == 403, url
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED


def test_editors_see_the_review_screens(editor: Any) -> None:
    verdict = VerdictFactory(status=Verdict.Status.SUBMITTED)
    client = client_for(editor)
    assert client.get(reverse("claims:review")).status_code == 200
    assert client.get(reverse("claims:review-detail", args=[verdict.claim_id])).status_code == 200


def test_the_published_verdict_page_is_public_but_drafts_are_not(client: Any) -> None:
    from django.utils import timezone

    draft = VerdictFactory()
    published = VerdictFactory(status=Verdict.Status.PUBLISHED, published_at=timezone.now(), rating=rating("false"))
    assert client.get(reverse("claims:verdict-public", args=[draft.claim_id])).status_code == 404
    assert client.get(reverse("claims:verdict-public", args=[published.claim_id])).status_code == 200


def test_nav_links_to_every_screen_for_an_editor(editor: Any) -> None:
    ArticleFactory()
    html = client_for(editor).get(reverse("claims:queue")).content.decode()
    for name in ("claims:queue", "claims:submit", "claims:article-list", "claims:review"):
        assert f'href="{reverse(name)}"' in html, name
