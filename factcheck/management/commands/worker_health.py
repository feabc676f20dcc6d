"""``manage.py worker_health [--max-age 60]``: exit 0 when the worker's heartbeat file is fresh.

For a container health check: ``python manage.py worker_health --max-age 60``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Exit non-zero when the Celery worker's heartbeat file (WORKER_HEARTBEAT_FILE) is missing or stale."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--max-age", type=float, default=60.0, help="seconds (default 60)")
        parser.add_argument("--file", default="", help="the heartbeat file (default: WORKER_HEARTBEAT_FILE)")

    def handle(self, *args: Any, max_age: float, file: str, **options: Any) -> None:
        name = file or settings.WORKER_HEARTBEAT_FILE
        if not name:
            raise CommandError("WORKER_HEARTBEAT_FILE is not set, so the worker writes no heartbeat.")
        path = Path(name)
        try:
            age = time.time() - path.stat().st_mtime
        except FileNotFoundError:
            raise CommandError(f"No heartbeat at {path}: the worker is not running or not consuming.") from None
        if age > max_age:
            raise CommandError(f"The heartbeat at {path} is {age:.0f}s old (limit {max_age:.0f}s).")
        self.stdout.write(f"ok: heartbeat {age:.1f}s old")
