"""Check-worthiness scoring: does a sentence make a factual claim worth checking?

Inference is pure Python + numpy (no Django, no scikit-learn), so the shipped model loads in a few
tens of milliseconds. The model is a logistic regression over three feature blocks:

* word uni- and bigrams of normalised tokens (numbers collapsed to ``<num>`` / ``<year>``),
* character 2-5-grams inside word boundaries (digits collapsed to ``0``),
* a handful of dense cues (digits, number words, percentages, currency, capitalised names,
  comparatives, reporting verbs, opinion markers, length).

The two sparse blocks are TF-IDF weighted (smooth idf, optional sublinear tf) and L2-normalised
separately, exactly as scikit-learn's ``TfidfVectorizer`` does, because ``claims/extraction/training.py``
fits them with scikit-learn using the analyzers defined here. A test asserts that :meth:`score`
reproduces scikit-learn's ``predict_proba`` within 1e-6.

Data: the ClaimBuster dataset (Arslan et al., ICWSM 2020, doi 10.5281/zenodo.3609356) in the split of
Meng et al. (2020); see ``bench/checkworthiness_metrics.json`` for the measured figures.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "CUE_NAMES",
    "CheckworthinessModel",
    "char_ngrams",
    "cue_features",
    "default_model",
    "load_model",
    "normalise_text",
    "word_ngrams",
]

DEFAULT_MODEL_PATH = Path(__file__).parent / "data" / "checkworthiness.npz"
FORMAT_VERSION = 1

# --------------------------------------------------------------------------------------------------
# Text normalisation and analyzers (shared verbatim by training and inference)
# --------------------------------------------------------------------------------------------------

_QUOTE_MAP = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u00b4": "'",  # ´
        "`": "'",
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",  # en dash
        "\u2014": " - ",  # em dash separates clauses in news prose
        "\u2015": " - ",
        "\u2212": "-",  # minus sign
    }
)
_WHITESPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Return ``text`` with Unicode compatibility forms folded (NFKC), typographic quotes and dashes
    replaced by ASCII ones, and runs of whitespace collapsed to one space. Case is kept.

    Debate transcripts (the training data) use straight quotes; news prose uses curly ones, so this
    keeps both looking alike to the model.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_MAP)
    return _WHITESPACE.sub(" ", text).strip()


_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)*|[%$£€¥]")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")


def _word_tokens(normalised_lower: str) -> list[str]:
    tokens = []
    for token in _TOKEN.findall(normalised_lower):
        if token[0].isdigit():
            tokens.append("<year>" if _YEAR.fullmatch(token) else "<num>")
        else:
            tokens.append(token)
    return tokens


def _word_ngrams_of_tokens(tokens: list[str]) -> list[str]:
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def word_ngrams(text: str) -> list[str]:
    """Word unigrams and bigrams of ``text``: lower-cased, quotes normalised, numbers collapsed to
    ``<num>`` (or ``<year>`` for 1800-2099), currency and ``%`` signs kept as tokens."""
    return _word_ngrams_of_tokens(_word_tokens(normalise_text(text).lower()))


_DIGIT = re.compile(r"\d")


def _char_ngrams_of_lower(normalised_lower: str, min_n: int, max_n: int, *, keep_spanning: bool = False) -> list[str]:
    # Pad every word with a space on each side by doubling the single spaces between words; an
    # n-gram lies inside one padded word exactly when it contains no double space. keep_spanning
    # skips that filter for callers that drop unknown grams anyway (the scorer).
    padded = " " + _DIGIT.sub("0", normalised_lower).replace(" ", "  ") + " "
    length = len(padded)
    grams = [padded[i : i + n] for n in range(min_n, max_n + 1) for i in range(length - n + 1)]
    return grams if keep_spanning else [gram for gram in grams if "  " not in gram]


def char_ngrams(text: str, min_n: int = 2, max_n: int = 5) -> list[str]:
    """Character ``min_n``..``max_n``-grams inside word boundaries (each word padded with one space on
    either side, like scikit-learn's ``char_wb``), over lower-cased normalised text with every digit
    replaced by ``0``. A padded word shorter than ``n`` yields no ``n``-gram. Order is by ``n``, then
    by position; only the counts matter to the model."""
    return _char_ngrams_of_lower(normalise_text(text).lower(), min_n, max_n)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NUMBER_WORDS = _word_set(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
    " seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds"
    " thousand thousands million millions billion billions trillion trillions dozen dozens half third"
    " thirds quarter quarters fifth fifths double doubled triple tripled twice percent"
)
_CURRENCY_WORDS = _word_set("dollar dollars pound pounds euro euros yen cents bn")
_COMPARATIVE_WORDS = _word_set(
    "than more less fewer most least higher lower highest lowest larger largest smaller smallest bigger"
    " biggest increase increased increases decrease decreased decreases rise rose risen fall fell fallen"
    " grew grown growth drop dropped declined doubled tripled record"
)
_REPORTING_VERBS = _word_set(
    "said says voted vote votes passed signed cut cuts raised created lost spent cost costs paid announced"
    " reported found shows showed according introduced opposed supported approved killed increased reduced"
    " added sent built closed"
)
_OPINION_MARKERS = _word_set(
    "think believe feel hope wish should ought want thank thanks welcome glad happy pleased honored"
    " honoured great wonderful terrible"
)
_HONORIFICS = _word_set("mr mrs ms dr gen sen rep gov prof lt col sgt capt st jr sr no")


def _capitalised_names(normalised: str) -> int:
    """Count capitalised words that do not start a sentence: a cheap stand-in for named entities.

    A word after ``.``, ``!``, ``?`` or ``:`` starts a sentence unless that word is an honorific, so
    "Mr. Obama" counts "Obama" whether or not the writer puts a period after "Mr".
    """
    count = 0
    sentence_start = True
    for raw in normalised.split(" "):
        word = raw.lstrip("\"'([")
        if word[:1].isupper() and any(c.islower() for c in word[1:]) and not sentence_start:
            count += 1
        unquoted = word.rstrip("\"')]")
        bare = unquoted.rstrip(".!?:").lower()
        sentence_start = not word or (unquoted[-1:] in (".", "!", "?", ":") and bare not in _HONORIFICS)
    return count


CUE_NAMES: tuple[str, ...] = (
    "has_digit",
    "numbers",
    "has_number_word",
    "has_percent",
    "has_currency",
    "has_year",
    "capitalised_names",
    "comparatives",
    "reporting_verbs",
    "opinion_markers",
    "is_question",
    "log_length",
    "is_short",
)


def cue_features(text: str) -> list[float]:
    """Dense cues for ``text``, in the order of :data:`CUE_NAMES`, each roughly in [0, 1].

    Binary ``has_*`` cues are 0/1; counts are ``log1p(count) / log(10)`` capped at 1 so that one
    outlier sentence cannot dominate the linear model.
    """
    normalised = normalise_text(text)
    lower = normalised.lower()
    return _cue_features_of(normalised, lower, _word_tokens(lower))


def _scaled(count: int) -> float:
    return min(1.0, math.log1p(count) / _LOG_10)


_LOG_10 = math.log(10.0)
_NUMERALS = frozenset(("<num>", "<year>"))


def _cue_features_of(normalised: str, lower: str, tokens: list[str]) -> list[float]:
    # The word lists hold letters only, so counting over all tokens equals counting over words.
    word_set = set(tokens)
    scaled = _scaled
    numerals = sum(map(_NUMERALS.__contains__, tokens))
    number_words = sum(map(_NUMBER_WORDS.__contains__, tokens))
    return [
        1.0 if numerals else 0.0,
        scaled(numerals + number_words),
        1.0 if number_words else 0.0,
        1.0 if ("%" in normalised or "percent" in word_set or "per cent" in lower) else 0.0,
        1.0 if (any(c in normalised for c in "$£€¥") or word_set & _CURRENCY_WORDS) else 0.0,
        1.0 if "<year>" in word_set else 0.0,
        scaled(_capitalised_names(normalised)),
        scaled(sum(map(_COMPARATIVE_WORDS.__contains__, tokens))),
        scaled(sum(map(_REPORTING_VERBS.__contains__, tokens))),
        scaled(sum(map(_OPINION_MARKERS.__contains__, tokens))),
        1.0 if normalised.endswith("?") else 0.0,
        min(1.0, math.log1p(len(tokens)) / math.log(100.0)),
        1.0 if len(tokens) < 5 else 0.0,
    ]


# --------------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------------

FloatArray = npt.NDArray[np.float64]


class _Vocabulary(dict[str, int]):
    """Term -> column; ``padding`` is the column for unknown terms, whose idf and weight are 0."""

    __slots__ = ("padding",)

    def __init__(self, terms: list[str]) -> None:
        super().__init__(zip(terms, range(len(terms)), strict=True))
        self.padding = len(terms)


class _TfidfBlock:
    """One TF-IDF block: vocabulary -> column, idf per column, and this block's slice of the weights.

    Reproduces ``TfidfVectorizer(norm="l2", use_idf=True, smooth_idf=True)`` followed by a dot product.
    Unknown terms land in a padding column with idf 0 and weight 0, which adds exact zeros to both the
    norm and the dot product, so no per-term branch is needed.
    """

    __slots__ = ("coef", "idf", "sublinear_tf", "vocabulary")

    def __init__(self, vocabulary: list[str], idf: FloatArray, coef: FloatArray, sublinear_tf: bool) -> None:
        self.vocabulary = _Vocabulary(vocabulary)
        self.idf = np.append(idf, 0.0)
        self.coef = np.append(coef, 0.0)
        self.sublinear_tf = sublinear_tf

    def dots(self, documents: Sequence[list[str]]) -> FloatArray:
        """Return ``tfidf(document) · coef`` for each document (a list of its features), all at once.

        Features of every document are looked up in one pass and counted per (document, column) with
        one sort, so the cost is a dictionary lookup per feature plus a few numpy calls per batch. A
        document without any known feature gets 0.0, as scikit-learn leaves its row all zeros.
        """
        width = self.vocabulary.padding + 1
        lengths = np.fromiter(map(len, documents), dtype=np.int64, count=len(documents))
        flat = itertools.chain.from_iterable(documents)
        lookup = map(self.vocabulary.get, flat, itertools.repeat(self.vocabulary.padding))
        columns = np.fromiter(lookup, dtype=np.int64, count=int(lengths.sum()))
        keys = np.repeat(np.arange(len(documents), dtype=np.int64), lengths) * width + columns
        unique_keys, counts = np.unique(keys, return_counts=True)
        document_of, column_of = np.divmod(unique_keys, width)
        values = counts.astype(np.float64)
        if self.sublinear_tf:
            values = np.log(values) + 1.0
        values *= self.idf[column_of]
        squared_norms = np.bincount(document_of, weights=values * values, minlength=len(documents))
        products = np.bincount(document_of, weights=values * self.coef[column_of], minlength=len(documents))
        norms = np.sqrt(squared_norms)
        return np.divide(products, norms, out=np.zeros(len(documents)), where=norms > 0)


class CheckworthinessModel:
    """A trained check-worthiness classifier.

    ``score`` returns, for each text, the model's probability (in [0, 1]) that it is a check-worthy
    factual claim; ``threshold`` is the decision threshold chosen by cross-validation on the training
    data (maximising F1 of the check-worthy class); ``metadata`` records how the model was trained and
    what it measured.
    """

    def __init__(
        self,
        *,
        word: _TfidfBlock,
        char: _TfidfBlock,
        cue_coef: FloatArray,
        weights: tuple[float, float, float],
        char_max_n: int,
        intercept: float,
        threshold: float,
        metadata: dict[str, Any],
    ) -> None:
        self._char_max_n = char_max_n
        self._word = word
        self._char = char
        self._cue_coef = cue_coef
        self._word_weight, self._char_weight, self._cue_weight = weights
        self._intercept = intercept
        self.threshold = threshold
        self.metadata = metadata

    def decision_function(self, texts: Sequence[str]) -> list[float]:
        """Return the logit (log-odds of check-worthy) for each text, in order."""
        if not texts:
            return []
        normalised = [normalise_text(text) for text in texts]
        lower = [text.lower() for text in normalised]
        tokens = [_word_tokens(text) for text in lower]
        logits = np.full(len(texts), self._intercept, dtype=np.float64)
        if self._word_weight:
            logits += self._word_weight * self._word.dots([_word_ngrams_of_tokens(t) for t in tokens])
        if self._char_weight:
            # Unfiltered grams: the ones spanning two words hold a double space, are never in the
            # vocabulary, and land in the zero-weight padding column.
            grams = [_char_ngrams_of_lower(t, 2, self._char_max_n, keep_spanning=True) for t in lower]
            logits += self._char_weight * self._char.dots(grams)
        if self._cue_weight:
            cues = np.asarray(
                [_cue_features_of(*row) for row in zip(normalised, lower, tokens, strict=True)],
                dtype=np.float64,
            )
            logits += self._cue_weight * (cues @ self._cue_coef)
        return [float(z) for z in logits]

    def score(self, texts: Sequence[str]) -> list[float]:
        """Return the probability, in [0, 1], that each text is a check-worthy claim, in order."""
        if isinstance(texts, str):
            raise TypeError("score() takes a sequence of texts, not one string")
        return [_sigmoid(z) for z in self.decision_function(texts)]


def _sigmoid(z: float) -> float:
    # Same formula as scipy.special.expit, stable for large |z|.
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


# --------------------------------------------------------------------------------------------------
# Serialisation
# --------------------------------------------------------------------------------------------------


def _pack_vocabulary(vocabulary: list[str]) -> npt.NDArray[np.uint8]:
    # Terms never contain "\n": normalise_text collapses all whitespace to single spaces.
    return np.frombuffer("\n".join(vocabulary).encode("utf-8"), dtype=np.uint8)


def _unpack_vocabulary(blob: npt.NDArray[np.uint8]) -> list[str]:
    text = blob.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def smooth_idf(document_frequency: npt.NDArray[np.integer[Any]], n_documents: int) -> FloatArray:
    """Return scikit-learn's smoothed idf, ``ln((1 + n) / (1 + df)) + 1``, for each column."""
    df = document_frequency.astype(np.float64)
    return np.log((n_documents + 1.0) / (df + 1.0)) + 1.0


def save_model(
    path: Path,
    *,
    word_vocabulary: list[str],
    word_df: npt.NDArray[np.integer[Any]],
    word_coef: FloatArray,
    char_vocabulary: list[str],
    char_df: npt.NDArray[np.integer[Any]],
    char_coef: FloatArray,
    cue_coef: FloatArray,
    n_documents: int,
    sublinear_tf: bool,
    weights: tuple[float, float, float],
    char_max_n: int,
    intercept: float,
    threshold: float,
    metadata: dict[str, Any],
) -> None:
    """Write a model to ``path`` (a compressed ``.npz``) that :func:`load_model` reads back exactly.

    Idf is stored as integer document frequencies (they compress far better than floats) and
    recomputed at load time with the same formula scikit-learn uses. Coefficients stay float64 so that
    loaded scores equal the trainer's probabilities.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {
        "format_version": FORMAT_VERSION,
        "n_documents": int(n_documents),
        "sublinear_tf": bool(sublinear_tf),
        "weights": [float(w) for w in weights],
        "char_max_n": int(char_max_n),
        "intercept": float(intercept),
        "threshold": float(threshold),
        "cue_names": list(CUE_NAMES),
        "metadata": metadata,
    }
    with path.open("wb") as fh:
        np.savez_compressed(
            fh,
            header=np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
            word_vocabulary=_pack_vocabulary(word_vocabulary),
            word_df=np.asarray(word_df, dtype=np.int32),
            word_coef=np.asarray(word_coef, dtype=np.float64),
            char_vocabulary=_pack_vocabulary(char_vocabulary),
            char_df=np.asarray(char_df, dtype=np.int32),
            char_coef=np.asarray(char_coef, dtype=np.float64),
            cue_coef=np.asarray(cue_coef, dtype=np.float64),
        )


class ModelFileError(ValueError):
    """The model file is missing, unreadable or written by an incompatible version."""


def load_model(path: str | Path | None = None) -> CheckworthinessModel:
    """Load a model written by :func:`save_model`; ``None`` loads the model shipped with the package.

    Raises :class:`ModelFileError` if the file is not a compatible check-worthiness model.
    """
    model_path = Path(path) if path is not None else DEFAULT_MODEL_PATH
    try:
        with np.load(model_path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"cannot read check-worthiness model {model_path}: {exc}") from exc
    try:
        header = json.loads(arrays["header"].tobytes().decode("utf-8"))
    except (KeyError, ValueError) as exc:
        raise ModelFileError(f"{model_path} has no readable header") from exc
    if header.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(f"{model_path}: format {header.get('format_version')}, expected {FORMAT_VERSION}")
    if tuple(header["cue_names"]) != CUE_NAMES:
        raise ModelFileError(f"{model_path} was trained with different cue features: {header['cue_names']}")

    n_documents = int(header["n_documents"])
    sublinear_tf = bool(header["sublinear_tf"])

    def block(prefix: str) -> _TfidfBlock:
        vocabulary = _unpack_vocabulary(arrays[f"{prefix}_vocabulary"])
        df = arrays[f"{prefix}_df"]
        coef = arrays[f"{prefix}_coef"].astype(np.float64)
        if not (len(vocabulary) == len(df) == len(coef)):
            raise ModelFileError(f"{model_path}: {prefix} vocabulary, df and coef lengths differ")
        return _TfidfBlock(vocabulary, smooth_idf(df, n_documents), coef, sublinear_tf)

    word_weight, char_weight, cue_weight = (float(w) for w in header["weights"])
    return CheckworthinessModel(
        word=block("word"),
        char=block("char"),
        cue_coef=arrays["cue_coef"].astype(np.float64),
        weights=(word_weight, char_weight, cue_weight),
        char_max_n=int(header["char_max_n"]),
        intercept=float(header["intercept"]),
        threshold=float(header["threshold"]),
        metadata=dict(header["metadata"]),
    )


@functools.cache
def default_model() -> CheckworthinessModel:
    """Return the shipped model, loaded once per process and shared (it is read-only)."""
    return load_model(None)
