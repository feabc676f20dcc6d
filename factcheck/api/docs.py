"""Schema helpers (the documented error body) and the API docs pages.

The docs pages are Swagger UI and ReDoc from drf-spectacular-sidecar, served from our own
static files (no CDN) by templates without inline scripts: Swagger UI's start-up script is a
second request to the same view (``?script``), as the Content Security Policy requires.
Both UIs set inline styles, so these two pages alone allow inline *styles*; scripts stay 'self'.
"""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django.http import HttpRequest, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework import serializers

ERROR_DESCRIPTIONS = {
    400: "Invalid input: `errors` names the fields.",
    401: "No valid credentials (send `Authorization: Bearer <token>`).",
    403: "Your role or ownership does not allow this.",
    404: "Not found.",
    409: "Conflicts with the current state (taken already, wrong status, request still running).",
    412: "The ETag in If-Match is stale or weak; `current_version` says the current one.",
    413: "The request body is larger than UPLOAD_MAX_BYTES.",
    415: "Unsupported media type.",
    422: "The Idempotency-Key was used for a different request.",
    428: "If-Match is required.",
    429: "Too many requests; see Retry-After.",
}

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "detail": serializers.CharField(),
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
        "current_version": serializers.IntegerField(required=False, help_text="Only on 412."),
    },
)


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """``responses`` entries for these error statuses, all with the one error body."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]) for code in codes}


def destroy_schema(operation_id: str, done: str, **options: Any) -> Any:
    """The schema of a DELETE answered with 204 and no body (``done`` describes it)."""
    responses = {204: OpenApiResponse(description=done), **errors(401, 403, 404, 429)}
    return extend_schema(operation_id=operation_id, responses=responses, **options)


ERRORS_AUTH = errors(401, 403, 429)
ERRORS_READ = errors(400, 401, 403, 404, 429)
ERRORS_WRITE = errors(400, 401, 403, 404, 409, 413, 415, 429)

_STYLES = csp_update({"style-src": ["'unsafe-inline'"]})


@method_decorator(_STYLES, name="dispatch")
class SwaggerDocsView(SpectacularSwaggerSplitView):
    template_name = "account/api_docs/swagger_ui.html"


@method_decorator(_STYLES, name="dispatch")
class RedocDocsView(SpectacularRedocView):
    template_name = "account/api_docs/redoc.html"


@csrf_exempt  # it changes nothing; a POST to a wrong address is a 404 in the API's body, not a CSRF page
def not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """Addresses under /api/v1/ that match no endpoint: the API's error body, not an HTML page."""
    return JsonResponse({"detail": "No API endpoint at this address.", "errors": {}}, status=404)
