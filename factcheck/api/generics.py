"""List and detail endpoints that read exactly what one selector returns.

A door parses, calls one selector and renders: these bases make that the whole of a read
endpoint. The selector gets the URL arguments named in ``url_arguments`` (a claim's events get
``claim_id``) plus what :meth:`SelectorQuerysetMixin.selector_arguments` adds (the signed-in user,
an owned parent); a parent that does not exist (the selector raises ``DoesNotExist``) is a 404
saying ``not_found``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from factcheck.api.docs import ERRORS_READ
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

    def selector_arguments(self) -> dict[str, Any]:
        return {"user": signed_in_user(self.request), **super().selector_arguments()}


class SelectorRetrieveApi(SelectorQuerysetMixin, generics.RetrieveAPIView):
    pass


def read_schema(operation_id: str, serializer: type[serializers.Serializer], *, many: bool, **options: Any) -> Any:
    """The schema of a read endpoint's GET (the rows, or the one row, and the read errors), as a
    class decorator, so the endpoint need not override ``get`` only to document it."""
    responses = {200: serializer(many=many), **ERRORS_READ}
    return extend_schema_view(get=extend_schema(operation_id=operation_id, responses=responses, **options))
