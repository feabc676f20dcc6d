"""Every main screen at a 390-px phone width: nothing scrolls sideways, charts included."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from claims.models import Article, Claim, Speaker
from tests.browser.conftest import logged_in_page, screenshot
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The innermost element reaching furthest past the right edge, to name the culprit in a failure.
WIDEST_ELEMENT = """() => {
  let worst = null, right = window.innerWidth;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect().right;
    if (r > right) { right = r; worst = el; }
  }
  return worst ? `${worst.tagName.toLowerCase()}.${worst.className.baseVal ?? worst.className} to ${right}px` : '';
}"""
SMALL_DATA_SET = (
    "--claims=400 --verdicts=120 --speakers=20 --outlets=4 --reviewers=4 --editors=2 --days=60 --seed=7".split()
)


def _screens() -> list[str]:
    article = Article.objects.order_by("pk").first()
    claim = Claim.objects.order_by("pk").first()
    speaker = Speaker.objects.order_by("pk").first()
    published = Claim.objects.filter(status=Claim.Status.PUBLISHED).order_by("pk").first()
    submitted = Claim.objects.filter(status=Claim.Status.SUBMITTED).order_by("pk").first()
    assert article and claim and speaker and published and submitted, "generate_data wrote too few rows"
    return [
        "/queue/",
        "/submit/",
        "/articles/",
        f"/articles/{article.pk}/",
        f"/claims/{claim.pk}/",
        "/review/",
        f"/review/{submitted.pk}/",
        f"/verdicts/{published.pk}/",
        "/library/",
        "/reports/",
        "/reports/throughput/",
        "/reports/reviewers/",
        "/reports/speakers/",
        f"/reports/speakers/{speaker.pk}/",
        f"/reports/articles/{article.pk}/",
        "/reports/claims/",
        "/account/tokens/",
    ]


def test_no_main_screen_scrolls_sideways_at_390_px(browser: Any, live_server: Any) -> None:
    call_command("generate_data", *SMALL_DATA_SET, stdout=StringIO())
    UserFactory(username="phone", role="editor")
    page = logged_in_page(browser, live_server, "phone", width=390, height=844)
    too_wide = {}
    for url in _screens():
        response = page.goto(url)
        assert response is not None and response.ok, f"{url} answered {response and response.status}"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            too_wide[url] = (overflow, page.evaluate(WIDEST_ELEMENT))
    assert not too_wide, f"these screens scroll sideways at 390 px (overflow in px, widest element): {too_wide}"
    page.goto("/reports/throughput/")
    page.locator(".report-chart").first.scroll_into_view_if_needed()
    screenshot(page, "reports-throughput-phone")
    assert not page.problems  # type: ignore[attr-defined]
