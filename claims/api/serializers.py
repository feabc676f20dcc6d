"""Output and input serializers shared by the claims API views."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    Article,
    Claim,
    ClaimRevision,
    Outlet,
    Quantity,
    Rating,
    Speaker,
    Verdict,
    VerdictCorrection,
    VerdictRevision,
)
from factcheck.models import ReviewEvent


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class OutletSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "domain", "created_at"]


class OutletListSerializer(OutletSerializer):
    article_count = serializers.IntegerField(read_only=True)

    class Meta(OutletSerializer.Meta):
        fields = [*OutletSerializer.Meta.fields, "article_count"]


class SpeakerSerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Speaker
        fields = ["id", "name", "title", "affiliation", "aliases", "is_organisation", "created_at"]


class SpeakerListSerializer(SpeakerSerializer):
    claim_count = serializers.IntegerField(read_only=True)

    class Meta(SpeakerSerializer.Meta):
        fields = [*SpeakerSerializer.Meta.fields, "claim_count"]


class SpeakerRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "title"]


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "slug", "name", "value", "description", "order", "is_active"]


class RatingRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "slug", "name", "value"]


class ArticleRefSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name", default=None, allow_null=True)

    class Meta:
        model = Article
        fields = ["id", "title", "url", "outlet", "published"]


class ArticleSerializer(serializers.ModelSerializer):
    outlet = OutletSerializer(allow_null=True)
    submitted_by = UserRefSerializer(allow_null=True)
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "source",
            "url",
            "canonical_url",
            "title",
            "author",
            "published",
            "outlet",
            "status",
            "error",
            "attempts",
            "claim_count",
            "submitted_by",
            "created_at",
            "updated_at",
        ]


class ArticleDetailSerializer(ArticleSerializer):
    claims_by_status = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    text = serializers.CharField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "claims_by_status", "text"]


class ArticleSubmittedSerializer(ArticleSerializer):
    created = serializers.BooleanField(
        read_only=True, help_text="False when the same URL or text was submitted before: this is that article."
    )

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "created"]


class QuantitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Quantity
        fields = [
            "id",
            "text",
            "start",
            "end",
            "value",
            "value_to",
            "unit",
            "kind",
            "bound",
            "change",
            "currency",
            "of",
            "noun",
        ]


class VerdictRefSerializer(serializers.ModelSerializer):
    rating = RatingRefSerializer(allow_null=True)

    class Meta:
        model = Verdict
        fields = ["id", "status", "version", "rating", "summary", "published_at"]


class ClaimSerializer(serializers.ModelSerializer):
    speaker = SpeakerRefSerializer(allow_null=True)
    article = ArticleRefSerializer()
    assignee = UserRefSerializer(allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "kind",
            "status",
            "checkworthiness",
            "priority",
            "speaker",
            "article",
            "assignee",
            "assigned_at",
            "duplicate_of",
            "match_score",
            "version",
            "origin",
            "split_from",
            "merged_into",
            "created_at",
            "updated_at",
        ]


class EvidenceSummarySerializer(serializers.Serializer):
    pending = serializers.IntegerField()
    accepted = serializers.IntegerField()
    rejected = serializers.IntegerField()
    providers = serializers.DictField(child=serializers.CharField(), help_text="Latest fetch status per provider.")


class ClaimDetailSerializer(ClaimSerializer):
    quantities = QuantitySerializer(many=True)
    duplicates = serializers.SerializerMethodField()
    evidence_summary = serializers.SerializerMethodField()
    verdict = serializers.SerializerMethodField()

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields,
            "start",
            "end",
            "dismiss_reason",
            "quantities",
            "duplicates",
            "evidence_summary",
            "verdict",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_duplicates(self, claim: Claim) -> list[int]:
        return [c.pk for c in claim.duplicates.all()]

    @extend_schema_field(EvidenceSummarySerializer)
    def get_evidence_summary(self, claim: Claim) -> dict[str, Any]:
        counts = {"pending": 0, "accepted": 0, "rejected": 0}
        for candidate in claim.evidence.all():
            counts[candidate.decision] = counts.get(candidate.decision, 0) + 1
        providers: dict[str, str] = {}
        for run in claim.fetch_runs.all():  # newest first: the first seen per provider is its latest
            providers.setdefault(run.provider, run.status)
        return {**counts, "providers": providers}

    @extend_schema_field(VerdictRefSerializer(allow_null=True))
    def get_verdict(self, claim: Claim) -> dict[str, Any] | None:
        verdict = getattr(claim, "verdict", None)
        return VerdictRefSerializer(verdict).data if verdict is not None else None


class CitationSerializer(serializers.Serializer):
    evidence = serializers.IntegerField(
        source="evidence_id", allow_null=True, required=False, help_text="An accepted evidence candidate of the claim."
    )
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class VerdictCorrectionSerializer(serializers.ModelSerializer):
    previous_rating = RatingRefSerializer(allow_null=True)
    created_by = UserRefSerializer(allow_null=True)

    class Meta:
        model = VerdictCorrection
        fields = ["kind", "note", "version", "previous_rating", "previous_summary", "created_by", "created_at"]


class VerdictSerializer(serializers.ModelSerializer):
    rating = RatingRefSerializer(allow_null=True)
    author = UserRefSerializer()
    editor = UserRefSerializer(allow_null=True)
    citations = CitationSerializer(many=True)
    corrections = VerdictCorrectionSerializer(
        many=True, help_text="Public corrections and the retraction after publishing, oldest first."
    )

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim",
            "status",
            "version",
            "rating",
            "summary",
            "explanation",
            "citations",
            "author",
            "editor",
            "return_comment",
            "submitted_at",
            "published_at",
            "corrected_at",
            "retracted_at",
            "corrections",
            "created_at",
            "updated_at",
        ]


class VerdictRevisionSerializer(serializers.ModelSerializer):
    rating = RatingRefSerializer(allow_null=True)
    changed_by = UserRefSerializer(allow_null=True)
    citations = serializers.ListField(child=serializers.DictField())

    class Meta:
        model = VerdictRevision
        fields = ["version", "status", "rating", "summary", "explanation", "citations", "changed_by", "created_at"]


class ReviewEventSerializer(serializers.ModelSerializer):
    actor = UserRefSerializer(allow_null=True)
    before = serializers.DictField()
    after = serializers.DictField()

    class Meta:
        model = ReviewEvent
        fields = ["id", "action", "object_type", "object_id", "actor", "before", "after", "note", "created_at"]


class ClaimRevisionSerializer(serializers.ModelSerializer):
    changed_by = UserRefSerializer(allow_null=True, help_text="Who replaced this version.")
    quantities = serializers.ListField(child=serializers.DictField())

    class Meta:
        model = ClaimRevision
        fields = [
            "version",
            "text",
            "start",
            "end",
            "speaker",
            "speaker_name",
            "kind",
            "quantities",
            "changed_by",
            "created_at",
        ]
