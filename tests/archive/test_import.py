"""Importing fact-checks: the service and the command, every format, updates in place, bad rows."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from archive.formats import parse
from archive.models import FactCheck
from archive.services.embedding import ENCODER_NAME
from archive.services.imports import factchecks_import
from factcheck.errors import DomainError, Forbidden
from factcheck.models import ReviewEvent

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("import_factchecks", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_checkthat_tsv_imports_every_claim_with_a_normalised_embedding(fixtures: Path) -> None:
    output = _run(str(fixtures / "verified_claims.sample.tsv"), "--source", "checkthat2020")
    assert "14 created, 0 updated, 0 skipped" in output
    row = FactCheck.objects.get(source="checkthat2020", external_id="0")
    assert row.title.startswith("Did 122 Prisoners")
    assert row.embedding is not None and row.embedding.shape == (384,)
    assert abs(float(np.linalg.norm(row.embedding)) - 1.0) < 1e-4
    assert row.embedding_model == ENCODER_NAME
    assert not FactCheck.objects.filter(embedding__isnull=True).exists()


def test_running_the_same_file_again_updates_in_place_and_reports_unchanged_rows(
    fixtures: Path, tmp_path: Path
) -> None:
    _run(str(fixtures / "factchecks.csv"), "--source", "checks")
    first = FactCheck.objects.get(source="checks", external_id="fc-2")
    again = _run(str(fixtures / "factchecks.csv"), "--source", "checks")
    assert "0 created, 0 updated" in again and "3 unchanged" in again
    edited = tmp_path / "factchecks.csv"
    edited.write_text(
        "id,claim,title,rating\nfc-2,The mayor doubled the police budget.,Police budget doubled?,Mostly false\n"
        "fc-9,A new one.,,True\n"
    )
    output = _run(str(edited), "--source", "checks")
    assert "1 created, 1 updated, 0 skipped" in output
    updated = FactCheck.objects.get(pk=first.pk)
    assert updated.rating == "Mostly false"
    # The claim and title did not change, so its vector was kept, not recomputed.
    assert np.array_equal(updated.embedding, first.embedding)
    assert FactCheck.objects.filter(source="checks").count() == 4


def test_bad_rows_are_reported_with_line_numbers_and_never_stop_the_rest(fixtures: Path) -> None:
    output = _run(str(fixtures / "factchecks.csv"), "--source", "checks")
    assert "3 created, 0 updated, 5 skipped" in output
    for expected in (
        "line 4: no claim text",
        "line 5: no id",
        "line 6: unreadable date 'yesterday'",
        "line 9: repeated id (fc-1, first on line 2)",
        "line 10: 8 columns where the header has 7",
    ):
        assert expected in output
    assert set(FactCheck.objects.values_list("external_id", flat=True)) == {"fc-1", "fc-2", "fc-6"}
    assert FactCheck.objects.get(external_id="fc-6").claim_reviewed == "A claim with a comma, quoted, and a line break."


def test_claimreview_feed_imports_its_reviews_under_the_file_name(fixtures: Path) -> None:
    output = _run(str(fixtures / "claimreview_feed.json"))
    assert "(source claimreview_feed): 2 created, 0 updated, 2 skipped" in output
    assert "item 4: not a ClaimReview (found NewsArticle)" in output
    troops = FactCheck.objects.get(claim_reviewed__contains="60,000 troops")
    assert (troops.rating, troops.publisher, troops.url) == (
        "Mostly false",
        "Example Checks",
        "https://factcheck.example.org/2026/11/troops-japan",
    )


def test_an_unreadable_file_is_named_and_the_others_are_still_imported(fixtures: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    err = StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command(
            "import_factchecks",
            str(broken),
            str(fixtures / "factchecks.csv"),
            "--no-progress",
            stdout=StringIO(),
            stderr=err,
        )
    assert "broken.json: Not valid JSON" in err.getvalue()
    assert FactCheck.objects.filter(source="factchecks").count() == 3


def test_the_service_audits_the_import_and_only_editors_may_import(
    fixtures: Path, editor: Any, factchecker: Any
) -> None:
    parsed = parse("factchecks.csv", (fixtures / "factchecks.csv").read_bytes())
    with pytest.raises(Forbidden):
        factchecks_import(parsed=parsed, source="checks", user=factchecker)
    with pytest.raises(DomainError) as exc:
        factchecks_import(parsed=parsed, source="no spaces please", user=editor)
    assert exc.value.field == "source"
    report = factchecks_import(parsed=parsed, source="checks", user=editor)
    assert (report.created, report.embedded) == (3, 3)
    event = ReviewEvent.objects.get(action="factchecks.imported")
    assert event.actor == editor and event.after["created"] == 3


def test_embed_archive_fills_only_the_rows_without_a_current_vector(fixtures: Path) -> None:
    from tests.factories import ClaimFactory

    _run(str(fixtures / "factchecks.csv"), "--source", "checks")
    FactCheck.objects.filter(external_id="fc-2").update(embedding=None, embedding_model="")
    claim = ClaimFactory()
    out = StringIO()
    call_command("embed_archive", "--no-progress", stdout=out, stderr=StringIO())
    assert out.getvalue().strip() == "1 claims and 1 fact-checks embedded."
    assert FactCheck.objects.get(external_id="fc-2").embedding is not None
    claim.refresh_from_db()
    assert claim.embedding_model == ENCODER_NAME
    out = StringIO()
    call_command("embed_archive", "--no-progress", stdout=out, stderr=StringIO())
    assert out.getvalue().strip() == "0 claims and 0 fact-checks embedded."


def test_match_claims_writes_one_json_line_per_text_in_order(fixtures: Path, tmp_path: Path) -> None:
    import json

    _run(str(fixtures / "verified_claims.120.tsv"), "--source", "checkthat")
    _run(str(fixtures / "factchecks.csv"), "--source", "checks")
    queries = tmp_path / "claims.txt"
    queries.write_text(
        "Unemployment fell to 3.9 percent in March, the minister said.\n\nThe mayor doubled the police budget\n"
    )
    out = StringIO()
    call_command("match_claims", str(queries), "--top", "2", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["text"] for line in lines] == [
        "Unemployment fell to 3.9 percent in March, the minister said.",
        "",
        "The mayor doubled the police budget",
    ]
    assert lines[0]["matches"][0]["external_id"] == "fc-1"
    assert lines[1]["matches"] == []
    assert lines[2]["matches"][0]["external_id"] == "fc-2"
    assert len(lines[2]["matches"]) <= 2
    assert {m["decision"] for line in lines for m in line["matches"]} <= {"auto", "suggest"}
