"""``generate_data --claims 1000000 --verdicts 100000``: a large, consistent data set for benchmarks.

The command parses the arguments and reports; the service :mod:`claims.services.synthetic` writes the rows.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from claims.services.synthetic import synthetic_data_generate


class Command(BaseCommand):
    help = "Bulk-generate outlets, speakers, articles, claims, verdicts and their audit trail for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--claims", type=int, default=100_000)
        parser.add_argument("--verdicts", type=int, default=10_000, help="Claims that get a verdict (any status).")
        parser.add_argument("--days", type=int, default=365, help="How far back the activity goes.")
        parser.add_argument("--outlets", type=int, default=60)
        parser.add_argument("--speakers", type=int, default=5_000)
        parser.add_argument("--reviewers", type=int, default=40)
        parser.add_argument("--editors", type=int, default=8)
        parser.add_argument("--claims-per-article", type=int, default=8)
        parser.add_argument("--batch", type=int, default=20_000, help="Rows per insert on non-PostgreSQL databases.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **o: Any) -> None:
        if o["verdicts"] > o["claims"]:
            raise CommandError("There cannot be more verdicts than claims.")
        started = time.perf_counter()
        total = synthetic_data_generate(options=o, report=self.stdout.write)
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {total:,} rows in {seconds:.1f} s ({total / seconds:,.0f} rows/s) on {connection.vendor}."
            )
        )
