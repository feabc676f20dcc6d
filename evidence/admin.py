from __future__ import annotations

from django.contrib import admin

from evidence.models import EvidenceCandidate, EvidenceDocument, FetchRun
from factcheck.admin_readonly import ReadOnlyAdmin


@admin.register(EvidenceDocument)
class EvidenceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published", "source", "added_by", "created_at"]
    list_filter = ["source", "publisher"]
    search_fields = ["title", "publisher", "url"]
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    raw_id_fields = ["added_by"]


@admin.register(EvidenceCandidate)
class EvidenceCandidateAdmin(ReadOnlyAdmin):
    """Read-only: the reviewer's decisions are made on the desk or through the API (audited)."""

    list_display = ["title", "provider", "claim", "score", "rank", "agreement", "decision", "stance", "decided_by"]
    list_filter = ["provider", "agreement", "decision", "stance"]
    search_fields = ["title", "url", "snippet", "claim__text"]
    list_select_related = ["claim", "decided_by"]


@admin.register(FetchRun)
class FetchRunAdmin(ReadOnlyAdmin):
    list_display = ["claim", "provider", "status", "attempts", "candidates_found", "duration_ms", "queued_at"]
    list_filter = ["provider", "status"]
    search_fields = ["error"]
