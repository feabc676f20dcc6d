"""Evaluate the shipped check-worthiness model through the pure loader (no scikit-learn, no Django).

Usage: ``python bench/checkworthiness_eval.py DATA_DIR [--model FILE]``

DATA_DIR is laid out like the training data (``claimbuster/test.json``, optionally
``checkthat2020-debates/test-gold.tsv``). Prints JSON: precision, recall, F1 of the check-worthy class
at the model's cross-validated threshold and average precision on ClaimBuster test; average precision
and P@10/20/50 on CheckThat! 2020 test; model load time (must stay under 1 s) and scoring throughput.
Metrics are computed here with numpy so the script runs with the inference dependencies only.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims.extraction.checkworthiness import DEFAULT_MODEL_PATH, load_model


def average_precision(labels: npt.NDArray[np.int_], scores: npt.NDArray[np.float64]) -> float:
    """Average precision as scikit-learn defines it: sum over thresholds of (R_n - R_{n-1}) * P_n,
    with tied scores forming one threshold."""
    order = np.argsort(-scores, kind="mergesort")
    y, s = labels[order], scores[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]
    true_positives = np.cumsum(y)[last_of_tie]
    precision = true_positives / (last_of_tie + 1)
    recall = true_positives / max(int(y.sum()), 1)
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def binary_metrics(
    labels: npt.NDArray[np.int_], scores: npt.NDArray[np.float64], threshold: float
) -> dict[str, Any]:
    predicted = scores >= threshold
    tp = int(np.sum(predicted & (labels == 1)))
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(labels.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "threshold": round(threshold, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "average_precision": round(average_precision(labels, scores), 4),
        "n": len(labels),
    }


def precision_at(labels: npt.NDArray[np.int_], scores: npt.NDArray[np.float64], k: int) -> float:
    return round(float(labels[np.argsort(-scores, kind="stable")[:k]].mean()), 4)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    model = load_model(args.model)
    load_seconds = time.perf_counter() - started
    report: dict[str, Any] = {
        "model": str(args.model),
        "model_bytes": args.model.stat().st_size,
        "load_seconds": round(load_seconds, 4),
        "threshold": model.threshold,
    }

    claimbuster = args.data_dir / "claimbuster" / "test.json"
    if claimbuster.exists():
        rows = json.loads(claimbuster.read_text(encoding="utf-8"))
        texts = [r["text"] for r in rows]
        labels = np.asarray([int(r["label"]) for r in rows])
        started = time.perf_counter()
        scores = np.asarray(model.score(texts))
        seconds = time.perf_counter() - started
        report["claimbuster_test"] = binary_metrics(labels, scores, model.threshold)
        report["claimbuster_test_at_0.5"] = binary_metrics(labels, scores, 0.5)
        report["sentences_per_second"] = round(len(texts) / seconds)
        started = time.perf_counter()
        model.score(texts[:60])
        report["ms_per_60_sentences"] = round((time.perf_counter() - started) * 1000, 2)

    checkthat = args.data_dir / "checkthat2020-debates" / "test-gold.tsv"
    if checkthat.exists():
        with checkthat.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(reader)
            pairs = [(row[0], int(row[1])) for row in reader]
        labels = np.asarray([label for _, label in pairs])
        scores = np.asarray(model.score([text for text, _ in pairs]))
        report["checkthat_test"] = {
            "average_precision": round(average_precision(labels, scores), 4),
            **{f"p@{k}": precision_at(labels, scores, k) for k in (10, 20, 50)},
            "n": len(labels),
            "positives": int(labels.sum()),
        }
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
