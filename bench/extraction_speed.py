"""Speed of the whole claim extraction pipeline on one core: sentences/s, articles/s, time per stage.

usage: .venv/bin/python bench/extraction_speed.py [--repeat N] [--words W] [--model v1|v2]

The article is the labelled sample articles of ``tests/fixtures/articles`` read as ingestion reads
them, joined and cut to about W words (default 1,000). The check-worthiness model (default v2, the
fine-tuned encoder; v1 the old TF-IDF model) is loaded once, before timing, as a worker process does.
Target (issue 14): a 1,000-word article in under 150 ms on one core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.article import read_article  # noqa: E402
from claims.extraction.checkworthiness import default_model  # noqa: E402
from claims.extraction.pipeline import extract_claims  # noqa: E402
from claims.extraction.sentences import split_statements  # noqa: E402
from claims.semantic.encoder import FineTunedScorer  # noqa: E402

ARTICLES = ROOT / "tests" / "fixtures" / "articles"


def sample_article(words: int) -> str:
    """Paragraphs of the sample articles, repeated in order until about ``words`` words."""
    paragraphs: list[str] = []
    for path in sorted(ARTICLES.iterdir()):
        if path.suffix in (".txt", ".html"):
            article = read_article(path.read_bytes(), kind="html" if path.suffix == ".html" else "text")
            paragraphs.extend(article.text.split("\n\n"))
    chosen: list[str] = []
    count = 0
    while count < words:
        for paragraph in paragraphs:
            chosen.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                break
    return "\n\n".join(chosen)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--model", choices=("v1", "v2"), default="v2")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says

    started = time.perf_counter()
    model = default_model() if args.model == "v1" else FineTunedScorer.load(threads=1)
    load_seconds = time.perf_counter() - started
    text = sample_article(args.words)
    n_words = len(text.split())
    n_sentences = len(split_statements(text))
    extract_claims(text, model=model)  # warm-up: regex caches, first-call costs

    runs: list[float] = []
    stages: dict[str, float] = {}
    n_claims = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        n_claims = len(extract_claims(text, model=model, timings=stages))
        runs.append(time.perf_counter() - t0)
    total = sum(runs)
    median = statistics.median(runs)
    print(f"model {args.model} load: {load_seconds * 1000:.0f} ms (once per process)")
    if args.model == "v1":
        # The shipped TF-IDF model's floors (they were timed tests in test_checkworthiness.py).
        sentences = [
            "Unemployment fell from 5.1% to 4.3% last year.",
            "Thank you all for coming tonight.",
            "The ministry said 55,000 troops would stay until 2027.",
        ] * 20
        model.score(sentences)  # warm-up
        t0 = time.perf_counter()
        model.score(sentences)
        scoring_ms = (time.perf_counter() - t0) * 1000
        print(
            f"v1 floors: load {load_seconds * 1000:.0f} ms (< 1000), 60 sentences scored in {scoring_ms:.1f} ms (< 50)"
        )
    print(f"article: {n_words} words, {n_sentences} statements, {n_claims} claims; {args.repeat} runs")
    print(f"per article: median {median * 1000:.1f} ms, max {max(runs) * 1000:.1f} ms")
    sentences_per_second = n_sentences * args.repeat / total
    print(f"throughput: {args.repeat / total:.1f} articles/s, {sentences_per_second:.0f} sentences/s")
    stage_total = sum(stages.values())
    for stage, seconds in sorted(stages.items(), key=lambda item: -item[1]):
        share, per_article_ms = 100 * seconds / stage_total, 1000 * seconds / args.repeat
        print(f"  {stage:<12} {share:5.1f}%  {per_article_ms:6.2f} ms/article")
    target_ms = 150.0 * n_words / 1000
    verdict = "OK" if median * 1000 < target_ms else "SLOW"
    print(f"target: < {target_ms:.0f} ms for {n_words} words: {verdict}")
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
