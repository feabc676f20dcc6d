"""The back office: every model with useful columns, filters, search and read-only audit fields."""

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
    VerdictRevision,
)
from claims.services import article_delete, claim_delete


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


class ClaimInline(admin.TabularInline):
    model = Claim
    readonly_fields = ("text", "speaker", "kind", "checkworthiness", "status")
    fields = readonly_fields
    extra = 0
    show_change_link = True
    can_delete = False


@admin.register(Article)
class ArticleAdmin(DeletesThroughService):
    delete_service = staticmethod(article_delete)
    list_display = ["__str__", "outlet", "published", "status", "source", "submitted_by", "created_at"]
    list_filter = ["status", "source", "outlet"]
    search_fields = ["title", "url", "author", "outlet__name"]
    date_hierarchy = "created_at"
    list_select_related = ["outlet", "submitted_by"]
    readonly_fields = ["content_hash", "canonical_url", "attempts", "status_changed_at", "created_at", "updated_at"]
    raw_id_fields = ["submitted_by"]
    inlines = [ClaimInline]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "affiliation", "is_organisation", "created_at"]
    list_filter = ["is_organisation"]
    search_fields = ["name", "title", "affiliation"]
    readonly_fields = ["created_at"]


class QuantityInline(admin.TabularInline):
    model = Quantity
    fields = ["text", "value", "unit", "kind", "bound", "change", "currency", "of", "noun"]
    extra = 0


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
class ClaimAdmin(DeletesThroughService):
    delete_service = staticmethod(claim_delete)
    list_display = ["__str__", "speaker", "kind", "checkworthiness", "status", "priority", "assignee", "created_at"]
    list_filter = ["status", "kind", "article__outlet"]
    search_fields = ["text", "speaker__name", "article__title"]
    list_select_related = ["speaker", "assignee", "article"]
    raw_id_fields = ["article", "speaker", "assignee", "duplicate_of", "split_from", "merged_into", "added_by"]
    readonly_fields = ["fingerprint", "version", "origin", "created_at", "updated_at", "assigned_at"]
    inlines = [QuantityInline, ClaimRevisionInline]


@admin.register(Quantity)
class QuantityAdmin(admin.ModelAdmin):
    list_display = ["text", "value", "unit", "kind", "bound", "change", "claim"]
    list_filter = ["kind", "bound"]
    search_fields = ["text", "unit", "noun"]
    raw_id_fields = ["claim"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "value", "order", "is_active"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    raw_id_fields = ["evidence"]


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["claim", "rating", "status", "version", "author", "editor", "submitted_at", "published_at"]
    list_filter = ["status", "rating"]
    search_fields = ["summary", "claim__text"]
    list_select_related = ["claim", "rating", "author", "editor"]
    raw_id_fields = ["claim", "author", "editor"]
    readonly_fields = ["version", "submitted_at", "published_at", "created_at", "updated_at"]
    inlines = [CitationInline]


@admin.register(VerdictRevision)
class VerdictRevisionAdmin(admin.ModelAdmin):
    list_display = ["verdict", "version", "status", "rating", "changed_by", "created_at"]
    readonly_fields = [f.name for f in VerdictRevision._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
