"""Signals that forget cached token resolutions when a token, a user or a role changes.

Connected in :meth:`factcheck.apps.FactcheckConfig.ready`, so changes made anywhere (services, the
Django admin, the shell) reach the cache; :func:`factcheck.services.tokens.api_token_revoke` also
forgets explicitly. Bulk ``QuerySet.update()`` calls send no signal: the cache's lifetime
(``API_TOKEN_CACHE_SECONDS``) bounds what they can leave behind.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from factcheck.models import ApiToken
from factcheck.services.tokens import api_token_cache_forget, api_token_cache_forget_users

MEMBERSHIP_ACTIONS = {"post_add", "post_remove", "post_clear", "pre_clear"}


def _token_changed(sender: Any, instance: ApiToken, **kwargs: Any) -> None:
    api_token_cache_forget(key_hashes=[instance.key_hash])


def _user_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    api_token_cache_forget_users(user_ids=[instance.pk])


def _membership_changed(sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any) -> None:
    """A user's groups or permissions, or a group's permissions, changed (from either side)."""
    if action not in MEMBERSHIP_ACTIONS:
        return
    user = get_user_model()
    if isinstance(instance, user):
        api_token_cache_forget_users(user_ids=[instance.pk])
    elif isinstance(instance, Group):
        if sender is user.groups.through and pk_set:  # group.user_set.add/remove(...): those users
            api_token_cache_forget_users(user_ids=list(pk_set))
        else:  # the group's members (before a clear, or whose permissions changed)
            _group_changed(Group, instance)
    elif pk_set and sender is Group.permissions.through:  # permission.group_set.…: those groups' users
        for group in Group.objects.filter(pk__in=pk_set):
            _group_changed(Group, group)
    elif pk_set:  # permission.user_set.…: those users
        api_token_cache_forget_users(user_ids=list(pk_set))


def _group_changed(sender: Any, instance: Group, **kwargs: Any) -> None:
    api_token_cache_forget_users(user_ids=list(instance.user_set.values_list("pk", flat=True)))


def connect() -> None:
    user = get_user_model()
    post_save.connect(_token_changed, sender=ApiToken, dispatch_uid="token-cache.token-saved")
    post_delete.connect(_token_changed, sender=ApiToken, dispatch_uid="token-cache.token-deleted")
    post_save.connect(_user_changed, sender=user, dispatch_uid="token-cache.user-saved")
    pre_delete.connect(_user_changed, sender=user, dispatch_uid="token-cache.user-deleted")
    pre_delete.connect(_group_changed, sender=Group, dispatch_uid="token-cache.group-deleted")
    m2m_changed.connect(_membership_changed, sender=user.groups.through, dispatch_uid="token-cache.groups")
    m2m_changed.connect(_membership_changed, sender=user.user_permissions.through, dispatch_uid="token-cache.perms")
    m2m_changed.connect(_membership_changed, sender=Group.permissions.through, dispatch_uid="token-cache.group-perms")
