"""ETag and If-Match for versioned resources (verdicts): the ETag is the version number.

``PUT``/``PATCH`` of an existing verdict must send ``If-Match`` (428 without it); a stale one
gets 412 from the service's conditional update, so of concurrent edits exactly one wins.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from factcheck.api.exceptions import PreconditionRequired

IF_MATCH_PARAMETER = OpenApiParameter(
    name="If-Match",
    location=OpenApiParameter.HEADER,
    required=False,
    type=str,
    description='The ETag (version) you last read, e.g. `"3"`. Required to update an existing verdict '
    "(428 without it); a stale one gets 412 with the current version.",
)


def etag_for(version: int) -> str:
    return f'"{version}"'


def if_match_version(request: Request, *, required: bool) -> int | None:
    """The version named by If-Match, or None when absent and not required."""
    raw = request.headers.get("If-Match")
    if raw is None or not raw.strip():
        if required:
            raise PreconditionRequired()
        return None
    value = raw.strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    if not value.isdigit() or len(value) > 9:
        raise ValidationError({"If-Match": ['Send the ETag as the server gave it, e.g. "3".']})
    return int(value)
