"""Standard Webhooks signatures (https://www.standardwebhooks.com/), made by the ``standardwebhooks``
package: ``webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">``.

During a secret rotation the header carries both signatures, space-separated, so a receiver
with either secret accepts the message.
"""

from __future__ import annotations

import base64
import secrets
from datetime import UTC, datetime

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32  # within the scheme's 24–64


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def sign(*, secret: str, msg_id: str, timestamp: int, body: str) -> str:
    """One ``v1,<signature>`` for this secret."""
    return Webhook(secret).sign(msg_id=msg_id, timestamp=datetime.fromtimestamp(timestamp, tz=UTC), data=body)


def signature_header(*, secrets_in_use: list[str], msg_id: str, timestamp: int, body: str) -> str:
    return " ".join(sign(secret=s, msg_id=msg_id, timestamp=timestamp, body=body) for s in secrets_in_use if s)


def headers(*, secrets_in_use: list[str], msg_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature_header(
            secrets_in_use=secrets_in_use, msg_id=msg_id, timestamp=timestamp, body=body
        ),
        "Content-Type": "application/json",
    }
