"""Train the check-worthiness model with scikit-learn and write it for the pure loader.

scikit-learn (``requirements/train.txt``) is imported only here, and nothing at run time imports this
module: the trained pipeline is exported to the compact ``.npz`` that
:func:`claims.extraction.checkworthiness.load_model` reads with numpy alone.

Data layout (``data_dir``), as in the public sources described in the project README:

* ``claimbuster/train.json`` and ``claimbuster/test.json``: ``[{"sentence_id", "label", "text"}]``
  (ClaimBuster, Arslan et al., ICWSM 2020, two-class split of Meng et al. 2020).
* ``checkthat2020-debates/train.tsv`` and ``test-gold.tsv``: ``text<TAB>label`` with a header line
  (CLEF CheckThat! 2020 Task 5). Optional: missing files are skipped.

The decision threshold is chosen on out-of-fold predictions of a stratified cross-validation on the
training data (maximising F1 of the check-worthy class); test files are used for evaluation only.
"""

from __future__ import annotations

import csv
import functools
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, precision_recall_curve, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from claims.extraction.checkworthiness import (
    CUE_NAMES,
    char_ngrams,
    cue_features,
    load_model,
    save_model,
    word_ngrams,
)
from claims.semantic.data import CLAIMBUSTER_TEST, CLAIMBUSTER_TRAIN, load_claimbuster_json
from claims.semantic.data import Labelled as Dataset

__all__ = [
    "Dataset",
    "TrainingConfig",
    "build_pipeline",
    "choose_threshold",
    "export_pipeline",
    "load_checkthat_tsv",
    "load_claimbuster_json",
    "train",
]

# Scores as a list (the pure scorer) or an array (scikit-learn's predict_proba).
Scores = Sequence[float] | npt.NDArray[np.float64]

CHECKTHAT_TRAIN = Path("checkthat2020-debates/train.tsv")
CHECKTHAT_TEST = Path("checkthat2020-debates/test-gold.tsv")


@dataclass(frozen=True, slots=True)
class TrainingConfig:
    """Every choice that shapes the model; the defaults are the ones cross-validation picked.

    ``*_weight`` scale each feature block before the classifier (0 drops the block). ``checkthat_train``
    adds the CheckThat! 2020 training sentences to ClaimBuster's when the file exists.
    """

    word_weight: float = 1.0
    char_weight: float = 1.0
    cue_weight: float = 1.0
    word_min_df: int = 2
    char_min_df: int = 3
    sublinear_tf: bool = True
    c: float = 4.0
    class_weight: str | None = "balanced"
    nb_scaling: bool = False
    char_max_n: int = 5
    checkthat_train: bool = False
    cv_folds: int = 5
    random_state: int = 0


# --------------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------------


def load_checkthat_tsv(path: Path) -> Dataset:
    """Read a CheckThat! ``text<TAB>label`` file with a header line; quotes in text are literal."""
    texts: list[str] = []
    labels: list[int] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header[:2] != ["text", "label"]:
            raise ValueError(f"{path}: expected a 'text<TAB>label' header, got {header!r}")
        for row in reader:
            texts.append(row[0])
            labels.append(int(row[1]))
    return Dataset(texts, labels)


# --------------------------------------------------------------------------------------------------
# The scikit-learn pipeline and its export
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Analysed:
    """A sentence with its features computed once, so cross-validation does not re-tokenise."""

    words: list[str]
    chars: list[str]
    cues: list[float]


# Cross-validation may try character n-grams up to this length; shorter settings filter these.
_ANALYSED_CHAR_MAX_N = 6


def _analyse(texts: Iterable[str]) -> list[_Analysed]:
    return [_Analysed(word_ngrams(t), char_ngrams(t, max_n=_ANALYSED_CHAR_MAX_N), cue_features(t)) for t in texts]


def _words_of(doc: _Analysed) -> list[str]:
    return doc.words


def _chars_of(doc: _Analysed, max_n: int = 5) -> list[str]:
    return [gram for gram in doc.chars if len(gram) <= max_n]


def _cue_matrix_of_analysed(docs: Sequence[_Analysed]) -> npt.NDArray[np.float64]:
    return np.asarray([d.cues for d in docs], dtype=np.float64).reshape(len(docs), len(CUE_NAMES))


