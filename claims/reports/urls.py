"""URL routes of reports (filled in by its feature work)."""

from django.urls import path  # noqa: F401

app_name = "reports"
urlpatterns: list = []
