"""How many articles per second ``read_article`` turns into clean text, for saved pages and pasted texts.

usage: python bench/ingest_extraction_speed.py [--repeat N] [--dir DIR]

Reads every ``*.html`` and ``*.txt`` article in DIR (default: the test fixtures) as bytes, then
runs ``read_article`` over the set N times per kind, one warm-up pass first, and prints articles
per second, the mean time per article, and throughput in kB/s. Single process, single thread: the
figure is what one ingest worker does.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.article import read_article  # noqa: E402

Kind = Literal["text", "html"]


def _articles(directory: Path) -> dict[Kind, list[bytes]]:
    return {
        "html": [p.read_bytes() for p in sorted(directory.glob("*.html"))],
        "text": [p.read_bytes() for p in sorted(directory.glob("*.txt"))],
    }


def _bench(kind: Kind, pages: list[bytes], repeat: int) -> tuple[int, float, list[float], int]:
    """Read ``pages`` ``repeat`` times; return the count, total seconds, per-round seconds, bytes."""
    for page in pages:  # warm-up: imports, regex compilation, trafilatura's lazy set-up
        read_article(page, kind=kind)
    rounds: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            read_article(page, kind=kind)
        rounds.append(time.perf_counter() - start)
    return len(pages) * repeat, sum(rounds), rounds, sum(map(len, pages)) * repeat


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=200, help="passes over the article set (default 200)")
    parser.add_argument("--dir", type=Path, default=ROOT / "tests" / "fixtures" / "articles")
    args = parser.parse_args()
    articles = _articles(args.dir)
    print(f"read_article over {args.dir} x{args.repeat} (python {sys.version.split()[0]})")
    for kind, pages in articles.items():
        if not pages:
            print(f"{kind:>4}: no articles")
            continue
        count, seconds, rounds, size = _bench(kind, pages, args.repeat)
        per_round = statistics.median(rounds) / len(pages)
        print(
            f"{kind:>4}: {count} articles in {seconds:.2f} s = {count / seconds:,.0f} articles/s; "
            f"median {per_round * 1000:.2f} ms/article; {size / seconds / 1000:,.0f} kB/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
