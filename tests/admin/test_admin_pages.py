"""The Django admin: every registered model's list, add and change pages render for an admin.

The admin has no custom actions; a new one must go through a service (and get a test here).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.models import Citation, VerdictRevision
from factcheck.models import IdempotencyKey, ReviewEvent, WebhookAttempt, WebhookDelivery, WebhookSubscription
from factcheck.services.tokens import api_token_create
from tests import factories

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"claims", "evidence", "factcheck"}
# Shown inside their verdict, claim or delivery.
INLINE_ONLY = {"claims.Citation", "claims.ClaimRevision", "factcheck.WebhookAttempt"}
# Indexes rebuilt from their row's text: the near-duplicate bands of a claim, a library document's
# passages and their embeddings (embed_library).
INTERNAL = {"claims.ClaimBand", "evidence.LibraryPassage"}
PROJECT_MODEL_ADMINS = sorted(
    (model._meta.label, model_admin)
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label in PROJECT_APPS
)


@pytest.fixture
def site_admin(db: Any) -> Any:
    """The admin site's user, as `load_demo` makes it: the admin role, staff and superuser."""
    return factories.UserFactory(username="root", role="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def one_of_each(site_admin: Any) -> None:
    """At least one row of every model the admin shows."""
    verdict = factories.VerdictFactory()
    claim = verdict.claim
    factories.QuantityFactory(claim=claim)
    Citation.objects.create(verdict=verdict, url="https://example.org/source", title="A source")
    VerdictRevision.objects.create(verdict=verdict, version=1, status=verdict.status, rating=verdict.rating)
    ReviewEvent.objects.create(
        actor=site_admin, action="claim.taken", object_type="claim", object_id=claim.pk, claim=claim
    )
    factories.EvidenceCandidateFactory(claim=claim, document=factories.EvidenceDocumentFactory())
    factories.FetchRunFactory(claim=claim)
    api_token_create(user=site_admin, name="cms")
    IdempotencyKey.objects.create(
        user=site_admin,
        key="k1",
        method="POST",
        path="/api/v1/articles/",
        request_hash="0" * 64,
        expires_at=timezone.now() + timedelta(days=1),
    )
    subscription = WebhookSubscription.objects.create(
        owner=site_admin, url="https://hooks.example.org/in", events=["verdict.published"], secret="whsec_x"
    )
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event_id="e1", event_type="verdict.published", payload={"id": 1}
    )
    WebhookAttempt.objects.create(delivery=delivery, number=1, status_code=200)


@pytest.fixture
def admin_client(site_admin: Any) -> Client:
    client = Client()
    client.force_login(site_admin)
    return client


def _url(model: type[Model], page: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def test_every_project_model_is_in_the_admin_or_inline_in_its_parent() -> None:
    models = {model._meta.label for model in apps.get_models() if model._meta.app_label in PROJECT_APPS}
    listed = {label for label, _ in PROJECT_MODEL_ADMINS}
    assert models - listed == INLINE_ONLY | INTERNAL


@pytest.mark.parametrize(
    ("label", "model_admin"), PROJECT_MODEL_ADMINS, ids=[label for label, _ in PROJECT_MODEL_ADMINS]
)
def test_the_list_add_and_change_pages_render(
    label: str, model_admin: admin.ModelAdmin[Any], one_of_each: None, admin_client: Client, site_admin: Any
) -> None:
    model = model_admin.model
    listing = admin_client.get(_url(model, "changelist"))
    assert listing.status_code == 200, label
    assert listing.context["cl"].result_count >= 1, f"{label}: the fixture made no row to show"

    obj = model._default_manager.first()
    assert obj is not None
    change = admin_client.get(_url(model, "change", obj.pk))
    assert change.status_code == 200, label

    request = listing.wsgi_request
    request.user = site_admin
    add = admin_client.get(_url(model, "add"))
    # Append-only records (the audit trail, revisions) refuse the add page; every other one renders it.
    assert add.status_code == (200 if model_admin.has_add_permission(request) else 403), label


def test_the_audit_trail_cannot_be_changed_or_deleted_in_the_admin(one_of_each: None, admin_client: Client) -> None:
    event = ReviewEvent.objects.get()
    response = admin_client.post(_url(ReviewEvent, "delete", event.pk), {"post": "yes"})
    assert response.status_code == 403
    assert ReviewEvent.objects.filter(pk=event.pk).exists()
