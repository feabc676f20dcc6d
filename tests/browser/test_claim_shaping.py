"""Shaping claims in a real browser: edit a claim on the desk, split the seed's compound sentence,
read the article with every claim marked, and add a missed claim by selecting it in the text."""

from __future__ import annotations

from typing import Any

import pytest

from claims.models import Article, Claim
from tests.browser.conftest import logged_in_page, screenshot
from tests.factories import ArticleFactory, ClaimFactory, QuantityFactory, SpeakerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PREMISE = (
    "Asked about Chinese President Xi Jinping’s order to his military to be ready to annex Taiwan militarily by "
    "2027, Mr. Hegseth said deterrence of China was weakened under the Biden administration, during which Russia "
    "invaded Ukraine, Hamas terrorized Israel and the U.S. made a deadly withdrawal from Afghanistan."
)
TROOPS = "About 55,000 U.S. troops are stationed in Japan, the largest American presence abroad."
MISSED = "Japan pays about $1.4 billion a year toward the cost of hosting them."
TEXT = (
    "Defense Secretary Pete Hegseth met his Japanese counterpart in Tokyo on Monday.\n\n"
    f"{PREMISE}\n\n{TROOPS} {MISSED}\n\nThe two ministers are to meet again in the spring."
)


def _claim(article: Article, text: str, **fields: Any) -> Claim:
    start = TEXT.index(text)
    return ClaimFactory(article=article, text=text, start=start, end=start + len(text), **fields)


def test_edit_split_and_add_claims(browser: Any, live_server: Any) -> None:
    UserFactory(username="checker", role="fact-checker")
    article = ArticleFactory(text=TEXT, title="Hegseth in Tokyo: the alliance and deterrence")
    hegseth = SpeakerFactory(name="Pete Hegseth", title="Defense Secretary")
    premise = _claim(article, PREMISE, speaker=hegseth, kind=Claim.Kind.PROMISE, checkworthiness=0.7)
    troops = _claim(article, TROOPS, speaker=None, kind=Claim.Kind.STATISTIC)
    at = TEXT.index("55,000")
    QuantityFactory(
        claim=troops,
        text="55,000",
        start=at,
        end=at + 6,
        value=55_000,
        unit="",
        currency="",
        kind="count",
        noun="troops",
    )
    page = logged_in_page(browser, live_server, "checker")
    page.on("dialog", lambda dialog: dialog.accept())

    # Edit: the troops claim gets its speaker and a corrected number; the extracted text stays visible.
    page.goto(f"/claims/{troops.pk}/")
    page.click("#edit-claim summary")
    page.fill("#edit-claim textarea[name=text]", "About 55,000 U.S. troops are stationed in Japan.")
    page.fill("#edit-claim input[name=speaker]", "Pete Hegseth")
    page.select_option("#edit-claim select[name=kind]", "statistic")
    page.locator("#claim-shape").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('claim-shape').scrollIntoView()")
    screenshot(page, "claim-edit", full_page=False)
    page.click("#edit-claim button[type=submit]")
    page.wait_for_selector("[data-testid=as-extracted]")
    assert "largest American presence abroad" in page.inner_text("[data-testid=as-extracted]")
    troops.refresh_from_db()
    assert troops.version == 2 and troops.speaker == hegseth
    assert [q.value for q in troops.quantities.all()] == [55_000]

    # Split the compound premise into the Xi/2027 premise and the three Biden-era events.
    page.goto(f"/claims/{premise.pk}/")
    page.click("#split-claim summary")
    page.fill(
        "#split-claim textarea[name=parts]",
        "Xi Jinping’s order to his military to be ready to annex Taiwan militarily by 2027\n"
        "Russia invaded Ukraine\nHamas terrorized Israel\n"
        "the U.S. made a deadly withdrawal from Afghanistan",
    )
    page.click("#split-claim button[type=submit]")
    page.wait_for_selector("[data-testid=closed-split]")
    premise.refresh_from_db()
    parts = list(premise.parts.order_by("pk"))
    assert premise.status == Claim.Status.SPLIT and len(parts) == 4
    assert all(TEXT[p.start : p.end] == p.text for p in parts)

    # The whole article: every open claim is marked in place; the parts overlap nothing but themselves.
    page.click("a:has-text('whole article')")
    page.wait_for_selector("#article-text mark.claim")
    marked = page.eval_on_selector_all(
        "#article-text mark[data-claims]", "marks => marks.map(m => m.dataset.claims).join(' ')"
    )
    assert {str(c.pk) for c in [troops, *parts]} <= set(marked.split())
    assert str(premise.pk) not in marked.split()  # closed as split: its parts are marked instead

    # Add the claim the extractor missed by selecting it in the text.
    page.evaluate(
        """(missed) => {
            const p = [...document.querySelectorAll('#article-text p')].find(el => el.textContent.includes(missed));
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.textContent.indexOf(missed);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + missed.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    break;
                }
            }
            document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        MISSED,
    )
    page.wait_for_selector("#selection-note:not([hidden])")
    assert page.inner_text("#selection-text") == MISSED
    screenshot(page, "article-marked", full_page=True)
    page.click("#add-claim-button")
    page.wait_for_selector("[data-testid=worthiness-reason]")
    added = Claim.objects.get(origin=Claim.Origin.ADDED)
    assert (added.start, added.end, added.text) == (TEXT.index(MISSED), TEXT.index(MISSED) + len(MISSED), MISSED)
    assert f"/claims/{added.pk}/" in page.url
    assert page.problems == []  # type: ignore[attr-defined]
