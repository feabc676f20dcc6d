"""Helpers for the review screens' view tests: logged-in clients and a claim ready for a verdict."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from claims.models import Claim
from tests.factories import ClaimFactory


@pytest.fixture(autouse=True)
def _plain_static_files(settings: Any) -> None:
    # Tests run with DEBUG off, whose manifest storage needs `collectstatic` first; the pages
    # only need static URLs, so use the plain storage (the files themselves are not tested here).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def fc_client(factchecker: Any) -> Client:
    return client_for(factchecker)


@pytest.fixture
def ed_client(editor: Any) -> Client:
    return client_for(editor)


@pytest.fixture
def taken_claim(factchecker: Any) -> Claim:
    """A claim the fact-checker has taken (in progress, assigned to them)."""
    return ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=factchecker)
