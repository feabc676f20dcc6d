"""Report pages under /reports/ (editors and admins)."""

from django.urls import path

from claims.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.verdicts, name="index"),
    path("throughput/", views.throughput, name="throughput"),
    path("reviewers/", views.reviewers, name="reviewers"),
    path("speakers/", views.speakers, name="speakers"),
    path("speakers/<int:pk>/", views.speaker_detail, name="speaker"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("claims/", views.claims, name="claims"),
    path("claimreview.jsonld", views.claimreview_feed, name="claimreview"),
]
