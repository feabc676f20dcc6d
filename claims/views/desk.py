"""The claim desk page: the claim in context, its evidence, its verdict draft, and the claim's own
tools (take, release, take over). What the desk's forms post to lives beside it by concern:
:mod:`claims.views.desk_evidence`, :mod:`claims.views.desk_verdict`, :mod:`claims.views.desk_shape`
(edit, split, merge, add) and :mod:`claims.views.manage` (the editor's assign, dismiss, priority).

Every button calls one service; the services decide who may do it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from archive.selectors.matches import claim_matches
from claims.forms import (
    AddSourceForm,
    AssignForm,
    ClaimEditForm,
    DismissForm,
    MergeForm,
    PriorityForm,
    QuantityFormSet,
    SplitForm,
    VerdictForm,
)
from claims.models import Claim, Verdict
from claims.selectors.desk import (
    claim_family,
    claim_revisions,
    desk_claim,
    evidence_for,
    later_mentions,
    provider_status,
    speaker_names,
)
from claims.selectors.verdicts import revision, verdict_for_claim
from claims.services import claim_release, claim_take, claim_take_over
from claims.services.checkworthiness import worthiness_note
from claims.views.common import action_error, form_refusal, form_submit, run_action, safe_next, staff_required
from claims.views.text import claim_in_context, verdict_changes, verdict_snapshot
from evidence.models import EvidenceCandidate
from factcheck import roles
from factcheck.errors import DomainError
from factcheck.shortcuts import found_or_404

URL_CITATION = "url:"  # a citation with a URL and no evidence row (added through the API)


def claim_or_404(pk: int) -> Claim:
    return found_or_404(desk_claim, pk, missing="No such claim.")


def citation_choices(evidence: list[EvidenceCandidate], verdict: Verdict | None) -> list[tuple[str, str]]:
    choices = [
        (str(item.pk), f"{item.title or item.url} ({item.get_stance_display() or 'context'})")
        for item in evidence
        if item.decision == EvidenceCandidate.Decision.ACCEPTED
    ]
    if verdict is not None:
        choices += [
            (f"{URL_CITATION}{c.pk}", c.title or c.url) for c in verdict.citations.all() if c.evidence_id is None
        ]
    return choices


def _verdict_initial(verdict: Verdict | None) -> dict[str, Any]:
    if verdict is None:
        return {}
    return {
        "rating": verdict.rating_id,
        "summary": verdict.summary,
        "explanation": verdict.explanation,
        "version": verdict.version,
        "citations": [
            str(c.evidence_id) if c.evidence_id else f"{URL_CITATION}{c.pk}" for c in verdict.citations.all()
        ],
    }


def stale_changes(verdict: Verdict, edited_version: int | None) -> list[Any]:
    """What others changed between the version the user edited and the stored one."""
    base = revision(verdict, edited_version) if edited_version else None
    return [change for change in verdict_changes(verdict_snapshot(base), verdict_snapshot(verdict)) if change.changed]


Result = TypeVar("Result")

# The desk's own keys (static/js/desk.js), as its keys dialog lists them (templates/_keys.html).
DESK_KEYS = (
    (("j", "k"), "next / previous evidence"),
    (("a",), "accept the selected evidence"),
    (("r",), "reject the selected evidence"),
    (("s",), "save the verdict draft"),
)


def desk_context(
    request: HttpRequest, claim: Claim, *, verdict_form: VerdictForm | None = None, **extra: Any
) -> dict[str, Any]:
    user = request.user
    verdict = verdict_for_claim(claim.pk)
    evidence = evidence_for(claim)
    mine = claim.assignee_id == user.pk
    # The verdict services' rules: the assignee writes while the claim is in progress and the verdict
    # is new, a draft or returned.
    can_edit = (
        roles.can_edit_verdict(user, claim)
        and claim.status == Claim.Status.IN_PROGRESS
        and (verdict is None or verdict.is_editable)
    )
    if verdict_form is None:
        verdict_form = VerdictForm(
            initial=_verdict_initial(verdict), citation_choices=citation_choices(evidence, verdict)
        )
    is_editor = roles.is_editor(user)
    earlier = claim.duplicate_of
    earlier_verdict = None
    if earlier is not None:
        try:
            earlier_verdict = earlier.verdict if earlier.verdict.status == Verdict.Status.PUBLISHED else None
        except Verdict.DoesNotExist:
            earlier_verdict = None
    return {
        "claim": claim,
        "context_html": claim_in_context(claim, claim.quantities.all()),
        "quantities": list(claim.quantities.all()),
        "verdict": verdict,
        "verdict_form": verdict_form,
        "evidence": evidence,
        "accepted_count": sum(1 for e in evidence if e.decision == EvidenceCandidate.Decision.ACCEPTED),
        "runs": provider_status(claim),
        "earlier": earlier,
        "earlier_verdict": earlier_verdict,
        "mentions": later_mentions(claim),
        "mine": mine,
        "can_edit": can_edit,
        # Deciding on evidence: the service's rule (roles.can_decide_evidence), asked to hide dead buttons.
        "can_decide": claim.is_open and roles.can_decide_evidence(user, claim),
        "is_editor": is_editor,
        "source_form": AddSourceForm(),
        "decision_stances": EvidenceCandidate.Stance.choices,
        "assign_form": AssignForm(initial={"assignee": claim.assignee_id}) if is_editor else None,
        "dismiss_form": DismissForm() if is_editor else None,
        "priority_form": PriorityForm(initial={"priority": claim.priority}) if is_editor else None,
        "statuses": Claim.Status,
        "verdict_statuses": Verdict.Status,
        "worthiness": worthiness_note(claim),
        "keys": DESK_KEYS,
        **shape_context(user, claim, extra),
        # The archive's suggestions for this claim (templates/archive/_desk_matches.html).
        "archive_matches": claim_matches(claim.pk),
        **extra,
    }


def quantity_initial(claim: Claim) -> list[dict[str, Any]]:
    return [
        {"text": q.text, "value": q.value, "unit": q.unit, "kind": q.kind, "bound": q.bound}
        for q in claim.quantities.all()
    ]


def shape_context(user: Any, claim: Claim, extra: dict[str, Any]) -> dict[str, Any]:
    """The claim's own tools: edit, split, merge, and its history ("as extracted: …")."""
    revisions = claim_revisions(claim) if claim.version > 1 else []
    parts, merged_claims = claim_family(claim)
    can_shape = claim.is_open and roles.can_shape_claim(user, claim)
    context: dict[str, Any] = {
        "can_shape": can_shape,
        "revisions": revisions,
        "as_extracted": revisions[0] if revisions else None,
        "parts": parts,
        "merged_claims": merged_claims,
    }
    if can_shape:
        context.update(
            edit_form=ClaimEditForm(
                initial={
                    "text": claim.text,
                    "speaker": claim.speaker.name if claim.speaker else "",
                    "kind": claim.kind,
                    "version": claim.version,
                }
            ),
            quantity_forms=QuantityFormSet(initial=quantity_initial(claim), prefix="q"),
            split_form=SplitForm(),
            merge_form=MergeForm(),
            speaker_names=speaker_names(),
        )
    return {key: value for key, value in context.items() if key not in extra}


