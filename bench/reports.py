"""Latency of every report page against a large data set on PostgreSQL, before and after the roll-up.

    createdb -h 127.0.0.1 -U postgres factcheck_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_data --claims 1000000 --verdicts 100000
    .venv/bin/python manage.py rebuild_report_rollup
    .venv/bin/python bench/reports.py [--runs 7]

Each page is requested through Django's test client as an editor (URL routing, the selector's
queries, charts, template rendering, CSV), once to warm up and then ``--runs`` times, alternately
reading the live tables only ("before": ``report_rollup.live_only()``) and the daily roll-up for past
days ("after"), so both see the same machine load. The table gives p50 and p95 wall time of both and
the queries of each. Two periods: the default (the last 90 days) and the whole year the generator
spreads data over. The floor: every whole-year page after under 500 ms at p50 and within 1.5× its
90-day time.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
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
from claims.services.report_rollup import ensure_current, live_only  # noqa: E402
from factcheck import roles  # noqa: E402
from factcheck.models import ReviewEvent  # noqa: E402

TARGET_SECONDS = 0.5  # whole-year p50 after
YEAR_OVER_90_DAYS = 1.5


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


def request(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)


def measure(client: Client, url: str, runs: int) -> dict[str, tuple[list[float], QueryTimer]]:
    """Wall times and the last run's queries, live tables ("before") and roll-up ("after") alternately."""
    out: dict[str, tuple[list[float], QueryTimer]] = {}
    for mode in ("before", "after"):
        with live_only() if mode == "before" else nullcontext():
            request(client, url)  # warm-up: caches, the planner, Python imports
        out[mode] = ([], QueryTimer())
    for _ in range(runs):
        for mode in ("before", "after"):
            timer = QueryTimer()
            with live_only() if mode == "before" else nullcontext(), connection.execute_wrapper(timer):
                started = time.perf_counter()
                request(client, url)
                out[mode][0].append(time.perf_counter() - started)
            out[mode] = (out[mode][0], timer)
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
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

    held = ensure_current()
    if held is None:
        sys.exit("The roll-up is not built: run `manage.py rebuild_report_rollup` first.")
    print(f"Roll-up: {held.since} to {held.until} (exclusive); load: {os.getloadavg()[0]:.2f} (1 min)")
    print(
        f"\n{'report':<28} {'period':<11} {'before p50':>10} {'p95':>6} {'q':>3}  {'after p50':>9} {'p95':>6} {'q':>3}"
        f"  {'slowest q':>9}  ok"
    )
    p50_after: dict[str, float] = {}
    failures = []
    for name, label, url in cases:
        runs = measure(client, url, args.runs)
        (before, t_before), (after, t_after) = runs["before"], runs["after"]
        slowest = max(t_after.times, default=(0.0, ""))
        median = statistics.median(after)
        ok = ""
        if label == "90 days":
            p50_after[name] = median
        elif label == "whole year":
            good = median < TARGET_SECONDS and median <= YEAR_OVER_90_DAYS * p50_after[name]
            ok = "yes" if good else "NO"
            if not good:
                failures.append(name)
        print(
            f"{name:<28} {label:<11} {statistics.median(before) * 1000:>10.0f} {p95(before) * 1000:>6.0f} "
            f"{len(t_before.times):>3}  {median * 1000:>9.0f} {p95(after) * 1000:>6.0f} {len(t_after.times):>3}"
            f"  {slowest[0] * 1000:>9.0f}  {ok}"
        )
        if args.show_sql:
            print(f"    {slowest[1][:400]}")
    print(f"\nLoad after: {os.getloadavg()[0]:.2f} (1 min). Milliseconds; q = queries per page.")
    print(
        f"Floor: whole year p50 (after) < {TARGET_SECONDS * 1000:.0f} ms and ≤ {YEAR_OVER_90_DAYS}× its 90-day p50: "
        + ("met by every page." if not failures else f"missed by {', '.join(failures)}.")
    )


if __name__ == "__main__":
    main()
