"""The whole path in a real browser: submit the demo article, take a claim, accept evidence,
write and submit a verdict, approve it as an editor, and see it published with valid JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claims.models import Article, Claim, Verdict
from tests.browser.conftest import logged_in_page, screenshot
from tests.factories import ArticleFactory, ClaimFactory, EvidenceCandidateFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_TEXT = (Path(__file__).resolve().parents[2] / "claims/demo/us-japan-alliance.txt").read_text(encoding="utf-8")


@pytest.fixture
def quick_providers(settings: Any) -> None:
    # No outside network in tests: the public providers point at an address the fetcher refuses
    # at once, so their runs fail quickly with a reason (which the progress shows).
    settings.WIKIPEDIA_API_URL = "http://127.0.0.1:9/w/api.php"
    settings.WORLDBANK_API_URL = "http://127.0.0.1:9/v2"


def test_from_submission_to_published_verdict(browser: Any, live_server: Any, quick_providers: None) -> None:
    UserFactory(username="checker", role="fact-checker")
    UserFactory(username="chief", role="editor")
    page = logged_in_page(browser, live_server, "checker")

    # Submit the demo article as pasted text; its claims arrive on the progress card.
    page.goto("/submit/")
    screenshot(page, "submit")
    page.fill("#id_text", DEMO_TEXT)
    page.click("details summary")
    page.fill("#id_outlet", "The Washington Times")
    # Celery runs eagerly in tests: the request returns once the article is read and its claims stored.
    page.click("form.submit-form button[type=submit]", timeout=180_000)
    page.wait_for_selector(".progress li[data-claims]", timeout=120_000)
    article = Article.objects.get()
    claims_found = int(page.get_attribute(".progress li[data-claims]", "data-claims") or 0)
    assert claims_found == article.claims.count() >= 10
    screenshot(page, "submit-progress")

    # The queue shows them; "Take next" hands over the top one.
    page.click("text=Review its claims")
    page.wait_for_selector("table.queue-table tbody tr")
    screenshot(page, "queue")
    page.click("button:has-text('Take next')")
    page.wait_for_selector("#claim-mark")
    claim = Claim.objects.get(assignee__username="checker")
    assert page.url.endswith(f"/claims/{claim.pk}/")

    # Evidence (from a provider stand-in), accepted with the keyboard: j selects, a accepts.
    evidence = EvidenceCandidateFactory(
        claim=claim,
        title="Japan defence budget 2025",
        source_name="Ministry of Defense",
        snippet="Defence spending is about 1.8% of GDP.",
        score=0.9,
        reasons=["Shares: Japan, defense, GDP"],
    )
    page.reload()
    page.wait_for_selector(f"#evidence-{evidence.pk}")
    page.keyboard.press("j")
    page.select_option(f"#stance-{evidence.pk}", "refutes")
    page.focus(f"#evidence-{evidence.pk}")
    page.keyboard.press("a")
    page.wait_for_selector(f"#evidence-{evidence.pk}.decision-accepted")
    evidence.refresh_from_db()
    assert (evidence.decision, evidence.stance) == ("accepted", "refutes")
    # The accepted evidence is now offered as a citation without a reload.
    page.check(f"#citation-choices input[value='{evidence.pk}']")

    # The verdict, with a live Markdown preview.
    page.select_option("#id_rating", label="Mostly false")
    page.fill("#id_summary", "Japan spends about 1.8% of GDP on defence, not 2%.")
    page.fill("#id_explanation", "The ministry's figures show **1.8%** of GDP.")
    page.wait_for_selector("#explanation-preview strong:has-text('1.8%')")
    screenshot(page, "desk", full_page=True)
    page.keyboard.press("Escape")  # leave the text field so the single-letter keys work
    page.keyboard.press("?")
    page.wait_for_selector("#keys-dialog[open]")
    screenshot(page, "desk-keys")
    page.keyboard.press("Escape")
    page.click("button:has-text('Submit for review')")
    page.wait_for_selector("text=Submitted for review.")
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.status == Verdict.Status.SUBMITTED
    assert page.problems == []  # type: ignore[attr-defined]

    # The editor approves it.
    editor_page = logged_in_page(browser, live_server, "chief")
    editor_page.goto("/review/")
    screenshot(editor_page, "review-list")
    editor_page.click(f"a[href='/review/{claim.pk}/']")
    editor_page.wait_for_selector("text=Approve and publish")
    screenshot(editor_page, "review", full_page=True)
    editor_page.click("button:has-text('Approve and publish')")
    editor_page.wait_for_url(f"**/verdicts/{claim.pk}/")

    # Published, with ClaimReview JSON-LD that parses and says what was decided.
    screenshot(editor_page, "verdict-public")
    data = json.loads(editor_page.locator('script[type="application/ld+json"]').text_content() or "")
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == claim.text
    assert data["reviewRating"]["alternateName"] == "Mostly false"
    assert data["url"].endswith(f"/verdicts/{claim.pk}/")
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert editor_page.problems == []  # type: ignore[attr-defined]

    editor_page.goto(f"/articles/{article.pk}/")
    screenshot(editor_page, "article")
    editor_page.goto("/articles/")
    screenshot(editor_page, "article-list")


def test_phone_width_keeps_every_screen_usable(browser: Any, live_server: Any, quick_providers: None) -> None:
    """At 390 px nothing scrolls sideways and the main buttons can be reached."""
    user = UserFactory(username="mobile", role="editor")
    sentence = "The Trump administration is reportedly considering pressure on Tokyo to increase defense spending"
    article = ArticleFactory(text=DEMO_TEXT, title="U.S.-Japan alliance")
    start = DEMO_TEXT.index(sentence)
    claim = ClaimFactory(article=article, text=sentence, start=start, end=start + len(sentence))
    EvidenceCandidateFactory.create_batch(2, claim=claim)
    ClaimFactory.create_batch(5, article=article)
    page = logged_in_page(browser, live_server, "mobile", width=390, height=844)
    for name, url in (("queue-phone", "/queue/"), ("desk-phone", f"/claims/{claim.pk}/"), ("submit-phone", "/submit/")):
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"
        screenshot(page, name)
    page.goto(f"/claims/{claim.pk}/")
    page.click("button:has-text('Take this claim')")
    page.wait_for_selector("#verdict-form")
    page.locator("button:has-text('Submit for review')").scroll_into_view_if_needed()
    assert page.is_visible("button:has-text('Submit for review')")
    assert user.assigned_claims.get() == claim
