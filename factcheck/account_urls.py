"""URL routes of account (filled in by its feature work)."""

from django.urls import path  # noqa: F401

app_name = "account"
urlpatterns: list = []
