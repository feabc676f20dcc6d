"""Claim retrieval on CLEF CheckThat! 2020 task 2 (tweets against 10,373 verified claims): MAP@5.

Usage: ``python bench/claim_retrieval_eval.py [DATA_DIR] [--split dev] [--cache DIR] [--json FILE]``

DATA_DIR (default ``../shared/data/checkthat2020-claim-retrieval``) holds ``verified_claims.docs.tsv``
and ``train/``, ``dev/`` folders with ``tweets.queries.tsv`` and ``tweet-vclaim-pairs.qrels``.

The bench emulates the archive's candidate step: the top ``CANDIDATES_DENSE`` verified claims by
cosine of the encoder's vectors over all of them, united with the top ``CANDIDATES_LEXICAL`` by a
BM25 full-text score (numpy, over :func:`claims.semantic.retrieval.terms` of claim and title, the
same kind of rank PostgreSQL ``ts_rank_cd`` or SQLite FTS5 ``bm25()`` gives), then calls
:func:`claims.semantic.retrieval.rank`. It prints, side by side on the split: full-text only (BM25
over all claims), dense only (cosine over all claims) and hybrid (``rank()``), as MAP@5, MAP@1, P@1
and the recall of the candidate step, and the time per query. Embeddings are cached under
``--cache`` (default ``/tmp/claim-retrieval-cache``), keyed by the texts' hash.

Parameters are chosen on ``train`` only (``bench/claim_retrieval_train.py``); ``dev`` is reported.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims.semantic import retrieval
from claims.semantic.encoder import encode

DEFAULT_DATA = Path("../shared/data/checkthat2020-claim-retrieval")
DEFAULT_CACHE = Path("/tmp/claim-retrieval-cache")  # noqa: S108 (vectors of public texts, rebuilt when missing)
Vectors = npt.NDArray[np.float32]


@dataclass
class Split:
    ids: list[str]
    texts: list[str]
    gold: dict[str, set[int]]


@dataclass
class Archive:
    ids: list[int]  # numbers, as the database's keys: copies of one claim go by key (retrieval.rank)
    texts: list[str]
    titles: list[str]
    splits: dict[str, Split] = field(default_factory=dict)


def _rows(path: Path, quoting: int = csv.QUOTE_MINIMAL) -> list[list[int]]:
    # The verified claims quote the few claims that run over a line break; tweets are never quoted.
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=quoting))
    return rows[1:]


def load(data_dir: Path) -> Archive:
    rows = _rows(data_dir / "verified_claims.docs.tsv")
    archive = Archive([int(r[0]) for r in rows], [r[1] for r in rows], [r[2] if len(r) > 2 else "" for r in rows])
    for name in ("train", "dev"):
        folder = data_dir / name
        if not folder.is_dir():
            continue
        tweets = _rows(folder / "tweets.queries.tsv", csv.QUOTE_NONE)
        gold: dict[str, set[int]] = defaultdict(set)
        for line in (folder / "tweet-vclaim-pairs.qrels").read_text().splitlines():
            parts = line.split()
            if len(parts) == 4 and parts[3] == "1":
                gold[parts[0]].add(int(parts[2]))
        archive.splits[name] = Split([r[0] for r in tweets], [r[1] for r in tweets], dict(gold))
    return archive


def embed(texts: Sequence[str], cache: Path) -> Vectors:
    """Encoder vectors of ``texts``, read from ``cache`` when these exact texts were embedded before."""
    key = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:24]
    path = cache / f"{key}.npy"
    if path.is_file():
        return np.load(path)
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    vectors = encode(list(texts))
    print(f"  embedded {len(texts)} texts in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    np.save(path, vectors)
    return vectors


class BM25:
    """Okapi BM25 over term lists, in numpy: postings per term, scores accumulated per query."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.size = len(documents)
        lengths = np.array([len(d) for d in documents], dtype=np.float64)
        norm = k1 * (1 - b + b * lengths / max(lengths.mean(), 1e-9))
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, doc in enumerate(documents):
            for term, tf in Counter(doc).items():
                postings[term].append((i, tf))
        self.df = {t: len(p) for t, p in postings.items()}
        self.postings: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]] = {}
        for term, plist in postings.items():
            docs = np.array([i for i, _ in plist], dtype=np.int64)
            tf = np.array([f for _, f in plist], dtype=np.float64)
            idf = math.log(1 + (self.size - len(plist) + 0.5) / (len(plist) + 0.5))
            self.postings[term] = (docs, idf * tf * (k1 + 1) / (tf + norm[docs]))

    def scores(self, query: Sequence[str]) -> npt.NDArray[np.float64]:
        out = np.zeros(self.size)
        for term in set(query):
            if term in self.postings:
                docs, weights = self.postings[term]
                out[docs] += weights
        return out


