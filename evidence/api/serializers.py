from __future__ import annotations

from rest_framework import serializers

from evidence.models import EvidenceCandidate, EvidenceDocument


class EvidenceDecidedBySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class EvidenceCandidateSerializer(serializers.ModelSerializer):
    decided_by = EvidenceDecidedBySerializer(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    agreement_detail = serializers.ListField(child=serializers.JSONField())

    class Meta:
        model = EvidenceCandidate
        fields = [
            "id",
            "claim",
            "provider",
            "url",
            "title",
            "snippet",
            "source_name",
            "published",
            "document",
            "score",
            "rank",
            "reasons",
            "agreement",
            "agreement_detail",
            "decision",
            "stance",
            "note",
            "decided_by",
            "decided_at",
            "created_at",
        ]


class LibraryDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceDocument
        fields = ["id", "title", "url", "publisher", "published", "source", "created_at", "updated_at"]


class LibraryDocumentDetailSerializer(LibraryDocumentSerializer):
    class Meta(LibraryDocumentSerializer.Meta):
        fields = [*LibraryDocumentSerializer.Meta.fields, "text"]
