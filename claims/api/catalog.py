"""Speakers, outlets and the rating scale (read-only; admins edit ratings in the admin)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from claims.api.serializers import OutletListSerializer, RatingSerializer, SpeakerListSerializer
from claims.selectors.catalog import outlets_with_counts, ratings_in_order, speakers_with_counts
from factcheck.api.docs import ERRORS_READ
from factcheck.api.pagination import StandardPageNumberPagination
from factcheck.api.permissions import CanViewClaims
from factcheck.api.query import StrictOrderingFilter, StrictSearchFilter


def _read(operation_id: str, serializer: type[serializers.Serializer], *, many: bool) -> Any:
    """The schema of a catalogue GET: the rows (or the one row) and the read errors."""
    return extend_schema_view(
        get=extend_schema(operation_id=operation_id, responses={200: serializer(many=many), **ERRORS_READ})
    )


# A catalogue endpoint reads exactly what its selector returns. (A comment, not a docstring:
# drf-spectacular would publish a docstring as every endpoint's description.)
class _CatalogApi:
    selector: Callable[[], QuerySet[Any]]

    def get_queryset(self) -> QuerySet[Any]:
        return type(self).selector()


class _CatalogListApi(_CatalogApi, generics.ListAPIView):
    permission_classes = [CanViewClaims]
    pagination_class = StandardPageNumberPagination
    filter_backends = [StrictSearchFilter, StrictOrderingFilter]


class _CatalogDetailApi(_CatalogApi, generics.RetrieveAPIView):
    permission_classes = [CanViewClaims]


@_read("speakers_list", SpeakerListSerializer, many=True)
class SpeakerListApi(_CatalogListApi):
    serializer_class = SpeakerListSerializer
    selector = speakers_with_counts
    search_fields = ["name", "title", "affiliation"]
    ordering_fields = ["name", "claim_count", "created_at"]
    ordering = ["name", "id"]


@_read("speakers_retrieve", SpeakerListSerializer, many=False)
class SpeakerDetailApi(_CatalogDetailApi):
    serializer_class = SpeakerListSerializer
    selector = speakers_with_counts
    lookup_url_kwarg = "speaker_id"


@_read("outlets_list", OutletListSerializer, many=True)
class OutletListApi(_CatalogListApi):
    serializer_class = OutletListSerializer
    selector = outlets_with_counts
    search_fields = ["name", "domain"]
    ordering_fields = ["name", "article_count", "created_at"]
    ordering = ["name", "id"]


@_read("outlets_retrieve", OutletListSerializer, many=False)
class OutletDetailApi(_CatalogDetailApi):
    serializer_class = OutletListSerializer
    selector = outlets_with_counts
    lookup_url_kwarg = "outlet_id"


@_read("ratings_list", RatingSerializer, many=True)
class RatingListApi(_CatalogListApi):
    """The verdict scale in order; `value` is null for ratings off the numeric scale."""

    serializer_class = RatingSerializer
    selector = ratings_in_order
    filter_backends: list[Any] = []
