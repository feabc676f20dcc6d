"""The archive over the API: import (editors; file or JSON-LD; row errors), list and search, text matching."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import FactCheck

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "archive"
IMPORT = "/api/v1/factchecks/import"
LIST = "/api/v1/factchecks/"


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes(), content_type="text/csv")


def test_an_editor_imports_a_csv_file_and_gets_counts_and_row_errors(client_for: Any, editor: Any) -> None:
    response = client_for(editor).post(
        IMPORT, {"file": _upload("factchecks.csv"), "source": "checks"}, format="multipart"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["import_source"], body["created"], body["updated"], body["skipped"]) == ("checks", 3, 0, 5)
    assert body["row_errors"][0] == {"unit": "line", "position": 4, "reason": "no claim text"}
    assert body["skip_reasons"]["no id"] == 1
    assert FactCheck.objects.filter(source="checks").count() == 3


def test_a_claimreview_json_body_is_imported_under_its_source(client_for: Any, editor: Any) -> None:
    feed = json.loads((FIXTURES / "claimreview_feed.json").read_text())
    response = client_for(editor).post(IMPORT, {"source": "example", "claimreview": feed}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2
    again = client_for(editor).post(IMPORT, {"source": "example", "claimreview": feed}, format="json")
    assert (again.json()["created"], again.json()["skip_reasons"]["unchanged"]) == (0, 2)


@pytest.mark.parametrize(
    ("body", "fmt", "field"),
    [
        ({"source": "x"}, "json", "file"),
        (
            {"source": "bad name!", "claimreview": {"@type": "ClaimReview", "@id": "1", "claimReviewed": "x"}},
            "json",
            "source",
        ),
        ({"claimreview": "not json-ld"}, "json", "claimreview"),
        ({"file": SimpleUploadedFile("x.csv", b"name,text\n1,2\n")}, "multipart", "file"),
    ],
)
def test_bad_imports_are_400_naming_the_field(client_for: Any, editor: Any, body: Any, fmt: str, field: str) -> None:
    response = client_for(editor).post(IMPORT, body, format=fmt)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not FactCheck.objects.exists()


def test_fact_checkers_may_read_but_not_import_and_strangers_neither(
    client_for: Any, factchecker: Any, outsider: Any, anon: Any
) -> None:
    assert (
        client_for(factchecker).post(IMPORT, {"file": _upload("factchecks.csv")}, format="multipart").status_code == 403
    )
    assert client_for(factchecker).get(LIST).status_code == 200
    assert client_for(outsider).get(LIST).status_code == 403
    assert anon.get(LIST).status_code == 401


def test_the_list_searches_pages_and_costs_a_fixed_number_of_queries(
    client_for: Any, factchecker: Any, django_assert_max_num_queries: Any
) -> None:
    FactCheck.objects.bulk_create(
        [FactCheck(source="s", external_id=str(i), claim_reviewed=f"Claim number {i} about buses") for i in range(30)]
        + [FactCheck(source="s", external_id="troops", claim_reviewed="60,000 troops are stationed in Japan")]
    )
    client = client_for(factchecker)
    found = client.get(LIST, {"q": "troops japan"}).json()
    assert [row["external_id"] for row in found["results"]] == ["troops"]
    page = client.get(LIST, {"page_size": 10, "page": 2})
    assert page.json()["count"] == 31 and len(page.json()["results"]) == 10
    with django_assert_max_num_queries(6):
        client.get(LIST, {"page_size": 30})
    assert client.get(LIST, {"page_size": 0}).status_code == 400


def test_matching_a_text_names_the_fact_check_by_its_imported_id(client_for: Any, editor: Any) -> None:
    client_for(editor).post(IMPORT, {"file": _upload("factchecks.csv"), "source": "checks"}, format="multipart")
    body = client_for(editor).get("/api/v1/matches/", {"text": "Did unemployment really fall to 3.9% in March?"}).json()
    rows = body["results"]  # one page in the shape of the stored matches' list (which answers without `text`)
    assert rows[0]["kind"] == "factcheck" and rows[0]["external_id"] == "fc-1"
    assert rows[0]["decision"] in ("auto", "suggest")
    assert client_for(editor).get("/api/v1/matches/", {"text": ""}).status_code == 400
