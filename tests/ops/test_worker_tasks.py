"""A worker started as `celery -A factcheck worker` knows every task the project defines and every
task beat schedules: a task missing from autodiscovery is a message the worker throws away."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("claims", "evidence", "archive", "factcheck")


def defined_task_names() -> set[str]:
    """The ``name=`` of every ``@shared_task`` in the project's modules named tasks.py."""
    names: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("tasks.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.keyword) and node.arg == "name" and isinstance(node.value, ast.Constant):
                    names.add(str(node.value.value))
    return names


# A fresh process (this one has imported every tasks module through the tests): Django set up, then
# what a worker does at start-up, autodiscovery.
WORKER_START = """
import json, django
django.setup()
from factcheck.celery import app
app.loader.import_default_modules()
print(json.dumps(sorted(name for name in app.tasks if not name.startswith("celery."))))
"""


def registered_task_names() -> set[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "LOG_LEVEL": "WARNING"}
    out = subprocess.run(
        [sys.executable, "-c", WORKER_START], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_the_worker_registers_every_task_the_project_defines() -> None:
    defined = defined_task_names()
    assert "archive.tasks.match_claim" in defined  # the finder reads the modules it should
    assert defined <= registered_task_names()


def test_every_beat_entry_names_a_registered_task() -> None:
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= registered_task_names()
