"""Report API routes, included by factcheck/api_urls.py under /api/v1/reports/."""

from django.urls import path

from claims.reports import api

urlpatterns = [
    path("verdicts/", api.VerdictReportApi.as_view(), name="report-verdicts"),
    path("throughput/", api.ThroughputReportApi.as_view(), name="report-throughput"),
    path("reviewers/", api.ReviewerReportApi.as_view(), name="report-reviewers"),
    path("speakers/", api.SpeakerReportApi.as_view(), name="report-speakers"),
    path("speakers/<int:speaker_id>/", api.SpeakerCardApi.as_view(), name="report-speaker"),
    path("articles/<int:article_id>/", api.ArticleReportApi.as_view(), name="report-article"),
]
