from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from factcheck import roles


def workbench(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "organisation_name": settings.ORGANISATION_NAME,
        "user_is_editor": bool(user and user.is_authenticated and roles.is_editor(user)),
        "user_is_factchecker": bool(user and user.is_authenticated and roles.is_factchecker(user)),
    }
