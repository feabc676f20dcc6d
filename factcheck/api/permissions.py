"""Who may call which endpoint, by role. The services check again (and object-level rules such
as "only the assignee"); these give an early, documented 401/403 for a whole endpoint."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class _HasPermissions(BasePermission):
    perms: tuple[str, ...] = ()
    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(self.perms))


class CanViewClaims(_HasPermissions):
    perms = ("claims.view_claim",)
    message = "Only fact-checkers, editors and admins can read the workbench."


class CanSubmitArticles(_HasPermissions):
    perms = ("claims.add_article",)
    message = "Only fact-checkers and editors can submit articles."


class CanTakeClaims(_HasPermissions):
    perms = ("claims.take_claim",)
    message = "Only fact-checkers and editors can work on claims."


class IsEditor(_HasPermissions):
    perms = ("claims.approve_verdict",)
    message = "Only editors can do this."


class CanDismissClaims(_HasPermissions):
    perms = ("claims.dismiss_claim",)
    message = "Only editors can dismiss claims."


class CanDecideEvidence(_HasPermissions):
    perms = ("evidence.decide_evidence",)
    message = "Only fact-checkers and editors can decide on evidence."


class CanReadLibrary(_HasPermissions):
    perms = ("evidence.view_evidencedocument",)
    message = "Only fact-checkers, editors and admins can read the library."


class CanAddLibraryDocuments(_HasPermissions):
    perms = ("evidence.add_evidencedocument",)
    message = "Only editors can add to the reference library."


class CanChangeLibraryDocuments(_HasPermissions):
    perms = ("evidence.change_evidencedocument",)
    message = "Only editors can change the reference library."


class CanDeleteLibraryDocuments(_HasPermissions):
    perms = ("evidence.delete_evidencedocument",)
    message = "Only editors can remove documents from the reference library."


class CanReadMatches(_HasPermissions):
    perms = ("archive.view_claimmatch",)
    message = "Only fact-checkers, editors and admins can read matches."


class CanDecideMatches(_HasPermissions):
    perms = ("archive.change_claimmatch",)
    message = "Only fact-checkers and editors can decide on matches."


class CanReadArchive(_HasPermissions):
    perms = ("archive.view_factcheck",)
    message = "Only fact-checkers, editors and admins can read the fact-check archive."


class CanImportFactChecks(_HasPermissions):
    perms = ("archive.add_factcheck",)
    message = "Only editors can import fact-checks."


class CanManageWebhooks(_HasPermissions):
    perms = ("factcheck.manage_webhooks",)
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
