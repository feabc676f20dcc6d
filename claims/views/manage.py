"""Editors' claim management from the desk: reassign, dismiss with a reason, set priority, reopen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims.forms import AssignForm, DismissForm, PriorityForm
from claims.selectors.desk import desk_claim
from claims.services import claim_assign, claim_dismiss, claim_reopen, claim_set_priority
from claims.views.common import action_error, editor_required, run_action, safe_next
from factcheck.errors import DomainError
from factcheck.shortcuts import found_or_404


def _first_error(form: forms.Form) -> DomainError:
    first_field, errors = next(iter(form.errors.items()))
    return DomainError(str(errors[0]), field=first_field)


def _management_view(
    service: Callable[..., Any],
    *,
    done: Callable[[dict[str, Any]], str],
    form_class: type[forms.Form] | None = None,
    refusal: Callable[[forms.Form], DomainError] = _first_error,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """An editor's POST view for one management action on the desk's claim: parse the form (its
    fields are the service's keyword arguments), call the service, and go back to where the editor
    was with what happened (``done``) or why it was refused."""

    @editor_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        claim = found_or_404(desk_claim, pk, missing="No such claim.")
        back = safe_next(request, reverse("claims:desk", args=[pk]))
        values: dict[str, Any] = {}
        if form_class is not None:
            form = form_class(request.POST)
            if not form.is_valid():
                return action_error(request, refusal(form), back=back)
            values = form.cleaned_data
        return run_action(
            request, lambda: service(claim=claim, user=request.user, **values), done=done(values), back=back
        )

    return view


assign = _management_view(
    claim_assign, form_class=AssignForm, done=lambda values: f"Assigned to {values['assignee'].get_username()}."
)
dismiss = _management_view(
    claim_dismiss,
    form_class=DismissForm,
    done=lambda values: "Claim dismissed.",
    refusal=lambda form: DomainError("Say why the claim is dismissed.", field="reason"),
)
reopen = _management_view(claim_reopen, done=lambda values: "Claim back in the queue.")
set_priority = _management_view(
    claim_set_priority, form_class=PriorityForm, done=lambda values: f"Priority set to {values['priority']}."
)