def _cue_matrix_of_texts(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    return np.asarray([cue_features(t) for t in texts], dtype=np.float64).reshape(len(texts), len(CUE_NAMES))


class _LogCountRatio:
    """Scale each column by its naive-Bayes log-count ratio ``log(p_j / q_j)`` (Wang & Manning 2012),
    where ``p`` and ``q`` are the smoothed, normalised column sums over positive and negative rows.

    A linear model over scaled columns is a linear model over the raw columns with the ratio folded
    into its coefficients, which is how :func:`export_pipeline` ships it.
    """

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha

    def fit(self, x: Any, y: Sequence[int]) -> _LogCountRatio:
        labels = np.asarray(y)
        values = abs(x)
        p = self.alpha + np.asarray(values[labels == 1].sum(axis=0)).ravel()
        q = self.alpha + np.asarray(values[labels == 0].sum(axis=0)).ravel()
        self.ratio_ = np.log((p / p.sum()) / (q / q.sum()))
        return self

    def transform(self, x: Any) -> Any:
        return sparse.csr_matrix(x).multiply(self.ratio_).tocsr()

    def fit_transform(self, x: Any, y: Sequence[int]) -> Any:
        return self.fit(x, y).transform(x)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"alpha": self.alpha}

    def set_params(self, **params: Any) -> _LogCountRatio:
        self.alpha = params.get("alpha", self.alpha)
        return self


def _char_ngrams_up_to(max_n: int) -> Callable[[str], list[str]]:
    return char_ngrams if max_n == 5 else functools.partial(char_ngrams, max_n=max_n)


def build_pipeline(config: TrainingConfig, *, analysed: bool = False) -> Pipeline:
    """Return an unfitted scikit-learn pipeline for ``config``.

    With ``analysed=False`` it takes raw strings and uses the analyzers of the pure module, so its
    ``predict_proba`` is what :class:`~claims.extraction.checkworthiness.CheckworthinessModel` must
    reproduce. With ``analysed=True`` it takes pre-analysed sentences (cross-validation speed-up);
    the fitted parameters are identical.
    """
    word_analyzer: Callable[[Any], list[str]] = _words_of if analysed else word_ngrams
    char_analyzer: Callable[[Any], list[str]] = (
        functools.partial(_chars_of, max_n=config.char_max_n) if analysed else _char_ngrams_up_to(config.char_max_n)
    )
    cue_matrix = _cue_matrix_of_analysed if analysed else _cue_matrix_of_texts
    features = FeatureUnion(
        [
            (
                "word",
                TfidfVectorizer(analyzer=word_analyzer, min_df=config.word_min_df, sublinear_tf=config.sublinear_tf),
            ),
            (
                "char",
                TfidfVectorizer(analyzer=char_analyzer, min_df=config.char_min_df, sublinear_tf=config.sublinear_tf),
            ),
            ("cues", FunctionTransformer(cue_matrix)),
        ],
        transformer_weights={
            "word": config.word_weight,
            "char": config.char_weight,
            "cues": config.cue_weight,
        },
    )
    classifier = LogisticRegression(C=config.c, class_weight=config.class_weight, max_iter=5000, solver="liblinear")
    steps: list[tuple[str, Any]] = [("features", features)]
    if config.nb_scaling:
        steps.append(("nb", _LogCountRatio()))
    steps.append(("classifier", classifier))
    return Pipeline(steps)


