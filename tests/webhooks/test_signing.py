"""Signatures on the Standard Webhooks scheme, checked against the scheme's published vector."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from factcheck.webhooks import signing

VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TIMESTAMP = 1614265330
VECTOR_BODY = '{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_signature_matches_the_published_vector() -> None:
    assert (
        signing.sign(secret=VECTOR_SECRET, msg_id=VECTOR_ID, timestamp=VECTOR_TIMESTAMP, body=VECTOR_BODY)
        == VECTOR_SIGNATURE
    )


def test_headers_carry_id_timestamp_and_signature() -> None:
    headers = signing.headers(
        secrets_in_use=[VECTOR_SECRET], msg_id=VECTOR_ID, timestamp=VECTOR_TIMESTAMP, body=VECTOR_BODY
    )
    assert headers["webhook-id"] == VECTOR_ID
    assert headers["webhook-timestamp"] == str(VECTOR_TIMESTAMP)
    assert headers["webhook-signature"] == VECTOR_SIGNATURE


def test_during_rotation_either_secret_verifies() -> None:
    old, new = signing.new_secret(), signing.new_secret()
    now = int(datetime.now(tz=UTC).timestamp())
    headers = signing.headers(secrets_in_use=[new, old], msg_id="msg_1", timestamp=now, body="{}")
    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in (old, new):
        Webhook(secret).verify("{}", headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.new_secret()).verify("{}", headers)


def test_new_secrets_are_prefixed_and_hold_24_to_64_random_bytes() -> None:
    secrets = {signing.new_secret() for _ in range(20)}
    assert len(secrets) == 20
    for secret in secrets:
        assert secret.startswith("whsec_")
        assert 24 <= len(base64.b64decode(secret.removeprefix("whsec_"))) <= 64
