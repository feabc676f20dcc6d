"""Claims: the queue as a list with filters, one claim in full, and the workflow actions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import services
from claims.api.claim_shape import CLAIM_ADD_SCHEMA, CLAIM_EDIT_SCHEMA, claim_add_request, claim_edit_request
from claims.api.filters import ClaimFilter
from claims.api.rows import claim_detail, claim_row, taken_claim_detail
from claims.api.serializers import (
    ClaimDetailSerializer,
    ClaimRevisionSerializer,
    ClaimSerializer,
    ReviewEventSerializer,
)
from claims.models import Claim
from claims.selectors.claim_rows import claim_rows
from claims.selectors.desk import claim_by_id, claim_events, claim_revision_list
from claims.selectors.queue import QueueFilters, claim_list, queue_rows
from evidence.services import evidence_gather
from factcheck.api.conditional import etag_for
from factcheck.api.docs import ERRORS_READ, ERRORS_WRITE
from factcheck.api.generics import RowActionApi, SelectorListApi, action_schema, read_schema
from factcheck.api.pagination import ClaimCursorPagination, EventCursorPagination
from factcheck.api.permissions import CanDismissClaims, CanTakeClaims, CanViewClaims, IsEditor
from factcheck.api.query import StrictSearchFilter, id_field, parse_body
from factcheck.errors import DomainError
from factcheck.selectors import active_user


def claim_detail_body(claim_id: int) -> Any:
    """ClaimDetailSerializer's body (the documented schema), written by :func:`claim_detail` (one query)."""
    return claim_detail(claim_id)


@read_schema("claims_list", ClaimSerializer, many=True)
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
        # Only the model for the filter backend: ClaimFilter builds the list with the queue's selector.
        return Claim.objects.all()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """ClaimSerializer's body (the documented schema) written by :func:`claim_row` from ``values()``
        rows (no model instances), which is faster. Without ``search``, the first page is read by
        :func:`queue_rows` (its SQL compiled once per filter shape) and a cursor's page from the
        queryset; the filters are checked first either way, with the backends' error answers."""
        if not self._filters_valid(request) or StrictSearchFilter().get_search_terms(request):
            page = self.paginate_queryset(claim_rows(self.filter_queryset(self.get_queryset())))
        else:
            page = self.paginate_queryset(_QueueList(self))  # type: ignore[arg-type]  # the keyset paginator takes a LazyList
        return self.get_paginated_response([claim_row(row) for row in page or ()])

    def _filters_valid(self, request: Request) -> bool:
        self._filterset = DjangoFilterBackend().get_filterset(request, self.get_queryset(), self)
        return bool(self._filterset.is_valid())

    @CLAIM_ADD_SCHEMA
    def post(self, request: Request) -> Response:
        return claim_add_request(request)


class _QueueList:
    """The list's rows for the keyset paginator (:class:`~factcheck.api.pagination.LazyList`)."""

    def __init__(self, view: ClaimListApi) -> None:
        self.view = view
        self.filters = view._filterset.queue_filters()

    def queryset(self) -> QuerySet[Any]:
        return claim_rows(self.view.filter_queryset(self.view.get_queryset()))

    def first_rows(self, order: list[str], limit: int) -> list[Any]:
        return queue_rows(filters=self.filters, order=order, limit=limit)