def export_pipeline(
    pipeline: Pipeline,
    out_path: Path,
    *,
    config: TrainingConfig,
    n_documents: int,
    threshold: float,
    metadata: dict[str, Any],
) -> None:
    """Write a fitted pipeline (from :func:`build_pipeline`) to ``out_path`` for the pure loader.

    Document frequencies are recovered from sklearn's idf (``df = (n + 1) / exp(idf - 1) - 1``,
    rounded); the loader recomputes idf from them with sklearn's formula.
    """
    features = pipeline.named_steps["features"]
    classifier = pipeline.named_steps["classifier"]
    blocks = dict(features.transformer_list)
    coef = classifier.coef_.ravel().astype(np.float64)
    if "nb" in pipeline.named_steps:
        coef = coef * pipeline.named_steps["nb"].ratio_

    def vocabulary_and_df(name: str) -> tuple[list[str], npt.NDArray[np.int64]]:
        vectorizer = blocks[name]
        vocabulary = [""] * len(vectorizer.vocabulary_)
        for term, column in vectorizer.vocabulary_.items():
            vocabulary[column] = term
        df = np.rint((n_documents + 1.0) / np.exp(vectorizer.idf_ - 1.0) - 1.0).astype(np.int64)
        return vocabulary, df

    word_vocabulary, word_df = vocabulary_and_df("word")
    char_vocabulary, char_df = vocabulary_and_df("char")
    n_word, n_char = len(word_vocabulary), len(char_vocabulary)
    if coef.shape[0] != n_word + n_char + len(CUE_NAMES):
        raise ValueError("classifier width does not match the feature blocks")
    save_model(
        out_path,
        word_vocabulary=word_vocabulary,
        word_df=word_df,
        word_coef=coef[:n_word],
        char_vocabulary=char_vocabulary,
        char_df=char_df,
        char_coef=coef[n_word : n_word + n_char],
        cue_coef=coef[n_word + n_char :],
        n_documents=n_documents,
        sublinear_tf=config.sublinear_tf,
        weights=(config.word_weight, config.char_weight, config.cue_weight),
        char_max_n=config.char_max_n,
        intercept=float(classifier.intercept_[0]),
        threshold=threshold,
        metadata=metadata,
    )


# --------------------------------------------------------------------------------------------------
# Cross-validation, threshold choice, metrics
# --------------------------------------------------------------------------------------------------


def choose_threshold(labels: Sequence[int], scores: Scores) -> tuple[float, float]:
    """Return ``(threshold, f1)``: the score threshold maximising F1 of class 1 on these predictions.

    Ties go to the higher threshold (the more precise rule). The threshold is one of the scores, so
    ``score >= threshold`` reproduces the F1 returned.
    """
    precision, recall, thresholds = precision_recall_curve(np.asarray(labels), np.asarray(scores))
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)[:-1]
    best = int(np.flatnonzero(f1 == f1.max())[-1])
    return float(thresholds[best]), float(f1[best])


def cross_validated_scores(
    config: TrainingConfig,
    train: list[_Analysed],
    labels: list[int],
    extra: tuple[list[_Analysed], list[int]] | None,
) -> npt.NDArray[np.float64]:
    """Out-of-fold probabilities for ``train`` (stratified k-fold); ``extra`` joins every training fold
    but is never scored, so the figures stay comparable with and without it."""
    y = np.asarray(labels)
    out = np.zeros(len(train), dtype=np.float64)
    folds = StratifiedKFold(n_splits=config.cv_folds, shuffle=True, random_state=config.random_state)
    for fit_idx, held_idx in folds.split(np.zeros(len(y)), y):
        docs = [train[i] for i in fit_idx]
        fit_labels = list(y[fit_idx])
        if extra is not None:
            docs += extra[0]
            fit_labels += extra[1]
        pipeline = build_pipeline(config, analysed=True).fit(docs, fit_labels)
        out[held_idx] = pipeline.predict_proba([train[i] for i in held_idx])[:, 1]
    return out


def classification_metrics(labels: Sequence[int], scores: Scores, threshold: float) -> dict[str, float]:
    """Precision, recall and F1 of class 1 at ``score >= threshold``, and average precision."""
    y = np.asarray(labels)
    s = np.asarray(scores)
    precision, recall, f1, _ = precision_recall_fscore_support(
        y, (s >= threshold).astype(int), average="binary", zero_division=0
    )
    return {
        "precision": round(float(precision), 4),
        "recall": round(float(recall), 4),
        "f1": round(float(f1), 4),
        "average_precision": round(float(average_precision_score(y, s)), 4),
        "threshold": round(float(threshold), 4),
        "n": len(y),
        "positives": int(y.sum()),
    }


