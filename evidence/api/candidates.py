"""Evidence candidates of a claim: list, add a source, accept (with a stance) or reject."""

from __future__ import annotations

from typing import Any

import django_filters
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Claim
from evidence.api.serializers import EvidenceCandidateSerializer
from evidence.models import EvidenceCandidate
from evidence.providers import registry
from evidence.selectors import candidate_with_claim, candidates_with_decider, claim_candidates
from evidence.services import MANUAL_PROVIDER, evidence_add_source, evidence_decide
from factcheck.api.docs import ERRORS_READ, ERRORS_WRITE
from factcheck.api.generics import RowActionApi, SelectorListApi, action_schema, read_schema
from factcheck.api.pagination import EvidenceCursorPagination
from factcheck.api.permissions import CanDecideEvidence, CanViewClaims, PermissionsByMethod
from factcheck.api.query import StrictFilterSet, address_field, id_field, parse_body
from factcheck.shortcuts import found_or_404


def _provider_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in (*registry(), MANUAL_PROVIDER)]


class CandidateFilter(StrictFilterSet):
    decision = django_filters.ChoiceFilter(choices=EvidenceCandidate.Decision.choices)
    provider = django_filters.ChoiceFilter(
        choices=_provider_choices, help_text="The provider's name; `manual` for sources reviewers added."
    )
    stance = django_filters.ChoiceFilter(choices=EvidenceCandidate.Stance.choices)

    class Meta:
        model = EvidenceCandidate
        fields: list[str] = []


class AddSourceInputSerializer(serializers.Serializer):
    url = address_field("The source's http(s) address (or give `document`).")
    document = id_field(required=False, allow_null=True, help_text="A library document id.")
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    snippet = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)


@read_schema("evidence_list", EvidenceCandidateSerializer, many=True)
class ClaimEvidenceApi(PermissionsByMethod, SelectorListApi):
    """GET the claim's evidence (best first, cursor-paginated); POST adds a source you found."""

    serializer_class = EvidenceCandidateSerializer
    permission_classes = [CanViewClaims]
    permissions_by_method = {"POST": [CanDecideEvidence]}
    pagination_class = EvidenceCursorPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = CandidateFilter
    selector = claim_candidates
    url_arguments = ("claim_id",)
    not_found = "No such claim."

    @extend_schema(
        operation_id="evidence_add_source",
        request=AddSourceInputSerializer,
        responses={201: EvidenceCandidateSerializer, **ERRORS_WRITE},
        description="Add a source (a URL or a library document); it starts accepted, as context.",
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = get_object_or_404(Claim, pk=claim_id)
        values = parse_body(AddSourceInputSerializer, request)
        candidate = evidence_add_source(
            claim=claim,
            user=request.user,
            url=values.get("url", ""),
            title=values.get("title", ""),
            snippet=values.get("snippet", ""),
            note=values.get("note", ""),
            document_id=values.get("document"),
        )
        return Response(
            EvidenceCandidateSerializer(candidates_with_decider().get(pk=candidate.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class EvidenceDetailApi(APIView):
    permission_classes = [CanViewClaims]

    @extend_schema(operation_id="evidence_retrieve", responses={200: EvidenceCandidateSerializer, **ERRORS_READ})
    def get(self, request: Request, evidence_id: int) -> Response:
        return Response(EvidenceCandidateSerializer(get_object_or_404(candidates_with_decider(), pk=evidence_id)).data)


class AcceptInputSerializer(serializers.Serializer):
    stance = serializers.ChoiceField(choices=EvidenceCandidate.Stance.choices, default=EvidenceCandidate.Stance.CONTEXT)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class RejectInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class _DecideApi(RowActionApi):
    permission_classes = [CanDecideEvidence]
    url_argument = "evidence_id"
    row_argument = "candidate"
    service = staticmethod(evidence_decide)
    decision: str = ""
    input_serializer: type[serializers.Serializer] | None = RejectInputSerializer

    def get_row(self, pk: int) -> EvidenceCandidate:
        return found_or_404(candidate_with_claim, pk, missing="No such evidence.")

    def action_arguments(self, request: Request) -> dict[str, Any]:
        return {"decision": self.decision}

    def respond(self, row: EvidenceCandidate, result: Any) -> Response:
        return Response(EvidenceCandidateSerializer(candidates_with_decider().get(pk=row.pk)).data)


@action_schema(
    "evidence_accept",
    EvidenceCandidateSerializer,
    "Accept the evidence as supporting, refuting or giving context (the claim's assignee or an editor).",
    AcceptInputSerializer,
)
class EvidenceAcceptApi(_DecideApi):
    decision = EvidenceCandidate.Decision.ACCEPTED
    input_serializer = AcceptInputSerializer


@action_schema("evidence_reject", EvidenceCandidateSerializer, "", RejectInputSerializer)
class EvidenceRejectApi(_DecideApi):
    decision = EvidenceCandidate.Decision.REJECTED
