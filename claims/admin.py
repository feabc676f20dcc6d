"""The back office: every model with useful columns, filters and search.

Workflow state (claims, quantities, verdicts, citations, revisions, corrections) is read-only here:
it changes through the desk, the review screens and the API, which go through the services
(versions, events, webhooks). Deleting a claim or an article goes through its audited service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from claims.models import (
    Article,
    Citation,
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
from claims.services import article_delete, claim_delete
from factcheck.admin_readonly import ReadOnlyAdmin, ReadOnlyInline


class DeletesThroughService(admin.ModelAdmin):  # type: ignore[type-arg]
    """Deleting here (one object or "delete selected") goes through the audited service."""

    delete_service: Any  # a service called as ``service(<model_name>=obj, user=...)``

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_service(**{str(self.opts.model_name): obj, "user": request.user})

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "created_at"]
    search_fields = ["name", "domain"]
    readonly_fields = ["created_at"]


class ClaimInline(ReadOnlyInline):
    model = Claim
    fields = ("text", "speaker", "kind", "checkworthiness", "status")


@admin.register(Article)
class ArticleAdmin(DeletesThroughService):
    delete_service = staticmethod(article_delete)
    list_display = ["__str__", "outlet", "published", "status", "source", "submitted_by", "created_at"]
    list_filter = ["status", "source", "outlet"]
    search_fields = ["title", "url", "author", "outlet__name"]
    date_hierarchy = "created_at"
    list_select_related = ["outlet", "submitted_by"]
    # Its ingestion state belongs to the pipeline (re-ingest from the article page); metadata may be fixed here.
    readonly_fields = [
        "status",
        "error",
        "claimed_by_task",
        "submitted_by",
        "content_hash",
        "canonical_url",
        "attempts",
        "status_changed_at",
        "created_at",
        "updated_at",
    ]
    inlines = [ClaimInline]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "affiliation", "is_organisation", "created_at"]
    list_filter = ["is_organisation"]
    search_fields = ["name", "title", "affiliation"]
    readonly_fields = ["created_at"]


class QuantityInline(ReadOnlyInline):
    model = Quantity
    fields = ["text", "value", "unit", "kind", "bound", "change", "currency", "of", "noun"]


class ClaimRevisionInline(admin.TabularInline):
    """The claim's earlier versions, read-only: edits go through ``claim_edit`` (a version, an event)."""

    model = ClaimRevision
    fields = ["version", "text", "speaker_name", "kind", "quantities", "changed_by", "created_at"]
    readonly_fields = ["version", "text", "speaker_name", "kind", "quantities", "changed_by", "created_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Claim)
class ClaimAdmin(DeletesThroughService, ReadOnlyAdmin):
    delete_service = staticmethod(claim_delete)
    list_display = ["__str__", "speaker", "kind", "checkworthiness", "status", "priority", "assignee", "created_at"]
    list_filter = ["status", "kind", "article__outlet"]
    search_fields = ["text", "speaker__name", "article__title"]
    list_select_related = ["speaker", "assignee", "article"]
    inlines = [QuantityInline, ClaimRevisionInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin.ModelAdmin.has_delete_permission(self, request, obj)  # through claim_delete


@admin.register(Quantity)
class QuantityAdmin(ReadOnlyAdmin):
    list_display = ["text", "value", "unit", "kind", "bound", "change", "claim"]
    list_filter = ["kind", "bound"]
    search_fields = ["text", "unit", "noun"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "value", "order", "is_active"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


class CitationInline(ReadOnlyInline):
    model = Citation
    fields = ["order", "title", "url", "evidence", "note"]
    show_change_link = False


class VerdictCorrectionInline(ReadOnlyInline):
    model = VerdictCorrection
    fields = ["kind", "note", "version", "previous_rating", "previous_summary", "created_by", "created_at"]
    show_change_link = False


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin):
    list_display = ["claim", "rating", "status", "version", "author", "editor", "submitted_at", "published_at"]
    list_filter = ["status", "rating"]
    search_fields = ["summary", "claim__text"]
    list_select_related = ["claim", "rating", "author", "editor"]
    inlines = [CitationInline, VerdictCorrectionInline]


@admin.register(VerdictRevision)
class VerdictRevisionAdmin(ReadOnlyAdmin):
    list_display = ["verdict", "version", "status", "rating", "changed_by", "created_at"]
