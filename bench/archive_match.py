"""Matching one claim against N archived fact-checks: p50/p95 on PostgreSQL + pgvector and on SQLite.

Usage::

    python bench/archive_match.py --engine postgresql --size 100000
    python bench/archive_match.py --engine postgresql --size 1000000 --queries 200
    python bench/archive_match.py --engine sqlite --size 20000
    python bench/archive_match.py --pg-url postgres://postgres@127.0.0.1:5432/postgres ...

Each run uses a throwaway database (a temporary SQLite file, or a ``bench_archive_<pid>`` PostgreSQL
database created and dropped here), migrated the normal way so the triggers and indexes are the
real ones. N synthetic fact-checks get random unit vectors (384 floats) and 12-30-word texts from a
Zipf vocabulary. The fast bulk path: PostgreSQL drops the HNSW index, ``COPY``s the rows in
pgvector's binary format and builds the index once (the build time is printed); SQLite inserts
float32 bytes with ``executemany``. The encoder is not timed here (one short claim takes ~10-20 ms;
see bench/encoder_speed.py): each query is a generated text with a vector near one of the rows.

Printed per run: the whole match (``archive.services.matching.candidates_for``: dense and full-text
candidates over the archive and published verdicts, exact cosines, rows loaded, scored by
``claims.semantic.retrieval.rank``), and next to it the floor: the bare nearest-neighbour query
(PostgreSQL: the ``ORDER BY embedding <=> q LIMIT 50`` statement on the HNSW index; SQLite: one
numpy dot product over an already loaded matrix).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import sys
import time
from typing import Any

import numpy as np
from _common import add_child_arguments, run_child

DIMENSIONS = 384
TOPICAL = (
    "japan troops obama trump vaccine immigrants billion percent tax police election ballots crime "
    "border wall unemployment budget school climate covid mask"
).split()


def vocabulary(size: int, rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnoprstuvwy"
    words = {"".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(size * 2)}
    return sorted(words)[:size] + TOPICAL


def texts(count: int, rng: random.Random) -> list[str]:
    words = vocabulary(30_000, random.Random(0))  # one vocabulary for every block
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(len(words))))
    out = []
    for _ in range(count):
        body = rng.choices(words, cum_weights=cumulative, k=rng.randint(12, 30))
        body.insert(rng.randrange(len(body)), rng.choice(TOPICAL))
        out.append(" ".join(body).capitalize() + ".")
    return out


def unit_vectors(count: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((count, DIMENSIONS), dtype=np.float32)
    for start in range(0, count, 50_000):
        block = rng.standard_normal((min(50_000, count - start), DIMENSIONS)).astype(np.float32)
        out[start : start + len(block)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def fill_postgres(size: int, seed: int) -> dict[str, float]:
    from django.db import connection
    from pgvector.psycopg import register_vector

    timings: dict[str, float] = {}
    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS archive_factcheck_embedding_hnsw")
    raw = connection.connection
    register_vector(raw)
    t0 = time.perf_counter()
    block = 100_000
    for start in range(0, size, block):
        count = min(block, size - start)
        vectors = unit_vectors(count, seed + start)
        rows = texts(count, rng)
        with (
            raw.cursor() as cursor,
            cursor.copy(
                "COPY archive_factcheck (source, external_id, claim_reviewed, title, rating, url, publisher, language, "
                "embedding, embedding_model, created_at, updated_at) FROM STDIN"
            ) as copy,
        ):
            for i in range(count):
                copy.write_row(
                    ("bench", str(start + i), rows[i], "", "False", "", "", "en", vectors[i], "bench", "now", "now")
                )
        raw.commit()
        print(f"  {start + count:,} rows", file=sys.stderr, flush=True)
    timings["insert_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '2GB'")
        cursor.execute("SET max_parallel_maintenance_workers = 1")
        cursor.execute(
            "CREATE INDEX archive_factcheck_embedding_hnsw ON archive_factcheck "
            "USING hnsw (embedding vector_cosine_ops)"
        )
        cursor.execute("ANALYZE archive_factcheck")
    timings["index_s"] = time.perf_counter() - t0
    return timings


def fill_sqlite(size: int, seed: int) -> dict[str, float]:
    from django.db import connection, transaction

    rng = random.Random(seed)
    t0 = time.perf_counter()
    vectors = unit_vectors(size, seed)
    rows = texts(size, rng)
    sql = (
        "INSERT INTO archive_factcheck (source, external_id, claim_reviewed, title, rating, url, publisher, "
        "language, embedding, embedding_model, created_at, updated_at) "
        "VALUES ('bench', %s, %s, '', 'False', '', '', 'en', %s, 'bench', datetime('now'), datetime('now'))"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, [(str(i), rows[i], vectors[i].astype("<f4").tobytes()) for i in range(size)])
    return {"insert_s": time.perf_counter() - t0, "index_s": 0.0}


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return round(statistics.median(times), 2), round(times[int(0.95 * (len(times) - 1))], 2)


def run(size: int, queries: int, seed: int) -> dict[str, Any]:
    """In the child process: migrate, fill, measure. DATABASE_URL is already set."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from archive.selectors.vectors import Corpus, postgres_nearest_sql, postgres_search_settings
    from archive.services.matching import candidates_for
    from claims.semantic.retrieval import CANDIDATES_DENSE
    from factcheck.vectors import EmbeddingField, as_text

    call_command("migrate", verbosity=0)
    timings = fill_postgres(size, seed) if connection.vendor == "postgresql" else fill_sqlite(size, seed)
    rng = random.Random(seed + 1)
    probe_ids = sorted(rng.sample(range(size), min(queries, size)))
    with connection.cursor() as cursor:
        placeholders = ",".join(["%s"] * len(probe_ids))
        cursor.execute(
            f"SELECT claim_reviewed, embedding FROM archive_factcheck WHERE external_id IN ({placeholders})",
            [str(i) for i in probe_ids],
        )
        probes = cursor.fetchall()
    nrng = np.random.default_rng(seed + 2)

    column = EmbeddingField()

    def query_vector(stored: Any) -> np.ndarray:
        base = column.to_python(stored)
        noisy = base + 0.5 * nrng.standard_normal(DIMENSIONS).astype(np.float32) / np.sqrt(DIMENSIONS)
        return (noisy / np.linalg.norm(noisy)).astype(np.float32)

    work = [(" ".join(text.split()[:10]) + " said the minister", query_vector(vec)) for text, vec in probes]
    candidates_for(*work[0])  # warm caches
    match_times, hits_first = [], 0
    for text, vector in work:
        t0 = time.perf_counter()
        found = candidates_for(text, vector)
        match_times.append((time.perf_counter() - t0) * 1000)
        hits_first += (
            bool(found)
            and found[0].factcheck is not None
            and found[0].factcheck.claim_reviewed.startswith(text.split()[0])
        )
    floor_times = []
    if connection.vendor == "postgresql":
        sql = postgres_nearest_sql(Corpus.FACTCHECK)
        for _, vector in work:
            with transaction.atomic(), connection.cursor() as cursor:
                for statement in postgres_search_settings(CANDIDATES_DENSE):
                    cursor.execute(statement)
                t0 = time.perf_counter()
                cursor.execute(sql, [as_text(vector), CANDIDATES_DENSE])
                cursor.fetchall()
                floor_times.append((time.perf_counter() - t0) * 1000)
        floor = "bare HNSW query (LIMIT 50)"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, embedding FROM archive_factcheck")
            rows = cursor.fetchall()
        matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), DIMENSIONS)
        for _, vector in work:
            t0 = time.perf_counter()
            scores = matrix @ vector
            np.argpartition(-scores, CANDIDATES_DENSE)[:CANDIDATES_DENSE]
            floor_times.append((time.perf_counter() - t0) * 1000)
        floor = "numpy dot, matrix in memory"
    match_p50, match_p95 = percentiles(match_times)
    floor_p50, floor_p95 = percentiles(floor_times)
    return {
        "engine": connection.vendor,
        "size": size,
        "queries": len(work),
        "match_p50_ms": match_p50,
        "match_p95_ms": match_p95,
        "floor": floor,
        "floor_p50_ms": floor_p50,
        "floor_p95_ms": floor_p95,
        "top1_is_source_row": round(hits_first / len(work), 3),
        "insert_s": round(timings["insert_s"], 1),
        "index_s": round(timings["index_s"], 1),
    }


def child(engine: str, size: int, queries: int, seed: int, pg_url: str) -> dict[str, Any]:
    row: dict[str, Any] = run_child(
        __file__,
        ["--child", str(size), "--queries", str(queries), "--seed", str(seed)],
        engine=engine,
        database=f"bench_archive_{os.getpid()}_{size}",
        pg_url=pg_url,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["postgresql", "sqlite"], default="sqlite")
    parser.add_argument("--size", type=int, default=20_000)
    add_child_arguments(parser, queries=200, seed=11)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args.child, args.queries, args.seed)))
        return
    row = child(args.engine, args.size, args.queries, args.seed, args.pg_url)
    print(
        f"{row['engine']} with {row['size']:,} archived fact-checks, {row['queries']} claims: "
        f"match p50 {row['match_p50_ms']} ms, p95 {row['match_p95_ms']} ms | floor ({row['floor']}) "
        f"p50 {row['floor_p50_ms']} ms, p95 {row['floor_p95_ms']} ms | insert {row['insert_s']} s, "
        f"index build {row['index_s']} s"
    )
    print(json.dumps(row))


if __name__ == "__main__":
    main()
