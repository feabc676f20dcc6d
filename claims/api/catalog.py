"""Speakers, outlets and the rating scale (read-only; admins edit ratings in the admin)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from claims.api.serializers import OutletListSerializer, RatingSerializer, SpeakerListSerializer
from claims.selectors.catalog import outlets_with_counts, ratings_in_order, speakers_with_counts
from factcheck.api.generics import SelectorListApi, SelectorRetrieveApi, read_schema
from factcheck.api.permissions import CanViewClaims
from factcheck.api.query import StrictOrderingFilter, StrictSearchFilter


def _catalogue(
    noun: str,
    serializer: type[serializers.Serializer],
    selector: Callable[[], QuerySet[Any]],
    *,
    search: list[str],
    ordering: list[str],
) -> tuple[type[SelectorListApi], type[SelectorRetrieveApi]]:
    """The list (searchable, orderable, by name by default) and the detail endpoint of one catalogue
    noun: ``speaker`` gives ``speakers_list`` at ``/speakers/`` and ``speakers_retrieve`` with ``speaker_id``."""
    title = noun.capitalize()
    members: dict[str, Any] = {
        "serializer_class": serializer,
        "selector": staticmethod(selector),
        "permission_classes": [CanViewClaims],
        "__module__": __name__,
    }
    list_api = type(
        f"{title}ListApi",
        (SelectorListApi,),
        {
            **members,
            "filter_backends": [StrictSearchFilter, StrictOrderingFilter],
            "search_fields": search,
            "ordering_fields": ordering,
            "ordering": ["name", "id"],
        },
    )
    detail_api = type(f"{title}DetailApi", (SelectorRetrieveApi,), {**members, "lookup_url_kwarg": f"{noun}_id"})
    return (
        read_schema(f"{noun}s_list", serializer, many=True)(list_api),
        read_schema(f"{noun}s_retrieve", serializer, many=False)(detail_api),
    )


SpeakerListApi, SpeakerDetailApi = _catalogue(
    "speaker",
    SpeakerListSerializer,
    speakers_with_counts,
    search=["name", "title", "affiliation"],
    ordering=["name", "claim_count", "created_at"],
)
OutletListApi, OutletDetailApi = _catalogue(
    "outlet",
    OutletListSerializer,
    outlets_with_counts,
    search=["name", "domain"],
    ordering=["name", "article_count", "created_at"],
)


@read_schema("ratings_list", RatingSerializer, many=True)
class RatingListApi(SelectorListApi):
    """The verdict scale in order; `value` is null for ratings off the numeric scale."""

    serializer_class = RatingSerializer
    permission_classes = [CanViewClaims]
    selector = ratings_in_order
