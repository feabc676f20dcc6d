"""The three roles exist with the permissions the services check."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from claims.forms import AssignForm
from claims.services import verdict_approve
from factcheck import roles
from factcheck.errors import Forbidden
from factcheck.models import ApiToken
from factcheck.services.tokens import api_token_create
from tests.factories import UserFactory
from tests.workflow import submitted_verdict

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


def test_claim_takers_are_everyone_can_take_says_may_hold_a_claim(factchecker, editor, outsider):
    UserFactory(username="root", is_superuser=True)  # every permission, no group
    direct = UserFactory(username="direct")
    direct.user_permissions.add(Permission.objects.get(codename="take_claim", content_type__app_label="claims"))
    takers = list(roles.claim_takers())
    assert takers == sorted(takers, key=lambda u: u.username)
    assert {u.username for u in takers} == {"fc", "ed", "root", "direct"}
    assert all(roles.can_take(u) for u in takers) and not roles.can_take(outsider)
    # The desk's "Assign to" offers the same people.
    assert set(AssignForm().fields["assignee"].queryset) == set(takers)


def test_an_admin_cannot_approve_a_verdict_they_wrote():
    root = UserFactory(username="root", role="admin", is_staff=True, is_superuser=True)
    submitted = submitted_verdict(root)
    assert not roles.can_review_verdict(root, submitted)
    with pytest.raises(Forbidden, match="another editor"):
        verdict_approve(claim=submitted.claim, user=root, expected_version=submitted.version)


def test_a_user_without_a_role_cannot_create_api_tokens(client):
    nobody = UserFactory()
    assert not roles.can_create_api_tokens(nobody)
    with pytest.raises(Forbidden, match="no role"):
        api_token_create(user=nobody, name="cms")
    client.force_login(nobody)
    page = client.get("/account/tokens/")
    assert page.status_code == 200 and b"Create token" not in page.content and b"no role yet" in page.content
    client.post("/account/tokens/", {"name": "cms"})
    assert not ApiToken.objects.filter(user=nobody).exists()
    api = client.post(
        "/api/v1/auth/token/", {"username": nobody.username, "password": "correct horse battery staple", "name": "x"}
    )
    assert api.status_code == 403 and not ApiToken.objects.filter(user=nobody).exists()


def test_services_and_selectors_ask_roles_never_has_perm_or_is_superuser():
    """Every permission rule is a function in factcheck.roles: a service that asked ``has_perm`` or
    ``is_superuser`` itself could decide differently from the door that showed the button."""
    import pathlib

    root = pathlib.Path(roles.__file__).resolve().parent.parent
    layers = ("services", "selectors")
    found = []
    for path in sorted(root.glob("*/**/*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in {".venv", "tests"} or not any(
            part in layers or part.removesuffix(".py") in layers for part in relative.parts
        ):
            continue
        text = path.read_text()
        found += [f"{relative}: {word}" for word in ("has_perm", "is_superuser") if word in text]
    assert found == []
