"""Reads of users and of a user's own account objects: API tokens, webhook subscriptions and their deliveries.

Every read is scoped to its owner, so a door that looks one up by id with these querysets answers
404 for someone else's token or subscription, never 403 (which would confirm it exists).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from factcheck.models import ApiToken, WebhookAttempt, WebhookDelivery, WebhookSubscription


def active_user(pk: int) -> Any:
    """The active user with that id, or None (a deactivated account cannot be given work)."""
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def user_named(username: str, *, active_only: bool = True) -> Any:
    """The user with that username, or None; ``active_only=False`` finds a deactivated account too."""
    users = get_user_model().objects.filter(username=username)
    return (users.filter(is_active=True) if active_only else users).first()


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The user's API tokens, revoked ones included, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def webhook_subscriptions_of(user: Any) -> QuerySet[WebhookSubscription]:
    """The webhook subscriptions the user registered, newest first."""
    return WebhookSubscription.objects.filter(owner=user).order_by("-created_at", "-id")


def webhook_deliveries(subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    """Every event sent to one endpoint, newest first, each with its subscription and its attempts in order
    (two queries for any number of deliveries)."""
    return (
        WebhookDelivery.objects.filter(subscription=subscription)
        .select_related("subscription")
        .prefetch_related(Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("number")))
        .order_by("-created_at", "-id")
    )
