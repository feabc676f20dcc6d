"""Who may call which endpoint, by role. The services check again (and object-level rules such
as "only the assignee"); these give an early, documented 401/403 for a whole endpoint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from factcheck import roles


class RolePermission(BasePermission):
    """A whole endpoint for the users one rule of :mod:`factcheck.roles` admits."""

    rule: Callable[[Any], bool]
    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and self.rule(request.user))


class CanViewClaims(RolePermission):
    rule = staticmethod(roles.can_view_claims)
    message = "Only fact-checkers, editors and admins can read the workbench."


class CanSubmitArticles(RolePermission):
    rule = staticmethod(roles.can_submit_articles)
    message = "Only fact-checkers and editors can submit articles."


class CanTakeClaims(RolePermission):
    rule = staticmethod(roles.can_take)
    message = "Only fact-checkers and editors can work on claims."


class IsEditor(RolePermission):
    rule = staticmethod(roles.is_editor)
    message = "Only editors can do this."


class CanDismissClaims(RolePermission):
    rule = staticmethod(roles.can_dismiss)
    message = "Only editors can dismiss claims."


class CanDecideEvidence(RolePermission):
    rule = staticmethod(roles.can_gather_evidence)
    message = "Only fact-checkers and editors can decide on evidence."


class CanReadLibrary(RolePermission):
    rule = staticmethod(roles.can_read_library)
    message = "Only fact-checkers, editors and admins can read the library."


class CanAddLibraryDocuments(RolePermission):
    rule = staticmethod(roles.can_add_to_library)
    message = "Only editors can add to the reference library."


class CanChangeLibraryDocuments(RolePermission):
    rule = staticmethod(roles.can_change_library)
    message = "Only editors can change the reference library."


class CanDeleteLibraryDocuments(RolePermission):
    rule = staticmethod(roles.can_delete_from_library)
    message = "Only editors can remove documents from the reference library."


class CanReadMatches(RolePermission):
    rule = staticmethod(roles.can_read_matches)
    message = "Only fact-checkers, editors and admins can read matches."


class CanDecideMatches(RolePermission):
    rule = staticmethod(roles.can_decide_matches)
    message = "Only fact-checkers and editors can decide on matches."


class CanReadArchive(RolePermission):
    rule = staticmethod(roles.can_read_archive)
    message = "Only fact-checkers, editors and admins can read the fact-check archive."


class CanImportFactChecks(RolePermission):
    rule = staticmethod(roles.can_import_factchecks)
    message = "Only editors can import fact-checks."


class CanManageWebhooks(RolePermission):
    rule = staticmethod(roles.can_manage_webhooks)
    message = "Only admins can manage webhooks."


class PermissionsByMethod:
    """A view mixin: ``permissions_by_method = {"GET": [...], "POST": [...]}``; others fall back to
    ``permission_classes``. Lets one URL (list + create) carry different roles per method."""

    permissions_by_method: dict[str, list[type[BasePermission]]] = {}
    permission_classes: Any

    def get_permissions(self) -> list[BasePermission]:
        request = getattr(self, "request", None)
        method = request.method if request is not None else "GET"
        classes = self.permissions_by_method.get(method or "GET", self.permission_classes)
        return [permission() for permission in classes]
