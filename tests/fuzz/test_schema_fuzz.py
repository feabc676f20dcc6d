"""Schemathesis over every operation of the served schema, as anonymous, fact-checker and editor,
with valid and invalid data (positive and negative modes), then stateful sequences along the links
schemathesis infers (create an article, then read it; take a claim, then draft its verdict...).

Every response must: not be a 5xx; have a documented status, content type and headers; match its
response schema; refuse what the schema calls invalid; and, for every error, have the documented
body ``{"detail": str, "errors": {field: [str]}}``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection

from claims.models import Claim
from factcheck.services.tokens import api_token_create
from tests.factories import (
    ClaimFactory,
    EvidenceCandidateFactory,
    EvidenceDocumentFactory,
    UserFactory,
    VerdictFactory,
)
from tests.fuzz.conftest import FUZZ_EXAMPLES, FUZZ_STATEFUL_STEPS, seconds_left
from tests.served_schema import CONFORMANCE_CHECKS, schemathesis_schema

ROLES = ["anonymous", "fact-checker", "editor"]
# Hypothesis settings of both phases: the same examples on every run (derandomized, no example
# database), no per-example deadline and no health checks.
REPEATABLE: dict[str, Any] = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}


def documented_error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """An error's body is ``{"detail": "<sentence>", "errors": {"<field>": ["<message>", ...]}}``
    (a 412 may add ``current_version``), whatever the endpoint and whoever asks."""
    if response.status_code < 400:
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"{response.status_code} without a JSON body: {response.content[:200]!r}") from None
    assert isinstance(body, dict), body
    assert set(body) - {"current_version"} == {"detail", "errors"}, f"error keys {sorted(body)}"
    assert isinstance(body["detail"], str) and body["detail"], "an error needs a detail sentence"
    errors = body["errors"]
    assert isinstance(errors, dict), errors
    for field, messages in errors.items():
        assert isinstance(field, str) and isinstance(messages, list), (field, messages)
        assert messages and all(isinstance(m, str) and m for m in messages), (field, messages)
    return True


# positive_data_acceptance ("a schema-valid request is not a 400") is left out of the gate: some rules
# are not JSON Schema's to state (a cursor is one the server wrote; a URL must be a public address; an
# article needs exactly one of url, text or html), so values schemathesis thinks valid are refused by
# design. Those were all it found (see the README's Fuzzing section).
CHECKS = [
    *CONFORMANCE_CHECKS,
    negative_data_rejection,
    documented_error_shape,
]


# The coverage phase enumerates its cases at collection, for every operation at once: minutes of CPU
# before the first request on a shared 2-core machine. Examples and fuzzing fit the budget; the
# property tests in tests/api/test_query_parameters.py enumerate every parameter's invalid values.
schema = schemathesis_schema({"phases": {"coverage": {"enabled": False}}})


@pytest.fixture
def world(db: Any, open_throttles: None) -> dict[str, str | None]:
    """Rows behind the first ids (so detail endpoints answer 200, not only 404) and a token per role."""
    factchecker = UserFactory(username="fuzz-fc", role="fact-checker")
    editor = UserFactory(username="fuzz-ed", role="editor")
    verdict = VerdictFactory(author=factchecker, claim__assignee=factchecker, claim__status=Claim.Status.IN_PROGRESS)
    EvidenceCandidateFactory(claim=verdict.claim)
    EvidenceCandidateFactory(claim=ClaimFactory(assignee=editor, status=Claim.Status.IN_PROGRESS))
    ClaimFactory()
    EvidenceDocumentFactory()
    return {
        "anonymous": None,
        "fact-checker": api_token_create(user=factchecker, name="fuzz").key,
        "editor": api_token_create(user=editor, name="fuzz").key,
    }


def _headers(world: dict[str, str | None], role: str) -> dict[str, str]:
    key = world[role]
    return {"Authorization": f"Bearer {key}"} if key else {}


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, **REPEATABLE)
def test_every_operation_as_every_role(case: Any, role: str, world: dict[str, str | None]) -> None:
    if seconds_left() <= 0:
        pytest.skip("FUZZ_SECONDS spent")
    case.call_and_validate(headers=_headers(world, role), checks=CHECKS)


@pytest.mark.parametrize("role", ["fact-checker", "editor"])
def test_stateful_sequences_along_the_inferred_links(role: str, world: dict[str, str | None]) -> None:
    if seconds_left() <= 0:
        pytest.skip("FUZZ_SECONDS spent")
    headers = _headers(world, role)

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": headers}

        def validate_response(self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    Workflow.run(settings=settings(max_examples=FUZZ_EXAMPLES, stateful_step_count=FUZZ_STATEFUL_STEPS, **REPEATABLE))
