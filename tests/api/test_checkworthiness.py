"""POST /api/v1/checkworthiness/: up to 1,000 sentences scored in order, bad input a 400."""

from __future__ import annotations

import json
from typing import Any

import pytest

FACT = "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years."
THANKS = "Thank you very much."


@pytest.mark.django_db
def test_the_api_scores_sentences_in_order(client_for: Any, factchecker: Any) -> None:
    response = client_for(factchecker).post("/api/v1/checkworthiness/", {"sentences": [FACT, THANKS]}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["model"] == "v2" and body["warning"] is None
    assert [r["text"] for r in body["results"]] == [FACT, THANKS]
    assert [r["checkworthy"] for r in body["results"]] == [True, False]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [{"sentences": ["x"] * 1001}, {"sentences": []}, {"sentences": "one string"}, {"sentences": [""]}, {}],
)
def test_the_api_refuses_bad_input_with_400(client_for: Any, factchecker: Any, payload: dict[str, Any]) -> None:
    response = client_for(factchecker).post("/api/v1/checkworthiness/", payload, format="json")
    assert response.status_code == 400
    assert "sentences" in json.dumps(response.json())


@pytest.mark.django_db
def test_the_api_takes_a_thousand_sentences(client_for: Any, factchecker: Any) -> None:
    sentences = [THANKS] * 999 + [FACT]
    response = client_for(factchecker).post("/api/v1/checkworthiness/", {"sentences": sentences}, format="json")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1000


@pytest.mark.django_db
def test_the_api_needs_an_account(anon: Any, outsider: Any, client_for: Any) -> None:
    assert anon.post("/api/v1/checkworthiness/", {"sentences": [FACT]}, format="json").status_code == 401
    outsider_response = client_for(outsider).post("/api/v1/checkworthiness/", {"sentences": [FACT]}, format="json")
    assert outsider_response.status_code == 403


@pytest.mark.django_db
def test_the_api_takes_json_only(client_for: Any, factchecker: Any) -> None:
    form = {f"sentences[{i}]": "x" for i in range(1500)}
    response = client_for(factchecker).post("/api/v1/checkworthiness/", form, format="multipart")
    assert response.status_code == 415
