"""The Django admin: every registered model's list, add and change pages render for an admin (all four apps).

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

from claims.models import Citation, Claim, Rating, Verdict, VerdictRevision
from evidence.models import EvidenceCandidate
from factcheck.models import IdempotencyKey, ReviewEvent, WebhookAttempt, WebhookDelivery, WebhookSubscription
from factcheck.services.tokens import api_token_create
from tests import factories
from tests.archive.factories import ClaimMatchFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"archive", "claims", "evidence", "factcheck"}
# Shown inside their verdict, claim or delivery.
INLINE_ONLY = {"claims.Citation", "claims.ClaimRevision", "claims.VerdictCorrection", "factcheck.WebhookAttempt"}
# Indexes rebuilt from their row's text: the near-duplicate bands of a claim, a library document's
# passages and their embeddings (embed_library).
INTERNAL = {"claims.ClaimBand", "evidence.LibraryPassage"}
# The reports' roll-up: derived from the live tables, rebuilt by a command, nothing to edit.
INTERNAL |= {
    "claims.ReportRollupState",
    "claims.ReportStepDay",
    "claims.ReportVerdictDay",
    "claims.ReportVerdictTiming",
}
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
    ClaimMatchFactory(claim=claim)


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


def _published_verdict_citing_the_library() -> Any:
    verdict = factories.VerdictFactory()
    document = factories.EvidenceDocumentFactory()
    evidence = factories.EvidenceCandidateFactory(
        claim=verdict.claim, url=f"library:{document.pk}", document=document, decision="accepted"
    )
    Citation.objects.create(verdict=verdict, evidence=evidence, url=evidence.url, title="Budget note")
    Verdict.objects.filter(pk=verdict.pk).update(status=Verdict.Status.PUBLISHED, published_at=timezone.now())
    verdict.refresh_from_db()
    return verdict


def test_workflow_state_is_read_only_in_the_admin(site_admin: Any, admin_client: Client) -> None:
    """A published verdict's rating changed in the admin would change the public page with no version,
    no event and no webhook: the admin shows workflow state and refuses to change it."""
    verdict = _published_verdict_citing_the_library()
    page = admin_client.get(_url(Verdict, "change", verdict.pk))
    assert page.status_code == 200 and "library:" in page.content.decode()  # shown, and the page does not fail
    assert b'name="rating"' not in page.content and b'name="_save"' not in page.content
    posted = admin_client.post(
        _url(Verdict, "change", verdict.pk),
        {"claim": verdict.claim_id, "rating": Rating.objects.get(slug="true").pk, "status": "published"},
    )
    assert posted.status_code == 403
    verdict.refresh_from_db()
    assert verdict.rating.slug == "false" and verdict.version == 1
    claim = verdict.claim
    for model, obj in ((Claim, claim), (VerdictRevision, None), (EvidenceCandidate, None), (ReviewEvent, None)):
        request = admin_client.get(_url(model, "changelist")).wsgi_request
        request.user = site_admin
        model_admin = admin.site._registry[model]
        assert not model_admin.has_change_permission(request, obj), model
        assert not model_admin.has_add_permission(request), model
    posted = admin_client.post(_url(Claim, "change", claim.pk), {"status": "dismissed", "assignee": ""})
    assert posted.status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_PROGRESS


def test_a_citation_of_a_library_document_is_a_valid_citation() -> None:
    """The model accepted "library:3" from the service but its URL field refused it on any form save."""
    verdict = _published_verdict_citing_the_library()
    citation = verdict.citations.get()
    citation.full_clean()
    assert citation.url.startswith("library:")


def test_claims_are_still_deleted_through_the_audited_service(admin_client: Client) -> None:
    claim = factories.ClaimFactory()
    response = admin_client.post(_url(Claim, "delete", claim.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert ReviewEvent.objects.filter(action="claim.deleted").exists()
