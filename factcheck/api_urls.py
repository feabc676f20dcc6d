"""REST API v1 routes (mounted at /api/v1/), the OpenAPI schema and its docs pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.views import APIView

from archive.api import matches
from claims.api import articles, bulk, catalog, checkworthiness, claim_shape, claimreview, claims, verdicts
from evidence.api import candidates
from factcheck.api import views, webhooks
from factcheck.api.docs import RedocDocsView, SwaggerDocsView, not_found

app_name = "api"


def _actions(prefix: str, name: str, views: dict[str, type[APIView]]) -> list[URLPattern]:
    """A row's actions, one route each: ``<prefix>/<action>`` named ``<name>-<action>``."""
    return [path(f"{prefix}/{action}", view.as_view(), name=f"{name}-{action}") for action, view in views.items()]


urlpatterns: list[URLPattern | URLResolver] = [
    # auth
    path("auth/token/", views.TokenObtainApi.as_view(), name="auth-token"),
    path("auth/tokens/", views.TokenListApi.as_view(), name="auth-tokens"),
    path("auth/tokens/<int:token_id>/", views.TokenDetailApi.as_view(), name="auth-token-detail"),
    path("me/", views.MeApi.as_view(), name="me"),
    # articles
    path("articles/", articles.ArticleListCreateApi.as_view(), name="article-list"),
    path("articles/<int:article_id>/", articles.ArticleDetailApi.as_view(), name="article-detail"),
    path("articles/<int:article_id>/reingest", articles.ArticleReingestApi.as_view(), name="article-reingest"),
    # claims
    path("claims/", claims.ClaimListApi.as_view(), name="claim-list"),
    path("claims/take-next", claims.ClaimTakeNextApi.as_view(), name="claim-take-next"),
    path("claims/merge", claim_shape.ClaimMergeApi.as_view(), name="claim-merge"),
    path("claims/bulk", bulk.ClaimBulkApi.as_view(), name="claim-bulk"),
    path("claims/<int:claim_id>/", claims.ClaimDetailApi.as_view(), name="claim-detail"),
    path("claims/<int:claim_id>/events/", claims.ClaimEventListApi.as_view(), name="claim-events"),
    path("claims/<int:claim_id>/split", claim_shape.ClaimSplitApi.as_view(), name="claim-split"),
    path("claims/<int:claim_id>/revisions/", claims.ClaimRevisionListApi.as_view(), name="claim-revisions"),
    *_actions(
        "claims/<int:claim_id>",
        "claim",
        {
            "take": claims.ClaimTakeApi,
            "release": claims.ClaimReleaseApi,
            "take-over": claims.ClaimTakeOverApi,
            "dismiss": claims.ClaimDismissApi,
            "reopen": claims.ClaimReopenApi,
            "assign": claims.ClaimAssignApi,
            "priority": claims.ClaimPriorityApi,
            "gather-evidence": claims.ClaimGatherEvidenceApi,
        },
    ),
    path("claims/<int:claim_id>/claimreview", claimreview.ClaimReviewApi.as_view(), name="claim-claimreview"),
    path("checkworthiness/", checkworthiness.CheckworthinessApi.as_view(), name="checkworthiness"),
    # evidence
    path("claims/<int:claim_id>/evidence/", candidates.ClaimEvidenceApi.as_view(), name="claim-evidence"),
    path("evidence/<int:evidence_id>/", candidates.EvidenceDetailApi.as_view(), name="evidence-detail"),
    path("evidence/<int:evidence_id>/accept", candidates.EvidenceAcceptApi.as_view(), name="evidence-accept"),
    path("evidence/<int:evidence_id>/reject", candidates.EvidenceRejectApi.as_view(), name="evidence-reject"),
    # verdicts
    path("claims/<int:claim_id>/verdict", verdicts.VerdictApi.as_view(), name="verdict"),
    path("claims/<int:claim_id>/verdict/submit", verdicts.VerdictSubmitApi.as_view(), name="verdict-submit"),
    path("claims/<int:claim_id>/verdict/approve", verdicts.VerdictApproveApi.as_view(), name="verdict-approve"),
    path("claims/<int:claim_id>/verdict/return", verdicts.VerdictReturnApi.as_view(), name="verdict-return"),
    path("claims/<int:claim_id>/verdict/correct", verdicts.VerdictCorrectApi.as_view(), name="verdict-correct"),
    path("claims/<int:claim_id>/verdict/retract", verdicts.VerdictRetractApi.as_view(), name="verdict-retract"),
    path("claims/<int:claim_id>/verdict/history", verdicts.VerdictHistoryApi.as_view(), name="verdict-history"),
    path("claimreviews/", claimreview.ClaimReviewListApi.as_view(), name="claimreview-list"),
    # matches (the archive)
    path("matches/", matches.MatchListApi.as_view(), name="match-list"),
    path("matches/bulk", matches.MatchBulkApi.as_view(), name="match-bulk"),
    path("matches/<int:match_id>/confirm", matches.MatchConfirmApi.as_view(), name="match-confirm"),
    path("matches/<int:match_id>/reject", matches.MatchRejectApi.as_view(), name="match-reject"),
    path("matches/<int:match_id>/undo", matches.MatchUndoApi.as_view(), name="match-undo"),
    # catalog
    path("speakers/", catalog.SpeakerListApi.as_view(), name="speaker-list"),
    path("speakers/<int:speaker_id>/", catalog.SpeakerDetailApi.as_view(), name="speaker-detail"),
    path("outlets/", catalog.OutletListApi.as_view(), name="outlet-list"),
    path("outlets/<int:outlet_id>/", catalog.OutletDetailApi.as_view(), name="outlet-detail"),
    path("ratings/", catalog.RatingListApi.as_view(), name="rating-list"),
    # webhooks
    path("webhooks/", webhooks.WebhookListCreateApi.as_view(), name="webhook-list"),
    path("webhooks/<int:subscription_id>/", webhooks.WebhookDetailApi.as_view(), name="webhook-detail"),
    path(
        "webhooks/<int:subscription_id>/rotate-secret",
        webhooks.WebhookRotateSecretApi.as_view(),
        name="webhook-rotate-secret",
    ),
    path("webhooks/<int:subscription_id>/test", webhooks.WebhookTestApi.as_view(), name="webhook-test"),
    path(
        "webhooks/<int:subscription_id>/deliveries/",
        webhooks.WebhookDeliveryListApi.as_view(),
        name="webhook-deliveries",
    ),
    path(
        "webhooks/<int:subscription_id>/deliveries/<int:delivery_id>/",
        webhooks.WebhookDeliveryDetailApi.as_view(),
        name="webhook-delivery-detail",
    ),
    path(
        "webhooks/<int:subscription_id>/deliveries/<int:delivery_id>/redeliver",
        webhooks.WebhookRedeliverApi.as_view(),
        name="webhook-redeliver",
    ),
    # schema and docs
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerDocsView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocDocsView.as_view(url_name="api:schema"), name="redoc"),
]

urlpatterns += [
    path("library/", include("evidence.api.library")),
    path("reports/", include("claims.reports.api_urls")),
    path("", include("archive.api.factchecks")),
    # Last: any other address under /api/v1/ (say /claims/abc/) gets the API's JSON 404, not a web page.
    # [\s\S], not ".": a line break must match too, or /api/v1/claims/%0A falls through to Django's HTML 404.
    re_path(r"^[\s\S]*$", not_found),
]
