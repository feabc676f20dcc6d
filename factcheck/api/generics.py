"""Read endpoints that return exactly what one selector returns, and action endpoints that call one service.

A door parses, calls one selector or service and renders: these bases make that the whole of an
endpoint. The selector gets the URL arguments named in ``url_arguments`` (a claim's events get
``claim_id``) plus what :meth:`SelectorQuerysetMixin.selector_arguments` adds (the signed-in user,
an owned parent); a parent that does not exist (the selector raises ``DoesNotExist``) is a 404
saying ``not_found``. :class:`RowActionApi` is a POST of one action on one row (take a claim,
confirm a match, accept evidence, approve a verdict), documented by :func:`action_schema`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.api.docs import ERRORS_READ, ERRORS_WRITE, errors
from factcheck.api.query import parse_body
from factcheck.shortcuts import found_or_404
from factcheck.users import signed_in_user


class SelectorQuerysetMixin:
    selector: Callable[..., QuerySet[Any]]
    url_arguments: tuple[str, ...] = ()
    not_found = "Not found."
    kwargs: dict[str, Any]

    def selector_arguments(self) -> dict[str, Any]:
        return {name: self.kwargs[name] for name in self.url_arguments}

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator calls without URL arguments
            return self.get_serializer_class().Meta.model._default_manager.none()  # type: ignore[attr-defined]
        try:
            return type(self).selector(**self.selector_arguments())
        except ObjectDoesNotExist:
            raise Http404(self.not_found) from None


class SelectorListApi(SelectorQuerysetMixin, generics.ListAPIView):
    filter_backends: list[Any] = []


class OwnRowsListApi(SelectorListApi):
    """The signed-in user's own rows (tokens, webhook subscriptions): the selector gets ``user``."""

    permission_classes: list[Any] = [IsAuthenticated]

    def selector_arguments(self) -> dict[str, Any]:
        return {"user": signed_in_user(self.request), **super().selector_arguments()}


class SelectorRetrieveApi(SelectorQuerysetMixin, generics.RetrieveAPIView):
    pass


def read_schema(operation_id: str, serializer: type[serializers.Serializer], *, many: bool, **options: Any) -> Any:
    """The schema of a read endpoint's GET (the rows, or the one row, and the read errors), as a
    class decorator, so the endpoint need not override ``get`` only to document it."""
    responses = {200: serializer(many=many), **ERRORS_READ}
    return extend_schema_view(get=extend_schema(operation_id=operation_id, responses=responses, **options))


# POST one action on one row, the whole of it the same for every such endpoint: the row named by
# the URL (404 when :meth:`get_row` finds none), the body read by ``input_serializer`` (400 naming
# the fields), one call ``service(<row_argument>=row, user=..., **values)`` (a refusal is a
# ``DomainError``, which the exception handler answers with its status), and :meth:`respond` with
# the row (as it is afterwards) and what the service returned. (A comment, not a docstring:
# drf-spectacular shows a base class's docstring as the description of an endpoint without one.)
class RowActionApi(APIView):
    url_argument: str
    row_argument: str
    service: Callable[..., Any]  # not `action`, which DRF and drf-spectacular read as a viewset action
    input_serializer: type[serializers.Serializer] | None = None
    # The one-row selector that finds the row (its DoesNotExist is a 404); or override get_row.
    row_selector: Callable[[int], Any]

    def get_row(self, pk: int) -> Any:
        return found_or_404(type(self).row_selector, pk, missing="Not found.")

    def action_arguments(self, request: Request) -> dict[str, Any]:
        """What the service gets besides the row, the user and the body (read before the body)."""
        return {}

    def respond(self, row: Any, result: Any) -> Response:
        raise NotImplementedError

    def post(self, request: Request, **kwargs: Any) -> Response:
        row = self.get_row(kwargs[self.url_argument])
        arguments = self.action_arguments(request)
        if self.input_serializer is not None:
            arguments.update(parse_body(self.input_serializer, request))
        result = type(self).service(**{self.row_argument: row}, user=request.user, **arguments)
        return self.respond(row, result)


def action_schema(
    operation_id: str,
    response: type[serializers.Serializer],
    description: str,
    request: type[serializers.Serializer] | None = None,
    *,
    status_code: int = status.HTTP_200_OK,
    more_errors: tuple[int, ...] = (),
    **options: Any,
) -> Any:
    """The schema of an action's POST (the body it reads, what it answers, the write errors and
    ``more_errors``), as a class decorator, so the endpoint need not override ``post`` to document it."""
    responses = {status_code: response, **ERRORS_WRITE, **errors(*more_errors)}
    return extend_schema_view(
        post=extend_schema(
            operation_id=operation_id, description=description, request=request, responses=responses, **options
        )
    )
