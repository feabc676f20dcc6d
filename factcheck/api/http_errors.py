"""Errors Django answers itself, before or after a view, in the API's body under ``/api/``.

DRF's exception handler only sees what a view raises. A path with a line break (``%0A``)
matches no route, an oversized body raises ``RequestDataTooBig`` while it is read, a
disallowed host fails before routing: Django then renders its HTML pages. Under ``/api/``
these handlers answer ``{"detail": …, "errors": {}}`` instead, with the right status (413 for
a body over ``UPLOAD_MAX_BYTES``); every other address keeps Django's pages.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def too_large_detail() -> str:
    limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return f"The request body is larger than {limit:,} bytes."


def _json(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": {}}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None, **kwargs: Any) -> HttpResponse:
    if not is_api_request(request):
        return defaults.bad_request(request, exception or SuspiciousOperation(), **kwargs)
    if isinstance(exception, RequestDataTooBig):
        return _json(too_large_detail(), 413)
    return _json("The request is not valid HTTP for this server.", 400)


def page_not_found(request: HttpRequest, exception: Exception | None = None, **kwargs: Any) -> HttpResponse:
    if not is_api_request(request):
        return defaults.page_not_found(request, exception, **kwargs)
    return _json("No API endpoint at this address.", 404)


def server_error(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    if not is_api_request(request):
        return defaults.server_error(request, **kwargs)
    return _json("The server failed to answer; the error is logged.", 500)


def permission_denied(request: HttpRequest, exception: Exception | None = None, **kwargs: Any) -> HttpResponse:
    if not is_api_request(request):
        return defaults.permission_denied(request, exception or PermissionDenied(), **kwargs)
    return _json("You are not allowed to do this.", 403)