def top(scores: npt.NDArray[np.floating], k: int) -> npt.NDArray[np.int64]:
    """The ``k`` best rows, best first, equal scores in archive order (SQL ``ORDER BY score, id``)."""
    k = min(k, len(scores))
    cut = -np.partition(-scores, k - 1)[k - 1]
    part = np.flatnonzero(scores >= cut)
    return part[np.lexsort((part, -scores[part]))][:k]


@dataclass
class Prepared:
    """Everything ``rank()`` needs per query of one split, and the baselines' full rankings."""

    split: Split
    candidates: list[list[retrieval.Candidate]]
    dense_top: list[list[int]]
    lexical_top: list[list[int]]
    corpus: retrieval.CorpusStats | None


def document_vectors(archive: Archive, cache: Path) -> Vectors:
    """:func:`retrieval.document_vectors` of the archive, its two encodings cached."""
    texts = embed([retrieval.clean(t) for t in archive.texts], cache)
    titles = embed([retrieval.clean(t) for t in archive.titles], cache)
    titles[[not retrieval.clean(t) for t in archive.titles]] = 0.0
    return retrieval.combine_vectors(texts, titles)  # type: ignore[no-any-return]


def prepare(
    archive: Archive,
    split_name: str,
    cache: Path,
    *,
    dense_k: int = retrieval.CANDIDATES_DENSE,
    lexical_k: int = retrieval.CANDIDATES_LEXICAL,
) -> Prepared:
    split = archive.splits[split_name]
    doc_vectors = document_vectors(archive, cache)
    query_vectors = embed([retrieval.query_text(t) for t in split.texts], cache)
    doc_terms = [retrieval.terms(f"{t} {h}") for t, h in zip(archive.texts, archive.titles, strict=True)]
    bm25 = BM25(doc_terms)
    corpus = retrieval.CorpusStats(bm25.size, bm25.df)
    cosines = query_vectors @ doc_vectors.T
    candidates, dense_top, lexical_top = [], [], []
    for qi, text in enumerate(split.texts):
        lexical = bm25.scores(retrieval.terms(text))
        by_dense, by_lexical = top(cosines[qi], dense_k), top(lexical, lexical_k)
        lexical_hits = {int(i) for i in by_lexical if lexical[i] > 0}
        union = list(dict.fromkeys([*map(int, by_dense), *lexical_hits]))
        candidates.append(
            [
                retrieval.Candidate(
                    key=archive.ids[i],
                    text=archive.texts[i],
                    title=archive.titles[i],
                    dense=float(cosines[qi, i]),
                    lexical=float(lexical[i]) if i in lexical_hits else None,
                )
                for i in union
            ]
        )
        dense_top.append([archive.ids[i] for i in top(cosines[qi], 5)])
        lexical_top.append([archive.ids[i] for i in top(lexical, 5)])
    return Prepared(split, candidates, dense_top, lexical_top, corpus)


