"""Server-rendered account pages: API tokens (every user) and webhook subscriptions (admins).

The same services as the API; a key or secret appears only in the response to the POST that
made it (the page is rendered, not redirected to, so it is never stored or shown again).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from factcheck import roles
from factcheck.errors import DomainError
from factcheck.forms import add_domain_error
from factcheck.models import WebhookSubscription
from factcheck.selectors import api_tokens_of, webhook_deliveries, webhook_subscriptions_of
from factcheck.services.tokens import api_token_create, api_token_revoke
from factcheck.users import signed_in_user
from factcheck.webhooks import services as webhooks

DELIVERIES_SHOWN = 50


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What will use it, e.g. “CMS integration”.")


class WebhookForm(forms.Form):
    url = forms.CharField(max_length=2000, label="Endpoint URL", help_text="A public https:// address.")
    events = forms.MultipleChoiceField(choices=WebhookSubscription.Event.choices, widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(max_length=200, required=False)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            created = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            new_key, form = created.key, TokenForm()
    context = {
        "tokens": api_tokens_of(signed_in_user(request)),
        "form": form,
        "new_key": new_key,
        "can_create": roles.can_create_api_tokens(request.user),
    }
    return render(request, "account/token_list.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(api_tokens_of(request.user), pk=token_id)
    api_token_revoke(token=token, user=request.user)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("account:tokens")


def _require_webhook_manager(request: HttpRequest) -> None:
    if not roles.can_manage_webhooks(request.user):
        raise PermissionDenied("Only admins can manage webhooks.")


def _own(request: HttpRequest, subscription_id: int) -> WebhookSubscription:
    _require_webhook_manager(request)
    return get_object_or_404(webhook_subscriptions_of(request.user), pk=subscription_id)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest) -> HttpResponse:
    _require_webhook_manager(request)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = webhooks.webhook_subscription_create(user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return render(
                request, "account/webhook_detail.html", _detail_context(created.subscription, new_secret=created.secret)
            )
    subscriptions = webhook_subscriptions_of(signed_in_user(request))
    return render(request, "account/webhook_list.html", {"subscriptions": subscriptions, "form": form})


def _detail_context(subscription: WebhookSubscription, *, new_secret: str | None = None) -> dict[str, Any]:
    deliveries = webhook_deliveries(subscription)[:DELIVERIES_SHOWN]
    return {
        "subscription": subscription,
        "deliveries": deliveries,
        "new_secret": new_secret,
        "rotating": len(webhooks.secrets_in_use(subscription)) > 1,
    }


@login_required
def webhook_detail(request: HttpRequest, subscription_id: int) -> HttpResponse:
    return render(request, "account/webhook_detail.html", _detail_context(_own(request, subscription_id)))


@login_required
@require_POST
def webhook_action(request: HttpRequest, subscription_id: int, action: str) -> HttpResponse:
    subscription = _own(request, subscription_id)
    try:
        if action == "test":
            webhooks.webhook_send_test(subscription=subscription, user=request.user)
            messages.success(request, "A test event is on its way; its attempts appear below.")
        elif action == "rotate":
            rotated = webhooks.webhook_subscription_rotate_secret(subscription=subscription, user=request.user)
            return render(
                request, "account/webhook_detail.html", _detail_context(rotated.subscription, new_secret=rotated.secret)
            )
        elif action in ("enable", "disable"):
            webhooks.webhook_subscription_update(
                subscription=subscription, user=request.user, is_active=action == "enable"
            )
            messages.success(request, f"Subscription {action}d.")
        elif action == "delete":
            webhooks.webhook_subscription_delete(subscription=subscription, user=request.user)
            messages.success(request, "Subscription deleted.")
            return redirect("account:webhooks")
        else:
            raise PermissionDenied("Unknown action.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("account:webhook-detail", subscription_id=subscription.pk)


@login_required
@require_POST
def webhook_redeliver(request: HttpRequest, subscription_id: int, delivery_id: int) -> HttpResponse:
    subscription = _own(request, subscription_id)
    delivery = get_object_or_404(webhook_deliveries(subscription), pk=delivery_id)
    try:
        webhooks.webhook_redeliver(delivery=delivery, user=request.user)
        messages.success(request, f"Event {delivery.event_id} queued again.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("account:webhook-detail", subscription_id=subscription.pk)
