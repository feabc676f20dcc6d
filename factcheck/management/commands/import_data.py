"""``manage.py import_data FILE``: read an ``export_data`` file back into an empty database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from factcheck.datadump import import_from
from factcheck.errors import DomainError


class Command(BaseCommand):
    help = "Restore an export_data file into an empty database, keeping ids, in one transaction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the JSON lines file ('-' for standard input)")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            if file == "-":
                counts = import_from(sys.stdin)
            else:
                with Path(file).open(encoding="utf-8") as stream:
                    counts = import_from(stream)
        except FileNotFoundError:
            raise CommandError(f"No such file: {file}") from None
        except DomainError as exc:
            raise CommandError(exc.message) from None
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        self.stdout.write(f"Imported {summary}.")
