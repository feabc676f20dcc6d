"""The desk's evidence: decide on a candidate (htmx swaps its card), add a source, search the
library, fetch again. Each button calls one evidence service; the service decides who may."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from claims.forms import AddSourceForm, EvidenceDecisionForm
from claims.selectors.desk import evidence_for, evidence_item
from claims.selectors.verdicts import verdict_for_claim
from claims.views.common import STATUS_FOR_KIND, action_error, is_htmx, see_other, staff_required
from claims.views.desk import citation_choices, claim_button, claim_or_404, desk_form, desk_url
from evidence.models import EvidenceCandidate
from evidence.search import search_library
from evidence.services import evidence_add_source, evidence_decide, evidence_gather
from factcheck.errors import DomainError
from factcheck.shortcuts import found_or_404


def _evidence_card(
    request: HttpRequest, item: EvidenceCandidate, *, status: int = 200, error: str = ""
) -> HttpResponse:
    claim = item.claim
    checked = set(request.POST.getlist("citations"))
    evidence = evidence_for(claim)
    verdict = verdict_for_claim(claim.pk)
    context = {
        "item": item,
        "claim": claim,
        "can_decide": True,
        "decision_stances": EvidenceCandidate.Stance.choices,
        "error": error,
        # Out-of-band: the verdict form's citation list follows what is accepted, keeping what was ticked.
        "citation_choices": citation_choices(evidence, verdict),
        "checked": checked,
        "accepted_count": sum(1 for e in evidence if e.decision == EvidenceCandidate.Decision.ACCEPTED),
        # Only the assignee's desk has the verdict form whose citation list this refreshes.
        "oob": claim.assignee_id == request.user.pk,
    }
    return render(request, "claims/_evidence_card.html", context, status=status)


@staff_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or reject (or reset) one evidence candidate; htmx swaps the card in place."""
    item = found_or_404(evidence_item, pk, missing="No such evidence.")
    back = f"{desk_url(item.claim_id)}#evidence-{item.pk}"
    form = EvidenceDecisionForm(request.POST)
    if not form.is_valid():
        error = DomainError("Choose accept or reject.", field="decision")
        return (
            _evidence_card(request, item, status=400, error=error.message)
            if is_htmx(request)
            else action_error(request, error, back=back)
        )
    try:
        item = evidence_decide(
            candidate=item,
            user=request.user,
            decision=form.cleaned_data["decision"],
            stance=form.cleaned_data["stance"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        if is_htmx(request):
            item.refresh_from_db()
            return _evidence_card(request, item, status=STATUS_FOR_KIND[error.kind], error=error.message)
        return action_error(request, error, back=back)
    if is_htmx(request):
        return _evidence_card(request, item)
    return see_other(back)


@staff_required
@require_POST
def add_source(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a source by URL or from the library; it starts accepted, as context."""
    return desk_form(
        request,
        pk,
        AddSourceForm(request.POST),
        evidence_add_source,
        done=lambda item: f"Added “{item.title or item.url}” as accepted context.",
        then=lambda item: f"{desk_url(pk)}#evidence-{item.pk}",
        section="source",
    )


@staff_required
@require_GET
def library_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Library documents matching the query, each with an "Add as source" button (an htmx fragment)."""
    claim = claim_or_404(pk)
    query = (request.GET.get("q") or "").strip()[:200]
    hits = search_library(query, limit=10) if query else []
    return render(request, "claims/_library_hits.html", {"claim": claim, "hits": hits, "query": query})


# Fetch evidence again from every provider (queued; the provider status shows the runs).
gather = claim_button(
    evidence_gather, done="Evidence is being fetched again; the provider status below updates as it arrives."
)
