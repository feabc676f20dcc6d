"""Celery tasks of the archive app. They take ids, call one service, and are safe to run twice."""

from __future__ import annotations
