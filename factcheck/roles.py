"""Roles are Django groups with permissions; services ask these questions, never group names.

Every permission rule of the workbench is one function here, called by name from services, views,
API permission classes and forms alike, so no door decides differently.

``fact-checker``: submits articles, takes claims, decides on evidence, drafts and submits verdicts.
``editor``: everything a fact-checker does, plus approving/returning verdicts, reassigning and
dismissing claims, the reference library and reports.
``admin``: everything, plus ratings, webhooks and users (the Django admin).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

FACT_CHECKER = "fact-checker"
EDITOR = "editor"
ADMIN = "admin"
ROLE_NAMES = (FACT_CHECKER, EDITOR, ADMIN)

# app_label.codename, per role. The data migration and tests read this one table.
FACT_CHECKER_PERMISSIONS = (
    "claims.add_article",
    "claims.view_article",
    "claims.view_claim",
    "claims.take_claim",
    "claims.view_verdict",
    "evidence.view_evidencedocument",
    "evidence.decide_evidence",
    "archive.view_factcheck",
    "archive.view_claimmatch",
    "archive.change_claimmatch",
)
EDITOR_PERMISSIONS = FACT_CHECKER_PERMISSIONS + (
    "claims.approve_verdict",
    "claims.assign_claim",
    "claims.dismiss_claim",
    "claims.view_reports",
    "evidence.add_evidencedocument",
    "evidence.change_evidencedocument",
    "evidence.delete_evidencedocument",
    "archive.add_factcheck",
)
ADMIN_PERMISSIONS = EDITOR_PERMISSIONS + (
    "claims.add_rating",
    "claims.change_rating",
    "claims.delete_rating",
    "factcheck.manage_webhooks",
)
ROLE_PERMISSIONS = {FACT_CHECKER: FACT_CHECKER_PERMISSIONS, EDITOR: EDITOR_PERMISSIONS, ADMIN: ADMIN_PERMISSIONS}


def role_of(user: Any) -> str | None:
    """The highest role a user holds, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return ADMIN
    names = {g.name for g in user.groups.all()}
    for role in (ADMIN, EDITOR, FACT_CHECKER):
        if role in names:
            return role
    return None


def _has(user: Any, permission: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(permission))


def can_take(user: Any) -> bool:
    return _has(user, "claims.take_claim")


def is_factchecker(user: Any) -> bool:
    return can_take(user)


def is_editor(user: Any) -> bool:
    return _has(user, "claims.approve_verdict")


def can_submit_articles(user: Any) -> bool:
    return _has(user, "claims.add_article")


def can_dismiss(user: Any) -> bool:
    return _has(user, "claims.dismiss_claim")


def can_view_reports(user: Any) -> bool:
    return _has(user, "claims.view_reports")


def can_gather_evidence(user: Any) -> bool:
    """Fact-checkers and editors may ask the providers again and decide on evidence."""
    return _has(user, "evidence.decide_evidence")


def can_decide_evidence(user: Any, claim: Any) -> bool:
    """Deciding on a claim's evidence: its assignee, or an editor (the claim's status is the service's check)."""
    return can_gather_evidence(user) and (claim.assignee_id == user.pk or is_editor(user))


def can_edit_verdict(user: Any, claim: Any) -> bool:
    """Writing a claim's verdict: only the reviewer it is assigned to (the verdict's status is checked apart)."""
    return can_take(user) and claim.assignee_id == user.pk


def can_shape_claim(user: Any, claim: Any) -> bool:
    """Editing, splitting or merging a claim: an editor, the claim's assignee, or any fact-checker
    while nobody holds it (the claim's status is the service's check)."""
    return can_take(user) and (is_editor(user) or claim.assignee_id in (None, user.pk))


def can_add_claim(user: Any) -> bool:
    """Adding a claim the extractor missed: fact-checkers and editors."""
    return can_take(user)


def can_review_verdict(user: Any, verdict: Any) -> bool:
    """Approving or returning a verdict: an editor who did not write it. Four eyes, admins included."""
    return is_editor(user) and verdict.author_id != user.pk


def can_correct_verdict(user: Any) -> bool:
    """Correcting or retracting a published verdict: editors (the public note says who changed what)."""
    return is_editor(user)


def can_read_library(user: Any) -> bool:
    return _has(user, "evidence.view_evidencedocument")


def can_add_to_library(user: Any) -> bool:
    return _has(user, "evidence.add_evidencedocument")


def can_change_library(user: Any) -> bool:
    return _has(user, "evidence.change_evidencedocument")


def can_delete_from_library(user: Any) -> bool:
    return _has(user, "evidence.delete_evidencedocument")


def can_read_archive(user: Any) -> bool:
    return _has(user, "archive.view_factcheck")


def can_import_factchecks(user: Any) -> bool:
    """Importing fact-checks into the archive (files, the API): editors."""
    return _has(user, "archive.add_factcheck")


def can_decide_matches(user: Any) -> bool:
    """Confirming, rejecting or undoing a claim's match with an earlier fact-check: fact-checkers and editors."""
    return _has(user, "archive.change_claimmatch")


def can_create_api_tokens(user: Any) -> bool:
    """A token acts as its user, so only a user with a role (who could do something with it) gets one."""
    return role_of(user) is not None


def can_reuse_verdict(user: Any) -> bool:
    """Closing a claim with a confirmed match's verdict publishes it without review: editors, as approving does."""
    return is_editor(user)


def can_manage_webhooks(user: Any) -> bool:
    return _has(user, "factcheck.manage_webhooks")


def can_change_subscription(user: Any, subscription: Any) -> bool:
    """Changing a webhook subscription: a webhook manager who owns it, or a superuser (the Django admin)."""
    return can_manage_webhooks(user) and (subscription.owner_id == user.pk or user.is_superuser)


def can_revoke_token(user: Any, token: Any) -> bool:
    """Revoking an API token: its own user, or a superuser."""
    return token.user_id == user.pk or bool(user.is_superuser)


def can_delete_claims(user: Any) -> bool:
    """Deleting a claim with its evidence and verdict: admins (``claims.delete_claim``)."""
    return _has(user, "claims.delete_claim")


def can_delete_articles(user: Any) -> bool:
    """Deleting an article with its claims: admins (``claims.delete_article``)."""
    return _has(user, "claims.delete_article")


def claim_takers() -> QuerySet[Any]:
    """Users who can hold claims (fact-checkers, editors, admins and superusers), by username.

    The same rule as :func:`can_take`, as a query: the permission through a group or given to the
    user directly, or a superuser (who has every permission without a group).
    """
    perm = {"codename": "take_claim", "content_type__app_label": "claims"}
    through_group = Q(**{f"groups__permissions__{key}": value for key, value in perm.items()})
    direct = Q(**{f"user_permissions__{key}": value for key, value in perm.items()})
    return (
        get_user_model().objects.filter(through_group | direct | Q(is_superuser=True)).distinct().order_by("username")
    )
