"""The daily roll-up behind the reports: the same figures as the live tables, kept current by the audit
writer, rebuilt by a command.

The reference is the reports computed from the live tables alone (``live_only()``); every comparison
runs the same report code on both paths and compares whole tables.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Claim, Outlet, Rating, ReportRollupState, ReportStepDay, ReportVerdictDay, Speaker, Verdict
from claims.reports.filters import ReportFilters
from claims.reports.selectors.reviewers import reviewers_report
from claims.reports.selectors.shared import (
    GROUPINGS,
    active_ratings,
    coverage,
    day_split,
    top_groups,
    top_verdict_groups,
    verdict_groups,
)
from claims.reports.selectors.speakers import speaker_card, speakers_report
from claims.reports.selectors.throughput import throughput_report
from claims.reports.selectors.verdicts import verdict_report
from claims.reports.tables import to_csv
from claims.services import report_rollup
from claims.services.report_rollup import STEP_ACTIONS, ensure_current, live_only, rebuild
from factcheck.clock import frozen_at
from factcheck.models import ReviewEvent
from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, SpeakerFactory, UserFactory, rating
from tests.reports.conftest import save_draft

DAYS = 45


def all_tables(f: ReportFilters, speaker: Speaker) -> list[dict[str, Any]]:
    """Every table of every period report, as the API returns them."""
    card = speaker_card(speaker, f)
    tables = [
        *verdict_report(f).tables,
        *throughput_report(f).tables,
        reviewers_report(f),
        speakers_report(f),
        card.ratings,
    ]
    # The card's list is paginated with the ratings table's total as its count: compared with the list's length.
    return [*(t.as_json() for t in tables), {"card_count": card.verdict_count, "card_list": card.verdicts.count()}]


def random_desk(rng: random.Random, users: list[Any]) -> list[Any]:
    """Claims, verdicts (published, retracted, in review) and audit events at random moments of the last
    DAYS days, today included, many of them near midnight in one time zone or another."""
    now = timezone.now()
    outlets = [OutletFactory(name=f"Outlet {c}") for c in "BaCd"]
    articles = [ArticleFactory(outlet=o) for o in outlets] + [ArticleFactory(outlet=None)]
    speakers: list[Any] = [SpeakerFactory(name=n) for n in ("zed", "Ann", "bob", "Émile")]
    ratings = list(Rating.objects.all())

    def moment(after: datetime) -> datetime:
        span = max((now - after).total_seconds(), 1.0)
        # Half the moments within an hour of a midnight somewhere, the rest anywhere.
        t = after + timedelta(seconds=rng.uniform(0, span))
        if rng.random() < 0.5:
            t = t.replace(minute=rng.choice([0, 15, 30, 45]), second=rng.randint(0, 59))
        return min(t, now)

    events = []
    for _ in range(160):
        created = now - timedelta(days=rng.uniform(0, DAYS))
        created = moment(created - timedelta(hours=1))
        claim: Any = ClaimFactory(
            article=rng.choice(articles),
            speaker=rng.choice([*speakers, None]),
            kind=rng.choice(Claim.Kind.values),
            status=Claim.Status.IN_PROGRESS,
            assignee=rng.choice(users),
        )
        Claim.objects.filter(pk=claim.pk).update(created_at=created, assigned_at=moment(created))
        if rng.random() < 0.7:
            status = rng.choice(["published", "published", "published", "retracted", "submitted", "returned"])
            submitted = moment(created)
            published = moment(submitted) if status in ("published", "retracted") else None
            v = Verdict.objects.create(
                claim=claim,
                author=rng.choice(users),
                rating=rng.choice(ratings),
                status=status,
                submitted_at=submitted,
                published_at=published,
                retracted_at=moment(published) if published and status == "retracted" else None,
            )
            assert v.pk
        t = created
        for _ in range(rng.randint(0, 6)):
            t = moment(t)
            action = rng.choice([*STEP_ACTIONS, "verdict.returned", "claim.taken", "claim.edited"])
            events.append((ReviewEvent(action=action, object_type="claim", object_id=claim.pk, claim_id=claim.pk), t))
    for _ in range(12):  # events whose claim was deleted: counted as events, not as claims
        events.append((ReviewEvent(action=rng.choice(STEP_ACTIONS), object_type="claim", object_id=0), moment(now)))
    ReviewEvent.objects.bulk_create([e for e, _ in events])
    for e, t in events:
        e.created_at = t
    ReviewEvent.objects.bulk_update([e for e, _ in events], ["created_at"])
    return speakers


def random_filters(rng: random.Random, speakers: list[Speaker], users: list[Any]) -> ReportFilters:
    today = timezone.localdate()
    date_to = today - timedelta(days=rng.choice([0, 0, 1, 3, 10]))
    date_from = date_to - timedelta(days=rng.randint(0, DAYS))
    r = rng.choice([None, None, *Rating.objects.all()[:3]])
    return ReportFilters(
        date_from=date_from,
        date_to=date_to,
        granularity=rng.choice(["day", "week", "month"]),
        outlet=rng.choice([None, None, None, *Outlet.objects.values_list("pk", flat=True)[:3]]),
        speaker=rng.choice([None, None, None, speakers[0].pk]),
        reviewer=rng.choice([None, None, users[0].pk]),
        rating=r.pk if r else None,
        rating_slug=r.slug if r else "",
    )


@pytest.mark.parametrize("tz", ["UTC", "America/New_York", "Asia/Kathmandu"])
def test_reports_from_the_rollup_equal_the_live_tables(db, settings, tz):
    settings.TIME_ZONE = tz
    rng = random.Random(f"rollup-{tz}")
    users = [UserFactory(username=f"fc{i}", role="fact-checker") for i in range(3)]
    speakers = random_desk(rng, users)
    rebuild()
    held = ensure_current()
    assert held is not None and held.until == timezone.localdate()
    assert ReportVerdictDay.objects.exists() and ReportStepDay.objects.exists()
    rolled_used = 0
    ratings = active_ratings()
    for _ in range(30):
        f = random_filters(rng, speakers, users)
        rolled_used += day_split(f, coverage()).rolled is not None
        with live_only():
            live = all_tables(f, speakers[0])
        assert live[-1]["card_count"] == live[-1]["card_list"], f
        assert all_tables(f, speakers[0]) == live, f
        for grouping in ("speaker", "outlet"):  # the top groups cut in SQL are those cut in Python
            split = day_split(f, coverage())
            every = verdict_groups(f, split, ratings, **GROUPINGS[grouping])
            assert top_verdict_groups(f, split, ratings, 2, **GROUPINGS[grouping]) == top_groups(every, 2), f
            named = [row for row in every if row["group"] is not None]
            assert top_verdict_groups(f, split, ratings, 3, **GROUPINGS[grouping], grouped_only=True) == top_groups(
                named, 3
            ), f
    assert rolled_used >= 20  # the comparison read the roll-up, not the live tables twice


def built_desk(seed: int) -> tuple[list[Any], list[Any], ReportFilters]:
    """A random desk with its roll-up built, and the filters of its whole period."""
    users = [UserFactory(username="fc0", role="fact-checker")]
    speakers = random_desk(random.Random(seed), users)
    rebuild()
    return (
        users,
        speakers,
        ReportFilters(date_from=timezone.localdate() - timedelta(days=DAYS), date_to=timezone.localdate()),
    )


def test_a_wrong_rollup_shows(db):
    """The comparison can fail: a roll-up that lost a day gives other figures."""
    _, speakers, f = built_desk(7)
    with live_only():
        live = all_tables(f, speakers[0])
    day = ReportVerdictDay.objects.order_by("-verdicts").values_list("day", flat=True).first()
    assert day is not None
    ReportVerdictDay.objects.filter(day=day).delete()
    assert all_tables(f, speakers[0]) != live


def _rows() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    verdicts = sorted(
        ReportVerdictDay.objects.values_list(
            "day", "outlet_id", "speaker_id", "author_id", "rating_id", "kind", "verdicts"
        ),
        key=repr,
    )
    steps = sorted(
        ReportStepDay.objects.values_list(
            "day", "step", "outlet_id", "author_id", "events", "claims_day", "claims_week", "claims_month"
        ),
        key=repr,
    )
    return verdicts, steps


def test_the_services_keep_it_as_the_rebuild_makes_it(
    db, factchecker, factchecker2, editor, django_capture_on_commit_callbacks
):
    """Claims worked through the services on past days (a patched clock), then corrected, retracted,
    edited, re-authored and deleted today: the incrementally kept roll-up is the one the command rebuilds."""
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today - timedelta(days=12), datetime.min.time())) + timedelta(hours=23)
    ledger, post = OutletFactory(name="Ledger"), OutletFactory(name="Post")
    ana: Any = SpeakerFactory(name="Ana")
    ben: Any = SpeakerFactory(name="Ben")
    with frozen_at(start - timedelta(days=2)):
        claims: list[Any] = [
            ClaimFactory(article=ArticleFactory(outlet=ledger if i % 2 else post), speaker=ana if i % 3 else ben)
            for i in range(7)
        ]
    rebuild(since=today - timedelta(days=20))  # built before the work: everything after is incremental

    def at(hours: float) -> Any:
        return frozen_at(start + timedelta(hours=hours))

    with django_capture_on_commit_callbacks(execute=True):
        for i, claim in enumerate(claims):
            with at(i * 7):
                services.claim_take(claim=claim, user=factchecker)
            with at(i * 7 + 2):
                save_draft(claim, factchecker, ["false", "true", "half-true"][i % 3])
            with at(i * 7 + 3):
                services.verdict_submit(claim=claim, user=factchecker)
            if i % 2 == 0:  # returned once, a day later resubmitted
                with at(i * 7 + 4):
                    services.verdict_return(claim=claim, user=editor, comment="Check the source.")
                with at(i * 7 + 28):
                    services.verdict_submit(claim=claim, user=factchecker)
            if i == 6:  # returned, and now back with its author, who has not resubmitted
                with at(i * 7 + 5):
                    services.verdict_return(claim=claim, user=editor, comment="Check the source.")
            elif i != 5:
                with at(i * 7 + 30):
                    services.verdict_approve(claim=claim, user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        fresh = [Claim.objects.get(pk=c.pk) for c in claims]
        # Today: a correction, a retraction, an edit moving a published claim to another speaker and kind,
        # another reviewer taking over a returned claim's verdict, a deletion.
        services.verdict_correct(
            claim=fresh[1], user=editor, rating=rating("mostly-false"), summary="Corrected", explanation="x", note="n"
        )
        services.verdict_retract(claim=fresh[2], user=editor, note="Wrong person quoted.")
        # The returned verdict taken over and saved by another reviewer: its returns now count for them.
        services.claim_take_over(claim=fresh[6], user=factchecker2)
        save_draft(Claim.objects.get(pk=fresh[6].pk), factchecker2, "false", version=fresh[6].verdict.version)
        # The same claim, still in progress, moved to another speaker and kind.
        services.claim_edit(claim=Claim.objects.get(pk=fresh[6].pk), user=editor, speaker=ana, kind=Claim.Kind.QUOTE)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_delete(claim=fresh[4], user=UserFactory(username="root", is_superuser=True))
    incremental = _rows()
    assert incremental[0] and incremental[1]
    call_command("rebuild_report_rollup", "--since", (today - timedelta(days=20)).isoformat(), stdout=None)
    assert _rows() == incremental


def test_a_day_that_ends_moves_to_the_rollup_when_a_report_is_read(db):
    built_desk(3)
    built = _rows()
    today = timezone.localdate()
    # As if the roll-up were last brought current three days ago and those days were never rolled up.
    ReportRollupState.objects.update(until=today - timedelta(days=3))
    ReportVerdictDay.objects.filter(day__gte=today - timedelta(days=3)).delete()
    ReportStepDay.objects.filter(day__gte=today - timedelta(days=3)).delete()
    assert ensure_current() == report_rollup.Coverage(built_since(), today)
    assert _rows() == built


def built_since() -> date:
    state = ReportRollupState.objects.get()
    return state.since


def test_not_built_reads_the_live_tables(db):
    assert ensure_current() is None
    f = ReportFilters(date_from=date(2026, 1, 1), date_to=date(2026, 1, 31))
    assert day_split(f, None).rolled is None and day_split(f, None).live == ((f.date_from, f.date_to),)


def test_rebuild_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("rebuild_report_rollup", "--since", "last week")


# Query counts with the roll-up in use: the state, then one query per source per figure.
PINNED = {
    "reports:index": 18,
    "reports:throughput": 16,
    "reports:reviewers": 17,
    "reports:speakers": 12,
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_report_pages_query_counts_are_pinned_with_the_rollup(client, db, editor, name):
    users, _, f = built_desk(11)
    client.force_login(editor)
    params = {"from": f.date_from.isoformat()}

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name), params).status_code == 200
        return len(queries)

    before = count()
    random_desk(random.Random(12), users)
    rebuild()
    assert count() == before == PINNED[name]


def test_speaker_filter_reads_throughput_live(db):
    _, speakers, f = built_desk(5)
    with live_only():
        live = throughput_report(replace(f, speaker=speakers[1].pk)).tables
    assert [t.as_json() for t in throughput_report(replace(f, speaker=speakers[1].pk)).tables] == [
        t.as_json() for t in live
    ]


def test_a_csv_export_builds_only_its_table(client, db, editor):
    """The verdicts page's CSV of one table runs that table's queries only, and gives the page's figures."""
    _, _, f = built_desk(13)
    client.force_login(editor)
    params = {"from": f.date_from.isoformat(), "export": "csv"}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:index"), {**params, "table": "by_speaker"})
    assert response.status_code == 200
    assert len(queries) < PINNED["reports:index"] - 4  # the other four tables' queries would be 7 more
    expected = to_csv(verdict_report(f).by_speaker)
    assert response.content.decode() == expected
