"""Speakers, outlets and the rating scale (read-only; admins edit ratings in the admin)."""

from __future__ import annotations

from claims.api.serializers import OutletListSerializer, RatingSerializer, SpeakerListSerializer
from claims.selectors.catalog import outlets_with_counts, ratings_in_order, speakers_with_counts
from factcheck.api.generics import SelectorListApi, SelectorRetrieveApi, read_schema
from factcheck.api.pagination import StandardPageNumberPagination
from factcheck.api.permissions import CanViewClaims
from factcheck.api.query import StrictOrderingFilter, StrictSearchFilter


class _CatalogListApi(SelectorListApi):
    permission_classes = [CanViewClaims]
    pagination_class = StandardPageNumberPagination
    filter_backends = [StrictSearchFilter, StrictOrderingFilter]


class _CatalogDetailApi(SelectorRetrieveApi):
    permission_classes = [CanViewClaims]


@read_schema("speakers_list", SpeakerListSerializer, many=True)
class SpeakerListApi(_CatalogListApi):
    serializer_class = SpeakerListSerializer
    selector = speakers_with_counts
    search_fields = ["name", "title", "affiliation"]
    ordering_fields = ["name", "claim_count", "created_at"]
    ordering = ["name", "id"]


@read_schema("speakers_retrieve", SpeakerListSerializer, many=False)
class SpeakerDetailApi(_CatalogDetailApi):
    serializer_class = SpeakerListSerializer
    selector = speakers_with_counts
    lookup_url_kwarg = "speaker_id"


@read_schema("outlets_list", OutletListSerializer, many=True)
class OutletListApi(_CatalogListApi):
    serializer_class = OutletListSerializer
    selector = outlets_with_counts
    search_fields = ["name", "domain"]
    ordering_fields = ["name", "article_count", "created_at"]
    ordering = ["name", "id"]


@read_schema("outlets_retrieve", OutletListSerializer, many=False)
class OutletDetailApi(_CatalogDetailApi):
    serializer_class = OutletListSerializer
    selector = outlets_with_counts
    lookup_url_kwarg = "outlet_id"


@read_schema("ratings_list", RatingSerializer, many=True)
class RatingListApi(SelectorListApi):
    """The verdict scale in order; `value` is null for ratings off the numeric scale."""

    serializer_class = RatingSerializer
    permission_classes = [CanViewClaims]
    pagination_class = StandardPageNumberPagination
    selector = ratings_in_order
