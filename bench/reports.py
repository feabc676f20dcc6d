"""Latency of every report page against a large data set on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres factcheck_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_data --claims 1000000 --verdicts 100000
    .venv/bin/python bench/reports.py [--runs 5]

Each page is requested through Django's test client as an editor (URL routing, the selector's
queries, charts, template rendering, CSV), once to warm up and then ``--runs`` times; the table
gives the median and worst wall time, the number of queries and the slowest query's time. Two
periods: the default (the last 90 days) and the whole year the generator spreads data over.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from claims.models import Claim, Verdict  # noqa: E402
from factcheck import roles  # noqa: E402
from factcheck.models import ReviewEvent  # noqa: E402

TARGET_SECONDS = 1.0


class QueryTimer:
    """Times every query a request runs (``connection.execute_wrapper``)."""

    def __init__(self) -> None:
        self.times: list[tuple[float, str]] = []

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.times.append((time.perf_counter() - started, sql))


def measure(client: Client, url: str, runs: int) -> tuple[list[float], QueryTimer]:
    response = client.get(url)  # warm-up: caches, the planner, Python imports
    assert response.status_code == 200, (url, response.status_code)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    walls, timer = [], QueryTimer()
    for _ in range(runs):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            walls.append(time.perf_counter() - started)
    return walls, timer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--show-sql", action="store_true", help="print the slowest query of each page")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL (DATABASE_URL=postgres://…); the target is set for it.")
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    editor = get_user_model().objects.filter(groups__name=roles.EDITOR).order_by("pk").first()
    if editor is None:
        sys.exit("No editor: run `manage.py generate_data` (or load_demo) first.")
    client = Client()
    client.force_login(editor)

    claims, verdicts, events = Claim.objects.count(), Verdict.objects.count(), ReviewEvent.objects.count()
    published = Verdict.objects.filter(status=Verdict.Status.PUBLISHED).count()
    print(f"Data: {claims:,} claims, {verdicts:,} verdicts ({published:,} published), {events:,} audit events")

    today = timezone.localdate()
    first = Claim.objects.order_by("created_at").values_list("created_at", flat=True).first()
    year = {"from": (timezone.localtime(first).date() if first else today).isoformat(), "to": today.isoformat()}
    top_speaker = (
        Verdict.objects.filter(status="published")
        .values("claim__speaker_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("claim__speaker_id", flat=True)
        .first()
    )
    busiest_article = (
        Claim.objects.values("article_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("article_id", flat=True)
        .first()
    )
    last = Verdict.objects.aggregate(m=Max("published_at"))["m"]
    week = (
        {
            "from": (timezone.localtime(last).date() - timezone.timedelta(days=6)).isoformat(),
            "to": timezone.localtime(last).date().isoformat(),
        }
        if last
        else {}
    )

    def q(params: dict[str, str]) -> str:
        return "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""

    cases: list[tuple[str, str, str]] = []
    for label, params in (("90 days", {}), ("whole year", year)):
        cases += [
            ("Verdicts", label, reverse("reports:index") + q(params)),
            ("Verdicts per day", label, reverse("reports:index") + q({**params, "granularity": "day"})),
            ("Throughput", label, reverse("reports:throughput") + q(params)),
            ("Reviewers", label, reverse("reports:reviewers") + q(params)),
            ("Speakers", label, reverse("reports:speakers") + q(params)),
            ("Speaker card (top)", label, reverse("reports:speaker", args=[top_speaker]) + q(params)),
            ("CSV by speaker", label, reverse("reports:index") + q({**params, "export": "csv", "table": "by_speaker"})),
        ]
    recent_false = {
        "verdict": "published",
        "rating": "false",
        "published_from": (today - timezone.timedelta(days=89)).isoformat(),
    }
    cases += [
        ("Article report", "-", reverse("reports:article", args=[busiest_article])),
        ("Claims behind: False, 90 d", "-", reverse("reports:claims") + q(recent_false)),
        ("Claims behind: returned", "-", reverse("reports:claims") + q({"event": "returned"})),
        ("ClaimReview feed, a week", "-", reverse("reports:claimreview") + q(week)),
    ]

    print(f"\n{'report':<28} {'period':<11} {'p50 ms':>8} {'max ms':>8} {'queries':>8} {'slowest q ms':>13}  ok")
    worst = 0.0
    for name, label, url in cases:
        walls, timer = measure(client, url, args.runs)
        slowest = max(timer.times, default=(0.0, ""))
        worst = max(worst, max(walls))
        ok = "yes" if max(walls) < TARGET_SECONDS else "NO"
        print(
            f"{name:<28} {label:<11} {statistics.median(walls) * 1000:>8.0f} {max(walls) * 1000:>8.0f} "
            f"{len(timer.times):>8} {slowest[0] * 1000:>13.0f}  {ok}"
        )
        if args.show_sql:
            print(f"    {slowest[1][:400]}")
    print(f"\nWorst page: {worst * 1000:.0f} ms (target < {TARGET_SECONDS * 1000:.0f} ms per report).")


if __name__ == "__main__":
    main()
