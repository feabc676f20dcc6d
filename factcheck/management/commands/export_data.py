"""``manage.py export_data [--output FILE]``: articles, claims, verdicts, events, library documents as JSON lines."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from factcheck.datadump import export_to


class Command(BaseCommand):
    help = "Write the newsroom's data (not passwords, tokens or webhook secrets) as JSON lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", default="-", help="file to write (default: standard output)")

    def handle(self, *args: Any, output: str, **options: Any) -> None:
        if output == "-":
            counts = export_to(sys.stdout)
            sys.stdout.flush()
        else:
            # Write beside the target and rename, so an interrupted export never looks like a complete one.
            target = Path(output)
            partial = target.with_name(target.name + ".partial")
            with partial.open("w", encoding="utf-8") as stream:
                counts = export_to(stream)
            partial.replace(target)
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        self.stderr.write(f"Exported {summary}.")
