"""API tokens: create (the key is shown once), authenticate, revoke.

Only a SHA-256 of the key is stored. Keys are 256 random bits, so a plain hash (not a slow
password hash) is enough: nobody can guess a preimage, and look-ups stay one indexed query.

The token → user → permissions resolution is cached (Django's cache: Redis when configured) for
``API_TOKEN_CACHE_SECONDS``, keyed by the key's hash, with the user's permissions resolved before it
is stored, so a request with a known token reads no token, user or permission rows. Revoking a token
and any change to its user, the user's groups or permissions, or a group's permissions forget the
entries at once and again on commit (:func:`api_token_cache_forget`, connected in ``apps.py``).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from factcheck import clock, roles
from factcheck.errors import DomainError, ErrorKind, Forbidden
from factcheck.models import ApiToken

KEY_PREFIX = "fcw_"
PREFIX_LENGTH = 12  # "fcw_" + 8 characters: enough to tell tokens apart in a list, useless to an attacker
# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_ACTIVE_TOKENS = 50


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    key: str  # the only time the key exists outside the client


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> CreatedToken:
    """Create a token acting as ``user``. The returned key is never stored and never shown again."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Forbidden("Log in to create an API token.")
    if not roles.can_create_api_tokens(user):
        raise Forbidden("Your account has no role yet (fact-checker, editor or admin); ask an admin for one first.")
    name = (name or "").strip()
    if not name:
        raise DomainError("Give the token a name, e.g. the system that will use it.", field="name")
    if len(name) > 100:
        raise DomainError("The name must be at most 100 characters.", field="name")
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise DomainError(f"You already have {MAX_ACTIVE_TOKENS} active tokens; revoke one first.", field="name")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key))
    return CreatedToken(token=token, key=key)


def _cache_key(key_hash: str) -> str:
    return f"fcw:api-token:{key_hash}"


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The active token with this key (its user joined, permissions resolved), or None.

    Served from the cache when it can be; records when the token was last used (once a minute).
    """
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    digest = hash_key(key)
    seconds = settings.API_TOKEN_CACHE_SECONDS
    token = cache.get(_cache_key(digest)) if seconds else None
    if token is None:
        token = ApiToken.objects.select_related("user").filter(key_hash=digest, revoked_at__isnull=True).first()
        if token is None:
            return None
        token.user.get_all_permissions()  # fills the user's permission cache, which is stored with it
        if seconds:
            cache.set(_cache_key(digest), token, seconds)
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        # Conditional so concurrent requests write at most once per minute.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        token.last_used_at = now
        if seconds:
            cache.set(_cache_key(digest), token, seconds)
    return token


def api_token_cache_forget(*, key_hashes: list[str]) -> None:
    """Drop cached resolutions now and once more when the transaction commits (so a request that
    read the old rows between the two cannot keep them)."""
    if not key_hashes:
        return
    keys = [_cache_key(h) for h in key_hashes]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def api_token_cache_forget_users(*, user_ids: list[int]) -> None:
    """Forget the cached resolutions of every token of these users (their role or state changed)."""
    if user_ids:
        api_token_cache_forget(
            key_hashes=list(ApiToken.objects.filter(user_id__in=user_ids).values_list("key_hash", flat=True))
        )


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: Any) -> ApiToken:
    """Revoke one of the user's own tokens (admins may revoke anyone's). Revoking twice is harmless."""
    if not roles.can_revoke_token(user, token):
        raise DomainError("No such token.", kind=ErrorKind.NOT_FOUND)
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=clock.now())
    api_token_cache_forget(key_hashes=[token.key_hash])
    token.refresh_from_db()
    return token
