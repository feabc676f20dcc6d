"""Submit an article (URL, pasted text or HTML file) and watch its progress."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from claims.forms import SubmitArticleForm
from claims.selectors.articles import article_progress
from claims.services.articles import article_submit
from claims.views.common import int_param, see_other, staff_required
from factcheck.errors import DomainError
from factcheck.forms import add_domain_error
from factcheck.shortcuts import found_or_404

# The progress fragment asks again this often while there is something to wait for.
POLL_SECONDS = 1


@staff_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """The submit form; after a submission, the same page shows that article's progress."""
    if request.method == "POST":
        form = SubmitArticleForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = article_submit(
                    user=request.user,
                    url=data["url"] or None,
                    text=data["text"] or None,
                    html=data["html"] or None,
                    title=data["title"] or None,
                    outlet=data["outlet"] or None,
                    author=data["author"] or None,
                    published=data["published"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                if result.created:
                    messages.success(request, "Article received. Its claims appear below as they are found.")
                else:
                    messages.info(request, "This article is already stored; here is the earlier submission.")
                return see_other(f"{reverse('claims:submit')}?article={result.article.pk}")
        return render(request, "claims/submit.html", {"form": form}, status=400)
    progress = None
    article_id = int_param(request.GET.get("article"))
    if article_id:
        progress = found_or_404(article_progress, article_id, missing="No such article.")
    return render(
        request, "claims/submit.html", {"form": SubmitArticleForm(), "progress": progress, "poll_seconds": POLL_SECONDS}
    )


@staff_required
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The small status fragment the submit and article pages poll (it stops polling when finished)."""
    state = found_or_404(article_progress, pk, missing="No such article.")
    return render(request, "claims/_progress.html", {"progress": state, "poll_seconds": POLL_SECONDS})
