"""``rebuild_report_rollup [--since DATE]``: recompute the reports' daily roll-up from the live tables.

The command parses the date and reports; the service :func:`claims.services.report_rollup.rebuild` does
the work. Run it once after migrating (until then the reports read the live tables, correctly but
slower), after changing ``TIME_ZONE``, and after loading data around the services (``generate_data``).
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.services.report_rollup import rebuild


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since takes a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Recompute the reports' daily roll-up (published verdicts, throughput steps) from the live tables."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="First day to recompute (default: the first day with data).")

    def handle(self, *args: Any, **o: Any) -> None:
        since = _date(o["since"]) if o.get("since") else None
        started = time.perf_counter()
        result = rebuild(since)
        self.stdout.write(
            self.style.SUCCESS(
                f"Report roll-up holds {result.since} to {result.until} (exclusive): {result.verdict_rows:,} verdict "
                f"rows, {result.step_rows:,} step rows, rebuilt in {time.perf_counter() - started:.1f} s."
            )
        )
