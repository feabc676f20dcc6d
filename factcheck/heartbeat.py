"""A worker heartbeat file: touched every few seconds while the worker consumes from the broker.

``celery inspect ping`` needs a broker round trip and a whole Celery client per check; a file's
age is cheaper to read and says more: the touch is scheduled on the consumer's own timer, so it
stops when the event loop hangs, when the broker connection is lost (the consumer step is
stopped) and when the process dies. ``manage.py worker_health`` reads it.

Set ``WORKER_HEARTBEAT_FILE`` to turn it on; this module is imported by the worker through
``CELERY_IMPORTS`` and adds its step to the consumer before the consumer is built.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from celery import bootsteps
from django.conf import settings

from factcheck.celery import app

logger = logging.getLogger(__name__)


def touch(path: Path) -> None:
    """Write the current time into ``path`` (atomically, so a reader never sees a half-written file)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text("alive\n")
    os.replace(tmp, path)


class HeartbeatStep(bootsteps.StartStopStep):
    """Consumer step: starts once the worker consumes tasks, stops when the connection goes."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.path = Path(settings.WORKER_HEARTBEAT_FILE) if settings.WORKER_HEARTBEAT_FILE else None
        self.timer_ref: Any = None

    def include_if(self, parent: Any) -> bool:
        return self.path is not None

    def start(self, parent: Any) -> None:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        touch(self.path)
        self.timer_ref = parent.timer.call_repeatedly(settings.WORKER_HEARTBEAT_SECONDS, touch, (self.path,))
        logger.info("Worker heartbeat: touching %s every %ss.", self.path, settings.WORKER_HEARTBEAT_SECONDS)

    def stop(self, parent: Any) -> None:
        if self.timer_ref is not None:
            self.timer_ref.cancel()
            self.timer_ref = None

    def shutdown(self, parent: Any) -> None:
        self.stop(parent)
        if self.path is not None:
            self.path.unlink(missing_ok=True)


app.steps["consumer"].add(HeartbeatStep)
