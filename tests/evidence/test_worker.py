"""With Redis and a real Celery worker: providers run in parallel and a provider that hangs fails alone.

Needs PostgreSQL (the worker process must see the test database; SQLite in memory cannot be shared),
so on SQLite it skips with that reason; CI runs the suite on PostgreSQL as well.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.db import connection

from evidence.models import EvidenceCandidate, FetchRun
from evidence.services import library_document_add
from tests.evidence.conftest import DEFENSE_CLAIM, FIXTURES, claim_with_quantities
from tests.services.conftest import client_app, database_url, start_worker, wait_for_worker

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

WORLDBANK_DELAY = 0.6  # seconds the fake World Bank takes to answer
WIKIPEDIA_HANG = 4.0  # longer than the worker's read timeout (1 s)


class FakeProviders(http.server.ThreadingHTTPServer):
    """Wikipedia that hangs, World Bank that answers slowly; records when each request arrived."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.arrivals: dict[str, float] = {}


class _Handler(http.server.BaseHTTPRequestHandler):
    server: FakeProviders

    def do_GET(self) -> None:
        if self.path.startswith("/w/api.php"):
            self.server.arrivals.setdefault("wikipedia", time.monotonic())
            time.sleep(WIKIPEDIA_HANG)
            body = b'{"query": {"search": []}}'
        else:
            self.server.arrivals.setdefault("worldbank", time.monotonic())
            time.sleep(WORLDBANK_DELAY)
            body = (FIXTURES / "worldbank" / "military_gdp_jpn.json").read_bytes()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
            pass

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def fake_providers() -> Iterator[FakeProviders]:
    server = FakeProviders()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_gathering_runs_providers_in_parallel_on_the_worker_and_survives_a_hanging_one(
    redis_url: str, fake_providers: FakeProviders, editor: Any, tmp_path: Path
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("A real worker needs the test database on PostgreSQL (set DATABASE_URL); CI runs it there.")

    redis.Redis.from_url(redis_url).flushdb()
    library_document_add(
        user=editor,
        title="Japan's defence budget",
        text="Japan's defence-related spending is to reach 2% of GDP by fiscal 2027.",
    )
    claim = claim_with_quantities(DEFENSE_CLAIM)
    base = f"http://127.0.0.1:{fake_providers.server_address[1]}"
    worker = start_worker(
        redis_url,
        queues="evidence",
        concurrency=4,
        log_path=tmp_path / "worker.log",
        extra_env={
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "WIKIPEDIA_API_URL": f"{base}/w/api.php",
            "WORLDBANK_API_URL": f"{base}/v2",
            "PROVIDER_READ_TIMEOUT": "1",
            "PROVIDER_MAX_ATTEMPTS": "1",
            "PROVIDER_CACHE_SECONDS": "0",
            "STALE_PENDING_SECONDS": "600",
            "EVIDENCE_PROVIDERS": "library,archive,wikipedia,worldbank",
        },
    )
    client = client_app(redis_url, backend=redis_url)
    try:
        wait_for_worker(client)
        started = time.monotonic()
        client.send_task("evidence.tasks.gather_evidence", args=[claim.pk], queue="evidence")
        deadline = started + 30
        while time.monotonic() < deadline:
            runs = {r.provider: r for r in FetchRun.objects.filter(claim=claim)}
            if len(runs) == 5 and all(r.status not in ("queued", "running") for r in runs.values()):
                break
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=15)
    log = (tmp_path / "worker.log").read_text(errors="replace")
    assert {p: r.status for p, r in runs.items()} == {
        "library": "succeeded",
        "archive": "succeeded",
        "wikipedia": "failed",
        "worldbank": "succeeded",
        "factcheck_tools": "skipped",
    }, log[-3000:]
    assert runs["wikipedia"].error.startswith("Wikipedia did not answer in time.")
    assert runs["worldbank"].candidates_found == 1 and runs["library"].candidates_found == 1
    assert EvidenceCandidate.objects.filter(claim=claim, provider="worldbank", agreement="disagrees").exists()
    # Parallel: the two slow providers were asked within a moment of each other (one after the
    # other, the second would wait out the first). The hang was cut by the read timeout, not
    # waited out: the worker's own clock on the run, not the test's, which also counts the broker.
    arrivals = fake_providers.arrivals
    assert abs(arrivals["wikipedia"] - arrivals["worldbank"]) < WORLDBANK_DELAY
    assert runs["wikipedia"].duration_ms < WIKIPEDIA_HANG * 1000
