"""The claim queue: filters in the URL, keyset pages, "Take next" honouring the filters."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims.forms import BulkForm, QueueFilterForm
from claims.models import Claim
from claims.selectors.queue import claim_list, filter_chips, queue_page
from claims.services import claim_take_next
from claims.views.common import action_error, see_other, staff_required
from factcheck import roles
from factcheck.errors import DomainError, ErrorKind

# Filters folded under "More filters" unless one of them is set.
MORE_FILTERS = ("assignee", "has_duplicate", "created_from", "created_to", "score_min", "score_max")


def _filter_query(request: HttpRequest, *without: str) -> str:
    """The current filters as a query string, without the page cursor (and without ``without``)."""
    query = request.GET.copy()
    for name in ("after", *without):
        query.pop(name, None)
    return query.urlencode()


@staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    # The filters and the bulk bar both offer the people who can hold claims: fetched once.
    takers = list(roles.claim_takers())
    form = QueueFilterForm(request.GET or None, takers=takers)
    if form.is_bound and not form.is_valid():
        # A filter that is not understood is not dropped: that would show a wider queue than asked for.
        return render(
            request,
            "claims/queue.html",
            {
                "form": form,
                "page": None,
                "query": _filter_query(request),
                "more_filters": True,
                "statuses": Claim.Status,
            },
            status=400,
        )
    filters = form.to_filters()
    page = queue_page(filters=filters, cursor=form.cleaned_data.get("after", "") if form.is_bound else "")
    query = _filter_query(request)
    mine_query = f"assignee={request.user.pk}&status=open"
    speaker, article = filter_chips(filters)
    for claim in page.claims:
        # A claim without a verdict raises on ``claim.verdict``; the template would catch it (and
        # call dir() on the claim) at each of its three lookups of every row.
        claim.verdict_or_none = getattr(claim, "verdict", None)  # type: ignore[attr-defined]
    context = {
        "form": form,
        "page": page,
        "query": query,
        # Rows link to "this speaker / this article" within the other filters.
        "query_no_speaker": _filter_query(request, "speaker"),
        "query_no_article": _filter_query(request, "article"),
        "mine": request.GET.get("assignee") == str(request.user.pk),
        "mine_query": mine_query,
        "more_filters": any(request.GET.get(name) for name in MORE_FILTERS),
        # Chips for the filters set by following a link in a row.
        "speaker": speaker,
        "article": article,
        "statuses": Claim.Status,
        # Editors act on many claims at once; the bar carries the filters for "all matching" and the way back.
        "bulk_form": BulkForm(initial={"filters": query}, takers=takers) if roles.is_editor(request.user) else None,
    }
    return render(request, "claims/queue.html", context)


@staff_required
@require_POST
def take_next(request: HttpRequest) -> HttpResponse:
    """Assign the top new claim of the queue as currently filtered (the filters ride in the query string)."""
    form = QueueFilterForm(request.GET or None)
    back = f"{reverse('claims:queue')}?{_filter_query(request)}"
    if form.is_bound and not form.is_valid():
        # Never take from a wider queue than the one on screen.
        return action_error(request, DomainError("Fix the queue's filters before taking the next claim."), back=back)
    filters = replace(form.to_filters(), status=(Claim.Status.NEW,))
    try:
        claim = claim_take_next(user=request.user, queryset=claim_list(filters=filters))
    except DomainError as error:
        if error.kind == ErrorKind.NOT_FOUND and _filter_query(request):
            # The queue may be full; what is empty is this filtered view of it.
            error = DomainError("No new claim matches these filters.", kind=ErrorKind.NOT_FOUND)
        return action_error(request, error, back=back)
    messages.success(request, "The next claim is yours.")
    return see_other(reverse("claims:desk", args=[claim.pk]))