def desk_page(request: HttpRequest, pk: int, status: int, **forms: Any) -> HttpResponse:
    """The desk again with the form that was refused and the refusal's status."""
    return render(request, "claims/desk.html", desk_context(request, claim_or_404(pk), **forms), status=status)


def desk_form(
    request: HttpRequest,
    pk: int,
    form: forms.Form,
    service: Callable[..., Result],
    *,
    done: Callable[[Result], str],
    section: str,
    then: Callable[[Result], str] | None = None,
) -> HttpResponse:
    """One of the desk's forms (see :func:`~claims.views.common.form_submit`), whose cleaned data are
    the service's arguments besides ``claim`` and ``user``: then to ``then(result)`` (the desk by
    default); refused, the desk again with the form as ``<section>_form`` (``<section>_open`` opens
    its section) and the reason on it."""
    claim = claim_or_404(pk)
    return form_submit(
        request,
        form,
        lambda data: service(claim=claim, user=request.user, **data),
        done=done,
        then=then or (lambda result: desk_url(pk)),
        page=lambda status: desk_page(request, pk, status, **{f"{section}_form": form, f"{section}_open": True}),
    )


@staff_required
@require_GET
def desk(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_or_404(pk)
    return render(request, "claims/desk.html", desk_context(request, claim))


def desk_url(claim_id: int) -> str:
    return reverse("claims:desk", args=[claim_id])


def claim_button(
    service: Callable[..., object],
    *,
    done: str | Callable[[Claim, dict[str, Any]], str],
    role: Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]] = staff_required,
    form_class: type[forms.Form] | None = None,
    refusal: Callable[[forms.Form], DomainError] = form_refusal,
    then: Callable[[HttpRequest], str] | None = None,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The view of a button on the desk that calls one service on the claim (see
    :func:`~claims.views.common.run_action`): ``service(claim=..., user=..., **values)``, the values
    being the fields of ``form_class`` when the button posts one (an invalid form is refused with
    ``refusal(form)``). Refused, back where the user was (the posted ``next``, else the desk) with
    the reason; done, it says ``done`` (a function is given the claim as it was before and the
    values) and goes to ``then(request)``, by default back where the user was."""

    @role
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        claim = claim_or_404(pk)
        back = safe_next(request, desk_url(pk))
        values: dict[str, Any] = {}
        if form_class is not None:
            form = form_class(request.POST)
            if not form.is_valid():
                return action_error(request, refusal(form), back=back)
            values = form.cleaned_data
        message = done(claim, values) if callable(done) else done
        call = partial(service, claim=claim, user=request.user, **values)
        return run_action(request, call, done=message, back=back, then=then(request) if then else None)

    return view


def _taken_over(claim: Claim, values: dict[str, Any]) -> str:
    before = claim.assignee.get_username() if claim.assignee else "nobody"
    return f"You took the claim over from {before}; this is recorded."


take = claim_button(claim_take, done="The claim is yours.")
release = claim_button(
    claim_release,
    done="The claim is back in the queue; its draft is kept.",
    then=lambda request: safe_next(request, reverse("claims:queue")),
)
take_over = claim_button(claim_take_over, done=_taken_over)
