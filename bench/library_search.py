"""Library search latency at 20,000 and 100,000 documents, on PostgreSQL and SQLite, beside its floor.

Usage::

    python bench/library_search.py                       # both engines, 20k and 100k documents
    python bench/library_search.py --engines postgresql --sizes 100000 --queries 200
    python bench/library_search.py --engines sqlite --sizes 20000
    python bench/library_search.py --pg-url postgres://postgres@127.0.0.1:5432/postgres

Each engine runs in its own process against a throwaway database (a temporary SQLite file, or a
``bench_library_<pid>_<size>`` PostgreSQL database created and dropped here, see ``_common.py``),
migrated the normal way so the triggers and indexes are the real ones. Documents are generated
from a Zipf-distributed vocabulary (150-400 words each, a few topical words mixed in) and
bulk-inserted. Then three kinds of query go through ``evidence.search.search_library`` exactly as
the library page and the library provider call it: two words (all must match), a quoted phrase,
and a claim's key terms with ``match_any`` (what evidence gathering runs for every claim; the
three written claims and 60 generated ones). For each query, in the same process and interleaved:

* **before**: the search as it was before the bounded candidates (PostgreSQL: ``ts_rank_cd`` over
  every matching document; SQLite's search did not change, so it is the same code);
* **now**: ``search_library``;
* **floor**: the bare index look-up, the first 10 matching ids without ranking or snippets
  (PostgreSQL: ``search_vector @@ websearch_to_tsquery(...) LIMIT 10`` on the GIN index; SQLite:
  ``MATCH ... LIMIT 10`` on FTS5).

Prints p50 and p95 in milliseconds of each, the average number of hits, then what the bounded
candidates keep of the result: over every claim, the mean word overlap (the evidence relevance's
lexical part, rarity weights from a sample of the documents) of the 10 hits before and now, and
the share of the earlier hits still found; on PostgreSQL the ``EXPLAIN ANALYZE`` of one claim's
ranking query; the command and the machine's load before and after.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import random
import statistics
import sys
import time
from typing import Any

from _common import add_child_arguments, run_child

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


@functools.cache
def zipf_cumulative(size: int) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank + 1) for rank in range(size)))


def zipf_text(rng: random.Random, words: list[str], length: tuple[int, int], topical: tuple[int, int]) -> list[str]:
    """Words drawn with Zipf weights (the first most often), and a few topical words put among them."""
    body = rng.choices(words, cum_weights=zipf_cumulative(len(words)), k=rng.randint(*length))
    for _ in range(rng.randint(*topical)):
        body.insert(rng.randrange(len(body)), rng.choice(TOPICAL))
    return body


def generate(count: int, rng: random.Random) -> list[tuple[str, str]]:
    words = vocabulary(20_000, rng)
    docs = []
    for i in range(count):
        body = zipf_text(rng, words, (150, 400), (0, 6))
        docs.append((f"Report {i}: {' '.join(body[:6])}", " ".join(body) + "."))
    return docs


BEFORE_SQLITE = "the same code (SQLite's search did not change)"


def claims(rng: random.Random, words: list[str], count: int) -> list[str]:
    """The three written claims and ``count`` generated ones: a few topical words among the vocabulary."""
    made = []
    for _ in range(count):
        body = zipf_text(rng, words, (10, 22), (1, 3))
        made.append(f"The {' '.join(body)} rose to {rng.randint(2, 90)}% last year.")
    return CLAIMS + made


def run_engine(size: int, queries: int, seed: int) -> dict[str, Any]:
    """In the child process: migrate, fill, measure. DATABASE_URL is already set."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    django.setup()
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import F

    from evidence import search
    from evidence.models import EvidenceDocument
    from evidence.ranking import query_terms
    from evidence.relevance import TermStats, lexical_overlap
    from evidence.search import any_of, search_library

    call_command("migrate", verbosity=0)
    postgres = connection.vendor == "postgresql"
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
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE evidence_evidencedocument")
    words = vocabulary(20_000, random.Random(seed))
    claim_texts = claims(rng, words, 60)

    def groups_of(text: str, any_word: bool) -> list[list[Any]]:
        groups = search.parse_query(text)
        return [[t for g in groups for t in g if not t.negated]] if any_word else groups

    def before(text: str, any_word: bool, limit: int = 10) -> list[Any]:
        """The search as it was before the bounded candidates (commit 90ab120): every match ranked."""
        if not postgres:
            return search_library(text, limit=limit, match_any=any_word)
        websearch = search.websearch_text(groups_of(text, any_word))
        query = SearchQuery(websearch, search_type="websearch", config=search.FTS_CONFIG)
        ranked = list(
            EvidenceDocument.objects.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query, cover_density=True, normalization=32))
            .order_by("-rank", "-id")
            .values_list("id", "rank")[:limit]
        )
        return search.hits_postgres(ranked, websearch)

    def floor(text: str, any_word: bool, limit: int = 10) -> list[Any]:
        """The bare index look-up: the first ``limit`` matching ids, no ranking, no snippet."""
        groups = groups_of(text, any_word)
        if postgres:
            sql = (
                "SELECT id FROM evidence_evidencedocument "
                "WHERE search_vector @@ websearch_to_tsquery('english', %s) LIMIT %s"
            )
            params: list[Any] = [search.websearch_text(groups), limit]
        else:
            sql = "SELECT rowid FROM evidence_document_fts WHERE evidence_document_fts MATCH %s LIMIT %s"
            params = [search.fts5_expression(groups), limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    kinds = {
        "two words": lambda: (f"{rng.choice(TOPICAL)} {rng.choice(words[:300])}", False),
        "phrase": lambda: (f'"{" ".join(rng.choice(docs)[1].split()[5:7])}"', False),
        "claim terms (any)": lambda: (any_of(query_terms(rng.choice(claim_texts))), True),
    }

    def now(text: str, any_word: bool) -> list[Any]:
        return search_library(text, limit=10, match_any=any_word)

    ways = {"now": now, "before": before, "floor": floor}
    rows = []
    for kind, make in kinds.items():
        for way in ways.values():
            way(*make())  # warm caches
        times: dict[str, list[float]] = {name: [] for name in ways}
        hits = []
        for _ in range(queries):
            text, any_word = make()
            for name, way in ways.items():  # interleaved, so all three see the same load
                t0 = time.perf_counter()
                found = way(text, any_word)
                times[name].append((time.perf_counter() - t0) * 1000)
                if name == "now":
                    hits.append(len(found))
        row: dict[str, Any] = {"engine": connection.vendor, "documents": size, "query": kind}
        for name, measured in times.items():
            measured.sort()
            row[f"{name}_p50"] = round(statistics.median(measured), 1)
            row[f"{name}_p95"] = round(measured[int(0.95 * (len(measured) - 1))], 1)
        row["avg_hits"] = round(statistics.mean(hits), 1)
        rows.append(row)

    # What the bounded search keeps: for each claim, the 10 hits before and now, scored by the
    # evidence relevance's word overlap (rarity weights from a sample of the documents).
    stats = TermStats.from_texts(text for _, text in rng.sample(docs, min(len(docs), 5000)))
    texts = dict(EvidenceDocument.objects.values_list("id", "text")) if size <= 20_000 else None

    def overlap(claim: str, hits: list[Any]) -> float:
        if not hits:
            return 0.0
        found = [texts[h.document.pk] if texts else h.document.text for h in hits]
        return statistics.mean(lexical_overlap(claim, text, stats) for text in found)

    quality = {"before": [], "now": [], "same": [], "found": []}
    for claim in claim_texts:
        query = any_of(query_terms(claim))
        old, new = before(query, True), search_library(query, limit=10, match_any=True)
        quality["before"].append(overlap(claim, old))
        quality["now"].append(overlap(claim, new))
        old_ids = {h.document.pk for h in old}
        quality["same"].append(len(old_ids & {h.document.pk for h in new}) / len(old_ids) if old_ids else 1.0)
        quality["found"].append(len(new) / len(old) if old else 1.0)
    plan = ""
    if postgres:
        query = any_of(query_terms(CLAIMS[0]))
        sql, params = search.ranked_any_sql(groups_of(query, True)[0], 10)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
            plan = f"EXPLAIN ANALYZE of claim 1's ranking ({query}):\n" + "\n".join(
                line for (line,) in cursor.fetchall()
            )
    return {
        "rows": rows,
        "quality": {name: round(statistics.mean(values), 3) for name, values in quality.items()},
        "claims": len(claim_texts),
        "plan": plan,
        "generate_s": round(generated - started, 1),
        "insert_s": round(inserted - generated, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--engines", nargs="+", choices=["postgresql", "sqlite"], default=["postgresql", "sqlite"])
    add_child_arguments(parser, queries=200, seed=5)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_engine(args.child, args.queries, args.seed)))
        return
    print(f"$ {' '.join(sys.argv)}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    print(
        f"{'engine':<11}{'docs':>8}  {'query':<19}{'before p50':>11}{'p95':>8}{'now p50':>9}{'p95':>8}"
        f"{'floor p50':>10}{'p95':>8}{'hits':>6}"
    )
    notes = []
    for engine in args.engines:
        for size in args.sizes:
            result = run_child(
                __file__,
                ["--child", str(size), "--queries", str(args.queries), "--seed", str(args.seed)],
                engine=engine,
                database=f"bench_library_{os.getpid()}_{size}",
                pg_url=args.pg_url,
            )
            for row in result["rows"]:
                print(
                    f"{row['engine']:<11}{row['documents']:>8}  {row['query']:<19}"
                    f"{row['before_p50']:>11}{row['before_p95']:>8}{row['now_p50']:>9}{row['now_p95']:>8}"
                    f"{row['floor_p50']:>10}{row['floor_p95']:>8}{row['avg_hits']:>6}",
                    flush=True,
                )
            q = result["quality"]
            notes.append(
                f"{engine} {size:,}: over {result['claims']} claims' terms (any), mean word overlap of the 10 hits "
                f"before {q['before']}, now {q['now']}; share of the earlier hits still found {q['same']}; "
                f"hits now / before {q['found']}; insert {result['insert_s']} s"
                + (f" (SQLite: before is {BEFORE_SQLITE})" if engine == "sqlite" else "")
            )
            if result["plan"]:
                notes.append(result["plan"])
    print("\n".join(notes))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
