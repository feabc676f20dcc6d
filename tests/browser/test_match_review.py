"""The match review screen in a real browser: confirm and reject by keyboard and by click, in bulk,
and the same suggestion on the claim's desk (no script errors, no CSP violations)."""

from __future__ import annotations

from typing import Any

import pytest

from archive.models import ClaimMatch
from claims.models import Claim, Verdict
from tests.archive.factories import ClaimMatchFactory, FactCheckFactory
from tests.browser.conftest import logged_in_page, screenshot
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
State = ClaimMatch.State


def _seed() -> list[ClaimMatch]:
    """Three new claims that say again, in other words, what was checked before."""
    article = ArticleFactory(title="Defence minister's speech, 30 November")
    speaker = SpeakerFactory(name="Ada Minister")
    pairs = [
        (
            "Some 55,000 American soldiers are based in Japan, the minister said.",
            "The United States keeps about 55,000 troops stationed in Japan.",
            "How many US troops are in Japan?",
            "False",
            0.87,
            "same wording on 'troops stationed in Japan'; numbers agree: about 55,000 troops",
        ),
        (
            "Japan pays three quarters of the cost of the US bases on its soil.",
            "Japan covers 75% of the cost of American bases in the country.",
            "Does Japan pay for the US bases?",
            "Pants on fire",
            0.74,
            "same wording on 'cost of American bases'; numbers agree: 75%",
        ),
        (
            "Okinawa hosts 70 percent of the US military facilities in Japan.",
            "Okinawa is home to 70% of US bases in Japan.",
            "Okinawa's share of the US bases",
            "True",
            0.66,
            "same wording on 'US bases in Japan'; numbers agree: 70%",
        ),
    ]
    matches = []
    for start, (said, checked, title, rating, score, why) in enumerate(pairs):
        claim = ClaimFactory(article=article, speaker=speaker, text=said, start=start * 200)
        fc = FactCheckFactory(claim_reviewed=checked, rating=rating, title=title, publisher="Example Checks")
        matches.append(ClaimMatchFactory(claim=claim, factcheck=fc, score=score, reason=why))
    return matches


def test_confirm_and_reject_by_keyboard_click_and_in_bulk(browser: Any, live_server: Any) -> None:
    UserFactory(username="chief", role="editor")
    first, second, third = _seed()
    page = logged_in_page(browser, live_server, "chief", width=1400, height=900)

    # The navigation counts what waits; the screen lists it with the keys' legend.
    assert page.inner_text("[data-testid=nav-matches] .nav-count") == "3"
    page.click("[data-testid=nav-matches]")
    page.wait_for_selector(f"#match-{first.pk}")
    assert "c confirm" in page.inner_text("[data-testid=keys-legend]")
    screenshot(page, "matches")

    # Keyboard: j selects the first row (newest first: the third seeded), c confirms it in place.
    page.keyboard.press("j")
    page.wait_for_selector(f"#match-{third.pk}.selected")
    page.keyboard.press("c")
    page.wait_for_selector(f"#match-{third.pk}[data-state=confirmed]")
    # The row stays selected after htmx swapped it; j then r rejects the next one.
    page.keyboard.press("j")
    page.wait_for_selector(f"#match-{second.pk}.selected")
    page.keyboard.press("r")
    page.wait_for_selector(f"#match-{second.pk}[data-state=rejected]")
    assert ClaimMatch.objects.get(pk=third.pk).state == State.CONFIRMED
    assert ClaimMatch.objects.get(pk=second.pk).state == State.REJECTED

    # Undo by click brings the rejected pair back as a suggestion.
    page.click(f"#match-{second.pk} button.undo")
    page.wait_for_selector(f"#match-{second.pk}[data-state=suggested]")

    # Bulk: tick two (one by keyboard, one by click), confirm with their verdicts reused.
    page.keyboard.press("x")  # the selected row: `second`
    page.check(f"#match-{first.pk} input[type=checkbox]")
    page.check("#bulk-form input[name=reuse_verdict]")
    page.click("#bulk-form button[value=confirm]")
    page.wait_for_selector(".message:has-text('1 done, 1 refused')")
    message = page.inner_text(".messages")
    assert "“Pants on fire” is not on this workbench's scale" in message
    assert ClaimMatch.objects.get(pk=first.pk).state == State.CONFIRMED
    assert Claim.objects.get(pk=first.claim_id).status == Claim.Status.PUBLISHED
    assert Verdict.objects.get(claim_id=first.claim_id).rating.name == "False"
    assert ClaimMatch.objects.get(pk=second.pk).state == State.SUGGESTED

    # The keys dialog opens with ? and closes with Esc.
    page.keyboard.press("?")
    page.wait_for_selector("#keys-dialog[open]")
    page.keyboard.press("Escape")
    assert page.problems == []  # type: ignore[attr-defined]


def test_the_desk_shows_the_suggestion_and_rejects_it(browser: Any, live_server: Any) -> None:
    UserFactory(username="checker", role="fact-checker")
    match = _seed()[0]
    page = logged_in_page(browser, live_server, "checker")
    page.goto(f"/claims/{match.claim_id}/")
    panel = page.wait_for_selector("[data-testid=desk-matches]")
    assert "The United States keeps about 55,000 troops stationed in Japan." in panel.inner_text()
    page.click("[data-testid=desk-matches] button:has-text('Not the same claim')")
    page.wait_for_selector(".message:has-text('will not be suggested again')")
    assert page.query_selector("[data-testid=desk-matches]") is None
    assert ClaimMatch.objects.get(pk=match.pk).state == State.REJECTED
    assert page.problems == []  # type: ignore[attr-defined]
