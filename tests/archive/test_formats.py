"""Reading fact-check files: CheckThat! TSV, CSV with a header, ClaimReview JSON-LD in its three shapes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from archive.formats import UnreadableFile, parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "archive"


def test_checkthat_tsv_reads_the_unnamed_first_column_as_the_id_and_keeps_multiline_claims_whole() -> None:
    parsed = parse("verified_claims.docs.tsv", (FIXTURES / "verified_claims.sample.tsv").read_bytes())
    assert parsed.errors == []
    assert len(parsed.records) == 14
    first = parsed.records[0]
    assert (first.position, first.external_id) == (2, "0")
    assert first.claim.startswith("122 detainees released")
    assert first.title.startswith("Did 122 Prisoners")
    assert parsed.records[2].claim.startswith('A "Trump and Obama by the Numbers" meme')
    last = parsed.records[-1]
    assert (last.external_id, last.position) == ("3057", 15)
    assert (
        last.claim
        == "Account describes Pamela Murphy’s efforts on behalf of patients at a Veterans Administration hospital."
    )


def test_csv_bad_rows_are_reported_with_their_line_numbers_and_the_rest_is_read() -> None:
    parsed = parse("factchecks.csv", (FIXTURES / "factchecks.csv").read_bytes())
    assert [r.external_id for r in parsed.records] == ["fc-1", "fc-2", "fc-6", "fc-1"]
    assert [(e.position, e.reason) for e in parsed.errors] == [
        (4, "no claim text"),
        (5, "no id"),
        (6, "unreadable date 'yesterday' (expected YYYY-MM-DD)"),
        (10, "8 columns where the header has 7"),
    ]
    fc1 = parsed.records[0]
    assert (fc1.rating, fc1.publisher, fc1.published) == ("True", "Checks Net", dt.date(2026, 3, 5))
    assert parsed.records[2].position == 7


def test_a_file_without_an_id_or_claim_column_is_refused_as_a_whole() -> None:
    with pytest.raises(UnreadableFile, match="missing: claim"):
        parse("x.csv", b"id,text_of_it\n1,hello\n")


def test_claimreview_datafeed_as_the_markup_tool_exports_it() -> None:
    parsed = parse("feed.json", (FIXTURES / "claimreview_feed.json").read_bytes())
    assert parsed.unit == "item"
    troops, bridge = parsed.records
    assert troops.claim == "The United States keeps 60,000 troops stationed in Japan."
    assert troops.external_id.startswith("https://factcheck.example.org/2026/11/troops-japan#")
    assert (troops.rating, troops.publisher, troops.language) == ("Mostly false", "Example Checks", "en")
    assert troops.title == "No, there are not 60,000 US troops in Japan"
    assert bridge.external_id == "https://factcheck.example.org/2026/11/bridge#review"
    assert bridge.published == dt.date(2026, 11, 19)
    assert [str(e) for e in parsed.errors] == ["item 3: no claim text", "item 4: not a ClaimReview (found NewsArticle)"]


def test_claimreview_single_object_and_list_read_the_same() -> None:
    review = {"@type": "ClaimReview", "@id": "r1", "claimReviewed": "Water boils at 90 C at sea level."}
    single = parse("one.json", json.dumps(review).encode())
    many = parse("list.json", json.dumps([review, {**review, "@id": "r2"}]).encode())
    assert [r.external_id for r in single.records] == ["r1"]
    assert [r.external_id for r in many.records] == ["r1", "r2"]


def test_broken_json_says_where() -> None:
    with pytest.raises(UnreadableFile, match="line 1"):
        parse("bad.json", b'{"@type": "ClaimReview",')