def ranking_metrics(labels: Sequence[int], scores: Scores) -> dict[str, float]:
    """Average precision over the whole list and precision at 10/20/50 of the ranking by score."""
    y = np.asarray(labels)
    order = np.argsort(-np.asarray(scores), kind="stable")
    result: dict[str, float] = {"average_precision": round(float(average_precision_score(y, scores)), 4)}
    for k in (10, 20, 50):
        result[f"p@{k}"] = round(float(y[order[:k]].mean()), 4)
    result["n"] = len(y)
    result["positives"] = int(y.sum())
    return result


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


def train(
    data_dir: Path,
    out_path: Path,
    config: TrainingConfig | None = None,
    *,
    log: Callable[[str], None] = lambda _message: None,
) -> dict[str, Any]:
    """Train on ``data_dir`` (laid out as in the module docstring), write the model to ``out_path`` and
    return the metrics: cross-validation on the training set, the held-out ClaimBuster test set and,
    when present, the CheckThat! 2020 test set.

    The threshold stored in the model is the F1-maximising threshold of the out-of-fold predictions;
    test metrics are computed with that threshold and never feed back into any choice.
    """
    config = config or TrainingConfig()
    started = time.perf_counter()
    data_dir = Path(data_dir)
    train_set = load_claimbuster_json(data_dir / CLAIMBUSTER_TRAIN)
    analysed_train = _analyse(train_set.texts)
    extra: tuple[list[_Analysed], list[int]] | None = None
    if config.checkthat_train and (data_dir / CHECKTHAT_TRAIN).exists():
        checkthat = load_checkthat_tsv(data_dir / CHECKTHAT_TRAIN)
        extra = (_analyse(checkthat.texts), checkthat.labels)
    log(f"training on {len(train_set.texts)} sentences" + (f" + {len(extra[1])} CheckThat!" if extra else ""))

    oof = cross_validated_scores(config, analysed_train, train_set.labels, extra)
    threshold, cv_f1 = choose_threshold(train_set.labels, oof)
    cv = classification_metrics(train_set.labels, oof, threshold)
    log(f"cross-validation: threshold {threshold:.3f}, F1 {cv_f1:.3f}, AP {cv['average_precision']:.3f}")

    docs = analysed_train + (extra[0] if extra else [])
    labels = train_set.labels + (extra[1] if extra else [])
    pipeline = build_pipeline(config, analysed=True).fit(docs, labels)

    metrics: dict[str, Any] = {
        "config": asdict(config),
        "training_sentences": len(labels),
        "cross_validation": cv,
    }
    metadata = {
        "trained_on": "ClaimBuster train.json" + (" + CheckThat! 2020 train.tsv" if extra else ""),
        "config": asdict(config),
        "cross_validation": cv,
        "feature_counts": {
            "word": len(dict(pipeline.named_steps["features"].transformer_list)["word"].vocabulary_),
            "char": len(dict(pipeline.named_steps["features"].transformer_list)["char"].vocabulary_),
            "cues": len(CUE_NAMES),
        },
    }
    export_pipeline(pipeline, out_path, config=config, n_documents=len(labels), threshold=threshold, metadata=metadata)
    metrics["model_bytes"] = out_path.stat().st_size
    metrics["feature_counts"] = metadata["feature_counts"]

    # Evaluate through the pure loader: the figures are those of the shipped artefact.
    model = load_model(out_path)
    if (data_dir / CLAIMBUSTER_TEST).exists():
        test = load_claimbuster_json(data_dir / CLAIMBUSTER_TEST)
        scores = model.score(test.texts)
        metrics["claimbuster_test"] = classification_metrics(test.labels, scores, threshold)
        metrics["claimbuster_test_at_0.5"] = classification_metrics(test.labels, scores, 0.5)
        reference = pipeline.predict_proba(_analyse(test.texts))[:, 1]
        max_gap = float(np.max(np.abs(np.asarray(scores) - reference)))
        metrics["pure_vs_sklearn_max_abs_diff"] = max_gap
    if (data_dir / CHECKTHAT_TEST).exists():
        gold = load_checkthat_tsv(data_dir / CHECKTHAT_TEST)
        metrics["checkthat_test"] = ranking_metrics(gold.labels, model.score(gold.texts))
    metrics["training_seconds"] = round(time.perf_counter() - started, 1)
    return metrics
