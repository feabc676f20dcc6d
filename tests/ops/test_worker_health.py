"""The worker heartbeat file and ``manage.py worker_health``, which a container health check runs."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from factcheck.heartbeat import HeartbeatStep
from tests.waiting import wait_until


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_fresh_heartbeat_is_healthy(tmp_path, settings, capsys):
    settings.WORKER_HEARTBEAT_FILE = str(tmp_path / "beat")
    (tmp_path / "beat").write_text("alive\n")
    call_command("worker_health", "--max-age", "60")
    assert "ok" in capsys.readouterr().out


def test_a_stale_heartbeat_fails_the_check(tmp_path, settings):
    settings.WORKER_HEARTBEAT_FILE = str(tmp_path / "beat")
    (tmp_path / "beat").write_text("alive\n")
    age(tmp_path / "beat", 120)
    with pytest.raises(CommandError, match="old"):
        call_command("worker_health", "--max-age", "60")
    call_command("worker_health", "--max-age", "300")


def test_a_missing_heartbeat_fails_the_check(tmp_path, settings):
    settings.WORKER_HEARTBEAT_FILE = str(tmp_path / "never-written")
    with pytest.raises(CommandError, match="No heartbeat"):
        call_command("worker_health")


def test_without_a_heartbeat_file_configured_the_check_says_so(settings):
    settings.WORKER_HEARTBEAT_FILE = ""
    with pytest.raises(CommandError, match="WORKER_HEARTBEAT_FILE is not set"):
        call_command("worker_health")


class FakeTimer:
    def __init__(self) -> None:
        self.calls: list[tuple[float, Any, tuple[Any, ...]]] = []
        self.cancelled = False

    def call_repeatedly(self, secs: float, fun: Any, args: tuple[Any, ...] = ()) -> FakeTimer:
        self.calls.append((secs, fun, args))
        return self

    def cancel(self) -> None:
        self.cancelled = True


class FakeConsumer:
    def __init__(self) -> None:
        self.timer = FakeTimer()


def test_the_consumer_step_touches_on_start_on_its_timer_and_removes_the_file_at_shutdown(tmp_path, settings):
    beat = tmp_path / "run" / "beat"
    settings.WORKER_HEARTBEAT_FILE = str(beat)
    settings.WORKER_HEARTBEAT_SECONDS = 7
    consumer = FakeConsumer()
    step = HeartbeatStep(consumer)
    assert step.include_if(consumer)
    step.start(consumer)
    assert beat.exists()
    # The touch runs on the consumer's timer (its event loop), so a hung loop stops the heartbeat.
    ((secs, fun, args),) = consumer.timer.calls
    assert secs == 7
    age(beat, 100)
    fun(*args)
    assert time.time() - beat.stat().st_mtime < 5
    step.stop(consumer)
    assert consumer.timer.cancelled
    step.shutdown(consumer)
    assert not beat.exists()


def test_the_step_is_left_out_when_no_file_is_configured(settings):
    settings.WORKER_HEARTBEAT_FILE = ""
    assert not HeartbeatStep(FakeConsumer()).include_if(FakeConsumer())


@pytest.mark.services
def test_a_real_worker_keeps_its_heartbeat_fresh_and_removes_it_when_it_stops(tmp_path):
    from tests.conftest import require_service
    from tests.services.conftest import REDIS_URL, redis_available, start_worker

    require_service(redis_available(), f"Redis is not reachable at {REDIS_URL}")
    beat = tmp_path / "beat"
    proc = start_worker(
        REDIS_URL,
        extra_env={"WORKER_HEARTBEAT_FILE": str(beat), "WORKER_HEARTBEAT_SECONDS": "1"},
        log_path=tmp_path / "worker.log",
    )
    try:
        wait_until(beat.exists, timeout=40, message=(tmp_path / "worker.log").read_text())
        first = beat.stat().st_mtime
        wait_until(
            lambda: beat.stat().st_mtime > first, timeout=20, every=0.1, message="the heartbeat was not touched again"
        )
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert not beat.exists()
