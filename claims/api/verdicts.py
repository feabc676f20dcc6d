"""A claim's verdict: read (with its ETag), create the draft, update it (If-Match), submit,
approve (publishes), return, correct or retract once published; and its version history."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import services
from claims.api.claims import ClaimChildListApi
from claims.api.serializers import VerdictRevisionSerializer, VerdictSerializer
from claims.models import Claim, Verdict
from claims.selectors.catalog import ratings_in_order
from claims.selectors.desk import claim_by_id
from claims.selectors.verdicts import claim_has_verdict, verdict_detail, verdict_history
from factcheck.api.conditional import IF_MATCH_PARAMETER, IF_MATCH_REQUIRED, etag_for, if_match_version
from factcheck.api.docs import ERRORS_READ, ERRORS_WRITE, errors
from factcheck.api.generics import RowActionApi, action_schema, read_schema
from factcheck.api.permissions import CanTakeClaims, CanViewClaims, IsEditor, PermissionsByMethod
from factcheck.api.query import address_field, id_field, parse_body
from factcheck.errors import TransitionError
from factcheck.shortcuts import found_or_404

HAS_VERDICT = "The claim has a verdict already; update it with PUT or PATCH and If-Match."


def verdict_response(claim_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    verdict = found_or_404(verdict_detail, claim_id, missing="Not found.")
    return Response(VerdictSerializer(verdict).data, status=status_code, headers={"ETag": etag_for(verdict.version)})


class CitationInputSerializer(serializers.Serializer):
    evidence = id_field(
        required=False, allow_null=True, help_text="Id of an accepted evidence candidate of this claim."
    )
    url = address_field("A public http(s) address (the fetcher's address rules apply).")
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("evidence") is None and not attrs.get("url"):
            raise serializers.ValidationError("A citation needs accepted evidence or a URL.")
        return attrs


class VerdictInputSerializer(serializers.Serializer):
    rating = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ratings_in_order(),
        allow_null=True,
        required=False,
        help_text="The rating's slug (GET /ratings/).",
    )
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True)
    explanation = serializers.CharField(max_length=50_000, required=False, allow_blank=True, help_text="Markdown.")
    citations = CitationInputSerializer(many=True, required=False)


class ReturnInputSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000, help_text="What the author should change.")


def _citations(items: list[dict[str, Any]]) -> list[services.CitationInput]:
    return [
        services.CitationInput(
            evidence_id=item.get("evidence"),
            url=item.get("url", ""),
            title=item.get("title", ""),
            note=item.get("note", ""),
        )
        for item in items
    ]


def _current_citations(verdict: Verdict) -> list[services.CitationInput]:
    return [
        services.CitationInput(
            evidence_id=c.evidence_id, url="" if c.evidence_id else c.url, title=c.title, note=c.note
        )
        for c in verdict.citations.all()
    ]


def _draft_update_schema(operation_id: str, description: str) -> Any:
    """PUT and PATCH of the draft: the same body and answers, If-Match required."""
    return extend_schema(
        operation_id=operation_id,
        request=VerdictInputSerializer,
        parameters=[IF_MATCH_REQUIRED],
        responses={200: VerdictSerializer, **ERRORS_WRITE, **errors(412, 428)},
        description=description,
    )


class VerdictApi(PermissionsByMethod, APIView):
    """GET the verdict; POST creates the draft; PUT replaces and PATCH changes it (If-Match required)."""

    permission_classes = [CanTakeClaims]
    permissions_by_method = {"GET": [CanViewClaims]}

    @extend_schema(
        operation_id="verdicts_retrieve",
        responses={200: VerdictSerializer, **ERRORS_READ},
        description="The ETag response header carries the version, for If-Match on updates.",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        return verdict_response(claim_id)

    @extend_schema(
        operation_id="verdicts_create",
        request=VerdictInputSerializer,
        responses={201: VerdictSerializer, **ERRORS_WRITE},
        description="Create the draft of a claim you are assigned (409 if it has one: update it).",
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = found_or_404(claim_by_id, claim_id, missing="Not found.")
        values = self._parse(request)
        if claim_has_verdict(claim):
            raise TransitionError(HAS_VERDICT)
        try:
            services.verdict_save_draft(
                claim=claim,
                user=request.user,
                rating=values.get("rating"),
                summary=values.get("summary", ""),
                explanation=values.get("explanation", ""),
                citations=_citations(values.get("citations", [])),
            )
        except IntegrityError:  # a concurrent POST created it first
            raise TransitionError(HAS_VERDICT) from None
        return verdict_response(claim.pk, status_code=status.HTTP_201_CREATED)

    @_draft_update_schema("verdicts_update", "Replace the draft: omitted fields become empty.")
    def put(self, request: Request, claim_id: int) -> Response:
        return self._update(request, claim_id, partial=False)

    @_draft_update_schema(
        "verdicts_partial_update", "Change some fields of the draft; omitted fields keep their values."
    )
    def patch(self, request: Request, claim_id: int) -> Response:
        return self._update(request, claim_id, partial=True)

    @staticmethod
    def _parse(request: Request) -> dict[str, Any]:
        return parse_body(VerdictInputSerializer, request)

    def _update(self, request: Request, claim_id: int, *, partial: bool) -> Response:
        claim = found_or_404(claim_by_id, claim_id, missing="Not found.")
        verdict = found_or_404(verdict_detail, claim.pk, missing="Not found.")
        expected = if_match_version(request, required=True)
        if expected is None:  # If-Match: * (any current version): the version just read
            expected = verdict.version
        values = self._parse(request)
        citations = values.get("citations")
        services.verdict_save_draft(
            claim=claim,
            user=request.user,
            rating=values.get("rating", verdict.rating if partial else None),
            summary=values.get("summary", verdict.summary if partial else ""),
            explanation=values.get("explanation", verdict.explanation if partial else ""),
            citations=_citations(citations)
            if citations is not None
            else (_current_citations(verdict) if partial else []),
            expected_version=expected,
        )
        return verdict_response(claim.pk)


class _VerdictTransitionApi(RowActionApi):
    """A verdict's workflow step: the claim's current verdict version may be given as If-Match
    (412 when stale); answers with the verdict as it is afterwards."""

    permission_classes = [IsEditor]
    url_argument = "claim_id"
    row_argument = "claim"

    row_selector = staticmethod(claim_by_id)

    def action_arguments(self, request: Request) -> dict[str, Any]:
        return {"expected_version": if_match_version(request, required=False)}

    def respond(self, row: Claim, result: Any) -> Response:
        return verdict_response(row.pk)


def _transition_schema(operation_id: str, description: str, request: Any = None) -> Any:
    return action_schema(
        operation_id, VerdictSerializer, description, request, more_errors=(412,), parameters=[IF_MATCH_PARAMETER]
    )


@_transition_schema(
    "verdicts_submit",
    "Send the draft to the editors; it needs a rating, summary, explanation and a "
    "citation (400 names what is missing).",
)
class VerdictSubmitApi(_VerdictTransitionApi):
    permission_classes = [CanTakeClaims]
    service = staticmethod(services.verdict_submit)


@_transition_schema(
    "verdicts_approve", "Approve a submitted verdict, which publishes it (another editor than its author)."
)
class VerdictApproveApi(_VerdictTransitionApi):
    service = staticmethod(services.verdict_approve)


@_transition_schema("verdicts_return", "Send a submitted verdict back with a comment.", ReturnInputSerializer)
class VerdictReturnApi(_VerdictTransitionApi):
    input_serializer = ReturnInputSerializer
    service = staticmethod(services.verdict_return)


class CorrectInputSerializer(serializers.Serializer):
    rating = serializers.SlugRelatedField(
        slug_field="slug", queryset=ratings_in_order(), required=False, help_text="The new rating's slug."
    )
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True)
    explanation = serializers.CharField(max_length=50_000, required=False, allow_blank=True, help_text="Markdown.")
    note = serializers.CharField(
        max_length=5000, help_text='The public correction note, shown as "Corrected on …: …" on the verdict page.'
    )


class RetractInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, help_text="Why the verdict is withdrawn; shown on its page.")


def _correct(*, claim: Claim, user: Any, note: str, expected_version: int | None, **changes: Any) -> Any:
    """verdict_correct with the fields the body left out kept as they are."""
    verdict = found_or_404(verdict_detail, claim.pk, missing="Not found.")
    return services.verdict_correct(
        claim=claim,
        user=user,
        rating=changes.get("rating", verdict.rating),
        summary=changes.get("summary", verdict.summary),
        explanation=changes.get("explanation", verdict.explanation),
        note=note,
        expected_version=expected_version,
    )


@_transition_schema(
    "verdicts_correct",
    "Correct a published verdict: omitted fields keep their values; the note is required and "
    "public. The previous version stays on the public page, the ClaimReview gains dateModified, and "
    "`verdict.corrected` is sent.",
    CorrectInputSerializer,
)
class VerdictCorrectApi(_VerdictTransitionApi):
    input_serializer = CorrectInputSerializer
    service = staticmethod(_correct)


@_transition_schema(
    "verdicts_retract",
    "Withdraw a published verdict: its page says so with the note, its ClaimReview leaves the "
    "feed and `/claimreviews/`, and `verdict.retracted` is sent.",
    RetractInputSerializer,
)
class VerdictRetractApi(_VerdictTransitionApi):
    input_serializer = RetractInputSerializer
    service = staticmethod(services.verdict_retract)


@read_schema("verdicts_history", VerdictRevisionSerializer, many=True)
class VerdictHistoryApi(ClaimChildListApi):
    """Every saved version of the verdict, oldest first."""

    serializer_class = VerdictRevisionSerializer
    selector = verdict_history
    not_found = "This claim has no verdict."
