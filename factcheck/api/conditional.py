"""ETag and If-Match for versioned resources (verdicts): the ETag is the version number.

``PUT``/``PATCH`` of an existing verdict must send ``If-Match`` (428 without it); a stale one
gets 412 from the service's conditional update, so of concurrent edits exactly one wins.
As RFC 9110 (section 13.1.1) says, ``If-Match: *`` matches whatever the current version is,
and If-Match compares strongly: a weak validator (``W/"3"``) never matches, so it is a 412.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from factcheck.api.exceptions import PreconditionFailed, PreconditionRequired

ANY_VERSION = "*"
# A quoted version, or "*"; what a client sends back is exactly what the ETag header said.
IF_MATCH_SCHEMA = {"type": "string", "pattern": r'^(\*|"[0-9]{1,9}")$', "example": '"3"'}
_IF_MATCH_TEXT = (
    'The ETag (version) you last read, e.g. `"3"`, or `*` for whatever the current version is. '
    'A stale one gets 412 with the current version; a weak one (`W/"3"`) never matches (412).'
)


def _if_match(*, required: bool, note: str) -> OpenApiParameter:
    return OpenApiParameter(
        name="If-Match",
        location=OpenApiParameter.HEADER,
        required=required,
        type=IF_MATCH_SCHEMA,
        description=f"{_IF_MATCH_TEXT} {note}",
    )


IF_MATCH_REQUIRED = _if_match(required=True, note="Required (428 without it).")
IF_MATCH_PARAMETER = _if_match(
    required=False, note="Optional here: without it the action applies to the current version."
)


def etag_for(version: int) -> str:
    return f'"{version}"'


def if_match_version(request: Request, *, required: bool) -> int | None:
    """The version named by If-Match; None for ``*`` or when absent and not required."""
    raw = request.headers.get("If-Match")
    if raw is None or not raw.strip():
        if required:
            raise PreconditionRequired()
        return None
    value = raw.strip()
    if value == ANY_VERSION:
        return None  # the resource exists (the caller found it): any current version matches
    if value.startswith("W/"):
        raise PreconditionFailed(
            'If-Match compares ETags strongly, so a weak one (W/"…") never matches; send the ETag as the '
            'server gave it, e.g. "3".'
        )
    if (
        len(value) < 3
        or value[0] != '"'
        or value[-1] != '"'
        or not value[1:-1].isascii()
        or not value[1:-1].isdigit()
        or len(value) > 11
    ):
        raise ValidationError({"If-Match": ['Send the ETag as the server gave it, e.g. "3", or *.']})
    return int(value[1:-1])
