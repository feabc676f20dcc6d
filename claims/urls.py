"""URL routes of claims (filled in by its feature work)."""

from django.urls import path  # noqa: F401

app_name = "claims"
urlpatterns: list = []
