"""After publishing: an editor corrects or retracts a published verdict from its review screen."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims.forms import CorrectForm, RetractForm
from claims.models import Claim
from claims.selectors.desk import desk_claim
from claims.services import verdict_correct, verdict_retract
from claims.views.common import STATUS_FOR_KIND, action_error, editor_required, see_other
from claims.views.review import review_context
from factcheck.errors import DomainError, ErrorKind
from factcheck.forms import add_domain_error


def _act(
    request: HttpRequest, pk: int, form: forms.Form, form_name: str, call: Callable[[Claim], object], done: str
) -> HttpResponse:
    """Validate ``form``, call the service; a refusal shows on the form (403 on a page of its own)."""
    try:
        claim = desk_claim(pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    status = 400
    if form.is_valid():
        try:
            call(claim)
        except DomainError as error:
            if error.kind == ErrorKind.FORBIDDEN:
                return action_error(request, error, back=reverse("claims:review-detail", args=[pk]))
            add_domain_error(form, error)
            status = STATUS_FOR_KIND[error.kind]
        else:
            messages.success(request, done)
            return see_other(reverse("claims:verdict-public", args=[pk]))
    context = review_context(request, claim, **{form_name: form})
    return render(request, "claims/review_detail.html", context, status=status)


@editor_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    form = CorrectForm(request.POST)
    return _act(
        request,
        pk,
        form,
        "correct_form",
        lambda claim: verdict_correct(
            claim=claim,
            user=request.user,
            rating=form.cleaned_data["rating"],
            summary=form.cleaned_data["summary"],
            explanation=form.cleaned_data["explanation"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        ),
        "Corrected: the public page shows the correction note and the previous version.",
    )


@editor_required
@require_POST
def retract(request: HttpRequest, pk: int) -> HttpResponse:
    form = RetractForm(request.POST)
    return _act(
        request,
        pk,
        form,
        "retract_form",
        lambda claim: verdict_retract(
            claim=claim,
            user=request.user,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        ),
        "Retracted: the public page says so and the ClaimReview is withdrawn from the feeds.",
    )
