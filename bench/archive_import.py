"""Importing a fact-check archive with embeddings: the 10,375 verified claims of CLEF CheckThat! 2020.

Usage::

    python bench/archive_import.py ../shared/data/checkthat2020-claim-retrieval/verified_claims.docs.tsv
    python bench/archive_import.py FILE --engine postgresql --threads 2

Runs ``manage.py import_factchecks FILE --source bench`` (the same command people run, progress bar
on stderr) in a child process against a throwaway database (a temporary SQLite file or a
``bench_import_<pid>`` PostgreSQL database), migrated the normal way, then runs it a second time
(every row unchanged: the cost of re-importing). ``--threads`` sets ``ENCODER_THREADS``. Prints the
wall time of each run, rows per second, and how many rows got a vector.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from _common import run_child


def run(path: str) -> dict[str, Any]:
    """In the child process: migrate, import twice, count. DATABASE_URL is already set."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    django.setup()
    from django.core.management import call_command

    from archive.models import FactCheck

    call_command("migrate", verbosity=0)
    runs = []
    for _ in range(2):
        t0 = time.perf_counter()
        call_command("import_factchecks", path, "--source", "bench", stdout=sys.stderr)
        runs.append(round(time.perf_counter() - t0, 1))
    rows = FactCheck.objects.count()
    return {
        "rows": rows,
        "embedded": FactCheck.objects.filter(embedding__isnull=False).count(),
        "first_import_s": runs[0],
        "rows_per_s": round(rows / runs[0], 1),
        "reimport_unchanged_s": runs[1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--engine", choices=["postgresql", "sqlite"], default="sqlite")
    parser.add_argument("--threads", type=int, default=int(os.environ.get("ENCODER_THREADS", "2")))
    parser.add_argument(
        "--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args.file)))
        return
    row = run_child(
        __file__,
        [str(Path(args.file).resolve()), "--child"],
        engine=args.engine,
        database=f"bench_import_{os.getpid()}",
        pg_url=args.pg_url,
        env={"ENCODER_THREADS": str(args.threads)},
    )
    print(
        f"{args.engine}, ENCODER_THREADS={args.threads}: {row['rows']:,} rows ({row['embedded']:,} with a vector) "
        f"imported in {row['first_import_s']} s ({row['rows_per_s']} rows/s); re-import of the unchanged file "
        f"{row['reimport_unchanged_s']} s"
    )
    print(json.dumps({"engine": args.engine, "threads": args.threads, **row}))


if __name__ == "__main__":
    main()
