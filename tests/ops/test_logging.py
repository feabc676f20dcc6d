"""Structured logs: LOG_FORMAT=json gives one JSON object per line; a request id on every line of a
request and of the tasks it enqueues; task id and name on every task line."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from celery import shared_task
from celery.signals import before_task_publish, task_postrun, task_prerun
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from factcheck.logging import ContextFilter, JsonFormatter, request_id_var, task_var
from factcheck.middleware import RequestIdMiddleware

ROOT = Path(__file__).resolve().parents[2]
log = logging.getLogger("factcheck.tests.ops")


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Capture what the console handler would write with LOG_FORMAT=json."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def records(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@shared_task(name="tests.ops.logs_a_line")
def logs_a_line() -> None:
    log.info("inside the task")


def test_json_format_writes_one_object_per_line_even_for_multi_line_messages(json_lines):
    log.warning("first line\nsecond line")
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("it failed")
    lines = json_lines.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == "first line\nsecond line" and first["level"] == "WARNING"
    assert "ValueError: boom" in second["exception"] and {"time", "logger"} <= second.keys()


def test_settings_pick_the_json_formatter_when_log_format_is_json():
    code = "import django, logging; django.setup(); logging.getLogger('factcheck.probe').warning('hello %s', 'world')"
    env = {"DJANGO_SETTINGS_MODULE": "factcheck.settings", "DEBUG": "1", "LOG_FORMAT": "json", "PATH": ""}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    assert {"logger": "factcheck.probe", "message": "hello world"}.items() <= lines[-1].items()


def test_every_line_of_a_request_carries_its_request_id_including_an_eager_task_it_runs(json_lines, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    def view(request: HttpRequest) -> HttpResponse:
        log.info("before the task")
        logs_a_line.delay()
        log.info("after the task")
        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="req-42"))
    assert response["X-Request-ID"] == "req-42"
    lines = records(json_lines)
    assert {line.get("request_id") for line in lines} == {"req-42"}  # Celery's own lines included
    before, in_task, after = (line for line in lines if line["logger"] == log.name)
    assert [before["request_id"], in_task["request_id"], after["request_id"]] == ["req-42"] * 3
    assert in_task["task_name"] == "tests.ops.logs_a_line" and in_task["task_id"]
    # The task's id must not stick to the request's later lines.
    assert "task_id" not in after
    assert request_id_var.get() == "" and task_var.get() == ("", "")


class FakeTask:
    """What the signal handlers read from a task: its name and ``task.request`` (id, custom headers)."""

    def __init__(self, name: str, **request: str) -> None:
        self.name = name
        self.request = SimpleNamespace(**request)


@contextmanager
def running(task: FakeTask) -> Iterator[None]:
    """Send the signals a worker sends around a task's run (the handlers under test listen to them)."""
    task_prerun.send(sender=task, task_id=task.request.id, task=task, args=(), kwargs={})
    try:
        yield
    finally:
        task_postrun.send(
            sender=task, task_id=task.request.id, task=task, args=(), kwargs={}, retval=None, state="SUCCESS"
        )


def test_a_task_published_in_a_request_carries_the_request_id_to_the_worker(json_lines):
    # The web side: publishing inside a request puts the id into the message headers.
    headers: dict[str, str] = {}
    token = request_id_var.set("req-77")
    try:
        before_task_publish.send(sender="tests.ops.logs_a_line", headers=headers, body=None)
    finally:
        request_id_var.reset(token)
    assert headers["request_id"] == "req-77"

    # The worker side: Celery turns message headers into attributes of task.request.
    task = FakeTask("tests.ops.logs_a_line", id="task-9", request_id=headers["request_id"])
    with running(task):
        log.info("inside the task")
    (line,) = records(json_lines)
    # A worker process runs task after task: nothing of this one may stick to the next one's lines.
    assert task_var.get() == ("", "") and request_id_var.get() == ""
    assert line["request_id"] == "req-77" and line["task_id"] == "task-9"
    assert line["task_name"] == "tests.ops.logs_a_line"


def test_a_task_line_without_a_request_still_names_the_task(json_lines):
    task = FakeTask("factcheck.tasks.requeue_stale_work", id="beat-1")
    with running(task):
        log.info("sweeping")
    (line,) = records(json_lines)
    assert line["task_id"] == "beat-1" and line["task_name"] == "factcheck.tasks.requeue_stale_work"
    assert "request_id" not in line
