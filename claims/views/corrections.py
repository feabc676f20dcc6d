"""After publishing: an editor corrects or retracts a published verdict from its review screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims.forms import CorrectForm, RetractForm
from claims.services import verdict_correct, verdict_retract
from claims.views.common import STATUS_FOR_KIND, action_error, editor_required, see_other
from claims.views.desk import claim_or_404
from claims.views.review import review_context
from factcheck.errors import DomainError, ErrorKind
from factcheck.forms import add_domain_error


def _published_verdict_view(
    service: Callable[..., object], form_class: type[forms.Form], form_name: str, *, done: str
) -> Callable[[HttpRequest, int], HttpResponse]:
    """An editor's POST on a published verdict: the form's fields are the service's arguments (its
    ``version`` the one the editor saw); a refusal shows on the form (403 on a page of its own)."""

    @editor_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        claim = claim_or_404(pk)
        form = form_class(request.POST)
        status = 400
        if form.is_valid():
            values: dict[str, Any] = dict(form.cleaned_data)
            try:
                service(claim=claim, user=request.user, expected_version=values.pop("version"), **values)
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

    return view


correct = _published_verdict_view(
    verdict_correct,
    CorrectForm,
    "correct_form",
    done="Corrected: the public page shows the correction note and the previous version.",
)
retract = _published_verdict_view(
    verdict_retract,
    RetractForm,
    "retract_form",
    done="Retracted: the public page says so and the ClaimReview is withdrawn from the feeds.",
)
