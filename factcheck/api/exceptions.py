"""One exception handler for the whole API: every error has the body
``{"detail": "<sentence>", "errors": {"<field>": ["<message>", ...]}}``.

:class:`~factcheck.errors.DomainError` maps by kind to 400 / 403 / 404 / 409 / 412 / 422; DRF's own
errors (validation, authentication, permission, throttling, parsing) keep their status and
get the same shape, and a body over ``UPLOAD_MAX_BYTES`` is 413. ``errors`` is ``{}`` when no field
is to blame. Errors Django raises outside a view are in :mod:`factcheck.api.http_errors`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.api.http_errors import too_large_detail
from factcheck.errors import DomainError, ErrorKind, StaleVersion

STATUS_BY_KIND = {
    ErrorKind.INVALID: status.HTTP_400_BAD_REQUEST,
    ErrorKind.FORBIDDEN: status.HTTP_403_FORBIDDEN,
    ErrorKind.NOT_FOUND: status.HTTP_404_NOT_FOUND,
    ErrorKind.CONFLICT: status.HTTP_409_CONFLICT,
    ErrorKind.STALE: status.HTTP_412_PRECONDITION_FAILED,
    ErrorKind.UNPROCESSABLE: status.HTTP_422_UNPROCESSABLE_ENTITY,
}
NON_FIELD = "non_field_errors"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send an If-Match header with the ETag you last read."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since you read it."
    default_code = "precondition_failed"


def flatten_errors(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as ``{"field.0.sub": ["message", ...]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in flatten_errors(value, name).items():
                out.setdefault(field, []).extend(messages)
    elif isinstance(data, list):
        if all(not isinstance(item, dict | list) for item in data):
            out[prefix or NON_FIELD] = [str(item) for item in data]
        else:
            for index, item in enumerate(data):
                if item:
                    out.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        out[prefix or NON_FIELD] = [str(data)]
    return out


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


def _domain_error_response(exc: DomainError) -> Response:
    body = error_body(exc.message, {exc.field: [exc.message]} if exc.field else None)
    headers: dict[str, str] = {}
    if isinstance(exc, StaleVersion):
        body["current_version"] = exc.current_version
        headers["ETag"] = f'"{exc.current_version}"'
    return Response(body, status=STATUS_BY_KIND.get(exc.kind, 400), headers=headers)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return _domain_error_response(exc)
    if isinstance(exc, RequestDataTooBig):
        return Response(error_body(too_large_detail()), status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling and logging take over
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(response.data)
        first = next(iter(errors.values()), ["Invalid input."])[0]
        detail = first if len(errors) == 1 else "The request has invalid fields."
        response.data = error_body(detail, errors)
    else:
        data = response.data
        detail = data.get("detail", "") if isinstance(data, dict) else data
        response.data = error_body(str(detail))
    return response
