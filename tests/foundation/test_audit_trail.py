"""The audit trail outlives what it describes, and deleting a claim or an article is itself audited."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps

from claims import services
from claims.models import Article, Claim
from factcheck.audit import record_event
from factcheck.errors import Forbidden
from factcheck.models import ReviewEvent
from tests.factories import ArticleFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db: Any) -> Any:
    return UserFactory(username="root", role="admin", is_staff=True, is_superuser=True)


def _worked_on(user: Any) -> Claim:
    claim = services.claim_take(claim=ClaimFactory(text="The council spent $4 million on buses."), user=user)
    services.claim_release(claim=claim, user=user)
    return claim


def test_deleting_a_claim_keeps_its_events_labelled_and_records_the_deletion(factchecker: Any, superuser: Any) -> None:
    claim = _worked_on(factchecker)
    ids = list(ReviewEvent.objects.filter(claim=claim).values_list("pk", flat=True))

    services.claim_delete(claim=claim, user=superuser)

    assert not Claim.objects.filter(pk=claim.pk).exists()
    kept = ReviewEvent.objects.filter(pk__in=ids)
    assert kept.count() == 2 and set(kept.values_list("claim_id", flat=True)) == {None}
    assert all(e.object_label == f"claim #{claim.pk}: The council spent $4 million on buses." for e in kept)
    deleted = ReviewEvent.objects.get(action="claim.deleted")
    assert deleted.actor == superuser and deleted.object_id == claim.pk and deleted.claim_id is None
    assert deleted.after["text"] == "The council spent $4 million on buses."


def test_deleting_an_article_keeps_its_and_its_claims_events(factchecker: Any, superuser: Any) -> None:
    claim = _worked_on(factchecker)
    article = claim.article
    record_event(actor=factchecker, action="article.reingest", obj=article)

    services.article_delete(article=article, user=superuser)

    assert not Article.objects.filter(pk=article.pk).exists()
    assert ReviewEvent.objects.filter(action__in=["claim.taken", "claim.released", "article.reingest"]).count() == 3
    gone = ReviewEvent.objects.get(action="article.deleted")
    assert gone.actor == superuser and gone.after == {"claims_deleted": 1} and gone.article_id is None
    assert gone.object_label.startswith(f"article #{article.pk}: ")


def test_only_admins_delete_claims_and_articles(factchecker: Any, editor: Any) -> None:
    claim = ClaimFactory()
    for user in (factchecker, editor):
        with pytest.raises(Forbidden):
            services.claim_delete(claim=claim, user=user)
        with pytest.raises(Forbidden):
            services.article_delete(article=claim.article, user=user)
    assert Claim.objects.filter(pk=claim.pk).exists() and not ReviewEvent.objects.exists()


def test_the_admins_delete_selected_goes_through_the_service(client: Any, factchecker: Any, superuser: Any) -> None:
    claims = [_worked_on(factchecker) for _ in range(3)]
    client.force_login(superuser)
    response = client.post(
        "/admin/claims/claim/", {"action": "delete_selected", "_selected_action": [c.pk for c in claims], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Claim.objects.filter(pk__in=[c.pk for c in claims]).exists()
    assert ReviewEvent.objects.filter(action="claim.deleted", actor=superuser).count() == 3
    assert ReviewEvent.objects.filter(action__in=["claim.taken", "claim.released"]).count() == 6


def test_the_admins_delete_of_one_article_goes_through_the_service(client: Any, superuser: Any) -> None:
    article = ArticleFactory()
    client.force_login(superuser)
    response = client.post(f"/admin/claims/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=article.pk).exists()
    assert ReviewEvent.objects.filter(action="article.deleted", object_id=article.pk).exists()


def test_the_audit_trail_cannot_be_deleted_in_the_admin(client: Any, superuser: Any, factchecker: Any) -> None:
    _worked_on(factchecker)
    event = ReviewEvent.objects.first()
    client.force_login(superuser)
    client.post(f"/admin/factcheck/reviewevent/{event.pk}/delete/", {"post": "yes"})
    assert ReviewEvent.objects.filter(pk=event.pk).exists()


def test_the_migration_labels_events_written_before_labels_existed(factchecker: Any) -> None:
    claim = _worked_on(factchecker)
    ReviewEvent.objects.update(object_label="")
    orphan = ReviewEvent.objects.create(action="claim.taken", object_type="claim", object_id=987654)

    migration = importlib.import_module("factcheck.migrations.0004_reviewevent_outlives_its_object")
    migration.fill_labels(apps, None)

    labels = set(ReviewEvent.objects.exclude(pk=orphan.pk).values_list("object_label", flat=True))
    assert labels == {f"claim #{claim.pk}: The council spent $4 million on buses."}
    orphan.refresh_from_db()
    assert orphan.object_label == "claim #987654"