def average_precision(ranked: Sequence[int], gold: set[int], k: int) -> float:
    """AP@k as the lab's scorer computes it: precision at each relevant hit in the top k, over |gold|."""
    hits, total = 0, 0.0
    for i, key in enumerate(ranked[:k], 1):
        if key in gold:
            hits += 1
            total += hits / i
    return total / len(gold) if gold else 0.0


def measures(rankings: Sequence[Sequence[int]], split: Split) -> dict[str, float]:
    golds = [split.gold.get(q, set()) for q in split.ids]
    pairs = [(r, g) for r, g in zip(rankings, golds, strict=True) if g]
    return {
        "map@5": float(np.mean([average_precision(r, g, 5) for r, g in pairs])),
        "map@1": float(np.mean([average_precision(r, g, 1) for r, g in pairs])),
        "p@1": float(np.mean([1.0 if r and r[0] in g else 0.0 for r, g in pairs])),
    }


def recall_of_candidates(prepared: Prepared) -> float:
    found = []
    for q, cands in zip(prepared.split.ids, prepared.candidates, strict=True):
        gold = prepared.split.gold.get(q, set())
        if gold:
            keys = {c.key for c in cands}
            found.append(len(gold & keys) / len(gold))
    return float(np.mean(found))


def evaluate(prepared: Prepared) -> dict[str, dict[str, float]]:
    started = time.perf_counter()
    hybrid = [
        [s.key for s in retrieval.rank(t, c, corpus=prepared.corpus)]
        for t, c in zip(prepared.split.texts, prepared.candidates, strict=True)
    ]
    per_query_ms = 1000 * (time.perf_counter() - started) / max(len(hybrid), 1)
    # Copies of one fact-check score the same and keep the order given (archive order, as the
    # database returns them); the lab's qrels name the first copy almost always. The same ranking
    # with the copies' order reversed shows how much of the figure that order carries.
    reversed_ties = [
        [-s.key for s in retrieval.rank(t, [replace(x, key=-x.key) for x in c], corpus=prepared.corpus)]
        for t, c in zip(prepared.split.texts, prepared.candidates, strict=True)
    ]
    return {
        "full-text only (BM25)": measures(prepared.lexical_top, prepared.split),
        "dense only (cosine)": measures(prepared.dense_top, prepared.split),
        "hybrid (rank())": {**measures(hybrid, prepared.split), "rank_ms_per_query": per_query_ms},
        "hybrid, copies reversed": measures(reversed_ties, prepared.split),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-corpus", action="store_true", help="rank() without the archive's term frequencies")
    args = parser.parse_args(argv)
    archive = load(args.data)
    prepared = prepare(archive, args.split, args.cache)
    if args.no_corpus:
        prepared.corpus = None
    started = time.perf_counter()
    encode([retrieval.query_text(t) for t in prepared.split.texts[:50]])
    encode_ms = 1000 * (time.perf_counter() - started) / 50
    results = evaluate(prepared)
    recall = recall_of_candidates(prepared)
    print(
        f"CheckThat! 2020 task 2, {args.split}: {len(prepared.split.ids)} tweets, {len(archive.ids)} verified claims; "
        f"candidates: top {retrieval.CANDIDATES_DENSE} dense + top {retrieval.CANDIDATES_LEXICAL} full-text, "
        f"recall {recall:.3f}"
    )
    print(f"{'system':<24} {'MAP@5':>6} {'MAP@1':>6} {'P@1':>6}")
    for name, row in results.items():
        print(f"{name:<24} {row['map@5']:6.3f} {row['map@1']:6.3f} {row['p@1']:6.3f}")
    print(
        f"time per query: encode {encode_ms:.1f} ms, rank() {results['hybrid (rank())']['rank_ms_per_query']:.1f} ms "
        f"(on {np.mean([len(c) for c in prepared.candidates]):.0f} candidates)"
    )
    if args.json:
        args.json.write_text(json.dumps({"split": args.split, "recall": recall, "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
