"""Roles are Django groups with permissions; services ask these questions, never group names.

``fact-checker``: submits articles, takes claims, decides on evidence, drafts and submits verdicts.
``editor``: everything a fact-checker does, plus approving/returning verdicts, reassigning and
dismissing claims, the reference library and reports.
``admin``: everything, plus ratings, webhooks and users (the Django admin).
"""

from __future__ import annotations

from typing import Any

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
)
EDITOR_PERMISSIONS = FACT_CHECKER_PERMISSIONS + (
    "claims.approve_verdict",
    "claims.assign_claim",
    "claims.dismiss_claim",
    "claims.view_reports",
    "evidence.add_evidencedocument",
    "evidence.change_evidencedocument",
    "evidence.delete_evidencedocument",
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


def can_take(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("claims.take_claim"))


def is_factchecker(user: Any) -> bool:
    return can_take(user)


def is_editor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("claims.approve_verdict"))


def can_submit_articles(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("claims.add_article"))
