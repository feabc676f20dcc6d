"""Celery tasks of the archive app. They take ids, call one service, and are safe to run twice.

* ``match_claim(claim_id)``: embed a new claim and match it against the archive and published
  verdicts (enqueued after commit on ``claim.created``);
* ``pull_factcheck_feeds`` (beat): import the ClaimReview feeds of ``FACTCHECK_FEEDS``.
"""

from __future__ import annotations

from celery import shared_task

from archive.services.feeds import feeds_pull
from archive.services.matching import matches_find
from factcheck.tasks import WorkbenchTask


@shared_task(base=WorkbenchTask, name="archive.tasks.match_claim")
def match_claim(claim_id: int) -> int:
    """Match one claim; returns how many live matches it has."""
    return len(matches_find(claim_id))


@shared_task(base=WorkbenchTask, name="archive.tasks.pull_factcheck_feeds")
def pull_factcheck_feeds() -> dict[str, str]:
    """Import every configured feed: feed name → the import's summary or the reason it failed."""
    return feeds_pull()
