"""Shaping claims through the API: edit (PATCH with If-Match), split, merge, add.

Each view parses its body, calls one service (``claim_edit``, ``claim_split``, ``claims_merge``,
``claim_add``) and answers with the claims as they are afterwards. A claim's ETag is its
``version``; an edit needs ``If-Match`` (428 without it, 412 when stale), like a verdict's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import services
from claims.api.serializers import ClaimDetailSerializer
from claims.models import Claim, Quantity, Speaker
from claims.selectors.articles import article_by_id
from claims.selectors.catalog import speaker_by_id
from claims.selectors.desk import claim_by_id, claims_by_ids, claims_with_details
from factcheck.api.conditional import IF_MATCH_REQUIRED, etag_for, if_match_version
from factcheck.api.docs import ERRORS_WRITE, errors
from factcheck.api.generics import RowActionApi, action_schema
from factcheck.api.permissions import CanTakeClaims
from factcheck.api.query import id_field, parse_body
from factcheck.errors import DomainError, ErrorKind
from factcheck.shortcuts import found_or_404


def claim_response(claim_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    """One claim in full, with its version as the ETag."""
    claim = claims_with_details().get(pk=claim_id)
    return Response(ClaimDetailSerializer(claim).data, status=status_code, headers={"ETag": etag_for(claim.version)})


class QuantityInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=300, help_text="The number's words, as the claim's text has them.")
    value = serializers.FloatField()
    value_to = serializers.FloatField(required=False, allow_null=True, help_text="Upper end of a range.")
    unit = serializers.CharField(max_length=80, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Quantity.Kind.choices, required=False, default=Quantity.Kind.COUNT)
    bound = serializers.ChoiceField(choices=Quantity.Bound.choices, required=False, allow_blank=True, default="")
    noun = serializers.CharField(max_length=120, required=False, allow_blank=True)
    of = serializers.CharField(max_length=120, required=False, allow_blank=True)


class ClaimEditInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000, required=False, help_text="Quantities are read again from it.")
    speaker = id_field(required=False, allow_null=True, help_text="A known speaker's id; null for nobody.")
    new_speaker = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="A speaker's name, found or created."
    )
    kind = serializers.ChoiceField(choices=Claim.Kind.choices, required=False)
    quantities = QuantityInputSerializer(
        many=True, required=False, help_text="Replaces the claim's quantities (hand corrections)."
    )


class ClaimSplitInputSerializer(serializers.Serializer):
    parts = serializers.ListField(
        child=serializers.CharField(max_length=2000),
        min_length=2,
        max_length=10,
        required=False,
        help_text="One claim per part, as text (its span is found in the claim's passage).",
    )
    spans = serializers.ListField(
        child=serializers.ListField(
            child=serializers.IntegerField(min_value=0, max_value=10_000_000), min_length=2, max_length=2
        ),
        min_length=2,
        max_length=10,
        required=False,
        help_text="Or one claim per part as `[start, end]` offsets into the article, inside the claim's span.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("parts" in attrs) == ("spans" in attrs):
            raise serializers.ValidationError("Give the parts as `parts` (texts) or as `spans` (offsets), not both.")
        return attrs


class ClaimSplitSerializer(serializers.Serializer):
    claim = ClaimDetailSerializer(help_text="The original, closed as split.")
    parts = ClaimDetailSerializer(many=True)


class ClaimMergeInputSerializer(serializers.Serializer):
    survivor = id_field(help_text="The claim that stays.")
    claims = serializers.ListField(
        child=id_field(), min_length=1, max_length=50, help_text="Claims closed as merged into the survivor."
    )


class ClaimAddInputSerializer(serializers.Serializer):
    article = id_field()
    text = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    start = serializers.IntegerField(
        min_value=0, max_value=10_000_000, required=False, help_text="A passage of the article's text (with end)."
    )
    end = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False)
    speaker = id_field(required=False, allow_null=True)
    new_speaker = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Claim.Kind.choices, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "start" not in attrs and not (attrs.get("text") or "").strip():
            raise serializers.ValidationError("Give a passage (start and end) or the claim's text.")
        return attrs


def _speaker(speaker_id: int | None) -> Speaker | None:
    if speaker_id is None:
        return None
    try:
        return speaker_by_id(speaker_id)
    except Speaker.DoesNotExist:
        raise DomainError("No speaker with that id.", field="speaker") from None


def claim_edit_request(request: Request, claim_id: int) -> Response:
    """PATCH /claims/{id}/: the body's fields change; omitted ones stay."""
    claim = found_or_404(claim_by_id, claim_id, missing="Not found.")
    expected = if_match_version(request, required=True)
    values = parse_body(ClaimEditInputSerializer, request)
    quantities = values.get("quantities")
    services.claim_edit(
        claim=claim,
        user=request.user,
        expected_version=expected,
        text=values.get("text"),
        speaker=_speaker(values["speaker"]) if "speaker" in values else services.KEEP,
        new_speaker=values.get("new_speaker", ""),
        kind=values.get("kind"),
        quantities=[services.QuantityInput(**q) for q in quantities] if quantities is not None else None,
    )
    return claim_response(claim.pk)


