"""The queue's bulk bar: one action on the ticked claims (or all matching the filters), one confirmation,
and the outcome as "N done, M refused (why)"."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims.forms import BulkForm, QueueFilterForm
from claims.selectors.queue import claim_list
from claims.services import bulk_summary, claims_bulk
from claims.services.bulk import MAX_BULK_CLAIMS
from claims.views.common import bulk_done, editor_required, see_other
from factcheck.errors import DomainError


def _matching_ids(filters_query: str) -> list[int]:
    """The claims the queue shows for these filters (every page), up to one more than may be acted on."""
    form = QueueFilterForm(QueryDict(filters_query) or None)
    if form.is_bound and not form.is_valid():
        raise DomainError("The queue's filters are not valid; fix them first.", field="filters")
    ids = claim_list(filters=form.to_filters()).values_list("pk", flat=True)[: MAX_BULK_CLAIMS + 1]
    return list(ids)


@editor_required
@require_POST
def queue_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    filters_query = request.POST.get("filters", "")[:4000]
    back = reverse("claims:queue") + (f"?{filters_query}" if filters_query else "")
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {errors[0]}" if label else str(errors[0]))
        return see_other(back)
    data = form.cleaned_data
    try:
        ids = _matching_ids(filters_query) if data["all_matching"] else data["claims"]
        assignee = data["assignee"]
        results = claims_bulk(
            user=request.user,
            action=data["action"],
            claim_ids=ids,
            assignee=assignee.pk if assignee else None,
            reason=data["reason"],
            priority=data["priority"],
            duplicate_of=data["duplicate_of"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return see_other(back)
    return bulk_done(request, results, bulk_summary(results), back=back)
