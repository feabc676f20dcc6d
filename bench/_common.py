"""What the benchmarks share: a child process against a throwaway database of either engine."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def run_child(
    script: str, args: list[str], *, engine: str, database: str, pg_url: str, env: dict[str, str] | None = None
) -> Any:
    """Run ``script *args`` against a new database and return the JSON of its last line of output.

    SQLite: a temporary file. PostgreSQL: the database ``database``, created through ``pg_url`` (any
    database of the server; it is used to create and drop) and dropped afterwards, also when the
    child fails. The child migrates it the normal way, so triggers and indexes are the real ones;
    ``env`` adds to its environment; its stderr passes through.
    """
    env = {**os.environ, "DEBUG": "1", "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT), **(env or {})}
    cleanup: Callable[[], None]
    if engine == "sqlite":
        handle = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)  # noqa: SIM115 - removed below
        handle.close()
        env["DATABASE_URL"] = f"sqlite:///{handle.name}"

        def cleanup() -> None:
            os.unlink(handle.name)

    else:
        import psycopg

        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database}")
            admin.execute(f"CREATE DATABASE {database}")
        env["DATABASE_URL"] = pg_url.rsplit("/", 1)[0] + "/" + database

        def cleanup() -> None:
            with psycopg.connect(pg_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    try:
        out = subprocess.run(
            [sys.executable, script, *args], env=env, check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
    finally:
        cleanup()
    return json.loads(out.stdout.strip().splitlines()[-1])


def add_child_arguments(parser: argparse.ArgumentParser, *, queries: int, seed: int) -> None:
    """The options of a benchmark run through :func:`run_child`: how many queries, the seed, the server."""
    parser.add_argument("--queries", type=int, default=queries)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument(
        "--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
