"""Each provider against recorded responses: success, nothing found, empty, malformed, timeout, 429, 5xx.

Providers run the way workers run them: ``fetch_runs_start`` creates the FetchRun and the task runs
it (eagerly here), so each case asserts what a reviewer would see on the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import responses
from responses import matchers

from evidence.models import EvidenceCandidate, FetchRun
from evidence.providers.http import acquire_slot
from evidence.providers.wikipedia import WikipediaProvider
from evidence.providers.worldbank import countries_in, indicators_for
from evidence.services import claim_input, fetch_run_execute, fetch_runs_start
from tests.evidence.conftest import DEFENSE_CLAIM, TROOPS_CLAIM, claim_with_quantities, recorded

pytestmark = pytest.mark.django_db

WIKI = "https://en.wikipedia.org/w/api.php"
WORLDBANK = re.compile(r"https://api\.worldbank\.org/v2/country/[A-Z]{3}/indicator/[A-Z.0-9]+")
FACTCHECK = "https://factchecktools.googleapis.com/v1alpha1/claims:search"


def gather(claim: Any, provider: str, capture: Callable[..., Any]) -> FetchRun:
    with capture(execute=True):
        fetch_runs_start(claim.pk, providers=[provider])
    return FetchRun.objects.filter(claim=claim, provider=provider).latest("queued_at")


@pytest.fixture
def factcheck_key(settings: Any) -> None:
    settings.FACTCHECK_TOOLS_API_KEY = "test-key"


# --- Wikipedia ----------------------------------------------------------------------------------


@responses.activate
def test_wikipedia_finds_articles_with_the_sentences_that_carry_the_claims_numbers(
    django_capture_on_commit_callbacks: Any,
) -> None:
    claim = claim_with_quantities(TROOPS_CLAIM)
    responses.get(
        WIKI,
        match=[matchers.query_param_matcher({"list": "search"}, strict_match=False)],
        json=recorded("wikipedia", "search_usfj"),
    )
    responses.get(
        WIKI,
        match=[matchers.query_param_matcher({"prop": "extracts", "pageids": "1146626|16826"}, strict_match=False)],
        json=recorded("wikipedia", "extracts_usfj"),
    )
    run = gather(claim, "wikipedia", django_capture_on_commit_callbacks)
    assert (run.status, run.candidates_found, run.attempts, run.error) == ("succeeded", 2, 1, "")
    assert run.duration_ms is not None
    usfj = EvidenceCandidate.objects.get(claim=claim, url="https://en.wikipedia.org/wiki/United_States_Forces_Japan")
    assert "about 55,000 U.S. troops are stationed in Japan" in usfj.snippet
    assert usfj.agreement == "agrees" and usfj.rank == 1
    assert usfj.published.isoformat() == "2025-03-28"
    assert "srsearch" in responses.calls[0].request.url


@responses.activate
def test_wikipedia_with_no_hits_succeeds_with_no_candidates(django_capture_on_commit_callbacks: Any) -> None:
    claim = claim_with_quantities(TROOPS_CLAIM)
    responses.get(WIKI, json=recorded("wikipedia", "search_empty"))
    run = gather(claim, "wikipedia", django_capture_on_commit_callbacks)
    assert (run.status, run.candidates_found) == ("succeeded", 0)
    assert len(responses.calls) == 1  # no extracts request for nothing


@responses.activate
@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ({"body": ""}, "Wikipedia answered with an empty response."),
        ({"body": '{"batchcomplete": true, "query": {'}, "Wikipedia answered with malformed JSON."),
        (
            {"json": recorded("wikipedia", "search_no_query")},
            "Wikipedia answered without a query result (unexpected format).",
        ),
        (
            {"json": recorded("wikipedia", "error_badvalue")},
            'Wikipedia refused the search: Unrecognized value for parameter "list": serch.',
        ),
        (
            {"json": {"query": {"search": [{"ns": 0}]}}},
            "Wikipedia answered with search results missing their page id or title.",
        ),
    ],
)
def test_wikipedia_empty_malformed_and_error_answers_fail_the_run_with_a_reason(
    answer: dict[str, Any], reason: str, django_capture_on_commit_callbacks: Any
) -> None:
    claim = claim_with_quantities(TROOPS_CLAIM)
    responses.get(WIKI, **answer)
    run = gather(claim, "wikipedia", django_capture_on_commit_callbacks)
    assert (run.status, run.error) == ("failed", reason)
    assert not EvidenceCandidate.objects.filter(claim=claim).exists()


# --- World Bank ---------------------------------------------------------------------------------


def test_worldbank_chooses_military_spending_share_of_gdp_for_japan() -> None:
    from claims.extraction.quantities import extract_quantities
    from evidence.providers import ClaimInput

    claim = ClaimInput(claim_id=1, text=DEFENSE_CLAIM, quantities=tuple(extract_quantities(DEFENSE_CLAIM)))
    assert [(i.id, q.text) for i, q in indicators_for(claim)] == [
        ("MS.MIL.XPND.GD.ZS", "2% of Japan’s gross domestic product")
    ]
    assert countries_in(DEFENSE_CLAIM) == ["JPN"]
    population = ClaimInput(
        claim_id=2,
        text="Germany's population passed 84 million people.",
        quantities=tuple(extract_quantities("Germany's population passed 84 million people.")),
    )
    assert [i.id for i, _ in indicators_for(population)] == ["SP.POP.TOTL"]
    unemployment = "Unemployment in Spain fell to 11.7%."
    assert [
        i.id for i, _ in indicators_for(ClaimInput(3, unemployment, quantities=tuple(extract_quantities(unemployment))))
    ] == ["SL.UEM.TOTL.ZS"]


@responses.activate
def test_worldbank_returns_the_latest_value_for_the_claims_year_beside_the_claims_number(
    django_capture_on_commit_callbacks: Any,
) -> None:
    claim = claim_with_quantities(DEFENSE_CLAIM, speaker=None)
    responses.get(WORLDBANK, json=recorded("worldbank", "military_gdp_jpn"))
    run = gather(claim, "worldbank", django_capture_on_commit_callbacks)
    assert (run.status, run.candidates_found) == ("succeeded", 1)
    request = responses.calls[0].request
    assert "/country/JPN/indicator/MS.MIL.XPND.GD.ZS" in request.url and "date=2019%3A2025" in request.url
    candidate = EvidenceCandidate.objects.get(claim=claim, provider="worldbank")
    # 2025 and 2024 have no value yet: 2023 is the latest before the claim.
    assert candidate.title == (
        "Military expenditure (% of GDP), Japan, 2023: 1.2% (the claim says 2% of Japan’s gross domestic product)"
    )
    assert candidate.extra["year"] == 2023 and candidate.extra["claim_value"] == 2.0
    assert candidate.agreement == "disagrees"
    assert candidate.agreement_detail[0]["evidence_value"] == pytest.approx(1.1938, abs=1e-3)


@responses.activate
def test_worldbank_without_data_for_the_country_succeeds_with_nothing(django_capture_on_commit_callbacks: Any) -> None:
    claim = claim_with_quantities(DEFENSE_CLAIM, speaker=None)
    responses.get(WORLDBANK, json=recorded("worldbank", "no_data"))
    run = gather(claim, "worldbank", django_capture_on_commit_callbacks)
    assert (run.status, run.candidates_found) == ("succeeded", 0)


@responses.activate
@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (
            {"json": recorded("worldbank", "error_invalid")},
            "The World Bank API refused the request: The provided parameter value is not valid.",
        ),
        ({"json": {"page": 1}}, "The World Bank API answered in an unexpected format (not [paging, rows])."),
        (
            {"json": [{"page": 1}, [{"date": "2023"}]]},
            "The World Bank API answered with observation rows missing their date or value.",
        ),
        ({"body": "   "}, "World Bank indicators answered with an empty response."),
        ({"body": '<?xml version="1.0"?><wb:data/>'}, "World Bank indicators answered with malformed JSON."),
    ],
)
def test_worldbank_errors_and_malformed_answers_fail_with_a_reason(
    answer: dict[str, Any], reason: str, django_capture_on_commit_callbacks: Any
) -> None:
    claim = claim_with_quantities(DEFENSE_CLAIM, speaker=None)
    responses.get(WORLDBANK, **answer)
    run = gather(claim, "worldbank", django_capture_on_commit_callbacks)
    assert (run.status, run.error) == ("failed", reason)


def test_worldbank_asks_nothing_for_claims_without_comparable_numbers(django_capture_on_commit_callbacks: Any) -> None:
    claim = claim_with_quantities("It is extremely important to strengthen the Japan-U.S. alliance.")
    with responses.RequestsMock() as mocked:  # any request would fail the test
        run = gather(claim, "worldbank", django_capture_on_commit_callbacks)
        assert len(mocked.calls) == 0
    assert (run.status, run.candidates_found) == ("succeeded", 0)


# --- Google Fact Check Tools --------------------------------------------------------------------


def test_factcheck_tools_without_a_key_is_skipped_with_the_reason(django_capture_on_commit_callbacks: Any) -> None:
    claim = claim_with_quantities(DEFENSE_CLAIM)
    run = gather(claim, "factcheck_tools", django_capture_on_commit_callbacks)
    assert run.status == "skipped"
    assert "set FACTCHECK_TOOLS_API_KEY" in run.error


@responses.activate
@pytest.mark.usefixtures("factcheck_key")
def test_factcheck_tools_turns_each_review_into_a_candidate(django_capture_on_commit_callbacks: Any) -> None:
    claim = claim_with_quantities(DEFENSE_CLAIM)
    responses.get(
        FACTCHECK,
        json=recorded("factcheck_tools", "search_defense"),
        match=[matchers.query_param_matcher({"key": "test-key", "languageCode": "en"}, strict_match=False)],
    )
    run = gather(claim, "factcheck_tools", django_capture_on_commit_callbacks)
    assert (run.status, run.candidates_found) == ("succeeded", 2)
    review = EvidenceCandidate.objects.get(url="https://check.example.org/2024/11/japan-defense-spending-gdp/")
    assert review.source_name == "Example Check" and review.extra["rating"] == "Mostly false"
    assert review.snippet == (
        "Social media posts: “Japan spends 2% of its GDP on defense.” Rated “Mostly false” by Example Check."
    )
    assert review.published.isoformat() == "2024-11-05"


@responses.activate
@pytest.mark.usefixtures("factcheck_key")
@pytest.mark.parametrize(
    ("answer", "status", "reason"),
    [
        ({"json": recorded("factcheck_tools", "search_empty")}, "succeeded", ""),
        (
            {"json": recorded("factcheck_tools", "error_bad_key"), "status": 400},
            "failed",
            "Google Fact Check Tools refused the request (HTTP 400): API key not valid. Please pass a valid API key.",
        ),
        (
            {"json": {"claims": {"text": "x"}}},
            "failed",
            "Google Fact Check Tools answered with a claims field that is not a list.",
        ),
        ({"json": ["claims"]}, "failed", "Google Fact Check Tools answered in an unexpected format (not an object)."),
        ({"body": ""}, "failed", "Google Fact Check Tools answered with an empty response."),
    ],
)
def test_factcheck_tools_empty_error_and_malformed_answers(
    answer: dict[str, Any], status: str, reason: str, django_capture_on_commit_callbacks: Any
) -> None:
    claim = claim_with_quantities(DEFENSE_CLAIM)
    responses.get(FACTCHECK, **answer)
    run = gather(claim, "factcheck_tools", django_capture_on_commit_callbacks)
    assert (run.status, run.error) == (status, reason)


# --- Transient failures, every network provider -------------------------------------------------

NETWORK = [
    ("wikipedia", WIKI, "Wikipedia"),
    ("worldbank", WORLDBANK, "World Bank indicators"),
    ("factcheck_tools", FACTCHECK, "Google Fact Check Tools"),
]


@responses.activate
@pytest.mark.usefixtures("factcheck_key")
@pytest.mark.parametrize(("provider", "url", "label"), NETWORK)
@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ({"status": 429, "headers": {"Retry-After": "1"}}, "is rate-limiting us (HTTP 429)."),
        ({"status": 503}, "had a server error (HTTP 503)."),
    ],
)
def test_429_and_5xx_are_retried_then_fail_the_run_with_a_reason(
    provider: str,
    url: Any,
    label: str,
    answer: dict[str, Any],
    why: str,
    django_capture_on_commit_callbacks: Any,
    sleeps: list[float],
) -> None:
    claim = claim_with_quantities(DEFENSE_CLAIM)
    responses.get(url, **answer)
    run = gather(claim, provider, django_capture_on_commit_callbacks)
    assert run.status == "failed"
    assert run.error == f"{label} {why} (gave up after 3 tries)"
    # Retried by urllib3's Retry on the session (responses replays it); timeouts: test_retry_policy.py.
    assert len(responses.calls) == 3


@responses.activate
def test_a_transient_failure_fails_the_run_even_before_the_last_task_attempt(settings: Any) -> None:
    settings.PROVIDER_MAX_WAIT = 10
    claim = claim_with_quantities(TROOPS_CLAIM)
    run = FetchRun.objects.create(claim=claim, provider="wikipedia")
    responses.get(WIKI, status=429, headers={"Retry-After": "90"})
    result = fetch_run_execute(run.pk, final_attempt=False)
    run.refresh_from_db()
    assert result.outcome == "failed" and run.status == "failed"
    assert run.error == (
        "Wikipedia is rate-limiting us (HTTP 429) and asked us to wait 90 s; fetch evidence again later."
    )
    assert len(responses.calls) == 1  # a wait that long is not slept, and not tried again


def test_a_used_up_rate_limit_puts_the_run_back_in_the_queue_without_sending_anything(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.PROVIDER_MAX_WAIT = 0
    monkeypatch.setattr("evidence.providers.http.time.time", lambda: 1_000_000.5)  # one rate window throughout
    claim = claim_with_quantities(TROOPS_CLAIM)
    run = FetchRun.objects.create(claim=claim, provider="wikipedia")
    limit = WikipediaProvider.rate_limit
    assert limit is not None
    for _ in range(limit.requests):
        acquire_slot("wikipedia", "Wikipedia", limit, max_wait=0)
    with responses.RequestsMock() as mocked:  # no request may be sent
        result = fetch_run_execute(run.pk, final_attempt=False)
        assert len(mocked.calls) == 0
    run.refresh_from_db()
    assert result.outcome == "retry" and result.retry_after is not None
    assert run.status == "queued" and run.error.startswith("Waiting: Wikipedia's rate limit")


def test_claim_input_carries_quantities_speaker_and_date() -> None:
    claim = claim_with_quantities(TROOPS_CLAIM)
    info = claim_input(claim)
    assert info.speaker == "Pete Hegseth" and info.date.isoformat() == "2025-03-30"
    assert [(q.value, q.noun) for q in info.quantities] == [(55000.0, "troops")]
