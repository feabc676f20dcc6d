"""Articles: submit (URL, text or HTML file), list, retrieve with status and counts, re-ingest."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.filters import ArticleFilter
from claims.api.serializers import ArticleDetailSerializer, ArticleSerializer, ArticleSubmittedSerializer
from claims.models import Article
from claims.selectors.articles import article_by_id, article_claims_by_status, article_detail, articles_with_counts
from claims.services.articles import article_reingest, article_submit
from factcheck.api.docs import ERRORS_READ, ERRORS_WRITE, errors
from factcheck.api.generics import RowActionApi, action_schema, read_schema
from factcheck.api.idempotency import IDEMPOTENCY_PARAMETER, idempotent
from factcheck.api.parsers import DepthLimitedJSONParser
from factcheck.api.permissions import CanSubmitArticles, CanViewClaims, PermissionsByMethod
from factcheck.api.query import StrictOrderingFilter, StrictSearchFilter, address_field, parse_body
from factcheck.shortcuts import found_or_404


class ArticleSubmitInputSerializer(serializers.Serializer):
    url = address_field("An http(s) address to fetch.")
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="The article's text, pasted."
    )
    html = serializers.FileField(required=False, help_text="A saved HTML page (multipart/form-data only).")
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    outlet = serializers.CharField(max_length=200, required=False, allow_blank=True)
    author = serializers.CharField(max_length=300, required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)


def _article_body(article: Article, *, created: bool) -> dict[str, Any]:
    article = articles_with_counts().get(pk=article.pk)
    data = dict(ArticleSerializer(article).data)
    data["created"] = created
    return data


@read_schema("articles_list", ArticleSerializer, many=True)
class ArticleListCreateApi(PermissionsByMethod, generics.ListAPIView):
    """List articles (newest first) or submit one; exactly one of `url`, `text` or `html`."""

    serializer_class = ArticleSerializer
    permission_classes = [CanViewClaims]
    permissions_by_method = {"POST": [CanSubmitArticles]}
    filter_backends = [DjangoFilterBackend, StrictSearchFilter, StrictOrderingFilter]
    filterset_class = ArticleFilter
    search_fields = ["title", "url", "author"]
    ordering_fields = ["created_at", "published", "title", "status"]
    ordering = ["-created_at", "-id"]
    parser_classes = [DepthLimitedJSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Article]:
        return articles_with_counts()

    @extend_schema(
        operation_id="articles_create",
        request={"application/json": ArticleSubmitInputSerializer, "multipart/form-data": ArticleSubmitInputSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={201: ArticleSubmittedSerializer, 200: ArticleSubmittedSerializer, **ERRORS_WRITE, **errors(422)},
        description="201 with the new article (queued for ingestion), or 200 with the earlier article when the "
        "same URL or text was submitted before.",
    )
    def post(self, request: Request) -> Response:
        return idempotent(request, lambda: self._submit(request))

    def _submit(self, request: Request) -> Response:
        values = parse_body(ArticleSubmitInputSerializer, request)
        html = values.get("html")
        result = article_submit(
            user=request.user,
            url=values.get("url") or None,
            text=values.get("text") or None,
            html=html.read() if html else None,
            title=values.get("title") or None,
            outlet=values.get("outlet") or None,
            author=values.get("author") or None,
            published=values.get("published"),
        )
        location = reverse("api:article-detail", args=[result.article.pk])
        return Response(
            _article_body(result.article, created=result.created),
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
            headers={"Location": location},
        )


class ArticleDetailApi(APIView):
    permission_classes = [CanViewClaims]

    @extend_schema(operation_id="articles_retrieve", responses={200: ArticleDetailSerializer, **ERRORS_READ})
    def get(self, request: Request, article_id: int) -> Response:
        article = found_or_404(article_detail, article_id, missing="Not found.")
        article.claims_by_status = article_claims_by_status(article)  # type: ignore[attr-defined]
        return Response(ArticleDetailSerializer(article).data)


@action_schema("articles_reingest", ArticleSerializer, "", status_code=status.HTTP_202_ACCEPTED)
class ArticleReingestApi(RowActionApi):
    permission_classes = [CanSubmitArticles]
    url_argument = "article_id"
    row_argument = "article"
    service = staticmethod(article_reingest)

    row_selector = staticmethod(article_by_id)

    def respond(self, row: Article, result: Article) -> Response:
        return Response(
            ArticleSerializer(articles_with_counts().get(pk=result.pk)).data, status=status.HTTP_202_ACCEPTED
        )
