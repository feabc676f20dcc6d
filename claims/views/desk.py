"""The claim desk: the claim in context, its evidence, and its verdict draft.

Every button here calls one service; the services decide who may do it. A verdict form that
was loaded at an older version than the stored one is refused by ``verdict_save_draft``
(:class:`StaleVersion`); the desk then shows what changed and keeps what the user typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from archive.selectors.matches import claim_matches
from claims.forms import (
    AddSourceForm,
    AssignForm,
    DismissForm,
    EvidenceDecisionForm,
    PriorityForm,
    VerdictForm,
)
from claims.models import Claim, Verdict
from claims.selectors.desk import desk_claim, evidence_for, evidence_item, later_mentions, provider_status
from claims.selectors.verdicts import revision, verdict_for_claim
from claims.services import (
    CitationInput,
    claim_release,
    claim_take,
    claim_take_over,
    verdict_save_and_submit,
    verdict_save_draft,
)
from claims.services.checkworthiness import worthiness_note
from claims.views.common import (
    STATUS_FOR_KIND,
    action_error,
    is_htmx,
    run_action,
    safe_next,
    see_other,
    staff_required,
)
from claims.views.text import claim_in_context, verdict_changes, verdict_snapshot
from evidence.models import EvidenceCandidate
from evidence.search import search_library
from evidence.services import evidence_add_source, evidence_decide, evidence_gather
from factcheck import roles
from factcheck.errors import DomainError, StaleVersion
from factcheck.forms import add_domain_error
from factcheck.markdown import render_markdown

URL_CITATION = "url:"  # a citation with a URL and no evidence row (added through the API)


def _claim_or_404(pk: int) -> Claim:
    try:
        return desk_claim(pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None


def _citation_choices(evidence: list[EvidenceCandidate], verdict: Verdict | None) -> list[tuple[str, str]]:
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


def desk_context(
    request: HttpRequest, claim: Claim, *, verdict_form: VerdictForm | None = None, **extra: Any
) -> dict[str, Any]:
    user = request.user
    verdict = verdict_for_claim(claim.pk)
    evidence = evidence_for(claim)
    mine = claim.assignee_id == user.pk
    editable_verdict = verdict is None or verdict.status in (Verdict.Status.DRAFT, Verdict.Status.RETURNED)
    can_edit = roles.can_edit_verdict(user, claim) and claim.status == Claim.Status.IN_PROGRESS and editable_verdict
    if verdict_form is None:
        verdict_form = VerdictForm(
            initial=_verdict_initial(verdict), citation_choices=_citation_choices(evidence, verdict)
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
        "can_decide": claim.status in (Claim.Status.NEW, Claim.Status.IN_PROGRESS)
        and roles.can_decide_evidence(user, claim),
        "is_editor": is_editor,
        "source_form": AddSourceForm(),
        "decision_stances": EvidenceCandidate.Stance.choices,
        "assign_form": AssignForm(initial={"assignee": claim.assignee_id}) if is_editor else None,
        "dismiss_form": DismissForm() if is_editor else None,
        "priority_form": PriorityForm(initial={"priority": claim.priority}) if is_editor else None,
        "statuses": Claim.Status,
        "verdict_statuses": Verdict.Status,
        "worthiness": worthiness_note(claim),
        # The archive's suggestions for this claim (templates/archive/_desk_matches.html).
        "archive_matches": claim_matches(claim.pk),
        **extra,
    }


@staff_required
@require_GET
def desk(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(pk)
    return render(request, "claims/desk.html", desk_context(request, claim))


def _desk_url(claim_id: int) -> str:
    return reverse("claims:desk", args=[claim_id])


@staff_required
@require_POST
def take(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(pk)
    return run_action(
        request, lambda: claim_take(claim=claim, user=request.user), done="The claim is yours.", back=_desk_url(pk)
    )


@staff_required
@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(pk)
    return run_action(
        request,
        lambda: claim_release(claim=claim, user=request.user),
        done="The claim is back in the queue; its draft is kept.",
        back=_desk_url(pk),
        then=safe_next(request, reverse("claims:queue")),
    )


@staff_required
@require_POST
def take_over(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(pk)
    before = claim.assignee.get_username() if claim.assignee else "nobody"
    return run_action(
        request,
        lambda: claim_take_over(claim=claim, user=request.user),
        done=f"You took the claim over from {before}; this is recorded.",
        back=_desk_url(pk),
    )


# --- evidence ----------------------------------------------------------------------------------


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
        "citation_choices": _citation_choices(evidence, verdict),
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
    try:
        item = evidence_item(pk)
    except EvidenceCandidate.DoesNotExist:
        raise Http404("No such evidence.") from None
    back = f"{_desk_url(item.claim_id)}#evidence-{item.pk}"
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
    claim = _claim_or_404(pk)
    form = AddSourceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = evidence_add_source(
                claim=claim,
                user=request.user,
                url=data["url"],
                title=data["title"],
                note=data["note"],
                document_id=data["document"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Added “{item.title or item.url}” as accepted context.")
            return see_other(f"{_desk_url(pk)}#evidence-{item.pk}")
    context = desk_context(request, claim, source_form=form)
    return render(request, "claims/desk.html", context, status=400)


@staff_required
@require_GET
def library_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Library documents matching the query, each with an "Add as source" button (an htmx fragment)."""
    claim = _claim_or_404(pk)
    query = (request.GET.get("q") or "").strip()[:200]
    hits = search_library(query, limit=10) if query else []
    return render(request, "claims/_library_hits.html", {"claim": claim, "hits": hits, "query": query})


