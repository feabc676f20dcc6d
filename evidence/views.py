"""Library pages (list and search, add, detail, edit, delete).

Views parse, call one service or selector, render. Fact-checkers read the library; editors change it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from evidence.forms import DocumentAddForm, DocumentEditForm, LibrarySearchForm
from evidence.models import EvidenceDocument
from evidence.search import search_library
from evidence.selectors import document_use_count, document_with_adder, documents_without_text
from evidence.services import (
    library_document_add,
    library_document_delete,
    library_document_update,
)
from factcheck import roles
from factcheck.errors import DomainError
from factcheck.forms import add_domain_error
from factcheck.shortcuts import found_or_404

PAGE_SIZE = 25
SEARCH_LIMIT = 50
VIEW = "evidence.view_evidencedocument"


@login_required
@permission_required(VIEW, raise_exception=True)
def library(request: HttpRequest) -> HttpResponse:
    """All documents, newest first, or the hits for ``?q=`` with snippets."""
    search_form = LibrarySearchForm(request.GET)
    query = search_form.cleaned_data["q"].strip() if search_form.is_valid() else ""
    context: dict[str, Any] = {
        "query": query,
        "search_form": search_form,
        "can_add": roles.can_add_to_library(request.user),
    }
    if query:
        context["hits"] = search_library(query, limit=SEARCH_LIMIT)
    else:
        context["page"] = Paginator(documents_without_text(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "evidence/document_list.html", context)


@login_required
@permission_required("evidence.add_evidencedocument", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest) -> HttpResponse:
    form = DocumentAddForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        try:
            result = library_document_add(
                user=request.user,
                title=data["title"],
                text=data["text"] or None,
                content=upload.read() if upload else None,
                fetch_url=data["fetch_url"] or None,
                url=data["url"],
                publisher=data["publisher"],
                published=data["published"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if result.created:
                messages.success(request, f"Added “{result.document.title}” to the library.")
            else:
                messages.info(request, "The library already has this text; here it is.")
            return redirect("evidence:document", pk=result.document.pk)
    return render(request, "evidence/document_form.html", {"form": form, "adding": True})


@login_required
@permission_required(VIEW, raise_exception=True)
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = found_or_404(document_with_adder, pk, missing="No such document.")
    return render(
        request,
        "evidence/document_detail.html",
        {
            "document": document,
            "used_by": document_use_count(document),
            "can_change": roles.can_change_library(request.user),
            "can_delete": roles.can_delete_from_library(request.user),
        },
    )


@login_required
@permission_required("evidence.change_evidencedocument", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(EvidenceDocument, pk=pk)
    initial = {
        "title": document.title,
        "publisher": document.publisher,
        "published": document.published,
        "url": document.url,
        "text": document.text,
    }
    form = DocumentEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:  # the form's fields are the service's arguments
            library_document_update(document=document, user=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("evidence:document", pk=document.pk)
    return render(request, "evidence/document_form.html", {"form": form, "document": document, "adding": False})


@login_required
@permission_required("evidence.delete_evidencedocument", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(EvidenceDocument, pk=pk)
    if request.method == "POST":
        title = document.title
        library_document_delete(document=document, user=request.user)
        messages.success(request, f"Deleted “{title}”.")
        return redirect("evidence:library")
    return render(
        request, "evidence/document_delete.html", {"document": document, "used_by": document_use_count(document)}
    )
