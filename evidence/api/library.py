"""The reference library: list, search, add (text, file or URL), change and remove documents."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from evidence.api.serializers import LibraryDocumentDetailSerializer, LibraryDocumentSerializer
from evidence.models import EvidenceDocument
from evidence.search import search_library
from evidence.selectors import documents_without_text
from evidence.services import library_document_add, library_document_delete, library_document_update
from factcheck.api.docs import ERRORS_READ, ERRORS_WRITE, destroy_schema
from factcheck.api.generics import read_schema
from factcheck.api.parsers import DepthLimitedJSONParser
from factcheck.api.permissions import (
    CanAddLibraryDocuments,
    CanChangeLibraryDocuments,
    CanDeleteLibraryDocuments,
    CanReadLibrary,
    PermissionsByMethod,
)
from factcheck.api.query import StrictOrderingFilter, StrictSearchFilter, address_field, parse_body, parse_query

SEARCH_LIMIT_MAX = 50


class LibraryAddInputSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, help_text="Pasted text.")
    file = serializers.FileField(required=False, help_text="A PDF, HTML or text file (multipart/form-data only).")
    fetch_url = address_field("An address to fetch the document from.")
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    url = address_field("Where the document can be read (shown as its source); a public http(s) address.")
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)


class LibraryUpdateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    url = address_field("A public http(s) address.", default="")
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    published = serializers.DateField(required=False, allow_null=True, default=None)
    text = serializers.CharField(required=False, allow_blank=True, help_text="A new text (optional).")


class LibraryAddedSerializer(LibraryDocumentSerializer):
    created = serializers.BooleanField(help_text="False when the same text was already in the library.")

    class Meta(LibraryDocumentSerializer.Meta):
        fields = [*LibraryDocumentSerializer.Meta.fields, "created"]


class LibraryHitSerializer(serializers.Serializer):
    document = LibraryDocumentSerializer()
    score = serializers.FloatField()
    snippet = serializers.CharField(source="snippet_text")


class LibrarySearchInputSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=500, help_text='Words, "a phrase", -excluded, OR.')
    limit = serializers.IntegerField(min_value=1, max_value=SEARCH_LIMIT_MAX, default=10)


@read_schema("library_list", LibraryDocumentSerializer, many=True, tags=["library"])
class LibraryListCreateApi(PermissionsByMethod, generics.ListAPIView):
    """GET the library (newest first); POST adds a document from text, a file or a URL (editors)."""

    serializer_class = LibraryDocumentSerializer
    permission_classes = [CanReadLibrary]
    permissions_by_method = {"POST": [CanAddLibraryDocuments]}
    filter_backends = [StrictSearchFilter, StrictOrderingFilter]
    search_fields = ["title", "publisher", "url"]
    ordering_fields = ["created_at", "published", "title"]
    ordering = ["-created_at", "-id"]
    parser_classes = [DepthLimitedJSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[EvidenceDocument]:
        return documents_without_text()

    @extend_schema(
        operation_id="library_create",
        request={"application/json": LibraryAddInputSerializer, "multipart/form-data": LibraryAddInputSerializer},
        responses={201: LibraryAddedSerializer, 200: LibraryAddedSerializer, **ERRORS_WRITE},
        tags=["library"],
        description="Exactly one of `text`, `file` or `fetch_url`. 200 with the "
        "existing document when the same text is already in the library.",
    )
    def post(self, request: Request) -> Response:
        values = parse_body(LibraryAddInputSerializer, request)
        upload = values.get("file")
        result = library_document_add(
            user=request.user,
            title=values.get("title", ""),
            text=values.get("text") or None,
            content=upload.read() if upload else None,
            fetch_url=values.get("fetch_url") or None,
            url=values.get("url", ""),
            publisher=values.get("publisher", ""),
            published=values.get("published"),
        )
        body = {**LibraryDocumentSerializer(result.document).data, "created": result.created}
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


class LibrarySearchApi(APIView):
    permission_classes = [CanReadLibrary]

    @extend_schema(
        operation_id="library_search",
        parameters=[LibrarySearchInputSerializer],
        responses={200: LibraryHitSerializer(many=True), **ERRORS_READ},
        tags=["library"],
        description="Full-text search of the library, best first.",
    )
    def get(self, request: Request) -> Response:
        query = parse_query(LibrarySearchInputSerializer, request)
        hits = search_library(query["q"], limit=query["limit"])
        return Response(LibraryHitSerializer(hits, many=True).data)


class LibraryDetailApi(APIView):
    def get_permissions(self) -> list[Any]:
        by_method = {"GET": CanReadLibrary, "DELETE": CanDeleteLibraryDocuments}
        return [by_method.get(self.request.method or "GET", CanChangeLibraryDocuments)()]

    @extend_schema(
        operation_id="library_retrieve",
        responses={200: LibraryDocumentDetailSerializer, **ERRORS_READ},
        tags=["library"],
    )
    def get(self, request: Request, document_id: int) -> Response:
        return Response(LibraryDocumentDetailSerializer(get_object_or_404(EvidenceDocument, pk=document_id)).data)

    @extend_schema(
        operation_id="library_update",
        request=LibraryUpdateInputSerializer,
        responses={200: LibraryDocumentDetailSerializer, **ERRORS_WRITE},
        tags=["library"],
    )
    def put(self, request: Request, document_id: int) -> Response:
        document = get_object_or_404(EvidenceDocument, pk=document_id)
        values = parse_body(LibraryUpdateInputSerializer, request)
        # The input's fields are the service's arguments (a text left out or blank keeps the old one).
        document = library_document_update(document=document, user=request.user, **values)
        return Response(LibraryDocumentDetailSerializer(document).data)

    @destroy_schema("library_destroy", "Removed.", tags=["library"])
    def delete(self, request: Request, document_id: int) -> Response:
        library_document_delete(document=get_object_or_404(EvidenceDocument, pk=document_id), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("", LibraryListCreateApi.as_view(), name="library-list"),
    path("search", LibrarySearchApi.as_view(), name="library-search"),
    path("<int:document_id>/", LibraryDetailApi.as_view(), name="library-detail"),
]
