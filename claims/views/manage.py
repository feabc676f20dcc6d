"""Editors' claim management from the desk: reassign, dismiss with a reason, set priority, reopen."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims.forms import AssignForm, DismissForm, PriorityForm
from claims.models import Claim
from claims.selectors.desk import desk_claim
from claims.services import claim_assign, claim_dismiss, claim_reopen, claim_set_priority
from claims.views.common import action_error, editor_required, run_action, safe_next
from factcheck.errors import DomainError


def _claim(pk: int) -> Claim:
    try:
        return desk_claim(pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None


def _form_error(form: AssignForm | DismissForm | PriorityForm) -> DomainError:
    first_field, errors = next(iter(form.errors.items()))
    return DomainError(str(errors[0]), field=first_field)


@editor_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    back = safe_next(request, reverse("claims:desk", args=[pk]))
    form = AssignForm(request.POST)
    if not form.is_valid():
        return action_error(request, _form_error(form), back=back)
    assignee = form.cleaned_data["assignee"]
    return run_action(
        request,
        lambda: claim_assign(claim=claim, user=request.user, assignee=assignee),
        done=f"Assigned to {assignee.get_username()}.",
        back=back,
    )


@editor_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    back = safe_next(request, reverse("claims:desk", args=[pk]))
    form = DismissForm(request.POST)
    if not form.is_valid():
        return action_error(request, DomainError("Say why the claim is dismissed.", field="reason"), back=back)
    reason = form.cleaned_data["reason"]
    return run_action(
        request,
        lambda: claim_dismiss(claim=claim, user=request.user, reason=reason),
        done="Claim dismissed.",
        back=back,
    )


@editor_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    back = safe_next(request, reverse("claims:desk", args=[pk]))
    return run_action(
        request, lambda: claim_reopen(claim=claim, user=request.user), done="Claim back in the queue.", back=back
    )


@editor_required
@require_POST
def set_priority(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    back = safe_next(request, reverse("claims:desk", args=[pk]))
    form = PriorityForm(request.POST)
    if not form.is_valid():
        return action_error(request, _form_error(form), back=back)
    priority = form.cleaned_data["priority"]
    return run_action(
        request,
        lambda: claim_set_priority(claim=claim, user=request.user, priority=priority),
        done=f"Priority set to {priority}.",
        back=back,
    )
