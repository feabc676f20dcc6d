"""Reading pasted texts and saved pages into clean articles (claims.extraction.article)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.article import ArticleReadError, content_hash, read_article
from claims.extraction.decoding import decode_content

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
FIXTURE_ARTICLES = sorted(p for p in FIXTURES.iterdir() if p.suffix in {".txt", ".html"})
PASTED_HEADERS = sorted((FIXTURES.parent / "headers").glob("*.txt"))


def _norm(value: str) -> str:
    """Compare the way the extraction scorer does: NFKC, straight quotes, folded space, lower case."""
    value = unicodedata.normalize("NFKC", value)
    value = value.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}))
    return re.sub(r"\s+", " ", value).strip().lower()


def _read_fixture(path: Path):
    return read_article(path.read_bytes(), kind="html" if path.suffix == ".html" else "text")


def _label(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def _page(body: str, head: str = "", lang: str = "en") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


PROSE = (
    "<p>The city council approved a budget of $1.2 billion on Tuesday, an increase of 4 percent on last "
    "year, after a debate that lasted more than six hours.</p>"
    "<p>“We have balanced the books without cutting a single library,” Mayor Dana Whitfield said after the "
    "vote. She said property taxes would rise by 2.5 percent for the average homeowner.</p>"
    "<p>Council member Luis Ortega, who voted against the plan, said the police budget had grown faster than "
    "any other department for five years in a row.</p>"
)


# --------------------------------------------------------------------------------------------
# The labelled fixture articles
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURE_ARTICLES, ids=lambda p: p.name)
def test_fixture_metadata_matches_its_label(path: Path) -> None:
    article = _read_fixture(path)
    label = _label(path)
    assert article.outlet == label["outlet"]
    assert article.published == dt.date.fromisoformat(label["published"])


@pytest.mark.parametrize("path", FIXTURE_ARTICLES, ids=lambda p: p.name)
def test_fixture_text_holds_no_noise_line(path: Path) -> None:
    article = _read_fixture(path)
    for noise in _label(path)["noise"]:
        assert _norm(noise) not in _norm(article.text), f"{noise!r} left in the text of {path.name}"


@pytest.mark.parametrize("path", FIXTURE_ARTICLES, ids=lambda p: p.name)
def test_fixture_text_keeps_every_labelled_claim(path: Path) -> None:
    article = _read_fixture(path)
    for claim in _label(path)["claims"]:
        assert _norm(claim["key"]) in _norm(article.text), f"{claim['key']!r} lost from {path.name}"


@pytest.mark.parametrize("path", FIXTURE_ARTICLES, ids=lambda p: p.name)
def test_fixture_byline_noise_moves_to_the_author_field(path: Path) -> None:
    article = _read_fixture(path)
    for noise in _label(path)["noise"]:
        if noise.startswith("By "):
            assert article.author == noise.removeprefix("By ")


def test_pasted_washington_times_story_reads_header_dateline_and_contact_line() -> None:
    article = _read_fixture(FIXTURES / "us-japan-alliance.txt")
    assert article.outlet == "The Washington Times"
    assert article.published == dt.date(2025, 3, 30)
    assert article.dateline == "TOKYO"
    assert article.text.startswith("TOKYO — Defense Secretary Pete Hegseth")
    assert article.author == "Bill Gertz"  # from "Bill Gertz can be reached at ..."
    assert "Threat Status" not in article.text


def test_pasted_british_story_reads_title_byline_and_dateline() -> None:
    article = _read_fixture(FIXTURES / "school-funding.txt")
    assert article.title == "Schools to get £1.1bn more as pupil numbers fall"
    assert article.author == "Daniel Price"
    assert article.dateline == "BIRMINGHAM"
    assert not article.text.startswith("Schools to get")


def test_saved_page_reads_canonical_url_author_and_language() -> None:
    article = _read_fixture(FIXTURES / "transit-budget.html")
    assert article.canonical_url == "https://lakeshorepost.example/news/2025/05/14/transit-shortfall"
    assert article.author == "Hannah Reyes"
    assert article.title == "Transit agency warns of $740 million shortfall"
    assert article.language == "en"
    assert not article.text.startswith("Transit agency warns")  # the headline is metadata


def test_windows_1252_fixture_reads_curly_quotes() -> None:
    article = _read_fixture(FIXTURES / "drought-harvest.html")
    assert "“This is the driest summer we have recorded in 60 years,”" in article.text
    assert "\ufffd" not in article.text


# --------------------------------------------------------------------------------------------
# Charsets
# --------------------------------------------------------------------------------------------

CP1252_BODY = (
    "<p>“Café society is back,” said Renée Dupont, who runs a bistro in the old town, on Friday. "
    "She said the café’s takings had risen by a fifth since the spring — the best season since 2019.</p>"
    "<p>The town’s tourism office said visitor numbers rose 12 per cent in the year to June, to 480,000.</p>"
)


def test_windows_1252_page_declared_in_meta_http_equiv_reads_correctly() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Cafés return</title>'
    article = read_article(_page(CP1252_BODY, head).encode("cp1252"), kind="html")
    assert "“Café society is back,” said Renée Dupont" in article.text
    assert "café’s takings" in article.text


def test_iso_8859_1_label_is_read_as_windows_1252_like_browsers_do() -> None:
    head = '<meta charset="iso-8859-1"><title>Cafés return</title>'
    article = read_article(_page(CP1252_BODY, head).encode("cp1252"), kind="html")
    assert "“Café society is back,”" in article.text


def test_http_header_charset_wins_over_meta_declaration() -> None:
    head = '<meta charset="windows-1252"><title>Cafés return</title>'
    page = _page(CP1252_BODY, head).encode("utf-8")  # the bytes are UTF-8 whatever the meta says
    article = read_article(page, kind="html", charset="utf-8")
    assert "“Café society is back,”" in article.text


def test_undeclared_windows_1252_page_is_detected() -> None:
    article = read_article(_page(CP1252_BODY, "<title>Cafés return</title>").encode("cp1252"), kind="html")
    assert "Renée Dupont" in article.text
    assert "“Café society is back,”" in article.text


SJIS_BODY = (
    "<p>東京都は月曜日、来年度の予算案を発表した。一般会計の総額は八兆五千億円で、前年度より三パーセント多い。</p>"
    "<p>知事は記者会見で「財政の健全化と子育て支援を両立させる」と述べた。都議会は来月から審議を始める。</p>"
    "<p>野党は、大規模な再開発事業への支出が膨らんでいると批判している。</p>"
)


def test_shift_jis_page_declared_in_meta_reads_correctly() -> None:
    head = '<meta charset="Shift_JIS"><title>都の予算案</title>'
    article = read_article(_page(SJIS_BODY, head, lang="ja").encode("shift_jis"), kind="html")
    assert "東京都は月曜日、来年度の予算案を発表した。" in article.text
    assert "「財政の健全化と子育て支援を両立させる」" in article.text
    assert article.language == "ja"


def test_shift_jis_page_declared_only_by_http_header_reads_correctly() -> None:
    page = _page(SJIS_BODY, "<title>都の予算案</title>", lang="ja").encode("shift_jis")
    article = read_article(page, kind="html", charset="shift_jis")
    assert "東京都は月曜日" in article.text


def test_pasted_text_bytes_with_utf8_bom_lose_the_bom() -> None:
    text = "Officials said the bridge would reopen in May after repairs costing £4m were completed on time."
    assert decode_content(b"\xef\xbb\xbf" + text.encode(), kind="text") == text


def test_unknown_declared_charset_falls_back_to_detection() -> None:
    page = _page(CP1252_BODY, '<meta charset="x-no-such-charset">').encode("utf-8")
    assert "Renée Dupont" in read_article(page, kind="html").text


# --------------------------------------------------------------------------------------------
# Plain-text headers, bylines and datelines
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PASTED_HEADERS, ids=lambda p: p.stem)
def test_a_pasted_header_gives_its_metadata_and_leaves_the_text(path: Path) -> None:
    """Pipe headers with British dates, "Published:" lines, one or two authors in a byline."""
    article = read_article(path.read_text(encoding="utf-8"), kind="text")
    label = _label(path)
    named = {field: label[field] for field in ("outlet", "title", "author", "dateline") if field in label}
    assert {field: getattr(article, field) for field in named} == named
    assert article.published == dt.date.fromisoformat(label["published"])
    assert article.text.startswith(label["text_starts"])
    for words in label["not_in_text"]:
        assert words not in article.text


def test_reuters_dateline_is_recorded_and_kept_in_the_text() -> None:
    text = (
        "LONDON (Reuters) - Britain's economy grew by 0.6% in the first quarter, official data showed on "
        "Friday, ending a shallow recession.\n\n"
        "Reporting by Andy Bruce; Editing by William Schomberg"
    )
    article = read_article(text, kind="text")
    assert article.dateline == "LONDON"
    assert article.text == (
        "LONDON (Reuters) - Britain's economy grew by 0.6% in the first quarter, official data showed on "
        "Friday, ending a shallow recession."
    )


def test_hard_wrapped_paragraphs_are_joined_and_single_line_paragraphs_kept_apart() -> None:
    wrapped = (
        "The regional water authority said on Monday that reservoir levels had\n"
        "fallen to 41 percent of capacity, the lowest level for the time of year\n"
        "since records began in 1976.\n\n"
        "Hosepipe bans could follow within weeks, it said."
    )
    article = read_article(wrapped, kind="text")
    assert article.text.split("\n\n")[0].endswith("since records began in 1976.")
    assert len(article.text.split("\n\n")) == 2

    single_lines = (
        "The regional water authority said on Monday that reservoir levels had fallen to 41 percent.\n"
        "Hosepipe bans could follow within weeks, the authority's chief executive, Mark Dyson, said.\n"
        "Farmers said the restrictions would hit vegetable growers hardest this summer."
    )
    assert len(read_article(single_lines, kind="text").text.split("\n\n")) == 3


# News whose sentences start like a byline ("By 2030, ...") or name boilerplate's words (copyright,
# newsletter, related): every paragraph is kept, and none becomes the author.
LOOKS_LIKE_BYLINES_OR_BOILERPLATE = {
    "sentences that merely start with by": [
        "By 2030, the city expects to need 12,000 more homes than it has today, planners said.",
        "By March, prices had risen 8 per cent, the statistics office said.",
        "By Tuesday, officials said the water was safe to drink again.",
    ],
    "news about copyright and newsletters": [
        "The court ruled on Thursday that the copyright claim against the publisher could proceed.",
        "The company's investor newsletter had said profits rose 14% in 2024.",
        "Related companies in the sector saw their shares fall by as much as 6 percent.",
    ],
}


@pytest.mark.parametrize(
    "paragraphs", LOOKS_LIKE_BYLINES_OR_BOILERPLATE.values(), ids=LOOKS_LIKE_BYLINES_OR_BOILERPLATE.keys()
)
def test_news_that_looks_like_a_byline_or_boilerplate_is_kept_whole(paragraphs: list[str]) -> None:
    article = read_article("\n\n".join(paragraphs), kind="text")
    assert article.author is None
    assert article.text == "\n\n".join(paragraphs)


# --------------------------------------------------------------------------------------------
# Boilerplate in general, beyond the fixtures' lines
# --------------------------------------------------------------------------------------------


def test_pasted_boilerplate_of_many_kinds_never_reaches_the_text() -> None:
    text = (
        "Daily Courier - Wed, Feb 5, 2025\n\n"
        "Share this article\n\n"
        "Share on Facebook\n\n"
        "NEW YORK — The subway carried 4.1 million riders on Tuesday, the most since March 2020, transit "
        "officials said.\n\n"
        "Photo: Jane Kim / Daily Courier\n\n"
        "Story continues below advertisement\n\n"
        "The agency said weekend ridership had recovered to 85% of its pre-pandemic level.\n\n"
        "ADVERTISEMENT\n\n"
        "Related\n\n"
        "Fare evasion costs the city $700 million a year\n\n"
        "Five things to know about congestion pricing\n\n"
        "Officials expect ridership to keep rising through the spring. Sign up for our Morning Briefing "
        "newsletter to get the news first.\n\n"
        "Most Read\n\n"
        "Why the G train is always late\n\n"
        "Follow her on X @jkim. Email her at jkim@courier.example.\n\n"
        "Comments are moderated. Please read our community guidelines before commenting.\n\n"
        "Copyright 2025 Daily Courier Media. All rights reserved."
    )
    article = read_article(text, kind="text")
    assert article.outlet == "Daily Courier"
    assert article.published == dt.date(2025, 2, 5)
    assert article.text == (
        "NEW YORK — The subway carried 4.1 million riders on Tuesday, the most since March 2020, transit "
        "officials said.\n\n"
        "The agency said weekend ridership had recovered to 85% of its pre-pandemic level.\n\n"
        "Officials expect ridership to keep rising through the spring."
    )


def test_page_menus_share_rows_related_lists_and_footer_are_dropped() -> None:
    body = (
        "<header><nav>Home | World | Politics | Business | Sport</nav></header>"
        "<article><h1>Council approves $1.2bn budget</h1>"
        '<div class="share">Share on Facebook</div>'
        f"{PROSE}"
        '<p class="ad">Story continues below advertisement</p>'
        "<p>The budget takes effect on July 1 and runs until the end of June next year, officials said.</p>"
        "<figure><figcaption>Photo: Sam Reed / The Civic Ledger</figcaption></figure>"
        "</article>"
        "<aside><h3>Most read</h3><ul><li>Mayor unveils new bike lanes</li></ul></aside>"
        "<footer>© 2025 The Civic Ledger. All rights reserved.</footer>"
    )
    head = '<meta property="og:site_name" content="The Civic Ledger"><title>Council approves $1.2bn budget</title>'
    article = read_article(_page(body, head), kind="html")
    assert article.outlet == "The Civic Ledger"
    for noise in ("Share on Facebook", "continues below", "Photo:", "Most read", "bike lanes", "All rights"):
        assert noise.lower() not in article.text.lower()
    assert "Mayor Dana Whitfield said" in article.text
    assert article.text.endswith("runs until the end of June next year, officials said.")


# --------------------------------------------------------------------------------------------
# Page metadata: JSON-LD, OpenGraph, canonical links, dates in their own time zone
# --------------------------------------------------------------------------------------------


def test_json_ld_only_metadata_gives_outlet_author_and_local_date() -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Council approves $1.2bn budget",
        "datePublished": "2025-03-30T23:30:00-05:00",
        "author": {"@type": "Person", "name": "Kim Adler"},
        "publisher": {"@type": "Organization", "name": "The Civic Ledger"},
    }
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    article = read_article(_page(f"<article>{PROSE}</article>", head), kind="html")
    assert article.outlet == "The Civic Ledger"
    assert article.author == "Kim Adler"
    assert article.title == "Council approves $1.2bn budget"
    # 23:30 in New York is already the 31st in UTC: the article's own date is the 30th.
    assert article.published == dt.date(2025, 3, 30)


def test_opengraph_only_metadata_gives_outlet_title_and_date() -> None:
    head = (
        '<meta property="og:site_name" content="Harbour Herald">'
        '<meta property="og:title" content="Council approves $1.2bn budget">'
        '<meta property="og:url" content="https://harbourherald.example/news/budget">'
        '<meta property="article:published_time" content="2024-11-05T22:15:00-08:00">'
    )
    article = read_article(_page(f"<article>{PROSE}</article>", head), kind="html")
    assert article.outlet == "Harbour Herald"
    assert article.title == "Council approves $1.2bn budget"
    assert article.published == dt.date(2024, 11, 5)
    assert article.canonical_url == "https://harbourherald.example/news/budget"


def test_canonical_link_wins_over_the_fetched_url_and_og_url() -> None:
    head = (
        '<link rel="canonical" href="https://civicledger.example/2025/budget">'
        '<meta property="og:url" content="https://civicledger.example/amp/budget">'
        "<title>Council approves $1.2bn budget | The Civic Ledger</title>"
    )
    page = _page(f"<article>{PROSE}</article>", head)
    article = read_article(page, kind="html", url="https://civicledger.example/2025/budget?utm_source=x")
    assert article.canonical_url == "https://civicledger.example/2025/budget"
    assert article.outlet == "The Civic Ledger"  # the tail of <title> when no og:site_name


def test_fetched_url_is_the_canonical_url_when_the_page_names_none() -> None:
    article = read_article(_page(f"<article>{PROSE}</article>"), kind="html", url="https://a.example/x")
    assert article.canonical_url == "https://a.example/x"


def test_visible_byline_and_date_lines_in_a_page_become_metadata() -> None:
    body = (
        "<article><h1>Council approves budget</h1>"
        "<p>By Kim Adler, Staff Writer</p><p>Updated 9:14 a.m. EST, Thursday, January 9, 2025</p>"
        f"{PROSE}</article>"
    )
    article = read_article(_page(body, "<title>Council approves budget</title>"), kind="html")
    assert article.author == "Kim Adler"
    assert article.published == dt.date(2025, 1, 9)
    assert "Kim Adler" not in article.text and "Updated" not in article.text


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "   \n\n\t  ", b"", b"\n\n"])
def test_empty_content_is_refused_with_a_reason(content: str | bytes) -> None:
    with pytest.raises(ArticleReadError, match="empty"):
        read_article(content, kind="text")


@pytest.mark.parametrize(
    "content", [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"\x89PNG\r\n\x1a\n\x00\x00", b"abc\x00\x01\x02def"]
)
def test_binary_content_is_refused_with_a_reason(content: bytes) -> None:
    with pytest.raises(ArticleReadError, match="binary"):
        read_article(content, kind="html")


def test_page_with_only_menus_and_adverts_has_no_article_text() -> None:
    page = _page("<nav>Home | News | Sport | Weather</nav><div>Advertisement</div><footer>© 2025 X</footer>")
    with pytest.raises(ArticleReadError, match="No article text"):
        read_article(page, kind="html")


def test_text_with_only_boilerplate_has_no_article_text() -> None:
    with pytest.raises(ArticleReadError, match="No article text"):
        read_article("Advertisement\n\nShare this article\n\nCopyright © 2025 Example News", kind="text")


# --------------------------------------------------------------------------------------------
# Stable text and content hashes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURE_ARTICLES, ids=lambda p: p.name)
def test_reading_twice_gives_the_same_text(path: Path) -> None:
    assert _read_fixture(path).text == _read_fixture(path).text


def test_whitespace_inside_paragraphs_is_folded_and_boundaries_kept() -> None:
    text = "First  paragraph\u00a0with   odd\tspacing, said the mayor.\n\n\n\nSecond paragraph, she added."
    assert read_article(text, kind="text").text == (
        "First paragraph with odd spacing, said the mayor.\n\nSecond paragraph, she added."
    )


paragraph_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(" \n\t"),
    max_size=400,
)


@settings(max_examples=200, deadline=None)
@given(paragraph_text)
def test_any_text_reads_to_normalised_paragraphs_or_a_readable_error(text: str) -> None:
    try:
        article = read_article(text, kind="text")
    except ArticleReadError as error:
        assert error.reason
        return
    assert article.text == read_article(text, kind="text").text
    for paragraph in article.text.split("\n\n"):
        assert paragraph and paragraph == " ".join(paragraph.split())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7E) | st.sampled_from("é\u00a0\u3000"), max_size=200))
def test_content_hash_ignores_spacing_and_case(text: str) -> None:
    assert content_hash(text) == content_hash("  " + text.upper().replace(" ", " \n ") + "\t")


def test_content_hash_tells_different_texts_apart() -> None:
    assert content_hash("Prices rose 3%.") != content_hash("Prices rose 4%.")
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash("Prices rose 3%."))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_decode_to_text_or_are_refused_as_binary(content: bytes) -> None:
    try:
        decoded = decode_content(content, kind="html")
    except ArticleReadError as error:
        assert "binary" in error.reason
        return
    assert isinstance(decoded, str)


@settings(max_examples=60, deadline=None)
@given(st.lists(paragraph_text, min_size=1, max_size=6))
def test_any_page_reads_to_normalised_paragraphs_or_a_readable_error(paragraphs: list[str]) -> None:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    try:
        article = read_article(_page(f"<article>{body}</article>"), kind="html")
    except ArticleReadError as error:
        assert error.reason
        return
    for paragraph in article.text.split("\n\n"):
        assert paragraph and paragraph == " ".join(paragraph.split())


def test_a_wire_credit_line_is_dropped_from_the_text():
    text = (
        "Council approves new budget\n\nThe council approved a $12 million budget on Tuesday, the mayor said.\n\n"
        "Reporting by Jane Smith and Tom Brown\n"
    )
    article = read_article(text, kind="text")
    assert "Reporting by" not in article.text and "$12 million" in article.text
