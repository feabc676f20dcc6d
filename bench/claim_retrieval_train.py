"""Fit the claim-retrieval scorer's weights and thresholds on the CheckThat! 2020 TRAIN tweets only.

Usage: ``python bench/claim_retrieval_train.py [DATA_DIR] [--cache DIR] [--folds 5]``

Needs scikit-learn (requirements/train.txt); CI never runs it. For every train tweet the candidates
are built as the bench builds them (``claim_retrieval_eval.prepare``), and :func:`retrieval.features`
gives one row per candidate, labelled 1 for the verified claim the tweet repeats. Each tweet is used
twice: as it is, and with its verified claim taken out of the archive (the candidate step run again
without it), so the probability also learns what a tweet with no earlier fact-check looks like, as
most new claims are. A logistic regression is cross-validated by tweet (``--folds``) over a few
regularisation strengths; the out-of-fold scores give the MAP@5 printed and the thresholds:

* AUTO: the lowest score at which the top candidate (numbers not disagreeing) is the right claim
  for at least 95 % of the links made, counting the tweets as they are and the same tweets with
  their claim taken out (half the queries with nothing to find);
* SUGGEST: the highest score at which the right claim is among the suggestions of 90 % of tweets.

It prints ``WEIGHTS``, ``BIAS`` and both thresholds to paste into ``claims/semantic/retrieval.py``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import claim_retrieval_eval as bench

from claims.semantic import retrieval

AUTO_PRECISION = 0.95
SUGGEST_RECALL = 0.90


def without_gold(prepared: bench.Prepared, archive: bench.Archive, cache: Path) -> bench.Prepared:
    """The same tweets, each with its own verified claims removed from the archive before the candidate
    step (the next dense and full-text hits move up to fill their places)."""
    reduced = bench.prepare(
        archive,
        "train",
        cache,
        dense_k=retrieval.CANDIDATES_DENSE + 4,
        lexical_k=retrieval.CANDIDATES_LEXICAL + 4,
    )
    # A copy of the claim (the same fact-check imported twice, see retrieval.rank) goes out with it.
    same = copies_of(archive)
    candidates = []
    for q, cands in zip(reduced.split.ids, reduced.candidates, strict=True):
        gold = set().union(*(same[g] for g in reduced.split.gold.get(q, set())))
        kept = [c for c in cands if c.key not in gold]
        dense = sorted(kept, key=lambda c: -c.dense)[: retrieval.CANDIDATES_DENSE]
        lexical = sorted((c for c in kept if c.lexical is not None), key=lambda c: -(c.lexical or 0.0))
        keys = {c.key for c in dense} | {c.key for c in lexical[: retrieval.CANDIDATES_LEXICAL]}
        candidates.append([c for c in kept if c.key in keys])
    return replace(reduced, candidates=candidates)


def copies_of(archive: bench.Archive) -> dict[int, set[int]]:
    """Each verified claim's id -> the ids of the same claim and title (itself included)."""
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], set[int]] = {}
    for key, text, title in zip(archive.ids, archive.texts, archive.titles, strict=True):
        groups.setdefault((retrieval._words(text)[1], retrieval._words(title)[1]), set()).add(key)
    return {key: group for group in groups.values() for key in group}


Labels = list[npt.NDArray[np.int64]]


def table(prepared: bench.Prepared, same: dict[int, set[int]]) -> tuple[list[npt.NDArray[np.float64]], Labels, Labels]:
    """Feature rows per tweet, labels as the lab gives them, and labels with the gold's copies as right."""
    rows, labels, fitted = [], [], []
    for q, text, cands in zip(prepared.split.ids, prepared.split.texts, prepared.candidates, strict=True):
        matrix, _ = retrieval.features(text, cands, prepared.corpus)
        gold = prepared.split.gold.get(q, set())
        right = set().union(*(same.get(g, {g}) for g in gold))
        rows.append(matrix)
        labels.append(np.array([c.key in gold for c in cands], dtype=np.int64))
        fitted.append(np.array([c.key in right for c in cands], dtype=np.int64))
    return rows, labels, fitted


def pool_of(rows: list[npt.NDArray[np.float64]], size: int) -> list[npt.NDArray[np.bool_]]:
    """Per tweet, the candidates the fit sees: the ``size`` best by cosine (all when ``size`` is 0)."""
    masks = []
    for r in rows:
        mask = np.ones(len(r), dtype=bool)
        if size and len(r):
            mask[:] = False
            mask[np.argsort(-r[:, 0], kind="stable")[:size]] = True
        masks.append(mask)
    return masks


def map_at_5(scores: Sequence[npt.NDArray[np.float64]], labels: Sequence[npt.NDArray[np.int64]]) -> float:
    values = []
    for s, y in zip(scores, labels, strict=True):
        order = np.argsort(-s, kind="stable")[:5]
        hits = np.flatnonzero(y[order])
        values.append(float(np.sum((np.arange(len(hits)) + 1) / (hits + 1)) / max(int(y.sum()), 1)))
    return float(np.mean(values))


def cross_validate(
    rows: list[npt.NDArray[np.float64]],
    labels: Labels,
    folds: int,
    c: float,
    pool: list[npt.NDArray[np.bool_]],
    seed: int = 0,
) -> list[npt.NDArray[np.float64]]:
    """Out-of-fold scores; ``rows``/``labels`` hold each tweet twice (first half as is, second half
    without its claim), and both copies of a tweet fall in the same fold."""
    from sklearn.linear_model import LogisticRegression

    half = len(rows) // 2
    fold_of = np.random.default_rng(seed).permutation(half) % folds
    fold_of = np.concatenate([fold_of, fold_of])
    out: list[npt.NDArray[np.float64]] = [np.zeros(0)] * len(rows)
    for k in range(folds):
        train = [i for i in range(len(rows)) if fold_of[i] != k]
        model = LogisticRegression(C=c, max_iter=2000)
        model.fit(np.vstack([rows[i][pool[i]] for i in train]), np.concatenate([labels[i][pool[i]] for i in train]))
        for i in np.flatnonzero(fold_of == k):
            out[i] = model.predict_proba(rows[i])[:, 1] if len(rows[i]) else np.zeros(0)
    return out