CLAIM_EDIT_SCHEMA = extend_schema(
    operation_id="claims_partial_update",
    request=ClaimEditInputSerializer,
    parameters=[IF_MATCH_REQUIRED],
    responses={200: ClaimDetailSerializer, **ERRORS_WRITE, **errors(412, 428)},
    description="Edit the claim's text, speaker, kind or quantities (a new version; the old one is kept and "
    "the claim as extracted stays readable). Its assignee, an editor, or anyone while nobody holds it; "
    "new or in-progress claims only (409 otherwise).",
)


def claim_add_request(request: Request) -> Response:
    """POST /claims/: a claim the extractor missed, added to an article."""
    values = parse_body(ClaimAddInputSerializer, request)
    article = found_or_404(article_by_id, values["article"], missing="Not found.")
    claim = services.claim_add(
        article=article,
        user=request.user,
        text=values.get("text", ""),
        start=values.get("start"),
        end=values.get("end"),
        speaker=_speaker(values.get("speaker")),
        new_speaker=values.get("new_speaker", ""),
        kind=values.get("kind"),
    )
    return claim_response(claim.pk, status_code=status.HTTP_201_CREATED)


CLAIM_ADD_SCHEMA = extend_schema(
    operation_id="claims_create",
    request=ClaimAddInputSerializer,
    responses={201: ClaimDetailSerializer, **ERRORS_WRITE},
    description="Add a claim the extractor missed to an article whose claims are extracted: a passage "
    "(`start`, `end`: its span is kept) or typed `text` (its span is where those words stand, if they do).",
)


def _split(*, claim: Claim, user: Any, parts: Sequence[str] = (), spans: Sequence[Sequence[int]] = ()) -> list[Claim]:
    """claim_split with the body's ``[start, end]`` pairs as tuples."""
    return services.claim_split(claim=claim, user=user, parts=parts, spans=[(start, end) for start, end in spans])


@action_schema(
    "claims_split",
    ClaimSplitSerializer,
    "Split a compound claim: each part becomes a claim (article, speaker and sub-span kept, "
    "fresh quantities and score); the original is closed as split. 409 when it has a verdict.",
    ClaimSplitInputSerializer,
    status_code=status.HTTP_201_CREATED,
)
class ClaimSplitApi(RowActionApi):
    permission_classes = [CanTakeClaims]
    url_argument = "claim_id"
    row_argument = "claim"
    input_serializer = ClaimSplitInputSerializer
    service = staticmethod(_split)

    row_selector = staticmethod(claim_by_id)

    def respond(self, row: Claim, result: list[Claim]) -> Response:
        details = claims_with_details()
        body = {
            "claim": ClaimDetailSerializer(details.get(pk=row.pk)).data,
            "parts": ClaimDetailSerializer(
                details.filter(pk__in=[p.pk for p in result]).order_by("pk"), many=True
            ).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class ClaimMergeApi(APIView):
    permission_classes = [CanTakeClaims]

    @extend_schema(
        operation_id="claims_merge",
        request=ClaimMergeInputSerializer,
        responses={200: ClaimDetailSerializer, **ERRORS_WRITE},
        description="Merge duplicates into the survivor: the others are closed as merged into it (their "
        "later mentions follow). 409 when a claim other than the survivor has a verdict.",
    )
    def post(self, request: Request) -> Response:
        values = parse_body(ClaimMergeInputSerializer, request)
        ids = sorted(set(values["claims"]) | {values["survivor"]})
        found = {c.pk: c for c in claims_by_ids(ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise DomainError(f"No claim #{', #'.join(map(str, missing))}.", field="claims", kind=ErrorKind.NOT_FOUND)
        survivor = services.claims_merge(
            claims=list(found.values()), survivor=found[values["survivor"]], user=request.user
        )
        return claim_response(survivor.pk)
