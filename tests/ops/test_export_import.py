"""export_data / import_data: a round trip keeps every record, id and relation; an import needs an empty database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from claims.models import (
    Article,
    Citation,
    Claim,
    ClaimBand,
    ClaimRevision,
    Rating,
    Verdict,
    VerdictCorrection,
    VerdictRevision,
)
from evidence.models import EvidenceCandidate
from factcheck.datadump import DOMAIN_MODELS
from factcheck.models import ApiToken, ReviewEvent, WebhookSubscription
from tests import factories

pytestmark = pytest.mark.django_db


def build_newsroom() -> dict[str, object]:
    """A little of everything, with the awkward relations: a claim marked duplicate of a *later* claim,
    a citation pointing at an evidence candidate, users referenced from many tables."""
    fc = factories.UserFactory(username="fatima", role="fact-checker", first_name="Fatima")
    ed = factories.UserFactory(username="edd", role="editor")
    article = factories.ArticleFactory(submitted_by=fc, published=dt.date(2024, 3, 1), url="", raw="Raw text é ✓")
    first = factories.ClaimFactory(article=article, assignee=fc, status=Claim.Status.IN_PROGRESS)
    later = factories.ClaimFactory(article=article)
    first.duplicate_of = later
    first.save()
    factories.QuantityFactory(claim=first, bound="ge")
    factories.QuantityFactory(claim=first, text="2.5%", value=2.5, kind="percent", unit="%", currency="")
    ClaimBand.objects.create(claim=first, key=2**62 + 12345)
    ClaimRevision.objects.create(
        claim=first,
        version=1,
        text="As extracted",
        start=first.start,
        end=first.end,
        kind="event",
        quantities=[{"text": "4", "value": 4.0}],
        changed_by=fc,
    )
    Claim.objects.filter(pk=first.pk).update(version=2)
    doc = factories.EvidenceDocumentFactory(added_by=ed)
    candidate = factories.EvidenceCandidateFactory(
        claim=first,
        document=doc,
        decided_by=fc,
        decided_at=timezone.now(),
        decision="accepted",
        reasons=["numbers", {"score": 0.5}],
        extra={"nested": {"list": [1, 2]}},
    )
    factories.FetchRunFactory(claim=first, status="failed", error="timeout", duration_ms=1234)
    verdict = factories.VerdictFactory(claim=later, author=fc, editor=ed)
    VerdictRevision.objects.create(
        verdict=verdict,
        version=1,
        status="draft",
        rating=verdict.rating,
        summary="v1",
        citations=[{"url": "https://a.example"}],
        changed_by=fc,
    )
    VerdictCorrection.objects.create(
        verdict=verdict,
        kind="correction",
        note="A corrected figure.",
        version=2,
        previous_rating=verdict.rating,
        previous_summary="v1",
        created_by=ed,
    )
    Citation.objects.create(verdict=verdict, evidence=candidate, title="From the library", order=1)
    Citation.objects.create(verdict=verdict, url="https://stats.example/table", order=2)
    ReviewEvent.objects.create(
        actor=ed,
        action="claim.assign",
        object_type="claim",
        object_id=first.pk,
        article=article,
        claim=first,
        before={"assignee": None},
        after={"assignee": "fatima"},
    )
    # Credentials that must never be exported.
    ApiToken.objects.create(user=fc, name="ci", prefix="fcw_abc", key_hash="h" * 64)
    WebhookSubscription.objects.create(
        owner=ed, url="https://hooks.example/x", events=["claim.created"], secret="whsec_DO-NOT-EXPORT-THIS-SECRET"
    )
    return {"first": first, "later": later, "verdict": verdict, "fc": fc}


def flush() -> None:
    # PostgreSQL refuses TRUNCATE while the test's transaction holds deferred foreign-key checks.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)


def export(path: Path) -> list[str]:
    call_command("export_data", "--output", str(path))
    return path.read_text(encoding="utf-8").splitlines()


def domain_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if json.loads(line)["model"] not in {"auth.user", "meta"}]


def test_every_line_is_one_json_object_with_a_model_and_no_secrets(tmp_path):
    build_newsroom()
    lines = export(tmp_path / "dump.jsonl")
    models = {json.loads(line)["model"] for line in lines}
    assert set(DOMAIN_MODELS) | {"auth.user", "claims.rating", "meta"} == models
    text = "\n".join(lines)
    assert "whsec_DO-NOT-EXPORT" not in text and "h" * 64 not in text
    assert "md5$" not in text and "pbkdf2" not in text and '"password"' not in text


def test_round_trip_through_a_flushed_database_keeps_ids_relations_and_timestamps(tmp_path):
    made = build_newsroom()
    before = export(tmp_path / "before.jsonl")
    created_at = Claim.objects.get(pk=made["first"].pk).created_at

    flush()
    assert not Claim.objects.exists() and not get_user_model().objects.exists()
    call_command("import_data", str(tmp_path / "before.jsonl"), verbosity=0)

    after = export(tmp_path / "after.jsonl")
    assert domain_lines(after) == domain_lines(before)
    first = Claim.objects.get(pk=made["first"].pk)
    assert first.duplicate_of_id == made["later"].pk and first.created_at == created_at
    assert first.quantities.count() == 2 and first.assignee.username == "fatima"
    verdict = Verdict.objects.get(pk=made["verdict"].pk)
    assert verdict.citations.filter(evidence__document__isnull=False).count() == 1
    assert verdict.revisions.get().changed_by.username == "fatima"
    assert ClaimBand.objects.get().key == 2**62 + 12345
    # Users come back by name, switched off and without a usable password.
    fatima = get_user_model().objects.get(username="fatima")
    assert not fatima.is_active and not fatima.has_usable_password()


def test_users_are_relinked_by_name_to_the_accounts_that_already_exist(tmp_path):
    build_newsroom()
    before = export(tmp_path / "before.jsonl")
    for label in reversed(DOMAIN_MODELS):
        from django.apps import apps

        apps.get_model(label)._default_manager.all().delete()
    get_user_model().objects.all().delete()
    # Same names, new ids (and in another order), as on a freshly set-up server.
    edd = factories.UserFactory(username="edd", role="editor")
    fatima = factories.UserFactory(username="fatima", role="fact-checker")

    call_command("import_data", str(tmp_path / "before.jsonl"), verbosity=0)

    assert domain_lines(export(tmp_path / "after.jsonl")) == domain_lines(before)
    assert Article.objects.get().submitted_by == fatima and Verdict.objects.get().editor == edd
    fatima.refresh_from_db()
    assert fatima.is_active and fatima.has_usable_password()  # an existing account is left alone
    assert Rating.objects.filter(slug="false").count() == 1


def test_new_records_after_an_import_get_fresh_ids(tmp_path):
    made = build_newsroom()
    export(tmp_path / "dump.jsonl")
    flush()
    call_command("import_data", str(tmp_path / "dump.jsonl"), verbosity=0)
    # Without the sequence reset PostgreSQL would hand out id 1 again and this would be an IntegrityError.
    claim = factories.ClaimFactory(article=Article.objects.get(), start=5000)
    assert claim.pk > made["later"].pk
    assert EvidenceCandidate.objects.create(claim=claim, provider="x", url="https://n.example").pk > 1


def test_import_refuses_a_database_that_already_has_data(tmp_path):
    build_newsroom()
    export(tmp_path / "dump.jsonl")
    claims_before = Claim.objects.count()
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_data", str(tmp_path / "dump.jsonl"))
    assert Claim.objects.count() == claims_before


def test_a_broken_file_changes_nothing(tmp_path):
    build_newsroom()
    lines = export(tmp_path / "dump.jsonl")
    flush()
    truncated = tmp_path / "broken.jsonl"
    truncated.write_text("\n".join(lines[: len(lines) // 2]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("import_data", str(truncated))
    assert not Article.objects.exists() and not get_user_model().objects.exists()


def test_a_row_pointing_at_a_missing_parent_is_refused(tmp_path):
    build_newsroom()
    lines = export(tmp_path / "dump.jsonl")
    flush()
    without_articles = [line for line in lines if json.loads(line)["model"] != "claims.article"]
    (tmp_path / "orphans.jsonl").write_text("\n".join(without_articles) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="does not fit together"):
        call_command("import_data", str(tmp_path / "orphans.jsonl"))
    assert not Claim.objects.exists()
