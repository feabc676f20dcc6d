"""``POST /claims/bulk``: one editor action on many claims, one result per claim (idempotent with a key)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import services
from claims.services.bulk import MAX_BULK_CLAIMS, BulkAction
from factcheck.api.docs import ERRORS_WRITE, errors
from factcheck.api.idempotency import IDEMPOTENCY_PARAMETER, idempotent
from factcheck.api.permissions import CanDismissClaims
from factcheck.api.query import id_field, parse_body


class ClaimBulkInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[a.value for a in BulkAction])
    claims = serializers.ListField(
        child=id_field(), min_length=1, max_length=MAX_BULK_CLAIMS, help_text="Claim ids, in the order to act on."
    )
    assignee = id_field(required=False, help_text="For `assign`: the fact-checker's user id.")
    reason = serializers.CharField(max_length=2000, required=False, help_text="For `dismiss`: why.")
    priority = serializers.IntegerField(
        min_value=-100, max_value=100, required=False, help_text="For `priority`: −100 to 100."
    )
    duplicate_of = id_field(required=False, help_text="For `duplicate`: the claim they repeat.")


class ClaimBulkResultSerializer(serializers.Serializer):
    claim = serializers.IntegerField()
    ok = serializers.BooleanField()
    detail = serializers.CharField(help_text="What was done, or why this claim was refused.")


class BulkOutputSerializer(serializers.Serializer):
    results = ClaimBulkResultSerializer(many=True)


class ClaimBulkApi(APIView):
    permission_classes = [CanDismissClaims]

    @extend_schema(
        operation_id="claims_bulk",
        request=ClaimBulkInputSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={200: BulkOutputSerializer, **ERRORS_WRITE, **errors(422)},
        description="Assign, dismiss, set the priority of, reopen or mark as duplicate many claims at once "
        "(editors). Each claim goes through the same service as the single action, in its own transaction; "
        "a claim that is refused (taken meanwhile, not open, unknown) is a result with `ok: false` and the "
        "reason, never an error of the whole request. A bad action field is a 400 before any claim is touched.",
    )
    def post(self, request: Request) -> Response:
        return idempotent(request, lambda: self._run(request))

    @staticmethod
    def _run(request: Request) -> Response:
        values = parse_body(ClaimBulkInputSerializer, request)
        results = services.claims_bulk(
            user=request.user,
            action=values["action"],
            claim_ids=values["claims"],
            assignee=values.get("assignee"),
            reason=values.get("reason", ""),
            priority=values.get("priority"),
            duplicate_of=values.get("duplicate_of"),
        )
        return Response(BulkOutputSerializer({"results": results}).data)