@staff_required
@require_POST
def gather(request: HttpRequest, pk: int) -> HttpResponse:
    """Fetch evidence again from every provider (queued; the provider status shows the runs)."""
    claim = _claim_or_404(pk)
    return run_action(
        request,
        lambda: evidence_gather(claim=claim, user=request.user),
        done="Evidence is being fetched again; the provider status below updates as it arrives.",
        back=_desk_url(pk),
    )


# --- the verdict ---------------------------------------------------------------------------------


def _citations_from(values: list[str], verdict: Verdict | None) -> list[CitationInput]:
    by_id = {c.pk: c for c in verdict.citations.all()} if verdict is not None else {}
    citations = []
    for value in values:
        if value.startswith(URL_CITATION):
            citation = by_id.get(int(value[len(URL_CITATION) :]))
            if citation is not None:
                citations.append(CitationInput(url=citation.url, title=citation.title, note=citation.note))
        else:
            citations.append(CitationInput(evidence_id=int(value)))
    return citations


def _rebound(form: VerdictForm, version: int, choices: list[tuple[str, str]]) -> VerdictForm:
    """The same typed values, now against ``version`` (so the next save is a deliberate one)."""
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict: the form is always bound here
    data["version"] = str(version)
    rebound = VerdictForm(data, citation_choices=choices)
    rebound.is_valid()
    return rebound


@staff_required
@require_POST
def verdict_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft, or save and submit it for review (``action=submit``)."""
    claim = _claim_or_404(pk)
    verdict = verdict_for_claim(claim.pk)
    choices = _citation_choices(evidence_for(claim), verdict)
    form = VerdictForm(request.POST, citation_choices=choices)
    if not form.is_valid():
        return render(request, "claims/desk.html", desk_context(request, claim, verdict_form=form), status=400)
    data = form.cleaned_data
    submitting = request.POST.get("action") == "submit"
    values = {
        "claim": claim,
        "user": request.user,
        "rating": data["rating"],
        "summary": data["summary"],
        "explanation": data["explanation"],
        "citations": _citations_from(data["citations"], verdict),
        "expected_version": data["version"],
    }
    try:
        if submitting:
            result = verdict_save_and_submit(**values)
            if result.refusal is not None:
                # The draft was saved; only submitting was refused. Later saves start from the new version.
                form = _rebound(form, result.verdict.version, choices)
                refusal = result.refusal
                add_domain_error(
                    form,
                    DomainError(
                        f"Draft saved, but not submitted: {refusal.message}", field=refusal.field, kind=refusal.kind
                    ),
                )
                context = desk_context(request, claim, verdict_form=form)
                return render(request, "claims/desk.html", context, status=STATUS_FOR_KIND[refusal.kind])
        else:
            verdict_save_draft(**values)
    except StaleVersion as error:
        current = verdict_for_claim(claim.pk)
        assert current is not None  # a stale version means a stored verdict exists
        form = _rebound(form, error.current_version, _citation_choices(evidence_for(claim), current))
        form.add_error(
            None,
            (
                f"Someone else saved this verdict while you were editing (it is now version {error.current_version}; "
                f"you started from version {data['version']}). Their changes are shown above; what you typed is "
                "kept below, and saving again replaces their version with yours."
            ),
        )
        context = desk_context(request, claim, verdict_form=form, stale=stale_changes(current, data["version"]))
        return render(request, "claims/desk.html", context, status=412)
    except DomainError as error:
        add_domain_error(form, error)
        context = desk_context(request, claim, verdict_form=form)
        return render(request, "claims/desk.html", context, status=STATUS_FOR_KIND[error.kind])
    messages.success(request, "Submitted for review." if submitting else "Draft saved.")
    return see_other(_desk_url(pk) + ("" if submitting else "#verdict"))


@staff_required
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The explanation as it will be published (sanitised), for the preview pane."""
    return render(
        request,
        "claims/_markdown_preview.html",
        {"html": render_markdown(request.POST.get("explanation", "")[:100_000])},
    )
