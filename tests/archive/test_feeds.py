"""The periodic pull of configured ClaimReview feeds, through the safe fetcher."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archive.models import FactCheck
from archive.tasks import pull_factcheck_feeds
from tests.localsite import LocalSite, Page

pytestmark = pytest.mark.django_db


def test_each_feed_is_imported_under_its_name_and_a_broken_one_does_not_stop_the_others(
    site: LocalSite, settings: Any, fixtures: Path
) -> None:
    feed = site.serve(
        "/feed.json",
        Page(body=(fixtures / "claimreview_feed.json").read_bytes(), headers={"Content-Type": "application/ld+json"}),
    )
    broken = site.serve("/broken", Page(status=500))
    settings.FACTCHECK_FEEDS = [f"broken={broken}", f"examplechecks={feed}"]
    outcome = pull_factcheck_feeds()
    assert outcome["examplechecks"].startswith("2 created, 0 updated, 2 skipped")
    assert outcome["broken"].startswith("failed: broken:")
    assert FactCheck.objects.filter(source="examplechecks").count() == 2
    assert pull_factcheck_feeds()["examplechecks"].startswith("0 created, 0 updated, 4 skipped (2 unchanged")


def test_a_feed_on_a_private_address_is_refused_without_the_test_switch(settings: Any) -> None:
    settings.FACTCHECK_FEEDS = ["internal=http://127.0.0.1:9/feed.json"]
    assert pull_factcheck_feeds()["internal"].startswith("failed: internal:")
    assert not FactCheck.objects.exists()
