"""Claims: the queue as a list with filters, one claim in full, and the workflow actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import services
from claims.api.claim_shape import CLAIM_ADD_SCHEMA, CLAIM_EDIT_SCHEMA, claim_add_request, claim_edit_request
from claims.api.filters import ClaimFilter
from claims.api.serializers import (
    ClaimDetailSerializer,
    ClaimRevisionSerializer,
    ClaimSerializer,
    ReviewEventSerializer,
)
from claims.models import Claim, ClaimRevision
from claims.selectors.desk import claim_events, claim_revision_list, claims_with_details
from claims.selectors.queue import QueueFilters, claim_list
from evidence.services import evidence_gather
from factcheck.api.conditional import etag_for
from factcheck.api.docs import ERRORS_READ, ERRORS_WRITE
from factcheck.api.pagination import ClaimCursorPagination, EventCursorPagination, StandardPageNumberPagination
from factcheck.api.permissions import CanDismissClaims, CanTakeClaims, CanViewClaims, IsEditor
from factcheck.api.query import StrictSearchFilter, id_field
from factcheck.errors import DomainError
from factcheck.models import ReviewEvent


def claim_detail_body(claim_id: int) -> Any:
    return ClaimDetailSerializer(claims_with_details().get(pk=claim_id)).data


class ClaimListApi(generics.ListAPIView):
    """Claims with the queue's filters, in queue order by default (cursor-paginated); POST adds one."""

    serializer_class = ClaimSerializer

    def get_permissions(self) -> list[Any]:
        return [CanViewClaims()] if self.request.method == "GET" else [CanTakeClaims()]

    pagination_class = ClaimCursorPagination
    filter_backends = [DjangoFilterBackend, StrictSearchFilter]
    filterset_class = ClaimFilter
    search_fields = ["text", "speaker__name"]

    def get_queryset(self) -> QuerySet[Claim]:
        return claim_list(filters=QueueFilters(status=()))

    @extend_schema(operation_id="claims_list", responses={200: ClaimSerializer(many=True), **ERRORS_READ})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @CLAIM_ADD_SCHEMA
    def post(self, request: Request) -> Response:
        return claim_add_request(request)


