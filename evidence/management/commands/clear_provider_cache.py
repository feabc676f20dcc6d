"""python manage.py clear_provider_cache: forget every cached provider answer, for every process."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from evidence.providers import cache


class Command(BaseCommand):
    help = (
        "Delete every cached evidence-provider answer. With REDIS_URL set this reaches every web and "
        "worker process; without it only this process's own (empty) local cache."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = cache.clear()
        where = "Redis (shared by every process)" if settings.REDIS_URL else "the local cache of this process"
        self.stdout.write(f"{removed} cached provider answers deleted from {where}.")