class ClaimDetailApi(APIView):
    def get_permissions(self) -> list[Any]:
        return [CanViewClaims()] if self.request.method == "GET" else [CanTakeClaims()]

    @extend_schema(
        operation_id="claims_retrieve",
        responses={200: ClaimDetailSerializer, **ERRORS_READ},
        description="The ETag response header carries the claim's version, for If-Match on edits.",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        body = claim_detail(claim_id)
        return Response(body, headers={"ETag": etag_for(body["version"])})

    @CLAIM_EDIT_SCHEMA
    def patch(self, request: Request, claim_id: int) -> Response:
        return claim_edit_request(request, claim_id)


class ClaimChildListApi(SelectorListApi):
    """Rows of one claim (its events, revisions, verdict versions): the selector gets ``claim_id``,
    and a claim that does not exist is a 404."""

    permission_classes = [CanViewClaims]
    url_arguments = ("claim_id",)
    not_found = "No such claim."


@read_schema("claims_events_list", ReviewEventSerializer, many=True)
class ClaimEventListApi(ClaimChildListApi):
    """The claim's audit trail: who did what, when (cursor-paginated, newest first)."""

    serializer_class = ReviewEventSerializer
    pagination_class = EventCursorPagination
    selector = claim_events


@read_schema("claims_revisions_list", ClaimRevisionSerializer, many=True)
class ClaimRevisionListApi(ClaimChildListApi):
    """The claim's earlier versions, oldest first: version 1 is the claim as extracted (or added)."""

    serializer_class = ClaimRevisionSerializer
    selector = claim_revision_list


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


class _ClaimActionApi(RowActionApi):
    """POST one workflow action on a claim; answers with the claim as it is afterwards."""

    permission_classes = [CanTakeClaims]
    url_argument = "claim_id"
    row_argument = "claim"
    status_code: int = status.HTTP_200_OK
    row_selector = staticmethod(claim_by_id)

    def respond(self, row: Claim, result: Any) -> Response:
        return Response(claim_detail_body(row.pk), status=self.status_code)


def _action_schema(operation_id: str, description: str, request: Any = None, *, status_code: int = 200) -> Any:
    return action_schema(operation_id, ClaimDetailSerializer, description, request, status_code=status_code)


@_action_schema("claims_take", "Assign a new claim to yourself (409 if someone else has it).")
class ClaimTakeApi(_ClaimActionApi):
    service = staticmethod(services.claim_take)


@_action_schema("claims_release", "Put your claim back in the queue (its assignee or an editor).")
class ClaimReleaseApi(_ClaimActionApi):
    service = staticmethod(services.claim_release)


@_action_schema("claims_take_over", "Take an in-progress claim and its draft from another reviewer.")
class ClaimTakeOverApi(_ClaimActionApi):
    service = staticmethod(services.claim_take_over)


@_action_schema("claims_dismiss", "Dismiss an open claim with a reason (editors).", DismissInputSerializer)
class ClaimDismissApi(_ClaimActionApi):
    permission_classes = [CanDismissClaims]
    input_serializer = DismissInputSerializer
    service = staticmethod(services.claim_dismiss)


@_action_schema("claims_reopen", "Put a dismissed claim back in the queue (editors).")
class ClaimReopenApi(_ClaimActionApi):
    permission_classes = [IsEditor]
    service = staticmethod(services.claim_reopen)


def _assign(*, claim: Claim, user: Any, assignee: int) -> Claim:
    target = active_user(assignee)
    if target is None:
        raise DomainError("No active user with that id.", field="assignee")
    return services.claim_assign(claim=claim, user=user, assignee=target)


@_action_schema("claims_assign", "Assign an open claim to a fact-checker (editors).", AssignInputSerializer)
class ClaimAssignApi(_ClaimActionApi):
    permission_classes = [IsEditor]
    input_serializer = AssignInputSerializer
    service = staticmethod(_assign)


@_action_schema("claims_set_priority", "Raise or lower a claim in the queue (editors).", PriorityInputSerializer)
class ClaimPriorityApi(_ClaimActionApi):
    permission_classes = [IsEditor]
    input_serializer = PriorityInputSerializer
    service = staticmethod(services.claim_set_priority)


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
        values = parse_body(TakeNextInputSerializer, request)
        queue = claim_list(
            filters=QueueFilters(
                kind=values.get("kind", ""),
                speaker=values.get("speaker"),
                outlet=values.get("outlet"),
            ),
            for_values=True,  # take-next only picks the top claim's id
        )
        claim = services.claim_take_next(user=request.user, queryset=queue)
        return Response(taken_claim_detail(claim))


@_action_schema(
    "claims_gather_evidence",
    "Ask every evidence provider again for this claim; the work runs in the background "
    "(`evidence_summary.providers` shows each provider's state).",
    status_code=202,
)
class ClaimGatherEvidenceApi(_ClaimActionApi):
    service = staticmethod(evidence_gather)
    status_code = status.HTTP_202_ACCEPTED
