"""The webhook receiver in docs/security.md works as written: it accepts what the workbench signs,
during a rotation too, and refuses tampered, unsigned and replayed messages."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from factcheck.webhooks.signing import headers as signed_headers
from factcheck.webhooks.signing import new_secret

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
BODY = '{"type":"verdict.published","data":{"claim":12}}'


@pytest.fixture(scope="module")
def verify_webhook() -> Any:
    (code,) = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    namespace: dict[str, Any] = {}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - the documented snippet, from the repository
    return namespace["verify_webhook"]


def sent(secrets_in_use: list[str], *, at: float | None = None, body: str = BODY) -> dict[str, str]:
    return signed_headers(secrets_in_use=secrets_in_use, msg_id="msg_1", timestamp=int(at or time.time()), body=body)


def test_the_documented_receiver_accepts_a_signed_message(verify_webhook):
    secret = new_secret()
    assert verify_webhook(BODY.encode(), sent([secret]), secret) == {"type": "verdict.published", "data": {"claim": 12}}


def test_it_accepts_either_secret_during_a_rotation(verify_webhook):
    old, new = new_secret(), new_secret()
    both = sent([new, old])
    assert verify_webhook(BODY.encode(), both, old) and verify_webhook(BODY.encode(), both, new)


def test_it_refuses_tampering_a_wrong_secret_missing_headers_and_old_or_future_messages(verify_webhook):
    secret = new_secret()
    assert verify_webhook(BODY.replace("12", "13").encode(), sent([secret]), secret) is None
    assert verify_webhook(BODY.encode(), sent([new_secret()]), secret) is None
    assert verify_webhook(BODY.encode(), {"webhook-id": "msg_1"}, secret) is None
    assert verify_webhook(BODY.encode(), sent([secret], at=time.time() - 6 * 60), secret) is None
    assert verify_webhook(BODY.encode(), sent([secret], at=time.time() + 6 * 60), secret) is None
    assert verify_webhook(BODY.encode(), sent([secret], at=time.time() - 4 * 60), secret) is not None
    garbled = {**sent([secret]), "webhook-signature": "v1"}
    assert verify_webhook(BODY.encode(), garbled, secret) is None
