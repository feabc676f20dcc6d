"""Roles are Django groups with permissions; services ask these questions, never group names.

Every permission rule of the workbench is one function here, called by name from services, views,
API permission classes and forms alike, so no door decides differently.

``fact-checker``: submits articles, takes claims, decides on evidence, drafts and submits verdicts.
``editor``: everything a fact-checker does, plus approving/returning verdicts, reassigning and
dismissing claims, the reference library and reports.
``admin``: everything, plus ratings, webhooks and users (the Django admin).
"""

from __future__ import annotations

from collections.abc import Callable
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


def _permission_rule(permission: str, doc: str) -> Callable[[Any], bool]:
    """A rule that is one permission: the user is signed in and holds it (a superuser holds every
    one). Such rules are made here, one line each, so they read as a table."""

    def rule(user: Any) -> bool:
        return _has(user, permission)

    rule.__doc__ = doc
    rule.__name__ = rule.__qualname__ = f"rule[{permission}]"
    return rule


# The rules that are one permission each (a signed-in user holding it; superusers hold them all).
can_view_claims = _permission_rule("claims.view_claim", "Reading the workbench's claims: every role.")
can_take = _permission_rule("claims.take_claim", "Taking claims and working on them: fact-checkers and editors.")
is_factchecker = _permission_rule("claims.take_claim", "A fact-checker (or more): whoever may take claims.")
can_add_claim = _permission_rule("claims.take_claim", "Adding a claim the extractor missed: fact-checkers and editors.")
is_editor = _permission_rule("claims.approve_verdict", "An editor (or an admin): whoever may approve verdicts.")
can_correct_verdict = _permission_rule(
    "claims.approve_verdict",
    "Correcting or retracting a published verdict: editors (the public note says who changed what).",
)
can_reuse_verdict = _permission_rule(
    "claims.approve_verdict",
    "Closing a claim with a confirmed match's verdict publishes it without review: editors, as approving does.",
)
can_submit_articles = _permission_rule("claims.add_article", "Submitting articles: fact-checkers and editors.")
can_dismiss = _permission_rule("claims.dismiss_claim", "Dismissing claims and acting on many at once: editors.")
can_view_reports = _permission_rule("claims.view_reports", "Reading the reports: editors.")
can_delete_claims = _permission_rule("claims.delete_claim", "Deleting a claim with its evidence and verdict: admins.")
can_delete_articles = _permission_rule("claims.delete_article", "Deleting an article with its claims: admins.")
can_gather_evidence = _permission_rule(
    "evidence.decide_evidence", "Asking the providers again and deciding on evidence: fact-checkers and editors."
)
can_read_library = _permission_rule("evidence.view_evidencedocument", "Reading the reference library: every role.")
can_add_to_library = _permission_rule("evidence.add_evidencedocument", "Adding to the reference library: editors.")
can_change_library = _permission_rule("evidence.change_evidencedocument", "Changing library documents: editors.")
can_delete_from_library = _permission_rule("evidence.delete_evidencedocument", "Removing library documents: editors.")
can_read_archive = _permission_rule("archive.view_factcheck", "Reading the fact-check archive: every role.")
can_import_factchecks = _permission_rule(
    "archive.add_factcheck", "Importing fact-checks into the archive (files, the API): editors."
)
can_read_matches = _permission_rule("archive.view_claimmatch", "Reading claims' matches with the archive: every role.")
can_decide_matches = _permission_rule(
    "archive.change_claimmatch",
    "Confirming, rejecting or undoing a claim's match with an earlier fact-check: fact-checkers and editors.",
)
can_manage_webhooks = _permission_rule("factcheck.manage_webhooks", "Managing webhook subscriptions: admins.")


# The rules that look at the object too.
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


def can_review_verdict(user: Any, verdict: Any) -> bool:
    """Approving or returning a verdict: an editor who did not write it. Four eyes, admins included."""
    return is_editor(user) and verdict.author_id != user.pk


def can_create_api_tokens(user: Any) -> bool:
    """A token acts as its user, so only a user with a role (who could do something with it) gets one."""
    return role_of(user) is not None


def can_change_subscription(user: Any, subscription: Any) -> bool:
    """Changing a webhook subscription: a webhook manager who owns it, or a superuser (the Django admin)."""
    return can_manage_webhooks(user) and (subscription.owner_id == user.pk or user.is_superuser)


def can_revoke_token(user: Any, token: Any) -> bool:
    """Revoking an API token: its own user, or a superuser."""
    return token.user_id == user.pk or bool(user.is_superuser)


def first_active_superuser() -> Any:
    """The oldest active superuser (whom a command acts for when not told otherwise), or None."""
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


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
