"""Library search latency at 10,000 and 100,000 documents, on PostgreSQL and SQLite.

Usage::

    python bench/library_search.py                       # both engines, 10k and 100k documents
    python bench/library_search.py --sizes 10000 --engines sqlite --queries 100
    python bench/library_search.py --pg-url postgres://postgres@127.0.0.1:5432/postgres

Each engine runs in its own process against a throwaway database (a temporary SQLite file, or a
``bench_library_<pid>`` PostgreSQL database created and dropped here), migrated the normal way so
the triggers and indexes are the real ones. Documents are generated from a Zipf-distributed
vocabulary (150-400 words each, a few topical words mixed in) and bulk-inserted. Then three kinds of
query go through ``evidence.search.search_library`` exactly as the library page and the library
provider call it: two words (all must match), a quoted phrase, and a claim's key terms with
``match_any`` (what evidence gathering runs). Prints one row per engine, size and query kind:
median and p95 latency in milliseconds, and the average number of hits.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOPICAL = (
    "japan defence budget gdp troops nato alliance spending okinawa tokyo base forces military "
    "strategy treaty headquarters command percent billion yen ministry security pacific"
).split()
CLAIMS = [
    "The Trump administration is reportedly considering pressure on Tokyo to increase defense spending "
    "from 2% of Japan's gross domestic product to at least 3%.",
    "A joint force headquarters is being established to upgrade the 55,000 troops of the U.S. Forces Japan.",
    "NATO allies agreed to spend 2% of GDP on defence within a decade.",
]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnoprstuvwy"
    words = {"".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(size * 2)}
    return sorted(words)[:size] + TOPICAL


def generate(count: int, rng: random.Random) -> list[tuple[str, str]]:
    words = vocabulary(20_000, rng)
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    docs = []
    for i in range(count):
        body = rng.choices(words, weights=weights, k=rng.randint(150, 400))
        for _ in range(rng.randint(0, 6)):
            body.insert(rng.randrange(len(body)), rng.choice(TOPICAL))
        docs.append((f"Report {i}: {' '.join(body[:6])}", " ".join(body) + "."))
    return docs


def run_engine(size: int, queries: int, seed: int) -> list[dict[str, Any]]:
    """In the child process: migrate, fill, measure. DATABASE_URL is already set."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from evidence.models import EvidenceDocument
    from evidence.ranking import query_terms
    from evidence.search import any_of, search_library

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    started = time.perf_counter()
    docs = generate(size, rng)
    generated = time.perf_counter()
    batch = 2000
    for start in range(0, size, batch):
        EvidenceDocument.objects.bulk_create(
            [
                EvidenceDocument(title=title, text=text, content_hash=f"{start + i:064x}", publisher="Bench")
                for i, (title, text) in enumerate(docs[start : start + batch])
            ]
        )
    inserted = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE evidence_evidencedocument")
    words = vocabulary(20_000, random.Random(seed))[:3000]
    kinds = {
        "two words": lambda: (f"{rng.choice(TOPICAL)} {rng.choice(words[:300])}", False),
        "phrase": lambda: (f'"{" ".join(rng.choice(docs)[1].split()[5:7])}"', False),
        "claim terms (any)": lambda: (any_of(query_terms(rng.choice(CLAIMS))), True),
    }
    rows = []
    for kind, make in kinds.items():
        search_library(make()[0], match_any=make()[1])  # warm caches
        times, hits = [], []
        for _ in range(queries):
            text, any_word = make()
            t0 = time.perf_counter()
            found = search_library(text, limit=10, match_any=any_word)
            times.append((time.perf_counter() - t0) * 1000)
            hits.append(len(found))
        times.sort()
        rows.append(
            {
                "engine": connection.vendor,
                "documents": size,
                "query": kind,
                "median_ms": round(statistics.median(times), 2),
                "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
                "avg_hits": round(statistics.mean(hits), 1),
                "generate_s": round(generated - started, 1),
                "insert_s": round(inserted - generated, 1),
            }
        )
    return rows


def child(engine: str, size: int, queries: int, seed: int, pg_url: str) -> list[dict[str, Any]]:
    env = {**os.environ, "DEBUG": "1", "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)}
    cleanup = None
    if engine == "sqlite":
        handle = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)  # noqa: SIM115 - removed below
        handle.close()
        env["DATABASE_URL"] = f"sqlite:///{handle.name}"
        cleanup = lambda: os.unlink(handle.name)  # noqa: E731
    else:
        import psycopg

        name = f"bench_library_{os.getpid()}_{size}"
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = pg_url.rsplit("/", 1)[0] + "/" + name

        def cleanup() -> None:
            with psycopg.connect(pg_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(size), "--queries", str(queries), "--seed", str(seed)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stderr)
        raise
    finally:
        cleanup()
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--engines", nargs="+", choices=["postgresql", "sqlite"], default=["postgresql", "sqlite"])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_engine(args.child, args.queries, args.seed)))
        return
    print(f"{'engine':<11}{'docs':>8}  {'query':<19}{'median ms':>10}{'p95 ms':>9}{'hits':>6}{'insert s':>10}")
    for engine in args.engines:
        for size in args.sizes:
            for row in child(engine, size, args.queries, args.seed, args.pg_url):
                print(
                    f"{row['engine']:<11}{row['documents']:>8}  {row['query']:<19}{row['median_ms']:>10}"
                    f"{row['p95_ms']:>9}{row['avg_hits']:>6}{row['insert_s']:>10}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
