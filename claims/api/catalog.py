"""Speakers, outlets and the rating scale (read-only; admins edit ratings in the admin)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.serializers import (
    OutletListSerializer,
    RatingSerializer,
    SpeakerListSerializer,
)
from claims.models import Outlet, Rating, Speaker
from factcheck.api.docs import ERRORS_READ
from factcheck.api.pagination import StandardPageNumberPagination
from factcheck.api.permissions import CanViewClaims
from factcheck.api.query import StrictOrderingFilter, StrictSearchFilter


class _CatalogListApi(generics.ListAPIView):
    permission_classes = [CanViewClaims]
    pagination_class = StandardPageNumberPagination
    filter_backends = [StrictSearchFilter, StrictOrderingFilter]


class _CatalogDetailApi(generics.RetrieveAPIView):
    permission_classes = [CanViewClaims]


class SpeakerListApi(_CatalogListApi):
    serializer_class = SpeakerListSerializer
    search_fields = ["name", "title", "affiliation"]
    ordering_fields = ["name", "claim_count", "created_at"]
    ordering = ["name", "id"]

    def get_queryset(self) -> QuerySet[Speaker]:
        return Speaker.objects.annotate(claim_count=Count("claims"))

    @extend_schema(operation_id="speakers_list", responses={200: SpeakerListSerializer(many=True), **ERRORS_READ})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class SpeakerDetailApi(_CatalogDetailApi):
    serializer_class = SpeakerListSerializer
    lookup_url_kwarg = "speaker_id"

    def get_queryset(self) -> QuerySet[Speaker]:
        return Speaker.objects.annotate(claim_count=Count("claims"))

    @extend_schema(operation_id="speakers_retrieve", responses={200: SpeakerListSerializer, **ERRORS_READ})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class OutletListApi(_CatalogListApi):
    serializer_class = OutletListSerializer
    search_fields = ["name", "domain"]
    ordering_fields = ["name", "article_count", "created_at"]
    ordering = ["name", "id"]

    def get_queryset(self) -> QuerySet[Outlet]:
        return Outlet.objects.annotate(article_count=Count("articles"))

    @extend_schema(operation_id="outlets_list", responses={200: OutletListSerializer(many=True), **ERRORS_READ})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class OutletDetailApi(_CatalogDetailApi):
    serializer_class = OutletListSerializer
    lookup_url_kwarg = "outlet_id"

    def get_queryset(self) -> QuerySet[Outlet]:
        return Outlet.objects.annotate(article_count=Count("articles"))

    @extend_schema(operation_id="outlets_retrieve", responses={200: OutletListSerializer, **ERRORS_READ})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class RatingListApi(_CatalogListApi):
    """The verdict scale in order; `value` is null for ratings off the numeric scale."""

    serializer_class = RatingSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Rating]:
        return Rating.objects.order_by("order", "id")

    @extend_schema(operation_id="ratings_list", responses={200: RatingSerializer(many=True), **ERRORS_READ})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
