"""In a real browser: an editor dismisses several claims at once from the queue's bulk bar (shift-click
ticks a range, one confirmation), and corrects a published verdict, which its public page then shows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import timezone

from claims.models import Claim, Verdict
from factcheck.models import ReviewEvent
from tests.browser.conftest import logged_in_page, screenshot
from tests.factories import ClaimFactory, SpeakerFactory, UserFactory, VerdictFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bulk_dismiss_from_the_queue(browser: Any, live_server: Any) -> None:
    UserFactory(username="chief", role="editor")
    claims = [ClaimFactory(checkworthiness=0.9 - i / 100, text=f"Claim number {i} says 4 million.") for i in range(5)]
    published = ClaimFactory(status=Claim.Status.PUBLISHED, checkworthiness=0.5, text="An already published claim.")
    page = logged_in_page(browser, live_server, "chief")
    page.goto("/queue/?status=any")
    page.wait_for_selector("#bulk")
    assert page.text_content("#bulk-count") == "No claim selected"
    # Tick the first, shift-click the third: three claims; then the published one too.
    page.click(f"input[aria-label='Select claim #{claims[0].pk}']")
    page.click(f"input[aria-label='Select claim #{claims[2].pk}']", modifiers=["Shift"])
    page.click(f"input[aria-label='Select claim #{published.pk}']")
    assert page.text_content("#bulk-count") == "4 claims selected"
    page.select_option("#id_action", "dismiss")
    assert page.is_visible("#id_reason") and not page.is_visible("#id_priority")
    page.fill("#id_reason", "Not check-worthy: a restatement")
    screenshot(page, "queue-bulk")
    dialogs: list[str] = []

    def accept(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.click("#bulk-apply")
    page.wait_for_selector(".message.warning")
    assert dialogs and dialogs[0].startswith("Dismiss: 4 claims?")
    message = page.text_content(".message.warning") or ""
    assert message.startswith("3 done, 1 refused") and f"#{published.pk}: Cannot dismiss" in message
    dismissed = set(Claim.objects.filter(status=Claim.Status.DISMISSED).values_list("pk", flat=True))
    assert dismissed == {c.pk for c in claims[:3]}
    assert ReviewEvent.objects.filter(action="claim.dismissed").count() == 3
    assert page.problems == []  # type: ignore[attr-defined]


def test_correcting_a_published_verdict(browser: Any, live_server: Any) -> None:
    UserFactory(username="chief", role="editor")
    verdict = VerdictFactory(
        claim__text="The city spent $4 million on buses last year",
        claim__speaker=SpeakerFactory(name="Mayor Jane Doe", title="Mayor"),
        summary="The city spent $2.5 million, not $4 million.",
    )
    Verdict.objects.filter(pk=verdict.pk).update(status=Verdict.Status.PUBLISHED, published_at=timezone.now())
    Claim.objects.filter(pk=verdict.claim_id).update(status=Claim.Status.PUBLISHED)
    page = logged_in_page(browser, live_server, "chief")
    page.goto(f"/review/{verdict.claim_id}/")
    page.wait_for_selector("text=Correct the published verdict")
    page.select_option("#id_rating", label="Mostly false")
    page.fill("#id_summary", "The city spent $3.1 million, not $4 million.")
    page.fill("#id_explanation", "The 2025 budget book shows **$3.1 million** for buses.")
    page.fill("#id_note", "We first read the 2024 budget line; the 2025 figure is $3.1 million.")
    page.click("button:has-text('Publish the correction')")
    page.wait_for_url(f"**/verdicts/{verdict.claim_id}/")
    page.wait_for_selector("text=Corrected on")
    body = page.text_content("main") or ""
    assert "the 2025 figure is $3.1 million" in body and "Before: rated False" in body
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "")
    assert data["reviewRating"]["alternateName"] == "Mostly false" and "dateModified" in data
    screenshot(page, "verdict-corrected", full_page=True)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED and verdict.corrections.count() == 1
    assert page.problems == []  # type: ignore[attr-defined]
