"""Every public check-worthiness split, side by side: v2 (fine-tuned MiniLM), the old model, the TF-IDF floor.

Usage: ``python bench/checkworthiness_eval.py DATA_DIR [--v2 DIR] [--no-floor] [--json FILE]``

DATA_DIR is laid out like the public data (docs/models.md). Splits, each only when its file exists:

* ClaimBuster ``test.json`` (702, balanced): P/R/F1 of the check-worthy class at each model's own
  shipped threshold, and average precision;
* CheckThat! 2024 English ``dev-test.tsv`` (318): the same (the lab's measure is F1 of ``Yes``);
* CheckThat! 2020 debates ``test-gold.tsv`` (21,514 sentences, 136 positive): ranking, AP and P@10/20/50.

Models: ``v2`` at its shipped threshold (held-out fold of the training pool); ``old`` (the TF-IDF +
cues model in claims/extraction/data, its cross-validated threshold); ``floor``: the plain TF-IDF
logistic regression of the data README (word 1-2-grams + char 2-5-grams, balanced classes) fitted
here on ClaimBuster train at its default 0.5 (needs scikit-learn, the training extra; skipped without).
No threshold is chosen on any of these splits. Also prints load time and scoring speed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims.extraction.checkworthiness import load_model
from claims.semantic import data
from claims.semantic.encoder import CHECKWORTHINESS_V2_DIR, FineTunedScorer

Scorer = Callable[[Sequence[str]], Sequence[float]]


def average_precision(labels: npt.NDArray[np.int_], scores: npt.NDArray[np.float64]) -> float:
    """Average precision as scikit-learn defines it, tied scores forming one threshold."""
    order = np.argsort(-scores, kind="mergesort")
    y, s = labels[order], scores[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]
    true_positives = np.cumsum(y)[last_of_tie]
    precision = true_positives / (last_of_tie + 1)
    recall = true_positives / max(int(y.sum()), 1)
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def binary_metrics(labels: npt.NDArray[np.int_], scores: npt.NDArray[np.float64], threshold: float) -> dict[str, Any]:
    predicted = scores >= threshold
    tp = int(np.sum(predicted & (labels == 1)))
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(labels.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "average_precision": round(average_precision(labels, scores), 3),
    }


def ranking_metrics(labels: npt.NDArray[np.int_], scores: npt.NDArray[np.float64]) -> dict[str, Any]:
    order = np.argsort(-scores, kind="stable")
    return {
        "average_precision": round(average_precision(labels, scores), 3),
        **{f"p@{k}": round(float(labels[order[:k]].mean()), 3) for k in (10, 20, 50)},
    }


def tfidf_floor(data_dir: Path) -> tuple[Scorer, float] | None:
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union
    except ImportError:
        return None
    train = data.load_claimbuster_json(data_dir / data.CLAIMBUSTER_TRAIN)
    pipeline = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2)),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)),
        ),
        LogisticRegression(class_weight="balanced", max_iter=5000),
    ).fit(train.texts, train.labels)
    return (lambda texts: pipeline.predict_proba(list(texts))[:, 1]), 0.5


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--v2", type=Path, default=CHECKWORTHINESS_V2_DIR, help="v2 model directory")
    parser.add_argument("--no-floor", action="store_true", help="skip the TF-IDF floor")
    parser.add_argument("--json", type=Path, default=None, help="also write the report here")
    args = parser.parse_args(argv)
    data_dir: Path = args.data_dir

    models: dict[str, tuple[Scorer, float]] = {}
    report: dict[str, Any] = {"models": {}, "splits": {}}
    started = time.perf_counter()
    v2 = FineTunedScorer.load(args.v2)
    report["models"]["v2"] = {"load_seconds": round(time.perf_counter() - started, 3), "threshold": v2.threshold}
    models["v2"] = (v2.score, v2.threshold)
    started = time.perf_counter()
    old = load_model(None)
    report["models"]["old"] = {"load_seconds": round(time.perf_counter() - started, 3), "threshold": old.threshold}
    models["old"] = (old.score, old.threshold)
    floor = None if args.no_floor else tfidf_floor(data_dir)
    if floor is not None:
        models["floor"] = floor
        report["models"]["floor"] = {"threshold": 0.5, "trained_on": "ClaimBuster train.json"}

    splits: list[tuple[str, Path, Callable[[Path], data.Labelled], bool]] = [
        ("claimbuster_test", data.CLAIMBUSTER_TEST, data.load_claimbuster_json, True),
        ("checkthat2024_dev_test", data.CHECKTHAT2024_DEV_TEST, data.load_checkthat2024_tsv, True),
        ("checkthat2020_debates_test", data.CHECKTHAT2020_TEST, data.load_checkthat2020_tsv, False),
    ]
    for name, path, loader, binary in splits:
        if not (data_dir / path).is_file():
            continue
        split = loader(data_dir / path)
        labels = np.asarray(split.labels)
        row: dict[str, Any] = {"n": len(labels), "positives": int(labels.sum())}
        for model_name, (score, threshold) in models.items():
            started = time.perf_counter()
            scores = np.asarray(score(split.texts), dtype=np.float64)
            seconds = time.perf_counter() - started
            metrics = binary_metrics(labels, scores, threshold) if binary else ranking_metrics(labels, scores)
            row[model_name] = {**metrics, "sentences_per_second": round(len(labels) / seconds)}
        report["splits"][name] = row
    print(_table(report))
    text = json.dumps(report, indent=2)
    if args.json:
        args.json.write_text(text + "\n")
    return report


def _table(report: dict[str, Any]) -> str:
    lines = []
    for name, row in report["splits"].items():
        lines.append(f"{name} (n={row['n']}, positives={row['positives']})")
        for model in report["models"]:
            if model in row:
                figures = "  ".join(f"{k} {v}" for k, v in row[model].items())
                lines.append(f"  {model:<6} {figures}")
    for model, info in report["models"].items():
        lines.append(f"{model}: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
