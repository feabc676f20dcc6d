"""The three roles exist with the permissions the services check."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from factcheck import roles

pytestmark = pytest.mark.django_db


def test_roles_are_created_by_migration_with_their_permissions():
    for role, perms in roles.ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        have = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert have == set(perms)


def test_factchecker_can_take_but_not_approve(factchecker):
    assert roles.can_take(factchecker)
    assert not roles.is_editor(factchecker)
    assert roles.role_of(factchecker) == roles.FACT_CHECKER


def test_editor_can_take_and_approve(editor):
    assert roles.can_take(editor) and roles.is_editor(editor)
    assert roles.role_of(editor) == roles.EDITOR


def test_admin_manages_webhooks_and_ratings(admin_user):
    assert admin_user.has_perm("factcheck.manage_webhooks")
    assert admin_user.has_perm("claims.change_rating")
    assert roles.role_of(admin_user) == roles.ADMIN


def test_user_without_role_can_do_nothing(outsider):
    assert roles.role_of(outsider) is None
    assert not roles.can_take(outsider)
    assert not roles.can_submit_articles(outsider)
