"""The signed-in user of a request, typed as a :class:`User` rather than ``User | AnonymousUser``."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.request import Request


def signed_in_user(request: HttpRequest | Request) -> User:
    """``request.user`` on a page or endpoint that already requires a log-in.

    ``login_required`` and ``IsAuthenticated`` let only signed-in users through, so the refusal
    here is a second line: it answers 403 (Django and DRF both turn ``PermissionDenied`` into one)
    instead of querying with an anonymous user.
    """
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("Log in first.")
    return user
