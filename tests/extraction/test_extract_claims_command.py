"""``manage.py extract_claims``: the JSON contract of issue 4, and a readable table without ``--json``."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.extraction.cli import extract_file_to_dict

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
CLAIM_KEYS = {"text", "start", "end", "kind", "checkworthiness", "speaker", "quantities"}
QUANTITY_KEYS = {"text", "value", "unit", "bound", "change"}


def test_json_is_one_array_with_one_object_per_file_in_order() -> None:
    files = [ARTICLES / "school-funding.txt", ARTICLES / "transit-budget.html"]
    out = StringIO()
    call_command("extract_claims", "--json", *map(str, files), stdout=out)
    docs = json.loads(out.getvalue())
    assert [d["source"] for d in docs] == [str(f) for f in files]
    assert docs[1]["article"] == {
        "outlet": "The Lakeshore Post",
        "title": "Transit agency warns of $740 million shortfall",
        "author": "Hannah Reyes",
        "published": "2025-05-14",
    }


def test_every_claim_and_quantity_has_exactly_the_contract_keys() -> None:
    doc = extract_file_to_dict(ARTICLES / "us-japan-alliance.txt")
    assert doc["claims"]
    for claim in doc["claims"]:
        assert set(claim) == CLAIM_KEYS
        assert claim["speaker"] is None or set(claim["speaker"]) == {"name", "title"}
        assert 0.0 <= claim["checkworthiness"] <= 1.0
        for q in claim["quantities"]:
            assert set(q) == QUANTITY_KEYS
            assert isinstance(q["value"], float)
            assert q["bound"] in ("eq", "ge", "le", "approx", None)
            assert q["change"] in ("from", "to", None)


def test_spans_point_into_the_article_text_read_by_ingestion() -> None:
    from claims.extraction.article import read_article

    path = ARTICLES / "drought-harvest.html"
    text = read_article(path.read_bytes(), kind="html").text
    for claim in extract_file_to_dict(path)["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["text"]


def test_table_lists_claims_by_score_with_speakers() -> None:
    out = StringIO()
    call_command("extract_claims", str(ARTICLES / "school-funding.txt"), stdout=out)
    table = out.getvalue()
    assert "The Midlands Gazette" in table
    assert "Priya Chandra" in table
    assert "£1.1bn" in table


def test_a_missing_file_is_a_readable_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read the file"):
        call_command("extract_claims", "--json", str(tmp_path / "nope.txt"), stdout=StringIO())
