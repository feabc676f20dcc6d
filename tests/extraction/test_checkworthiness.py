"""The check-worthiness model: the shipped file, the pure scorer, and training that it reproduces exactly.

Nothing here reads the public training data: training tests build a small synthetic data directory.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from claims.extraction import checkworthiness
from claims.extraction.checkworthiness import (
    CheckworthinessModel,
    ModelFileError,
    char_ngrams,
    default_model,
    load_model,
    normalise_text,
    word_ngrams,
)

NUMERIC_CLAIM = "Unemployment fell from 5.1% to 4.3% last year."
PLEASANTRY = "Thank you all for coming tonight."


# --------------------------------------------------------------------------------------------------
# The shipped model
# --------------------------------------------------------------------------------------------------


def test_shipped_model_loads() -> None:
    # How fast it loads (floor: 1 s) and scores (floor: 60 sentences in 50 ms) is measured by
    # bench/extraction_speed.py --model v1, not timed here.
    assert isinstance(load_model(), CheckworthinessModel)


def test_shipped_model_file_is_small() -> None:
    assert checkworthiness.DEFAULT_MODEL_PATH.stat().st_size < 3_000_000


def test_default_model_is_loaded_once_and_shared() -> None:
    assert default_model() is default_model()


def test_shipped_threshold_and_metadata_come_from_cross_validation() -> None:
    model = default_model()

    assert 0.0 < model.threshold < 1.0
    assert model.metadata["cross_validation"]["threshold"] == pytest.approx(model.threshold, abs=1e-4)
    assert "ClaimBuster" in model.metadata["trained_on"]


def test_scores_are_probabilities_one_per_text_in_order() -> None:
    texts = [NUMERIC_CLAIM, PLEASANTRY, "", "   ", "!!!", "Il a dit que le chômage a baissé."]

    scores = default_model().score(texts)

    assert len(scores) == len(texts)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores[:2] == default_model().score(texts[:2])


def test_numeric_factual_sentence_outranks_a_pleasantry() -> None:
    claim, pleasantry = default_model().score([NUMERIC_CLAIM, PLEASANTRY])

    assert claim > pleasantry
    assert claim >= default_model().threshold > pleasantry


@pytest.mark.parametrize(
    ("checkworthy", "not_checkworthy"),
    [
        ("The state spent $34 million on the new bridge in 2019.", "I am so glad to be here with you."),
        ("Crime rose by 12 percent in the city over the past decade.", "What a wonderful evening this is."),
        ("He voted against the defense budget three times.", "Good evening, and welcome to the debate."),
    ],
)
def test_factual_sentences_outrank_pleasantries(checkworthy: str, not_checkworthy: str) -> None:
    high, low = default_model().score([checkworthy, not_checkworthy])

    assert high > low


def test_curly_quotes_and_dashes_score_like_their_ascii_forms() -> None:
    news = "\u201cWe cut taxes by 20%,\u201d Mr. Smith said \u2014 twice."
    ascii_form = '"We cut taxes by 20%," Mr. Smith said - twice.'

    assert default_model().score([news]) == default_model().score([ascii_form])


def test_score_refuses_a_bare_string() -> None:
    with pytest.raises(TypeError):
        default_model().score(NUMERIC_CLAIM)  # type: ignore[arg-type]


def test_scoring_sixty_sentences_at_once_gives_each_its_own_score() -> None:
    three = [NUMERIC_CLAIM, PLEASANTRY, "The ministry said 55,000 troops would stay until 2027."]
    assert default_model().score(three * 20) == default_model().score(three) * 20


def test_loading_something_that_is_not_a_model_fails_readably(tmp_path: Path) -> None:
    bogus = tmp_path / "model.npz"
    bogus.write_bytes(b"not a model")

    with pytest.raises(ModelFileError, match="check-worthiness model"):
        load_model(bogus)


# --------------------------------------------------------------------------------------------------
# Analyzers
# --------------------------------------------------------------------------------------------------


def test_normalise_text_folds_typographic_quotes_dashes_and_spaces() -> None:
    assert normalise_text("\u2018a\u2019  \u201cb\u201d\u00a0\u2013 c\n") == "'a' \"b\" - c"


def test_word_ngrams_collapse_numbers_and_years() -> None:
    assert word_ngrams("In 2019 we hired 1,200 people.") == [
        "in",
        "<year>",
        "we",
        "hired",
        "<num>",
        "people",
        "in <year>",
        "<year> we",
        "we hired",
        "hired <num>",
        "<num> people",
    ]


def test_char_ngrams_stay_inside_padded_words_with_digits_collapsed() -> None:
    grams = char_ngrams("A 42", max_n=3)

    assert sorted(grams) == sorted([" a", "a ", " a ", " 0", "00", "0 ", " 00", "00 "])


def test_char_ngrams_skip_lengths_longer_than_the_padded_word() -> None:
    assert sorted(char_ngrams("I am", max_n=5)) == sorted([" i", "i ", " i ", " a", "am", "m ", " am", "am ", " am "])
    assert char_ngrams("", max_n=5) == []


# --------------------------------------------------------------------------------------------------
# Training reproduces exactly through the pure loader
# --------------------------------------------------------------------------------------------------

_SUBJECTS = ["Unemployment", "The deficit", "Crime", "Inflation", "Tuition", "The budget", "Exports"]
_CHANGES = ["fell by", "rose by", "grew", "dropped", "increased by", "was cut by"]
_AMOUNTS = ["5%", "12 percent", "$3 billion", "two thirds", "4,000 jobs", "one million dollars"]
_PERIODS = ["last year", "since 2010", "in 2019", "over a decade", "under this administration"]
_PLEASANTRIES = [
    "Thank you all for coming tonight.",
    "It is great to be here with you.",
    "I want to thank my wife and my family.",
    "Good evening and welcome.",
    "Let me say how glad I am to see you.",
    "We love this wonderful city.",
    "I think we can do better together.",
    "God bless you and God bless America.",
    "That is a very good question.",
    "Well, let me finish.",
]


def _synthetic_sentences() -> tuple[list[str], list[int]]:
    texts: list[str] = []
    labels: list[int] = []
    for i, (subject, change, amount, period) in enumerate(
        itertools.islice(itertools.product(_SUBJECTS, _CHANGES, _AMOUNTS, _PERIODS), 0, None, 37)
    ):
        texts.append(f"{subject} {change} {amount} {period}.")
        labels.append(1)
        texts.append(_PLEASANTRIES[i % len(_PLEASANTRIES)].replace(".", f", friend number {i % 4}."))
        labels.append(0)
    return texts, labels


@pytest.fixture(scope="module")
def synthetic_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts, labels = _synthetic_sentences()
    root = tmp_path_factory.mktemp("checkworthiness-data")
    (root / "claimbuster").mkdir()
    rows = [{"sentence_id": i, "label": y, "text": t} for i, (t, y) in enumerate(zip(texts, labels, strict=True))]
    held_out = rows[::5]
    training = [r for r in rows if r not in held_out]
    (root / "claimbuster" / "train.json").write_text(json.dumps(training), encoding="utf-8")
    (root / "claimbuster" / "test.json").write_text(json.dumps(held_out), encoding="utf-8")
    return root


def test_training_writes_a_model_the_pure_loader_reproduces_exactly(synthetic_data_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from claims.extraction.training import TrainingConfig, build_pipeline, load_claimbuster_json, train

    config = TrainingConfig(cv_folds=3, word_min_df=1, char_min_df=1)
    out = tmp_path / "model.npz"
    metrics = train(synthetic_data_dir, out, config)

    model = load_model(out)
    training = load_claimbuster_json(synthetic_data_dir / "claimbuster" / "train.json")
    held_out = load_claimbuster_json(synthetic_data_dir / "claimbuster" / "test.json")
    # The same config fitted by scikit-learn on raw strings, independently of the exported file.
    sklearn_pipeline = build_pipeline(config).fit(training.texts, training.labels)
    unseen = [*held_out.texts, NUMERIC_CLAIM, PLEASANTRY, "\u201cJobs rose 3%,\u201d she said."]

    expected = sklearn_pipeline.predict_proba(unseen)[:, 1]
    np.testing.assert_allclose(model.score(unseen), expected, rtol=0, atol=1e-6)
    assert metrics["pure_vs_sklearn_max_abs_diff"] < 1e-6
    assert metrics["claimbuster_test"]["f1"] > 0.9


def test_other_configurations_are_reproduced_exactly_too(synthetic_data_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from claims.extraction.training import TrainingConfig, build_pipeline, load_claimbuster_json, train

    config = TrainingConfig(
        cv_folds=3,
        word_min_df=1,
        char_min_df=1,
        nb_scaling=True,
        cue_weight=0.5,
        char_max_n=4,
        sublinear_tf=False,
    )
    out = tmp_path / "model.npz"
    train(synthetic_data_dir, out, config)

    training = load_claimbuster_json(synthetic_data_dir / "claimbuster" / "train.json")
    held_out = load_claimbuster_json(synthetic_data_dir / "claimbuster" / "test.json")
    expected = build_pipeline(config).fit(training.texts, training.labels).predict_proba(held_out.texts)[:, 1]
    np.testing.assert_allclose(load_model(out).score(held_out.texts), expected, rtol=0, atol=1e-6)


def test_stored_threshold_is_the_f1_best_of_out_of_fold_predictions(synthetic_data_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from claims.extraction.training import (
        TrainingConfig,
        _analyse,
        choose_threshold,
        cross_validated_scores,
        load_claimbuster_json,
        train,
    )

    config = TrainingConfig(cv_folds=3, word_min_df=1, char_min_df=1)
    out = tmp_path / "model.npz"
    metrics = train(synthetic_data_dir, out, config)

    training = load_claimbuster_json(synthetic_data_dir / "claimbuster" / "train.json")
    oof = cross_validated_scores(config, _analyse(training.texts), training.labels, None)
    threshold, _f1 = choose_threshold(training.labels, oof)
    assert load_model(out).threshold == threshold
    assert metrics["cross_validation"]["threshold"] == round(threshold, 4)


def test_choose_threshold_maximises_f1_and_prefers_the_higher_of_ties() -> None:
    pytest.importorskip("sklearn")
    from claims.extraction.training import choose_threshold

    labels = [0, 0, 1, 0, 1, 1]
    scores = [0.1, 0.2, 0.3, 0.4, 0.8, 0.9]

    threshold, f1 = choose_threshold(labels, scores)

    # >= 0.8 gives P 1, R 2/3 (F1 0.8); >= 0.3 gives P 3/4, R 1 (F1 0.857): the latter wins.
    assert threshold == 0.3
    assert f1 == pytest.approx(6 / 7)
