"""The match review screen: new claims beside what they may repeat; confirm, reject, undo, in bulk too.

Views parse, call one service (:mod:`archive.services.decisions`, :mod:`archive.services.bulk`) and
render; refusals become messages (or, for htmx, the row again with the reason, on the error's status).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from archive.forms import TABS, MatchBulkForm, MatchDecisionForm
from archive.models import ClaimMatch
from archive.selectors.matches import match_detail, match_page
from archive.services.bulk import BulkAction, matches_decide, outcome_summary
from archive.services.decisions import match_confirm, match_reject, match_undo
from claims.views.common import STATUS_FOR_KIND, action_error, bulk_done, is_htmx, safe_next, see_other, staff_required
from factcheck import roles
from factcheck.errors import DomainError
from factcheck.shortcuts import found_or_404

DONE = {
    "confirm": "Match confirmed.",
    "reuse": "Match confirmed; the claim is closed as already checked with the reused verdict.",
    "reject": "Match rejected; this pair will not be suggested again.",
    "undo": "Decision undone.",
}

# The screen's own keys (static/js/matches.js), as its keys dialog lists them (templates/_keys.html).
MATCH_KEYS = (
    (("j", "k"), "next / previous match"),
    (("x",), "tick or untick the selected match (for the bulk actions)"),
    (("c",), "confirm the selected match"),
    (("v",), "confirm it and reuse its verdict (editors)"),
    (("r",), "reject the selected match"),
    (("u",), "undo the decision on the selected match"),
)


def _tab(request: HttpRequest) -> str:
    state = request.GET.get("state") or ClaimMatch.State.SUGGESTED
    return state if state in TABS else ClaimMatch.State.SUGGESTED


def _row_context(request: HttpRequest) -> dict[str, Any]:
    return {"can_reuse": roles.can_reuse_verdict(request.user), "states": ClaimMatch.State}


@staff_required
@require_GET
def match_review(request: HttpRequest) -> HttpResponse:
    tab = _tab(request)
    page = match_page(states=(tab,), cursor=request.GET.get("after", ""))
    tabs = [(state, ClaimMatch.State(state).label) for state in TABS]
    context = {
        "page": page,
        "tab": tab,
        "tabs": tabs,
        "here": request.get_full_path(),
        "can_decide": roles.can_decide_matches(request.user),
        "keys": MATCH_KEYS,
        **_row_context(request),
    }
    return render(request, "archive/matches.html", context)


def _match_or_404(pk: int) -> ClaimMatch:
    return found_or_404(match_detail, pk, missing="No such match.")


def _row(request: HttpRequest, match: ClaimMatch, *, status: int = 200, error: str = "") -> HttpResponse:
    fresh = _match_or_404(match.pk)
    context = {
        "match": fresh,
        "error": error,
        "can_decide": True,
        "here": safe_next(request, ""),
        **_row_context(request),
    }
    return render(request, "archive/_match_row.html", context, status=status)


@staff_required
@require_POST
def match_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """POST confirm (optionally reusing the verdict), reject or undo one match."""
    match = _match_or_404(pk)
    back = safe_next(request, reverse("archive:matches"))
    form = MatchDecisionForm(request.POST)
    reuse = form.is_valid() and form.cleaned_data["reuse_verdict"] and action == "confirm"
    try:
        if action == "confirm":
            match_confirm(match=match, user=request.user, reuse_verdict=bool(reuse))
        elif action == "reject":
            match_reject(match=match, user=request.user)
        else:
            match_undo(match=match, user=request.user)
    except DomainError as error:
        if is_htmx(request):
            return _row(request, match, status=STATUS_FOR_KIND.get(error.kind, 400), error=error.message)
        return action_error(request, error, back=back)
    if is_htmx(request):
        return _row(request, match)
    messages.success(request, DONE["reuse" if reuse else action])
    return see_other(back)


@staff_required
@require_POST
def match_bulk(request: HttpRequest) -> HttpResponse:
    """POST one action on every ticked match: "N done, M refused (why)"."""
    back = safe_next(request, reverse("archive:matches"))
    form = MatchBulkForm(request.POST)
    if not form.is_valid():
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, problems or "Choose an action and tick at least one match.")
        return see_other(back)
    try:
        outcomes = matches_decide(
            action=BulkAction(form.cleaned_data["action"]),
            match_ids=form.cleaned_data["picked"],
            user=request.user,
            reuse_verdict=form.cleaned_data["reuse_verdict"],
        )
    except DomainError as error:
        return action_error(request, error, back=back)
    return bulk_done(request, outcomes, outcome_summary(outcomes), back=back)
