from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest

from archive.selectors.matches import pending_count
from factcheck import roles


def _once(count: Callable[[], int]) -> Callable[[], int]:
    """``count`` run at most once per request (the template asks for it twice), and only if asked."""
    memo: list[int] = []

    def value() -> int:
        if not memo:
            memo.append(count())
        return memo[0]

    return value


def workbench(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    can_decide_matches = bool(user and user.is_authenticated and roles.can_decide_matches(user))
    return {
        "organisation_name": settings.ORGANISATION_NAME,
        "user_is_editor": bool(user and user.is_authenticated and roles.is_editor(user)),
        "user_is_factchecker": bool(user and user.is_authenticated and roles.is_factchecker(user)),
        # Called by the template only where the navigation is drawn (one COUNT), for people who decide matches.
        "pending_matches": _once(pending_count) if can_decide_matches else None,
    }
