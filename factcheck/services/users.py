"""Creating the workbench's own users from code (the demo, generated data): one role each."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction


@dataclass(frozen=True)
class EnsuredUser:
    user: Any
    created: bool
    # The password set by this call (the one given, or a generated one), None when unchanged.
    password: str | None


@transaction.atomic
def user_ensure(
    *,
    username: str,
    role: str,
    profile: Mapping[str, Any] | None = None,
    password: str | None = None,
    can_log_in: bool = True,
) -> EnsuredUser:
    """The user ``username`` in the group ``role``, created when missing; idempotent.

    ``profile`` (names, staff flags) is applied every time. A user who may log in gets
    ``password`` or, when created without one, a random password returned once; an existing
    user's password changes only when one is given. ``can_log_in=False`` creates a user with an
    unusable password (demo colleagues whose work fills the reports; nobody logs in as them).
    """
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
    for key, value in (profile or {}).items():
        setattr(user, key, value)
    chosen: str | None = None
    if can_log_in and (created or password):
        chosen = password or secrets.token_urlsafe(12)
        user.set_password(chosen)
    elif created:
        user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return EnsuredUser(user=user, created=created, password=chosen)
