"""URL routes of evidence (filled in by its feature work)."""

from django.urls import path  # noqa: F401

app_name = "evidence"
urlpatterns: list = []
