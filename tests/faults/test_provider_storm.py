"""3. Provider storm: 500s, 429 with Retry-After, a hang past the timeout, malformed JSON.

Gathering on a real worker still finishes: the network providers' runs fail with reasons a person
can read, the offline providers' candidates are stored, and no task runs into its hard time limit.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from evidence.models import EvidenceCandidate, FetchRun
from evidence.services import library_document_add
from tests.evidence.conftest import DEFENSE_CLAIM, claim_with_quantities
from tests.factories import UserFactory
from tests.services.conftest import client_app
from tests.waiting import wait_until

HANG_SECONDS = 6.0  # past the worker's 1 s read timeout, far below its hard limit
HARD_LIMIT = 30


class Storm(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _StormHandler)
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()

    def count(self, name: str) -> int:
        with self.lock:
            self.hits[name] = self.hits.get(name, 0) + 1
            return self.hits[name]


class _StormHandler(http.server.BaseHTTPRequestHandler):
    server: Storm

    def do_GET(self) -> None:
        if self.path.startswith("/wikipedia"):
            self.server.count("wikipedia")
            time.sleep(HANG_SECONDS)
            status, body, headers = 200, b'{"query": {"search": []}}', {}
        elif self.path.startswith("/worldbank"):
            self.server.count("worldbank")
            status, body, headers = 500, b"Internal Server Error", {}
        else:  # Fact Check Tools: first a 429 asking for 1 s, then malformed JSON
            n = self.server.count("factcheck_tools")
            if n == 1:
                status, body, headers = 429, b'{"error": "rate"}', {"Retry-After": "1"}
            else:
                status, body, headers = 200, b'{"claims": [{"text": "unterminated', {}
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def storm() -> Iterator[Storm]:
    server = Storm()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_gathering_survives_a_provider_storm(postgres, throwaway_redis, workers, storm):
    editor = UserFactory(username="librarian", role="editor")
    library_document_add(
        user=editor, title="Japan defence budget", text="Japan's defence spending was about 1.6% of GDP in 2024."
    )
    claim = claim_with_quantities(DEFENSE_CLAIM)  # with its Quantity rows, so World Bank has a question
    base = f"http://127.0.0.1:{storm.server_address[1]}"
    workers.start(
        throwaway_redis.url,
        EVIDENCE_PROVIDERS="library,archive,wikipedia,worldbank,factcheck_tools",
        WIKIPEDIA_API_URL=f"{base}/wikipedia/w/api.php",
        WORLDBANK_API_URL=f"{base}/worldbank/v2",
        FACTCHECK_TOOLS_API_URL=f"{base}/factchecktools/v1alpha1/claims:search",
        FACTCHECK_TOOLS_API_KEY="k",
        PROVIDER_READ_TIMEOUT="1",
        PROVIDER_CONNECT_TIMEOUT="1",
        PROVIDER_MAX_ATTEMPTS="3",
        PROVIDER_CACHE_SECONDS="0",
        CELERY_TASK_TIME_LIMIT=str(HARD_LIMIT),
        CELERY_TASK_SOFT_TIME_LIMIT="25",
        STALE_PENDING_SECONDS="600",
    )
    started = time.monotonic()
    client_app(throwaway_redis.url).send_task("evidence.tasks.gather_evidence", args=[claim.pk], queue="evidence")

    def finished() -> bool:
        runs = list(FetchRun.objects.filter(claim=claim))
        return len(runs) == 5 and all(r.status not in ("queued", "running") for r in runs)

    wait_until(finished, timeout=90, message=f"gathering did not finish:\n{workers.logs()[-3000:]}")
    elapsed = time.monotonic() - started
    runs = {r.provider: r for r in FetchRun.objects.filter(claim=claim)}
    logs = workers.logs()
    assert {p: r.status for p, r in runs.items()} == {
        "library": "succeeded",
        "archive": "succeeded",
        "wikipedia": "failed",
        "worldbank": "failed",
        "factcheck_tools": "failed",
    }, logs[-3000:]
    assert "did not answer in time" in runs["wikipedia"].error
    assert "500" in runs["worldbank"].error or "server error" in runs["worldbank"].error.lower()
    assert runs["worldbank"].error.endswith("(gave up after 3 tries)")
    assert "malformed" in runs["factcheck_tools"].error.lower() or "json" in runs["factcheck_tools"].error.lower()
    assert storm.hits["factcheck_tools"] == 2  # the 429 was waited out, then the answer was unreadable
    # 5xx: PROVIDER_MAX_ATTEMPTS tries in all (urllib3's Retry), and the task adds none.
    assert storm.hits["worldbank"] == 3
    assert storm.hits["wikipedia"] == 3
    assert EvidenceCandidate.objects.filter(claim=claim, provider="library").exists()
    for run in runs.values():
        assert run.duration_ms is None or run.duration_ms < HARD_LIMIT * 1000
    assert "TimeLimitExceeded" not in logs and "Hard time limit" not in logs
    assert elapsed < HARD_LIMIT * 2
