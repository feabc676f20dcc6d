"""Load benchmark (issue 10): the API and the queue page at 1M claims, against their SQL floor.

    python bench/load.py                          # generate 1M claims / 100k verdicts once, then measure
    python bench/load.py --claims 100000 --verdicts 10000 --db factcheck_load_small
    python bench/load.py --reuse                  # measure again on the data already there

It needs the machine's PostgreSQL (trust auth as user postgres on 127.0.0.1:5432) and, for the
submission case, Redis on 127.0.0.1:6379 (db 10). It starts gunicorn (2 workers, DEBUG off) and two
Celery workers on loopback, drives them from this process with a bounded client (threads with
keep-alive connections, a fixed number of requests each), and prints, per case: p50, p95 and
requests per second, beside the EXPLAIN ANALYZE time of the same query run as raw SQL (the floor),
and their ratio. Results also go to bench/results/load.json. Nothing here is a test: it prints.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/10"


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(db: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{db}",
        "DEBUG": "0",
        "SECRET_KEY": "load-benchmark-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "API_THROTTLE_RATE": "100000000/hour",
        "CELERY_BROKER_URL": REDIS,
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "600",
    }


def manage(db: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=server_env(db), text=True, capture_output=True, check=check
    )


def ensure_database(db: str) -> bool:
    """Create the database if missing. Returns True when it was created."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{db}"')
            return True
    return False


SETUP_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factcheck.services.tokens import api_token_create
User = get_user_model()
out = {"reviewers": [], "editor": None}
for i in range(8):
    user, _ = User.objects.get_or_create(username=f"load-reviewer-{i}")
    user.groups.add(Group.objects.get(name="fact-checker"))
    user.set_password("load-benchmark-password"); user.save()
    out["reviewers"].append(api_token_create(user=user, name="load benchmark").key)
