"""Structured logging: a request id on every line of a request and of the tasks it enqueues.

``LOG_FORMAT=json`` writes one JSON object per line; the default is a readable line.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar, Token
from datetime import UTC, datetime

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
task_var: ContextVar[tuple[str, str]] = ContextVar("task", default=("", ""))
# task id -> the tokens that undo its binding when it ends (prerun and postrun run in one context).
_bound: dict[str, tuple[Token[tuple[str, str]], Token[str]]] = {}


def bind_task(task: object) -> None:
    """Set the task id/name (and the enqueuing request's id) for the log lines of a task run."""
    request = getattr(task, "request", None)
    task_id = getattr(request, "id", "") or ""
    name = getattr(task, "name", "") or ""
    request_id = getattr(request, "request_id", None) or (getattr(request, "headers", None) or {}).get("request_id")
    # An eager task inside a request has no message headers: it keeps the request's id.
    _bound[task_id] = (task_var.set((task_id, name)), request_id_var.set(request_id or request_id_var.get()))


def unbind_task(task_id: str) -> None:
    """Restore what the log context was before the task ran (no task id leaks to later lines)."""
    tokens = _bound.pop(task_id or "", None)
    if tokens is not None:
        request_id_var.reset(tokens[1])
        task_var.reset(tokens[0])


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        task_id, task_name = task_var.get()
        record.task_id = task_id
        record.task_name = task_name
        record.task = f" task={task_name}[{task_id}]" if task_id else ""
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("request_id", "task_id", "task_name"):
            value = getattr(record, key, "")
            if value:
                payload[key] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)
