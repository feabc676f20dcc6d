from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from factcheck import roles
from factcheck.errors import DomainError
from factcheck.forms import add_domain_error
from factcheck.models import (
    ApiToken,
    IdempotencyKey,
    ReviewEvent,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from factcheck.webhooks.services import (
    webhook_events_check,
    webhook_subscription_create,
    webhook_subscription_update,
    webhook_url_check,
)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    list_display = ["key", "user", "method", "path", "state", "response_status", "created_at", "expires_at"]
    readonly_fields = [f.name for f in IdempotencyKey._meta.fields]


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    readonly_fields = ["number", "status_code", "error", "duration_ms", "created_at"]
    can_delete = False


class WebhookSubscriptionForm(forms.ModelForm):  # type: ignore[type-arg]
    """URL and events checked by the same rules as the API (the fetcher's address policy)."""

    # A plain text field: the service's address check is the one rule (and the one message).
    url = forms.CharField(max_length=2000, label="URL")
    events = forms.MultipleChoiceField(choices=WebhookSubscription.Event.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookSubscription
        fields = ["url", "events", "description", "is_active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, check in (("url", webhook_url_check), ("events", webhook_events_check)):
            if field in data:
                try:
                    data[field] = check(data[field])
                except DomainError as exc:
                    add_domain_error(self, exc)
        return data


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    """Saves through the webhook services: a new subscription gets a generated secret, shown once."""

    form = WebhookSubscriptionForm
    list_display = ["url", "owner", "events", "is_active", "disabled_reason", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "owner__username"]
    readonly_fields = ["owner", "disabled_reason", "created_at", "updated_at"]

    def has_change_permission(self, request: HttpRequest, obj: WebhookSubscription | None = None) -> bool:
        # The services' rule: owners change their own subscriptions, superusers any.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or roles.can_change_subscription(request.user, obj))

    def save_model(self, request: HttpRequest, obj: WebhookSubscription, form: Any, change: bool) -> None:
        data = form.cleaned_data
        try:
            if change:
                webhook_subscription_update(
                    subscription=obj,
                    user=request.user,
                    url=data["url"],
                    events=data["events"],
                    description=data["description"],
                    is_active=data["is_active"],
                )
                return
            created = webhook_subscription_create(
                user=request.user, url=data["url"], events=data["events"], description=data["description"]
            )
        except DomainError as exc:  # a permission or limit the form could not know
            raise PermissionDenied(exc.message) from exc
        obj.pk = created.subscription.pk
        messages.warning(request, f"The signing secret is {created.secret} — copy it now; it is not shown again.")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event_type", "event_id", "subscription", "status", "attempts", "last_status_code", "created_at"]
    list_filter = ["status", "event_type"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    inlines = [WebhookAttemptInline]


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_label", "note"]
    list_filter = ["action", "object_type"]
    search_fields = ["note", "object_label", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
    readonly_fields = [f.name for f in ReviewEvent._meta.fields]

    # The audit trail is append-only.
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
