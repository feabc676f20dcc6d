"""``POST /api/v1/checkworthiness/``: score up to 1,000 sentences with the active check-worthiness model."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.services.checkworthiness import MAX_SENTENCE_CHARS, MAX_SENTENCES, score_texts
from factcheck.api.docs import ERRORS_AUTH, errors
from factcheck.api.parsers import DepthLimitedJSONParser
from factcheck.api.permissions import CanViewClaims
from factcheck.api.query import parse_body


class CheckworthinessInputSerializer(serializers.Serializer):
    sentences = serializers.ListField(
        child=serializers.CharField(max_length=MAX_SENTENCE_CHARS, trim_whitespace=True, allow_blank=False),
        min_length=1,
        max_length=MAX_SENTENCES,
        help_text=f"1 to {MAX_SENTENCES:,} sentences, each at most {MAX_SENTENCE_CHARS:,} characters.",
    )


class CheckworthinessResultSerializer(serializers.Serializer):
    text = serializers.CharField()
    score = serializers.FloatField(help_text="0-1: how likely the sentence is a check-worthy factual claim.")
    checkworthy = serializers.BooleanField(help_text="score >= threshold")


class CheckworthinessOutputSerializer(serializers.Serializer):
    model = serializers.CharField(help_text='"v2" (fine-tuned MiniLM) or "v1" (the old model, after a fallback).')
    threshold = serializers.FloatField()
    warning = serializers.CharField(allow_null=True, help_text="Why v2 is not in use, when it is not.")
    results = CheckworthinessResultSerializer(many=True)


class CheckworthinessApi(APIView):
    permission_classes = [CanViewClaims]
    # JSON only: a form or multipart body of a thousand fields would trip Django's field limit.
    parser_classes = [DepthLimitedJSONParser]

    @extend_schema(
        operation_id="checkworthiness_score",
        request=CheckworthinessInputSerializer,
        responses={200: CheckworthinessOutputSerializer, **ERRORS_AUTH, **errors(400, 415)},
        description=f"Score up to {MAX_SENTENCES:,} sentences, in order, with the model the queue uses "
        "(questions, greetings and procedural lines are scored by rule). More sentences is a 400.",
    )
    def post(self, request: Request) -> Response:
        values = parse_body(CheckworthinessInputSerializer, request)
        body: dict[str, Any] = score_texts(values["sentences"])
        return Response(body)
