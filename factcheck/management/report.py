"""How the import commands (``ingest``, ``import_library``) end: what failed, then the counts."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.management.base import BaseCommand


def report_failures(command: BaseCommand, failures: Iterable[str], summary: str) -> None:
    """Each failure on stderr (``failed  <what>: <why>``), then the one-line summary on stdout."""
    for line in failures:
        command.stderr.write(f"failed  {line}")
    command.stdout.write(summary)
