"""``Idempotency-Key`` for POST requests, as the IETF draft (httpapi-idempotency-key-header) says.

* the first request with a key runs and, when it succeeds, its response is stored;
* a retry with the same key and the same body gets the stored response again
  (``Idempotent-Replayed: true``);
* the same key with a different body (or another endpoint) gets 422;
* a retry while the first request still runs gets 409;
* keys are per user and forgotten after ``IDEMPOTENCY_KEY_HOURS``.

A request that fails (any error) leaves no key behind, so the client can correct and retry.
This module reads the header and the request; the key's rows are written by
:mod:`factcheck.services.idempotency`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck.api.parsers import json_depth_exceeds
from factcheck.services.idempotency import (
    StoredResponse,
    idempotency_key_claim,
    idempotency_key_complete,
    idempotency_key_release,
)

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
STORED_HEADERS = ("Location",)

# Visible ASCII, spaces only inside: what every HTTP stack carries unchanged.
_KEY = re.compile(r"^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$")

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    name=HEADER,
    location=OpenApiParameter.HEADER,
    required=False,
    type={"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": _KEY.pattern},
    description=f"Any unique string (a UUID): 1 to {MAX_KEY_LENGTH} visible ASCII characters (spaces only "
    "inside); anything else is a 400. A retry with the same key and body returns the first "
    "response again; the same key with another body is refused (422); a retry while the first "
    "request still runs gets 409. Keys are remembered per user for IDEMPOTENCY_KEY_HOURS (default 24), "
    "and only for a request that succeeded.",
)


def fingerprint(request: Request) -> str:
    """Method, path and body; a JSON body is normalised so key order and spacing do not matter."""
    body: bytes = request.body
    if request.content_type.startswith("application/json") and not json_depth_exceeds(
        body, settings.API_MAX_JSON_DEPTH
    ):
        # Invalid (or too deeply nested) JSON is rejected by the parser; meanwhile the raw bytes
        # are the fingerprint.
        with contextlib.suppress(ValueError):
            body = json.dumps(json.loads(body or b"null"), sort_keys=True, separators=(",", ":")).encode()
    digest = hashlib.sha256()
    for part in ((request.method or "").encode(), request.path.encode(), body):
        digest.update(part)
        digest.update(b"\x00")
    return digest.hexdigest()


def _clean_key(raw: str) -> str:
    if len(raw) > MAX_KEY_LENGTH or not _KEY.match(raw):
        raise ValidationError(
            {HEADER: [f"Must be 1 to {MAX_KEY_LENGTH} visible ASCII characters (spaces only inside)."]}
        )
    return raw


def idempotent(request: Request, handler: Callable[[], Response]) -> Response:
    """Run ``handler`` under the request's Idempotency-Key (if it sent one)."""
    raw = request.headers.get(HEADER)
    if raw is None or not request.user.is_authenticated:
        return handler()
    claimed = idempotency_key_claim(
        user=request.user,
        key=_clean_key(raw),
        method=request.method or "POST",
        path=request.path,
        request_hash=fingerprint(request),
    )
    if isinstance(claimed, StoredResponse):
        headers = {name: value for name, value in claimed.headers.items() if name in STORED_HEADERS}
        return Response(claimed.body, status=claimed.status, headers={**headers, "Idempotent-Replayed": "true"})
    try:
        response = handler()
    except BaseException:
        idempotency_key_release(key=claimed)
        raise
    if not 200 <= response.status_code < 300:
        idempotency_key_release(key=claimed)
        return response
    stored = StoredResponse(
        status=response.status_code,
        body=json.loads(json.dumps(response.data, default=str)),
        headers={name: response[name] for name in STORED_HEADERS if response.has_header(name)},
    )
    idempotency_key_complete(key=claimed, response=stored)
    return response