class ClaimDetailApi(APIView):
    def get_permissions(self) -> list[Any]:
        return [CanViewClaims()] if self.request.method == "GET" else [CanTakeClaims()]

    @extend_schema(
        operation_id="claims_retrieve",
        responses={200: ClaimDetailSerializer, **ERRORS_READ},
        description="The ETag response header carries the claim's version, for If-Match on edits.",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        claim = get_object_or_404(claims_with_details(), pk=claim_id)
        return Response(ClaimDetailSerializer(claim).data, headers={"ETag": etag_for(claim.version)})

    @CLAIM_EDIT_SCHEMA
    def patch(self, request: Request, claim_id: int) -> Response:
        return claim_edit_request(request, claim_id)


class _ClaimRowsApi(generics.ListAPIView):
    """A list of one claim's rows (its events, its revisions); 404 for an unknown claim."""

    permission_classes = [CanViewClaims]
    filter_backends: list[Any] = []
    model: type[Model]

    def rows(self, claim_id: int) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.model._default_manager.none()
        try:
            return self.rows(self.kwargs["claim_id"])
        except Claim.DoesNotExist:
            raise Http404("No such claim.") from None


class ClaimEventListApi(_ClaimRowsApi):
    """The claim's audit trail: who did what, when (cursor-paginated, newest first)."""

    serializer_class = ReviewEventSerializer
    pagination_class = EventCursorPagination
    model = ReviewEvent

    def rows(self, claim_id: int) -> QuerySet[Any]:
        return claim_events(claim_id)

    @extend_schema(operation_id="claims_events_list", responses={200: ReviewEventSerializer(many=True), **ERRORS_READ})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ClaimRevisionListApi(_ClaimRowsApi):
    """The claim's earlier versions, oldest first: version 1 is the claim as extracted (or added)."""

    serializer_class = ClaimRevisionSerializer
    pagination_class = StandardPageNumberPagination
    model = ClaimRevision

    def rows(self, claim_id: int) -> QuerySet[Any]:
        return claim_revision_list(claim_id)

    @extend_schema(
        operation_id="claims_revisions_list", responses={200: ClaimRevisionSerializer(many=True), **ERRORS_READ}
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


# --- actions ---------------------------------------------------------------------------------


class DismissInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the claim is not checked.")


class AssignInputSerializer(serializers.Serializer):
    assignee = id_field(help_text="User id of the fact-checker.")


class PriorityInputSerializer(serializers.Serializer):
    priority = serializers.IntegerField(min_value=-100, max_value=100)


class TakeNextInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Claim.Kind.choices, required=False)
    speaker = id_field(required=False)
    outlet = id_field(required=False)


class _ClaimActionApi(APIView):
    """POST one workflow action on a claim; answers with the claim as it is afterwards."""

    permission_classes = [CanTakeClaims]
    input_serializer: type[serializers.Serializer] | None = None
    action: Callable[..., Any]

    def post(self, request: Request, claim_id: int) -> Response:
        claim = get_object_or_404(Claim, pk=claim_id)
        values: dict[str, Any] = {}
        if self.input_serializer is not None:
            data = self.input_serializer(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
        type(self).action(claim=claim, user=request.user, **values)
        return Response(claim_detail_body(claim.pk))


def _action_schema(operation_id: str, description: str, request: Any = None) -> Any:
    return extend_schema_view(
        post=extend_schema(
            operation_id=operation_id,
            description=description,
            request=request,
            responses={200: ClaimDetailSerializer, **ERRORS_WRITE},
        )
    )


@_action_schema("claims_take", "Assign a new claim to yourself (409 if someone else has it).")
class ClaimTakeApi(_ClaimActionApi):
    action = staticmethod(services.claim_take)


@_action_schema("claims_release", "Put your claim back in the queue (its assignee or an editor).")
class ClaimReleaseApi(_ClaimActionApi):
    action = staticmethod(services.claim_release)


@_action_schema("claims_take_over", "Take an in-progress claim and its draft from another reviewer.")
class ClaimTakeOverApi(_ClaimActionApi):
    action = staticmethod(services.claim_take_over)


@_action_schema("claims_dismiss", "Dismiss an open claim with a reason (editors).", DismissInputSerializer)
class ClaimDismissApi(_ClaimActionApi):
    permission_classes = [CanDismissClaims]
    input_serializer = DismissInputSerializer
    action = staticmethod(services.claim_dismiss)


@_action_schema("claims_reopen", "Put a dismissed claim back in the queue (editors).")
class ClaimReopenApi(_ClaimActionApi):
    permission_classes = [IsEditor]
    action = staticmethod(services.claim_reopen)


def _assign(*, claim: Claim, user: Any, assignee: int) -> Claim:
    target = get_user_model().objects.filter(pk=assignee, is_active=True).first()
    if target is None:
        raise DomainError("No active user with that id.", field="assignee")
    return services.claim_assign(claim=claim, user=user, assignee=target)


@_action_schema("claims_assign", "Assign an open claim to a fact-checker (editors).", AssignInputSerializer)
class ClaimAssignApi(_ClaimActionApi):
    permission_classes = [IsEditor]
    input_serializer = AssignInputSerializer
    action = staticmethod(_assign)


@_action_schema("claims_set_priority", "Raise or lower a claim in the queue (editors).", PriorityInputSerializer)
class ClaimPriorityApi(_ClaimActionApi):
    permission_classes = [IsEditor]
    input_serializer = PriorityInputSerializer
    action = staticmethod(services.claim_set_priority)


class ClaimTakeNextApi(APIView):
    permission_classes = [CanTakeClaims]

    @extend_schema(
        operation_id="claims_take_next",
        request=TakeNextInputSerializer,
        responses={200: ClaimDetailSerializer, **ERRORS_WRITE},
        description="Assign the top new claim of the queue (optionally of one kind, speaker or outlet) to "
        "yourself. Concurrent callers always get different claims; 404 when the queue is empty.",
    )
    def post(self, request: Request) -> Response:
        data = TakeNextInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        queue = claim_list(
            filters=QueueFilters(
                kind=values.get("kind", ""),
                speaker=values.get("speaker"),
                outlet=values.get("outlet"),
            )
        )
        claim = services.claim_take_next(user=request.user, queryset=queue)
        return Response(claim_detail_body(claim.pk))


class ClaimGatherEvidenceApi(APIView):
    permission_classes = [CanTakeClaims]

    @extend_schema(
        operation_id="claims_gather_evidence",
        request=None,
        responses={202: ClaimDetailSerializer, **ERRORS_WRITE},
        description="Ask every evidence provider again for this claim; the work runs in the background "
        "(`evidence_summary.providers` shows each provider's state).",
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = get_object_or_404(Claim, pk=claim_id)
        evidence_gather(claim=claim, user=request.user)
        return Response(claim_detail_body(claim.pk), status=status.HTTP_202_ACCEPTED)