def thresholds(
    scores: list[npt.NDArray[np.float64]], labels: list[npt.NDArray[np.int64]], disagree: list[npt.NDArray[np.bool_]]
) -> tuple[float, float, dict[str, float]]:
    half = len(scores) // 2
    tops = []  # (score, correct) of each tweet's top candidate that may be automatic
    for s, y, d in zip(scores, labels, disagree, strict=True):
        if len(s):
            best = int(np.argmax(s))
            tops.append((float(s[best]) if not d[best] else 0.0, bool(y[best])))
        else:
            tops.append((0.0, False))
    # AUTO: precision counted over the tweets as they are AND the same tweets with their claim taken
    # out (half the queries with no earlier fact-check, as a newsroom's new claims often have none);
    # a "wrong" link there is often another fact-check of the same story, so this is strict.
    auto = 1.0
    for t in sorted({round(s, 2) for s, _ in tops}, reverse=True):
        right = sum(ok for s, ok in tops[:half] if s >= t)
        linked = sum(s >= t for s, _ in tops)
        if linked >= 20 and right / linked >= AUTO_PRECISION:
            auto = t
    gold_scores = [
        float(s[y == 1].max()) if y.any() else 0.0 for s, y in zip(scores[:half], labels[:half], strict=True)
    ]
    suggest = float(np.quantile(gold_scores, 1 - SUGGEST_RECALL))
    suggest = float(np.floor(suggest * 100) / 100)
    auto = float(np.ceil(auto * 100) / 100)
    taken = [ok for s, ok in tops[:half] if s >= auto]
    report = {
        "auto_precision_with_a_match": float(np.mean(taken)) if taken else 1.0,
        "auto_precision_half_without": sum(taken) / max(len(taken) + sum(s >= auto for s, _ in tops[half:]), 1),
        "auto_share_of_tweets_with_a_match": float(np.mean([s >= auto and ok for s, ok in tops[:half]])),
        "auto_false_on_tweets_without": float(np.mean([s >= auto for s, _ in tops[half:]])),
        "suggest_recall": float(np.mean([g >= suggest for g in gold_scores])),
        "suggest_false_on_tweets_without": float(
            np.mean([bool((s >= suggest).any()) for s in scores[half:] if len(s)])
        ),
    }
    print("  score  precision(with a match)  linked(with a match)  linked(without)  precision(half without)")
    for t in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        linked = [ok for s, ok in tops[:half] if s >= t]
        wrong = sum(s >= t for s, _ in tops[half:])
        mixed = sum(linked) / max(len(linked) + wrong, 1)
        print(
            f"  {t:5.2f}  {np.mean(linked) if linked else 1.0:23.3f}  {len(linked) / half:20.3f}"
            f"  {wrong / half:15.3f}  {mixed:22.3f}"
        )
    return suggest, auto, report


def main(argv: Sequence[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=bench.DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=bench.DEFAULT_CACHE)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, nargs="*", default=[0.1, 1.0, 10.0])
    parser.add_argument("--pool", type=int, nargs="*", default=[0, 20, 10], help="fit on the top N by cosine")
    args = parser.parse_args(argv)
    archive = bench.load(args.data)
    same = copies_of(archive)
    present = bench.prepare(archive, "train", args.cache)
    absent = without_gold(present, archive, args.cache)
    rows_p, labels_p, fitted_p = table(present, same)
    rows_a, _, fitted_a = table(absent, same)
    rows, labels = rows_p + rows_a, fitted_p + fitted_a
    half = len(rows_p)
    dense_only = [r[:, 0] for r in rows_p]
    recall = bench.recall_of_candidates(present)
    print(f"train, dense only MAP@5 {map_at_5(dense_only, labels_p):.4f}; candidate recall {recall:.3f}")
    print(f"train, shipped weights MAP@5 {map_at_5([retrieval.probability(r) for r in rows_p], labels_p):.4f}")
    best: tuple[float, float, int, list[npt.NDArray[np.float64]]] = (-1.0, 0.0, 0, [])
    for size in args.pool:
        pool = pool_of(rows, size)
        for c in args.c:
            oof = cross_validate(rows, labels, args.folds, c, pool)
            score = map_at_5(oof[:half], labels_p)
            print(f"pool {size or 'all'}, C={c:g}: cross-validated MAP@5 {score:.4f}")
            if score > best[0]:
                best = (score, c, size, oof)
    _, c, size, oof = best
    pool = pool_of(rows, size)
    disagree = [r[:, retrieval.FEATURES.index("numbers_disagree")] > 0 for r in rows]
    suggest, auto, report = thresholds(oof, labels, disagree)
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(
        np.vstack([r[m] for r, m in zip(rows, pool, strict=True)]),
        np.concatenate([y[m] for y, m in zip(labels, pool, strict=True)]),
    )
    print(f"chosen C={c:g}, pool {size or 'all'}")
    print(f"WEIGHTS = ({', '.join(f'{w:.4f}' for w in model.coef_[0])})")
    print(f"BIAS = {model.intercept_[0]:.4f}")
    print(f"SUGGEST_THRESHOLD = {suggest}\nAUTO_THRESHOLD = {auto}")
    for name, value in report.items():
        print(f"  {name}: {value:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
