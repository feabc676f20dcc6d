"""Idempotency keys: the rows behind the API's ``Idempotency-Key`` header.

:mod:`factcheck.api.idempotency` reads the header and fingerprints the request; these functions
write the key's row: claimed as running before the request runs, forgotten when it fails (so the
client can correct and retry), completed with the response when it succeeds. Keys are per user
and expire after ``IDEMPOTENCY_KEY_HOURS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from factcheck import clock
from factcheck.errors import DomainError, ErrorKind
from factcheck.models import IdempotencyKey


@dataclass(frozen=True)
class StoredResponse:
    """The response of the request that first used a key, to send again."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


def idempotency_key_claim(
    *, user: Any, key: str, method: str, path: str, request_hash: str
) -> IdempotencyKey | StoredResponse:
    """Store ``key`` as running for this request and return its row, or the stored response when
    the same request with this key has finished.

    The unique (user, key) constraint decides between concurrent requests: one insert wins, the
    others read the winner's row. Raises a conflict while that request still runs (or when its
    row vanished between the insert and the read: it expired or failed), and ``UNPROCESSABLE``
    when the key was used for a different request (``request_hash`` differs).
    """
    now = clock.now()
    IdempotencyKey.objects.filter(user=user, key=key, expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=user,
                key=key,
                method=method,
                path=path[:500],
                request_hash=request_hash,
                expires_at=now + timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS),
            )
    except IntegrityError:
        pass
    existing = IdempotencyKey.objects.filter(user=user, key=key).first()
    if existing is None:
        raise DomainError("A request with this Idempotency-Key just finished; send it again.", kind=ErrorKind.CONFLICT)
    if existing.request_hash != request_hash:
        raise DomainError(
            "This Idempotency-Key was used for a different request; use a new key for a new request.",
            kind=ErrorKind.UNPROCESSABLE,
        )
    if existing.state == IdempotencyKey.State.RUNNING:
        raise DomainError(
            "A request with this Idempotency-Key is still being processed; retry later.", kind=ErrorKind.CONFLICT
        )
    return StoredResponse(
        status=existing.response_status or 200, body=existing.response_body, headers=dict(existing.response_headers)
    )


def idempotency_key_release(*, key: IdempotencyKey) -> None:
    """Forget a key whose request failed: a retry with it runs again."""
    IdempotencyKey.objects.filter(pk=key.pk).delete()


def idempotency_key_complete(*, key: IdempotencyKey, response: StoredResponse) -> None:
    """Record the response of the key's request (JSON-ready body) for replays."""
    IdempotencyKey.objects.filter(pk=key.pk).update(
        state=IdempotencyKey.State.DONE,
        response_status=response.status,
        response_body=response.body,
        response_headers=response.headers,
    )
