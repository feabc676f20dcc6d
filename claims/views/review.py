"""Editor review: submitted verdicts, the diff against the previous submission, approve or return."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims.forms import ApproveForm, CorrectForm, RetractForm, ReturnForm
from claims.models import Claim, Verdict
from claims.selectors.desk import desk_claim
from claims.selectors.review import accepted_evidence, review_baseline, submitted_verdicts
from claims.selectors.verdicts import revision_versions, verdict_for_claim
from claims.services import verdict_approve, verdict_return
from claims.views.common import STATUS_FOR_KIND, action_error, editor_required, int_param, see_other
from claims.views.text import FieldChange, verdict_changes, verdict_snapshot
from factcheck import roles
from factcheck.errors import DomainError
from factcheck.forms import add_domain_error
from factcheck.shortcuts import found_or_404

REVIEW_LIST_LIMIT = 200


@editor_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    verdicts = list(submitted_verdicts()[:REVIEW_LIST_LIMIT])
    return render(request, "claims/review_list.html", {"verdicts": verdicts, "limit": REVIEW_LIST_LIMIT})


def review_context(request: HttpRequest, claim: Claim, **extra: Any) -> dict[str, Any]:
    """What the review screen shows: the verdict, its changes, the accepted evidence and the editor's forms."""
    verdict = verdict_for_claim(claim.pk)
    if verdict is None:
        raise Http404("This claim has no verdict.")
    correctable = verdict.status == Verdict.Status.PUBLISHED and roles.can_correct_verdict(request.user)
    against = int_param(request.GET.get("against"))
    baseline = review_baseline(verdict, against)
    changes: list[FieldChange] = (
        verdict_changes(verdict_snapshot(baseline), verdict_snapshot(verdict)) if baseline else []
    )
    return {
        "claim": claim,
        "verdict": verdict,
        "baseline": baseline,
        "changes": changes,
        "versions": revision_versions(verdict),
        "approve_form": ApproveForm(initial={"version": verdict.version}),
        "return_form": ReturnForm(initial={"version": verdict.version}),
        "can_review": verdict.status == Verdict.Status.SUBMITTED and roles.can_review_verdict(request.user, verdict),
        "own_verdict": verdict.author_id == request.user.pk,
        "evidence": accepted_evidence(claim),
        "correct_form": CorrectForm(
            initial={
                "rating": verdict.rating_id,
                "summary": verdict.summary,
                "explanation": verdict.explanation,
                "version": verdict.version,
            }
        )
        if correctable
        else None,
        "retract_form": RetractForm(initial={"version": verdict.version}) if correctable else None,
        **extra,
    }


@editor_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = found_or_404(desk_claim, pk, missing="No such claim.")
    return render(request, "claims/review_detail.html", review_context(request, claim))


@editor_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    claim = found_or_404(desk_claim, pk, missing="No such claim.")
    form = ApproveForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        verdict_approve(claim=claim, user=request.user, expected_version=version)
    except DomainError as error:
        return action_error(request, error, back=reverse("claims:review-detail", args=[pk]))
    messages.success(request, "Approved and published.")
    return see_other(reverse("claims:verdict-public", args=[pk]))


@editor_required
@require_POST
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    """Return a submitted verdict to its author with a comment (the comment form keeps its text on errors)."""
    claim = found_or_404(desk_claim, pk, missing="No such claim.")
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            verdict_return(
                claim=claim,
                user=request.user,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            if error.kind == "forbidden":
                return action_error(request, error, back=reverse("claims:review-detail", args=[pk]))
            add_domain_error(form, error)
            return render(
                request,
                "claims/review_detail.html",
                review_context(request, claim, return_form=form),
                status=STATUS_FOR_KIND[error.kind],
            )
        messages.success(request, "Returned to the author with your comment.")
        return see_other(reverse("claims:review"))
    return render(request, "claims/review_detail.html", review_context(request, claim, return_form=form), status=400)
