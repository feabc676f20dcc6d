"""The desk's verdict form: save the draft or save and submit it; a stale save shows what others
changed and keeps what the user typed; the explanation's preview."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from claims.forms import VerdictForm
from claims.models import Verdict
from claims.selectors.desk import evidence_for
from claims.selectors.verdicts import verdict_for_claim
from claims.services import CitationInput, verdict_save_and_submit, verdict_save_draft
from claims.views.common import STATUS_FOR_KIND, form_at_version, see_other, staff_required
from claims.views.desk import URL_CITATION, citation_choices, claim_or_404, desk_context, desk_url, stale_changes
from factcheck.errors import DomainError, StaleVersion
from factcheck.forms import add_domain_error
from factcheck.markdown import render_markdown


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


@staff_required
@require_POST
def verdict_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft, or save and submit it for review (``action=submit``)."""
    claim = claim_or_404(pk)
    verdict = verdict_for_claim(claim.pk)
    choices = citation_choices(evidence_for(claim), verdict)
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
                form = form_at_version(form, result.verdict.version, citation_choices=choices)
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
        form = form_at_version(
            form, error.current_version, citation_choices=citation_choices(evidence_for(claim), current)
        )
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
    return see_other(desk_url(pk) + ("" if submitting else "#verdict"))


@staff_required
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The explanation as it will be published (sanitised), for the preview pane."""
    return render(
        request,
        "claims/_markdown_preview.html",
        {"html": render_markdown(request.POST.get("explanation", "")[:100_000])},
    )
