"""Articles: the list, one article with its text and every claim marked in it (printable), re-ingest."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims.forms import AddClaimForm
from claims.models import Article
from claims.selectors.articles import article_claims, article_list, article_or_none, article_progress
from claims.selectors.desk import speaker_names
from claims.services.articles import article_reingest
from claims.views.article_text import article_marked
from claims.views.common import int_param, run_action, staff_required
from factcheck import roles
from factcheck.shortcuts import found_or_404


@staff_required
@require_GET
def article_index(request: HttpRequest) -> HttpResponse:
    before = int_param(request.GET.get("before"))
    articles, next_before = article_list(before=before)
    return render(
        request,
        "claims/article_list.html",
        {"articles": articles, "next_before": next_before, "is_first": before is None},
    )


def article_page(
    request: HttpRequest, pk: int, *, add_form: AddClaimForm | None = None, status: int = 200
) -> HttpResponse:
    """The article: its text with every claim marked in place, the claims as a table, "Add a claim"."""
    progress = found_or_404(article_progress, pk, missing="No such article.")
    article = progress.article
    claims = article_claims(article)
    can_add = article.status == Article.Status.DONE and roles.can_add_claim(request.user)
    context = {
        "article": article,
        "progress": progress,
        "claims": claims,
        "poll_seconds": 2,
        "marked_text": article_marked(article.text, claims) if article.text else "",
        "can_add": can_add,
        "add_form": add_form or AddClaimForm(),
        "speaker_names": speaker_names() if can_add else [],
    }
    return render(request, "claims/article_detail.html", context, status=status)


@staff_required
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return article_page(request, pk)


def article_or_404(pk: int) -> Article:
    article = article_or_none(pk)
    if article is None:
        raise Http404("No such article.")
    return article


@staff_required
@require_POST
def reingest(request: HttpRequest, pk: int) -> HttpResponse:
    article = article_or_404(pk)
    done = "The article is being read again; reviewed claims are kept."
    back = reverse("claims:article-detail", args=[pk])
    return run_action(request, lambda: article_reingest(article=article, user=request.user), done=done, back=back)
