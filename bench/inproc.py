"""Each hot path in process, next to its floor measured in the same process and run.

Usage (a scratch database filled by ``manage.py generate_data --claims N`` first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench python bench/inproc.py --runs 30

For each path it prints the project's p50/p95 (the API through Django's test client with a bearer
token: middleware, authentication, permissions, filters, serialisation) and the queries it ran,
then the bare ORM ``values()`` read of the same rows and the same rows in raw SQL on the same
connection. The cases alternate run by run, so a load spike on a shared machine hits all of them.
Take-next changes data (it assigns claims to a bench user); the rest only read.

``--prepare N`` (PostgreSQL) measures psycopg 3's server-side binding with prepared statements
(``DB_PREPARE_THRESHOLD=N``) against the default client-side binding in the same process: the
connection is reopened in each mode in turn, ``--rounds`` times, each round warmed up first, and
every path is printed for both modes.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the test client's host; DEBUG stays off (no query log)
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from claims.models import QUEUE_ORDER, Claim  # noqa: E402
from claims.selectors.claim_rows import DETAIL_OWN_FIELDS, LIST_FIELDS, claim_rows  # noqa: E402
from claims.selectors.queue import QueueFilters, claim_list  # noqa: E402
from factcheck import roles  # noqa: E402
from factcheck.models import ReviewEvent  # noqa: E402
from factcheck.services.tokens import api_token_create  # noqa: E402
from factcheck.services.users import user_ensure  # noqa: E402


class Counter:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.n += 1
        return execute(sql, params, many, context)


def raw(sql: str, params: list[Any]) -> Callable[[], Any]:
    def run() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def orm_and_raw(qs: Any) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """The page's rows (the columns the API shows) read by a prebuilt ORM ``values()``, and raw."""
    values = claim_rows(qs)[:50]
    sql, params = values.query.sql_with_params()
    return (lambda: list(values.all())), raw(sql, list(params))


def take_floor(user_id: int) -> Callable[[], Any]:
    """The take-next transaction in raw SQL: lock and update the top claim, the audit row."""

    def run() -> Any:
        now = timezone.now()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "WITH picked AS (SELECT id FROM claims_claim WHERE status = 'new' ORDER BY priority DESC, "
                "checkworthiness DESC, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE claims_claim "
                "SET status = 'in_progress', assignee_id = %s, assigned_at = %s, updated_at = %s "
                "WHERE id IN (SELECT id FROM picked) RETURNING id, article_id, text",
                [user_id, now, now],
            )
            row = cursor.fetchone()
            ReviewEvent.objects.bulk_create(
                [ReviewEvent(actor_id=user_id, action="claim.taken", object_type="claim", object_id=row[0])]
            )
        return row

    return run


def ok(response: Any) -> Any:
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return response


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--common", default="unemployment")
    parser.add_argument("--rare", default="zebra")
    parser.add_argument("--prepare", type=int, default=0, help="also measure DB_PREPARE_THRESHOLD=N (PostgreSQL)")
    parser.add_argument("--rounds", type=int, default=3, help="with --prepare: alternations of the two modes")
    parser.add_argument("--only", default="", help="only the paths whose name contains this")
    args = parser.parse_args()

    user = user_ensure(username="bench-inproc", role=roles.EDITOR).user
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='inproc').key}")
    top = Claim.objects.filter(status="new").order_by(*QUEUE_ORDER).values_list("id", flat=True).first()
    queue = claim_list(filters=QueueFilters(), for_values=True)
    cases: dict[str, list[tuple[str, Callable[[], Any]]]] = {}
    for name, q in (
        ("queue page 1", ""),
        (f"search common ({args.common})", args.common),
        (f"search rare ({args.rare})", args.rare),
    ):
        # The API's search below names no status (all statuses), so neither does its floor.
        orm, sql = orm_and_raw(claim_list(filters=QueueFilters(status=(), q=q), for_values=True) if q else queue)

        def api(q: str = q) -> Any:
            return ok(client.get("/api/v1/claims/", {"q": q} if q else {"status": "new"}, secure=True))

        cases[name] = [("project API", api), ("bare ORM values()", orm), ("raw SQL", sql)]
    # The claim's own row with its speaker, article and assignee (what a list row shows and the
    # detail's own columns); the detail adds its verdict and related rows on top of this floor.
    detail = Claim.objects.filter(pk=top).values(*LIST_FIELDS, *DETAIL_OWN_FIELDS)
    detail_sql, detail_params = detail.query.sql_with_params()
    cases["claim detail"] = [
        ("project API", lambda: ok(client.get(f"/api/v1/claims/{top}/", secure=True))),
        ("bare ORM values()", lambda: list(detail.all())),
        ("raw SQL", raw(detail_sql, list(detail_params))),
    ]
    cases["take-next"] = [("project API", lambda: ok(client.post("/api/v1/claims/take-next", secure=True)))]
    if connection.vendor == "postgresql":  # the floor's SQL locks with SKIP LOCKED
        cases["take-next"].append(("raw SQL (lock+update+audit)", take_floor(user.pk)))
    cases["reports: verdicts, 90 days"] = [
        ("project API", lambda: ok(client.get("/api/v1/reports/verdicts/", secure=True)))
    ]
    cases["reports: throughput, 90 days"] = [
        ("project API", lambda: ok(client.get("/api/v1/reports/throughput/", secure=True)))
    ]

    if args.only:
        cases = {path: variants for path, variants in cases.items() if args.only in path}
    modes: list[tuple[str, dict[str, Any]]] = [("", {})]
    if args.prepare and connection.vendor == "postgresql":
        prepared = {"server_side_binding": True, "prepare_threshold": args.prepare}
        modes = [("client-side binding", {}), (f"prepared (threshold {args.prepare})", prepared)]
    rounds = args.rounds if len(modes) > 1 else 1
    print(f"{Claim.objects.count():,} claims, {connection.vendor}, {args.runs} runs, load {os.getloadavg()}")
    times: dict[tuple[str, str, str], list[float]] = {}
    queries: dict[tuple[str, str, str], int] = {}
    base_options = dict(connection.settings_dict["OPTIONS"])
    for _ in range(rounds):
        for mode, options in modes:
            use_options(base_options, options)
            for path, variants in cases.items():
                runs = (args.runs if not path.startswith("reports") else max(5, args.runs // 6)) // rounds
                for _label, fn in variants:  # warm-up: imports, the planner, caches, prepared statements
                    for _ in range(max(1, args.prepare)):
                        fn()
                for _ in range(max(1, runs)):
                    for label, fn in variants:
                        counter = Counter()
                        with connection.execute_wrapper(counter):
                            started = time.perf_counter()
                            fn()
                            times.setdefault((path, label, mode), []).append((time.perf_counter() - started) * 1000)
                        queries[(path, label, mode)] = counter.n
    use_options(base_options, {})
    for path, variants in cases.items():
        print(f"\n{path}")
        for label, _ in variants:
            for mode, _options in modes:
                ms = sorted(times[(path, label, mode)])
                p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
                name = f"{label}, {mode}" if mode else label
                n = queries[(path, label, mode)]
                print(f"  {name:50} p50 {statistics.median(ms):8.2f} ms  p95 {p95:8.2f} ms  {n:3} queries")
    print(f"\nload after {os.getloadavg()}")


def use_options(base: dict[str, Any], extra: dict[str, Any]) -> None:
    """Reconnect with these connection options (the next query opens the connection)."""
    connection.close()
    connection.settings_dict["OPTIONS"] = {**base, **extra}


if __name__ == "__main__":
    main()
