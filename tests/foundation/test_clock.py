"""The clock seam: services and stamped fields read factcheck.clock, which a block may set."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from claims import services
from factcheck import clock
from factcheck.models import ReviewEvent
from tests.factories import ArticleFactory, ClaimFactory

ROOT = Path(__file__).resolve().parents[2]
PAST = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)


def test_frozen_at_sets_the_moment_for_the_block_only_and_nests() -> None:
    with clock.frozen_at(PAST):
        assert clock.now() == PAST
        with clock.frozen_at(PAST + timedelta(hours=1)):
            assert clock.now() == PAST + timedelta(hours=1)
        assert clock.now() == PAST
    assert abs((clock.now() - timezone.now()).total_seconds()) < 5


def test_frozen_at_refuses_a_naive_moment() -> None:
    with pytest.raises(ValueError, match="aware"), clock.frozen_at(datetime(2025, 6, 1)):
        pass


@pytest.mark.django_db
def test_services_and_stamped_fields_write_the_frozen_moment(factchecker) -> None:
    with clock.frozen_at(PAST):
        claim = ClaimFactory(article=ArticleFactory())
        services.claim_take(claim=claim, user=factchecker)
    claim.refresh_from_db()
    assert claim.created_at == PAST and claim.assigned_at == PAST and claim.updated_at == PAST
    assert ReviewEvent.objects.get(action="claim.taken", claim=claim).created_at == PAST


def test_no_production_module_patches_the_time() -> None:
    """unittest.mock belongs to tests: production code dates things through factcheck.clock."""
    offenders = []
    for package in ("claims", "evidence", "factcheck"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                module = node.module if isinstance(node, ast.ImportFrom) else None
                if "unittest.mock" in names or module in ("unittest", "unittest.mock"):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_every_stamped_field_reads_the_clock() -> None:
    # An auto_now field that is a plain DateTimeField reads timezone.now and escapes frozen_at.
    from django.apps import apps
    from django.db import models

    plain = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField)
        and (field.auto_now or field.auto_now_add)
        and not isinstance(field, clock.StampedDateTimeField)
        and model._meta.app_label in {"claims", "evidence", "archive", "factcheck"}
    ]
    assert plain == []
