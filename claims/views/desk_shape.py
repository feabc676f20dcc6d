"""Shaping claims from the desk and the article page: edit, split, merge, add.

Each form posts to one view here that parses it and calls one service (``claim_edit``,
``claim_split``, ``claims_merge``, ``claim_add``); a refusal comes back as an error on the form
the user filled in, with what they typed kept and the status its kind stands for.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from claims.forms import AddClaimForm, ClaimEditForm, MergeForm, QuantityFormSet, SplitForm
from claims.models import Claim
from claims.selectors.desk import claims_by_ids
from claims.services import claim_add, claim_edit, claim_split, claims_merge
from claims.views.articles import article_or_404, article_page
from claims.views.common import STATUS_FOR_KIND, form_at_version, form_submit, see_other, staff_required
from claims.views.desk import claim_or_404, desk_form, desk_page, desk_url
from factcheck.errors import DomainError, ErrorKind, StaleVersion
from factcheck.forms import add_domain_error


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
                quantities=formset.quantities() if formset.has_changed() else None,
            )
        except StaleVersion as error:
            form = form_at_version(form, error.current_version)
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
    return desk_page(request, pk, status, edit_form=form, quantity_forms=formset, edit_open=True)


@staff_required
@require_POST
def split(request: HttpRequest, pk: int) -> HttpResponse:
    """Split a compound claim into the parts given, one per line."""

    def done(parts: list[Claim]) -> str:
        return f"Split into {len(parts)} claims; this one is closed as split."

    return desk_form(request, pk, SplitForm(request.POST), claim_split, done=done, section="split")


def _merge_named(*, claim: Claim, user: Any, claims: list[int]) -> int:
    """Merge the claims numbered ``claims`` into ``claim``; how many were merged."""
    others = claims_by_ids(claims)
    missing = sorted(set(claims) - {c.pk for c in others})
    if missing:
        raise DomainError(f"No claim #{', #'.join(map(str, missing))}.", field="claims", kind=ErrorKind.NOT_FOUND)
    claims_merge(claims=others, survivor=claim, user=user)
    return len(others)


@staff_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the claims named into this one (they are closed as merged into it)."""

    def done(merged: int) -> str:
        return f"Merged {merged} claim{'s' if merged != 1 else ''} into this one."

    return desk_form(request, pk, MergeForm(request.POST), _merge_named, done=done, section="merge")


@staff_required
@require_POST
def add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a claim to the article: a selected passage (its span kept) or typed text."""
    article = article_or_404(pk)
    form = AddClaimForm(request.POST)
    return form_submit(
        request,
        form,
        # The form's fields are the service's arguments, but for the speaker: a typed name (new_speaker).
        lambda data: claim_add(article=article, user=request.user, new_speaker=data.pop("speaker"), **data),
        done=lambda claim: "Claim added; its evidence is being gathered.",
        then=lambda claim: desk_url(claim.pk),
        page=lambda status: article_page(request, pk, add_form=form, status=status),
    )
