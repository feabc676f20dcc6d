"""Contract test: schemathesis generates requests for every operation of the live schema and sends
them, as an editor with a token, to the WSGI app in-process. Any 5xx, or a response that does not
match the schema (status, content type, headers, body), fails the test. Bounded for CI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from factcheck.services.tokens import api_token_create
from tests.factories import ClaimFactory, EvidenceCandidateFactory, EvidenceDocumentFactory, VerdictFactory
from tests.served_schema import CONFORMANCE_CHECKS, schemathesis_schema

CHECKS = CONFORMANCE_CHECKS


schema = schemathesis_schema()
pytestmark = pytest.mark.usefixtures("keep_the_test_transaction_open")


@pytest.fixture
def editor_key(db: Any, editor: Any, settings: Any) -> Iterator[str]:
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "100000/hour", "anon": "100000/hour"},
    }
    # Something to find behind the first ids, so detail endpoints answer 200 too, not only 404.
    verdict = VerdictFactory(author=editor, claim__assignee=editor)
    EvidenceCandidateFactory(claim=verdict.claim)
    ClaimFactory()
    EvidenceDocumentFactory()
    yield api_token_create(user=editor, name="schemathesis").key


@schema.parametrize()
@settings(max_examples=3, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_within_its_schema(case: Any, editor_key: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {editor_key}"}, checks=CHECKS)
