"""Project-level views: the home redirect and the health endpoints."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache

from factcheck.celery import app

logger = logging.getLogger(__name__)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    try:
        return redirect(reverse("claims:queue"))
    except NoReverseMatch:  # the review screens are not installed: the admin is the fallback UI
        return redirect("admin:index")


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers. No I/O, so a slow database never restarts a healthy web process."""
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            return f"{len(pending)} unapplied migration(s)"
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready", reported by name
        return f"{type(exc).__name__}: {exc}"
    return None


def _check_cache() -> str | None:
    try:
        cache.set("readyz", "1", 5)
        if cache.get("readyz") != "1":
            return "cache did not return the value just written"
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"
    return None


def _check_broker() -> str | None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"
    return None


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready to serve: database reachable and migrated, cache and broker reachable."""
    checks = {"database": _check_database(), "cache": _check_cache(), "broker": _check_broker()}
    ok = all(v is None for v in checks.values())
    if not ok:
        logger.warning("readiness check failed: %s", {k: v for k, v in checks.items() if v})
    body = {"status": "ok" if ok else "unavailable", "checks": {k: v or "ok" for k, v in checks.items()}}
    return JsonResponse(body, status=200 if ok else 503)
