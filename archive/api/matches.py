"""Claim matches: list, and a reviewer's decisions (confirm, reject, undo), one at a time or in bulk.

The review screen's doors, through the same services (:mod:`archive.services.decisions`,
:mod:`archive.services.bulk`): the API decides nothing itself.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from archive.api.factchecks import TextMatchSerializer, match_text_response
from archive.models import ClaimMatch
from archive.selectors.matches import MATCH_ORDER, match_detail, match_list
from archive.services.bulk import BULK_LIMIT, BulkAction, matches_decide
from archive.services.decisions import match_confirm, match_reject, match_undo
from factcheck.api.docs import ERRORS_READ, ERRORS_WRITE
from factcheck.api.generics import RowActionApi, action_schema
from factcheck.api.pagination import KeysetCursorPagination
from factcheck.api.permissions import CanDecideMatches, CanReadMatches
from factcheck.api.query import IdFilter, ScoreFilter, StrictFilterSet, id_field, parse_body
from factcheck.shortcuts import found_or_404


class MatchCursorPagination(KeysetCursorPagination):
    orderings = {"newest": MATCH_ORDER, "score": ("-score", "id")}
    default_ordering = "newest"


class MatchFilter(StrictFilterSet):
    state = django_filters.MultipleChoiceFilter(
        choices=ClaimMatch.State.choices, help_text="Repeat for several states; all states when absent."
    )
    claim = IdFilter(help_text="Only this claim's matches (claim id).")
    min_score = ScoreFilter(help_text="Lowest match score (0–1).")

    class Meta:
        model = ClaimMatch
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[ClaimMatch]) -> QuerySet[ClaimMatch]:
        data: dict[str, Any] = self.form.cleaned_data
        claim = data.get("claim")
        min_score = data.get("min_score")
        return match_list(
            states=tuple(data.get("state") or ()),
            claim=int(claim) if claim is not None else None,
            min_score=float(min_score) if min_score is not None else None,
        )


class MatchTargetSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["factcheck", "claim"])
    id = serializers.IntegerField()
    text = serializers.CharField(help_text="The claim reviewed (fact-check) or the earlier claim's text.")
    title = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True, help_text="The fact-check's address or the earlier verdict's page.")
    rating = serializers.CharField(allow_blank=True)
    publisher = serializers.CharField(allow_blank=True)
    external_id = serializers.CharField(allow_blank=True, help_text="The imported id (fact-checks only).")


class MatchSerializer(serializers.ModelSerializer):
    claim_text = serializers.CharField(source="claim.text", read_only=True)
    target = serializers.SerializerMethodField()
    decided_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ClaimMatch
        fields = [
            "id",
            "claim",
            "claim_text",
            "target",
            "score",
            "numbers",
            "reason",
            "state",
            "decided_by",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(MatchTargetSerializer)
    def get_target(self, match: ClaimMatch) -> dict[str, Any]:
        if match.factcheck is not None:
            fc = match.factcheck
            return {
                "kind": "factcheck",
                "id": fc.pk,
                "text": fc.claim_reviewed,
                "title": fc.title,
                "url": fc.url,
                "rating": fc.rating,
                "publisher": fc.publisher,
                "external_id": fc.external_id,
            }
        earlier = match.matched_claim
        verdict = getattr(earlier, "verdict", None) if earlier is not None else None
        return {
            "kind": "claim",
            "id": match.matched_claim_id,
            "text": earlier.text if earlier is not None else "",
            "title": verdict.summary if verdict is not None else "",
            "url": reverse("claims:verdict-public", args=[match.matched_claim_id]),
            "rating": verdict.rating.name if verdict is not None and verdict.rating is not None else "",
            "publisher": "",
            "external_id": "",
        }


class MatchListApi(generics.ListAPIView):
    """Claim matches, newest first by default (cursor-paginated); filter by state, claim and score.

    With ``text`` it answers another question: what that text matches (see :func:`match_text_response`).
    """

    serializer_class = MatchSerializer
    permission_classes = [CanReadMatches]
    pagination_class = MatchCursorPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = MatchFilter

    def get_queryset(self) -> QuerySet[ClaimMatch]:
        return match_list()

    @extend_schema(
        operation_id="matches_list",
        parameters=[
            OpenApiParameter(
                "text",
                str,
                description="Instead of the stored matches: what this text (a claim, up to 2,000 characters) "
                "matches in the archive and among published verdicts, best first, as one page of `TextMatch` "
                "(`{kind, id, external_id, score, numbers, decision, reason}`); the other filters do not apply.",
            ),
            OpenApiParameter(
                "top",
                {"type": "integer", "minimum": 1, "maximum": 20},
                description="With `text`: how many matches at most (1–20, default 5).",
            ),
        ],
        responses={
            200: PolymorphicProxySerializer(
                component_name="MatchListOrTextMatches",
                serializers=[MatchSerializer, TextMatchSerializer],
                resource_type_field_name=None,
                many=True,
            ),
            **ERRORS_READ,
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if "text" in request.query_params or "top" in request.query_params:
            # The list's own parameters are checked whichever question is asked: one that breaks its
            # schema is a 400 with ``text`` too, never silently ignored.
            self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            return match_text_response(request)  # a `top` alone is a 400 naming `text`
        return super().get(request, *args, **kwargs)


def _match(match_id: int) -> ClaimMatch:
    return found_or_404(match_detail, match_id, missing="No such match.")


class ConfirmInputSerializer(serializers.Serializer):
    reuse_verdict = serializers.BooleanField(
        default=False,
        help_text="Also close the claim as already checked with the match's verdict (editors; the rating must "
        "be on this workbench's scale).",
    )


class _MatchDecisionApi(RowActionApi):
    """POST one decision on a match; answers with the match as it is afterwards."""

    permission_classes = [CanDecideMatches]
    url_argument = "match_id"
    row_argument = "match"

    def get_row(self, pk: int) -> ClaimMatch:
        return _match(pk)

    def respond(self, row: ClaimMatch, result: Any) -> Response:
        return Response(MatchSerializer(_match(row.pk)).data)


def _decision_schema(operation_id: str, description: str, request: Any = None) -> Any:
    return action_schema(operation_id, MatchSerializer, description, request)


@_decision_schema(
    "matches_confirm",
    "Link the claim to the match (suggested or automatic → confirmed); 409 when decided already.",
    ConfirmInputSerializer,
)
class MatchConfirmApi(_MatchDecisionApi):
    input_serializer = ConfirmInputSerializer
    service = staticmethod(match_confirm)


@_decision_schema(
    "matches_reject", "Not the same claim (suggested or automatic → rejected); the pair is never suggested again."
)
class MatchRejectApi(_MatchDecisionApi):
    service = staticmethod(match_reject)


@_decision_schema(
    "matches_undo",
    "Take a decision back: confirmed or rejected → suggested; automatic → rejected. "
    "A verdict reused on confirming stays published (change it on the desk).",
)
class MatchUndoApi(_MatchDecisionApi):
    service = staticmethod(match_undo)


class MatchBulkInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[BulkAction.CONFIRM.value, BulkAction.REJECT.value])
    matches = serializers.ListField(
        child=id_field(), min_length=1, max_length=BULK_LIMIT, help_text=f"Match ids (1–{BULK_LIMIT})."
    )
    reuse_verdict = serializers.BooleanField(default=False, help_text="With `confirm`: reuse each match's verdict.")


class MatchBulkOutcomeSerializer(serializers.Serializer):
    match = serializers.IntegerField()
    ok = serializers.BooleanField()
    detail = serializers.CharField()


class MatchBulkResultSerializer(serializers.Serializer):
    results = MatchBulkOutcomeSerializer(many=True)


class MatchBulkApi(APIView):
    permission_classes = [CanDecideMatches]

    @extend_schema(
        operation_id="matches_bulk",
        request=MatchBulkInputSerializer,
        responses={200: MatchBulkResultSerializer, **ERRORS_WRITE},
        description="One action on many matches. Each is decided on its own: the answer lists every id with "
        "`ok` and the reason when it was refused (decided already, no such match...); 200 even then.",
    )
    def post(self, request: Request) -> Response:
        values = parse_body(MatchBulkInputSerializer, request)
        outcomes = matches_decide(
            action=BulkAction(values["action"]),
            match_ids=values["matches"],
            user=request.user,
            reuse_verdict=values["reuse_verdict"],
        )
        return Response(MatchBulkResultSerializer({"results": outcomes}).data)
