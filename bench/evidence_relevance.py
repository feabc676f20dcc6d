"""Evidence relevance on labelled (claim, passage, relevant?) pairs: the minimum relevance and what it gives.

Usage::

    python bench/evidence_relevance.py                     # tests/fixtures/evidence_relevance.tsv
    python bench/evidence_relevance.py --pairs other.tsv --folds 5 --json   # 5 groups of claims

The pairs are the demo library's passages (``evidence/demo/``, split by ``evidence.relevance.split_passages``)
against the demo article's claims and three claims around phrases issue 16 quotes, labelled by hand: is
this passage worth a fact-checker's reading for this claim? No Django and no database: the same pure
functions the gathering service calls (``lexical_overlap`` with the passages' rarity weights, ``fuse``)
on the encoder's cosine.

How the threshold is chosen and reported: **cross-validated by claim**, by default leaving one claim
out (``--folds N`` deals the claims into N groups instead). For each held-out claim the dense weight
and the minimum are chosen on the other claims' pairs, and the held-out claim's pairs are scored
with them. The figures printed are over all held-out predictions, so no pair is scored by a
threshold chosen on it. The choice maximises F2 (recall counts twice as much as precision): a
relevant source that is hidden is lost to the reviewer, an irrelevant one that is listed costs one
"reject" key. Ties go to the lower minimum. The last lines
are the weight and minimum chosen on all pairs: ``evidence.relevance.DENSE_WEIGHT`` and the default
of ``EVIDENCE_MIN_RELEVANCE``.

The floor is the old ranking: lexical only and no minimum, so every passage the full-text search
finds (any of the claim's search terms, stemmed) is listed.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.semantic.encoder import encode  # noqa: E402
from evidence import relevance  # noqa: E402
from evidence.ranking import query_terms, stem, terms  # noqa: E402

DEFAULT_PAIRS = ROOT / "tests" / "fixtures" / "evidence_relevance.tsv"


def settings_module() -> object:
    """The shipped minimum, read from the settings module without configuring Django."""
    import re

    text = (ROOT / "factcheck" / "settings.py").read_text(encoding="utf-8")
    found = re.search(r'EVIDENCE_MIN_RELEVANCE = env_float\("EVIDENCE_MIN_RELEVANCE", ([0-9.]+)', text)
    return type("Shipped", (), {"EVIDENCE_MIN_RELEVANCE": float(found.group(1))} if found else {})


THRESHOLDS = [round(x, 3) for x in np.arange(0.0, 0.80, 0.005)]
WEIGHTS = [round(x, 2) for x in np.arange(0.0, 1.01, 0.1)]


@dataclass(frozen=True)
class Pair:
    claim_id: str
    passage_id: str
    relevant: bool
    claim: str
    passage: str


def read_pairs(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return [Pair(r["claim_id"], r["passage_id"], r["relevant"] == "1", r["claim"], r["passage"]) for r in rows]


def scores(pairs: Sequence[Pair]) -> tuple[np.ndarray, np.ndarray]:
    """(lexical overlap, dense cosine) per pair."""
    claims = sorted({p.claim for p in pairs})
    passages = sorted({p.passage for p in pairs})
    claim_vec = dict(zip(claims, encode(claims), strict=True))
    passage_vec = dict(zip(passages, encode(passages), strict=True))
    # The rarity weights come from the passages themselves: the demo library, as the service reads them.
    stats = relevance.TermStats.from_texts(passages)
    lexical = np.array([relevance.lexical_overlap(p.claim, p.passage, stats) for p in pairs])
    dense = np.array([float(claim_vec[p.claim] @ passage_vec[p.passage]) for p in pairs])
    return lexical, dense


def fused(lexical: np.ndarray, dense: np.ndarray, weight: float) -> np.ndarray:
    return weight * np.maximum(dense, 0.0) + (1.0 - weight) * lexical


BETA = 2.0


def f_beta(predicted: np.ndarray, truth: np.ndarray, beta: float = BETA) -> float:
    precision, recall, _ = prf(predicted, truth)
    if not precision + recall:
        return 0.0
    return (1 + beta**2) * precision * recall / (beta**2 * precision + recall)


def prf(predicted: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    tp = float(np.sum(predicted & truth))
    precision = tp / max(1.0, float(np.sum(predicted)))
    recall = tp / max(1.0, float(np.sum(truth)))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def choose(lexical: np.ndarray, dense: np.ndarray, truth: np.ndarray, weights: Sequence[float]) -> tuple[float, float]:
    """The (weight, minimum) with the best F2 on these pairs; ties go to the lower minimum."""
    best = (-1.0, 0.0, 0.0)
    for weight in weights:
        values = fused(lexical, dense, weight)
        for threshold in THRESHOLDS:
            score = f_beta(values >= threshold, truth)
            if score > best[0] + 1e-12:
                best = (score, weight, threshold)
    return best[1], best[2]


def cross_validate(
    pairs: Sequence[Pair], lexical: np.ndarray, dense: np.ndarray, folds: int, weights: Sequence[float]
) -> tuple[np.ndarray, list[tuple[float, float]]]:
    claim_ids = sorted({p.claim_id for p in pairs})
    fold_of = {cid: i % folds for i, cid in enumerate(claim_ids)}
    truth = np.array([p.relevant for p in pairs])
    fold = np.array([fold_of[p.claim_id] for p in pairs])
    predicted = np.zeros(len(pairs), dtype=bool)
    chosen = []
    for k in range(folds):
        train, test = fold != k, fold == k
        weight, threshold = choose(lexical[train], dense[train], truth[train], weights)
        chosen.append((weight, threshold))
        predicted[test] = fused(lexical[test], dense[test], weight) >= threshold
    return predicted, chosen


def old_ranking(pairs: Sequence[Pair]) -> np.ndarray:
    """Listed by the old ranking: the full-text search finds any of the claim's search terms."""
    listed = []
    for pair in pairs:
        wanted = {stem(word) for word in query_terms(pair.claim)}
        listed.append(bool(wanted & set(terms(pair.passage))))
    return np.array(listed)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument(
        "--folds", type=int, default=0, help="claim groups for cross-validation (default: one per claim)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    pairs = read_pairs(args.pairs)
    folds = args.folds or len({p.claim_id for p in pairs})
    truth = np.array([p.relevant for p in pairs])
    lexical, dense = scores(pairs)
    rows: dict[str, tuple[float, float, float]] = {"old ranking (lexical, no minimum)": prf(old_ranking(pairs), truth)}
    fold_choices: list[tuple[float, float]] = []
    for name, weights in (("lexical overlap only", [0.0]), ("dense cosine only", [1.0]), ("hybrid (fused)", WEIGHTS)):
        predicted, fold_choices = cross_validate(pairs, lexical, dense, folds, weights)
        rows[f"{name}, {folds}-fold CV by claim"] = prf(predicted, truth)
    weight, threshold = choose(lexical, dense, truth, WEIGHTS)
    shipped = fused(lexical, dense, relevance.DENSE_WEIGHT)
    minimum = float(getattr(settings_module(), "EVIDENCE_MIN_RELEVANCE", threshold))
    rows[f"shipped: weight {relevance.DENSE_WEIGHT:.2f}, minimum {minimum:.3f} (in-sample)"] = prf(
        shipped >= minimum, truth
    )
    xi = [i for i, p in enumerate(pairs) if p.claim_id == "C11" and p.passage_id.startswith("nato")]
    summary = {
        "pairs": len(pairs),
        "relevant": int(truth.sum()),
        "claims": len({p.claim_id for p in pairs}),
        "rows": {name: {"precision": p, "recall": r, "f1": f} for name, (p, r, f) in rows.items()},
        "chosen_on_all_pairs": {"dense_weight": weight, "min_relevance": threshold},
        "hybrid_fold_choices": [{"dense_weight": w, "min_relevance": t} for w, t in fold_choices],
        "nato_note_under_xi_claim": [round(float(shipped[i]), 3) for i in xi],
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"{len(pairs)} pairs ({int(truth.sum())} relevant) over {summary['claims']} claims, {args.pairs.name}")
    print(f"{'':56} {'precision':>9} {'recall':>7} {'F1':>6}")
    for name, (p, r, f) in rows.items():
        print(f"{name:56} {p:9.3f} {r:7.3f} {f:6.3f}")
    weights_seen = sorted(w for w, _ in fold_choices)
    minima_seen = sorted(t for _, t in fold_choices)
    print(
        f"hybrid folds chose dense weights {weights_seen[0]:.2f}-{weights_seen[-1]:.2f} "
        f"(median {weights_seen[len(weights_seen) // 2]:.2f}), minima {minima_seen[0]:.3f}-{minima_seen[-1]:.3f}"
    )
    print(f"chosen on all pairs (F{BETA:g}): dense weight {weight:.2f}, minimum relevance {threshold:.3f}")
    print(f"NATO note passages under the Xi/Afghanistan claim (shipped weight): {summary['nato_note_under_xi_claim']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
