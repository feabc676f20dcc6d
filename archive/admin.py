"""The back office over the archive and the matches (read-only: decisions go through the services)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from archive.models import ClaimMatch, FactCheck


@admin.register(FactCheck)
class FactCheckAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["__str__", "rating", "publisher", "published", "source", "external_id"]
    list_filter = ["source", "language"]
    search_fields = ["claim_reviewed", "title", "external_id", "publisher"]
    readonly_fields = ["embedding_model", "created_at", "updated_at"]
    exclude = ["embedding"]


@admin.register(ClaimMatch)
class ClaimMatchAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["claim", "factcheck", "matched_claim", "score", "numbers", "state", "decided_by", "decided_at"]
    list_filter = ["state", "numbers"]
    raw_id_fields = ["claim", "factcheck", "matched_claim"]
    readonly_fields = [f.name for f in ClaimMatch._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
