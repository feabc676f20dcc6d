"""Shaping claims from the desk and the article page: edit, split, merge, add.

Each form posts to one view here that parses it and calls one service (``claim_edit``,
``claim_split``, ``claims_merge``, ``claim_add``); a refusal comes back as an error on the form
the user filled in, with what they typed kept and the status its kind stands for.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from claims.forms import AddClaimForm, ClaimEditForm, MergeForm, QuantityFormSet, SplitForm
from claims.selectors.articles import article_or_none
from claims.selectors.desk import claims_by_ids
from claims.services import QuantityInput, claim_add, claim_edit, claim_split, claims_merge
from claims.views.articles import article_page
from claims.views.common import STATUS_FOR_KIND, see_other, staff_required
from claims.views.desk import claim_or_404, desk_context, desk_url
from factcheck.errors import DomainError, ErrorKind, StaleVersion
from factcheck.forms import add_domain_error


def _quantities(formset: Any) -> list[QuantityInput]:
    inputs = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not data.get("text"):
            continue
        inputs.append(
            QuantityInput(
                text=data["text"], value=data["value"], unit=data["unit"], kind=data["kind"], bound=data["bound"]
            )
        )
    return inputs


def _rebound_at(form: ClaimEditForm, version: int) -> ClaimEditForm:
    """The same typed values against the current version: saving again is a deliberate overwrite."""
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict: the form is always bound here
    data["version"] = str(version)
    rebound = ClaimEditForm(data)
    rebound.is_valid()
    return rebound


@staff_required
@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the claim's text, speaker, kind and quantities (a new version, the old one kept)."""
    claim = claim_or_404(pk)
    form = ClaimEditForm(request.POST)
    formset = QuantityFormSet(request.POST, prefix="q")
    status = 400
    if form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        name = data["speaker"].strip()
        try:
            claim_edit(
                claim=claim,
                user=request.user,
                expected_version=data["version"],
                text=data["text"],
                speaker=None,
                new_speaker=name,
                kind=data["kind"],
                # Rows left as loaded: the text's own quantities (read again if the text changed).
                quantities=_quantities(formset) if formset.has_changed() else None,
            )
        except StaleVersion as error:
            form = _rebound_at(form, error.current_version)
            form.add_error(
                None,
                f"{error.message} The claim as it is now is shown above; what you typed is kept below, and "
                "saving again replaces it.",
            )
            status = 412
        except DomainError as error:
            add_domain_error(form, error)
            status = STATUS_FOR_KIND[error.kind]
        else:
            messages.success(request, "Claim saved as a new version; the earlier one is kept.")
            return see_other(desk_url(pk))
    claim = claim_or_404(pk)
    context = desk_context(request, claim, edit_form=form, quantity_forms=formset, edit_open=True)
    return render(request, "claims/desk.html", context, status=status)


@staff_required
@require_POST
def split(request: HttpRequest, pk: int) -> HttpResponse:
    """Split a compound claim into the parts given, one per line."""
    claim = claim_or_404(pk)
    form = SplitForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            parts = claim_split(claim=claim, user=request.user, parts=form.cleaned_data["parts"].splitlines())
        except DomainError as error:
            add_domain_error(form, error)
            status = STATUS_FOR_KIND[error.kind]
        else:
            messages.success(request, f"Split into {len(parts)} claims; this one is closed as split.")
            return see_other(desk_url(pk))
    context = desk_context(request, claim_or_404(pk), split_form=form, split_open=True)
    return render(request, "claims/desk.html", context, status=status)


@staff_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the claims named into this one (they are closed as merged into it)."""
    claim = claim_or_404(pk)
    form = MergeForm(request.POST)
    status = 400
    if form.is_valid():
        ids = form.cleaned_data["claims"]
        others = claims_by_ids(ids)
        missing = sorted(set(ids) - {c.pk for c in others})
        try:
            if missing:
                raise DomainError(
                    f"No claim #{', #'.join(map(str, missing))}.", field="claims", kind=ErrorKind.NOT_FOUND
                )
            claims_merge(claims=others, survivor=claim, user=request.user)
        except DomainError as error:
            add_domain_error(form, error)
            status = STATUS_FOR_KIND[error.kind]
        else:
            messages.success(request, f"Merged {len(others)} claim{'s' if len(others) != 1 else ''} into this one.")
            return see_other(desk_url(pk))
    context = desk_context(request, claim_or_404(pk), merge_form=form, merge_open=True)
    return render(request, "claims/desk.html", context, status=status)


@staff_required
@require_POST
def add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a claim to the article: a selected passage (its span kept) or typed text."""
    article = article_or_none(pk)
    if article is None:
        raise Http404("No such article.")
    form = AddClaimForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim = claim_add(
                article=article,
                user=request.user,
                text=data["text"],
                start=data["start"],
                end=data["end"],
                new_speaker=data["speaker"],
            )
        except DomainError as error:
            add_domain_error(form, error)
            status = STATUS_FOR_KIND[error.kind]
        else:
            messages.success(request, "Claim added; its evidence is being gathered.")
            return see_other(desk_url(claim.pk))
    return article_page(request, pk, add_form=form, status=status)