editor, _ = User.objects.get_or_create(username="load-editor")
editor.groups.add(Group.objects.get(name="editor"))
editor.set_password("load-benchmark-password"); editor.save()
out["editor"] = api_token_create(user=editor, name="load benchmark").key
print(json.dumps(out))
"""


class Client:
    """One keep-alive HTTP connection to the server under test."""

    def __init__(self, port: int, token: str | None = None, cookie: str | None = None) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Token {token}"
        if cookie:
            self.headers["Cookie"] = cookie

    def request(
        self, method: str, path: str, body: dict[str, Any] | None = None, extra: dict[str, str] | None = None
    ) -> tuple[int, bytes, float]:
        headers = dict(self.headers, **(extra or {}))
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            start = time.perf_counter()
            try:
                self.conn.request(method, path, body=payload, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, data, (time.perf_counter() - start) * 1000
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection: open a new one and send again.
                if attempt:
                    raise
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        raise AssertionError("unreachable")


def summarise(latencies: list[float], wall: float) -> dict[str, float]:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "rps": round(len(ordered) / wall, 1),
    }


def hammer(
    threads: int,
    per_thread: int,
    make_client: Callable[[int], Client],
    work: Callable[[Client, int, int], float | None],
) -> dict[str, float]:
    """``threads`` clients, each sending ``per_thread`` requests; returns latency figures."""
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def run(t: int) -> None:
        client = make_client(t)
        barrier.wait()
        for i in range(per_thread):
            ms = work(client, t, i)
            if ms is not None:
                with lock:
                    latencies.append(ms)

    start = time.perf_counter()
    pool = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    return summarise(latencies, time.perf_counter() - start)


def wait_http(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, _, _ = Client(port).request("GET", "/healthz")
            if status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not come up")


def explain_ms(db: str, sql: str, params: list[Any]) -> float:
    """Execution time PostgreSQL reports for one query (median of 5), the floor for the API."""
    import psycopg

    times = []
    with psycopg.connect(f"{PG}/{db}") as conn:
        for _ in range(5):
            plan = conn.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params).fetchone()[0]
            times.append(float(plan[0]["Execution Time"]) + float(plan[0].get("Planning Time", 0)))
            conn.rollback()
    return round(statistics.median(times), 3)


def floors(db: str, claim_id: int, deep_after: tuple[Any, ...] | None) -> dict[str, float]:
    """The raw SQL behind each case, as the selectors build it."""
    first_page = (
        "SELECT c.id, c.text, c.kind, c.checkworthiness, c.status, c.priority, c.created_at, s.name, a.title, o.name "
        "FROM claims_claim c LEFT JOIN claims_speaker s ON s.id = c.speaker_id "
        "JOIN claims_article a ON a.id = c.article_id LEFT JOIN claims_outlet o ON o.id = a.outlet_id "
        "WHERE c.status = 'new' ORDER BY c.priority DESC, c.checkworthiness DESC, c.created_at ASC, c.id ASC LIMIT 51"
    )
    out = {"queue_first_page": explain_ms(db, first_page, [])}
    if deep_after:
        priority, score, created, cid = deep_after
        deep = first_page.replace(
            "WHERE c.status = 'new'",
            "WHERE c.status = 'new' AND (c.priority < %s OR (c.priority = %s AND (c.checkworthiness < %s OR "
            "(c.checkworthiness = %s AND (c.created_at > %s OR (c.created_at = %s AND c.id >= %s))))))",
        )
        out["queue_page_100_deep"] = explain_ms(db, deep, [priority, priority, score, score, created, created, cid])
    detail = (
        "SELECT c.*, s.*, a.*, o.* FROM claims_claim c LEFT JOIN claims_speaker s ON s.id = c.speaker_id "
        "JOIN claims_article a ON a.id = c.article_id LEFT JOIN claims_outlet o ON o.id = a.outlet_id WHERE c.id = %s"
    )
    out["claim_detail"] = explain_ms(db, detail, [claim_id])
    take = (
        "SELECT c.id FROM claims_claim c WHERE c.status = 'new' "
        "ORDER BY c.priority DESC, c.checkworthiness DESC, c.created_at ASC, c.id ASC LIMIT 1 FOR UPDATE SKIP LOCKED"
    )
    out["take_next"] = explain_ms(db, take, [])
    return out


def login_cookie(port: int) -> str:
    """A session cookie for the queue page, through the real login form."""
    import re

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/accounts/login/")
    first = conn.getresponse()
    html = first.read().decode()
    csrf_cookie = next(c.split(";")[0] for c in first.headers.get_all("Set-Cookie") or [] if c.startswith("csrftoken"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    form = urllib.parse.urlencode(
        {"username": "load-reviewer-0", "password": "load-benchmark-password", "csrfmiddlewaretoken": token}
    )
    conn.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": csrf_cookie,
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
        },
    )
    second = conn.getresponse()
    second.read()
    session = [c.split(";")[0] for c in second.headers.get_all("Set-Cookie") or [] if c.startswith("sessionid")]
    if not session:
        raise SystemExit(f"login for the queue page failed ({second.status})")
    return f"{session[0]}; {csrf_cookie}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="factcheck_load")
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--verdicts", type=int, default=100_000)
    ap.add_argument("--reuse", action="store_true", help="Do not generate data; measure what is there.")
    ap.add_argument("--requests", type=int, default=200, help="Requests per read case.")
    ap.add_argument("--articles", type=int, default=40, help="Articles submitted in the submission case.")
    a = ap.parse_args()

    created = ensure_database(a.db)
    manage(a.db, "migrate", "--noinput")
    manage(a.db, "collectstatic", "--noinput")  # DEBUG is off: pages need the hashed static files
    if created or not a.reuse:
        print(f"generating {a.claims:,} claims and {a.verdicts:,} verdicts in {a.db} ...", flush=True)
        t0 = time.perf_counter()
        out = manage(a.db, "generate_data", "--claims", str(a.claims), "--verdicts", str(a.verdicts))
        print(out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "", f"({time.perf_counter() - t0:.0f} s)")
    tokens = json.loads(manage(a.db, "shell", "-c", SETUP_SCRIPT).stdout.strip().splitlines()[-1])

    port = free_port()
    env = server_env(a.db)
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "factcheck.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    # Two single-process workers on the ingest and evidence queues. EVIDENCE_AUTO_THRESHOLD=2 is above
    # any checkworthiness, so no evidence is gathered automatically (no calls to outside providers).
    worker = [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-Q", "ingest,evidence"]
    workers = [
        subprocess.Popen(
            [*worker, "--concurrency", "1", "--loglevel", "WARNING", "-n", f"load{i}@%h"],
            cwd=ROOT,
            env={**env, "EVIDENCE_AUTO_THRESHOLD": "2"},
        )
        for i in range(2)
    ]
    import psycopg

    with psycopg.connect(f"{PG}/{a.db}") as conn:
        n_claims = conn.execute("SELECT count(*) FROM claims_claim").fetchone()[0]
        n_verdicts = conn.execute("SELECT count(*) FROM claims_verdict").fetchone()[0]
    results: dict[str, Any] = {"claims": n_claims, "verdicts": n_verdicts}
    try:
        wait_http(port)
        editor = tokens["editor"]
        reviewers = tokens["reviewers"]

        def get(path: str) -> Callable[[Client, int, int], float]:
            def work(client: Client, t: int, i: int) -> float:
                status, _, ms = client.request("GET", path)
                assert status == 200, (path, status)
                return ms

            return work

        # Warm both gunicorn workers and PostgreSQL's cache.
        hammer(2, 20, lambda t: Client(port, editor), get("/api/v1/claims/?status=new"))
        results["queue_first_page"] = hammer(
            4, a.requests // 4, lambda t: Client(port, editor), get("/api/v1/claims/?status=new")
        )

        # A page 100 pages deep, reached by following the cursor.
        client = Client(port, editor)
        path = "/api/v1/claims/?status=new"
        for _ in range(100):
            _, body, _ = client.request("GET", path)
            nxt = json.loads(body)["next"]
            path = urllib.parse.urlsplit(nxt)._replace(scheme="", netloc="").geturl()
        deep_path = path
        results["queue_page_100_deep"] = hammer(4, a.requests // 4, lambda t: Client(port, editor), get(deep_path))
        first = json.loads(client.request("GET", deep_path)[1])["results"][0]
        keys = ("priority", "checkworthiness", "created_at", "id")
        deep_after = tuple(first[k] for k in keys) if all(k in first for k in keys) else None

        ids = [row["id"] for row in json.loads(client.request("GET", "/api/v1/claims/?status=new")[1])["results"]]
        results["claim_detail"] = hammer(
            4,
            a.requests // 4,
            lambda t: Client(port, editor),
            lambda c, t, i: get(f"/api/v1/claims/{random.choice(ids)}/")(c, t, i),
        )

        def take(client: Client, t: int, i: int) -> float:
            status, _, ms = client.request("POST", "/api/v1/claims/take-next", body={})
            assert status in (200, 201), status
            return ms

        results["take_next_8_reviewers"] = hammer(8, 25, lambda t: Client(port, reviewers[t]), take)

        # Queue page in the browser's shoes: the server time of the HTML page.
        cookie = login_cookie(port)
        html = {"Accept": "text/html"}
        results["queue_html_page"] = hammer(
            2,
            a.requests // 4,
            lambda t: Client(port, cookie=cookie),
            lambda c, t, i: c.request("GET", "/queue/", extra=html)[2],
        )

        # Article submission with 2 Celery workers: request latency, then time until all are done.
        stamp = int(time.time())
        subjects = ["buses", "schools", "hospitals", "roads", "ports", "farms", "prisons", "parks"]

        def submit(client: Client, t: int, i: int) -> float:
            text = (
                f"The city spent ${t * 100 + i + 7} million on {subjects[i % 8]} in {2000 + i}, run {stamp}, "
                f"the mayor said. Officials said {i + 3},000 residents were affected, up from {i + 1},000."
            )
            status, body, ms = client.request("POST", "/api/v1/articles/", body={"text": text})
            assert status in (201, 202), (status, body[:200])
            return ms

        t0 = time.perf_counter()
        results["article_submission"] = hammer(2, a.articles // 2, lambda t: Client(port, reviewers[t]), submit)
        with psycopg.connect(f"{PG}/{a.db}") as conn:
            while True:
                pending = conn.execute(
                    "SELECT count(*) FROM claims_article WHERE status IN ('queued','fetching','extracting') "
                    "AND text LIKE %s",
                    [f"%run {stamp}%"],
                ).fetchone()[0]
                if not pending or time.perf_counter() - t0 > 300:
                    break
                time.sleep(0.5)
        results["article_submission"]["articles_per_s_end_to_end"] = round(a.articles / (time.perf_counter() - t0), 2)
        results["floors_ms"] = floors(a.db, ids[0], deep_after)
    finally:
        web.terminate()
        for w in workers:
            w.terminate()
        for proc in (web, *workers):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    print(f"\nLoad at {n_claims:,} claims / {n_verdicts:,} verdicts (PostgreSQL, gunicorn 2x4, loopback)")
    print(f"{'case':<26}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}{'SQL ms':>9}{'p95/SQL':>9}")
    for case in (
        "queue_first_page",
        "queue_page_100_deep",
        "claim_detail",
        "take_next_8_reviewers",
        "queue_html_page",
        "article_submission",
    ):
        r = results[case]
        floor_key = {"take_next_8_reviewers": "take_next", "queue_html_page": "queue_first_page"}.get(case, case)
        floor = results["floors_ms"].get(floor_key)
        ratio = f"{r['p95_ms'] / floor:.1f}x" if floor else "-"
        print(f"{case:<26}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['rps']:>9}{floor or '-':>9}{ratio:>9}")
    print(f"articles end to end with 2 workers: {results['article_submission']['articles_per_s_end_to_end']}/s")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "load.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
