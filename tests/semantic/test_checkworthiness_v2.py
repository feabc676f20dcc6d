"""Check-worthiness v2: the shipped model loads, scores a public sample well, and falls back loudly."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claims.extraction.pipeline import extract_claims
from claims.semantic import checkworthiness as cw
from claims.semantic import encoder

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "checkworthiness_sample.tsv"


def _sample() -> tuple[list[str], list[int]]:
    rows = [line.split("\t") for line in SAMPLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return [text for _label, _source, text in rows], [int(label) for label, _source, _text in rows]


@pytest.fixture(scope="module")
def v2() -> encoder.FineTunedScorer:
    return encoder.FineTunedScorer.load()


def test_the_shipped_model_matches_its_recorded_hashes(v2: encoder.FineTunedScorer) -> None:
    recorded = v2.metadata["files"]
    for name, digest in recorded.items():
        assert encoder.sha256_of(encoder.CHECKWORTHINESS_V2_DIR / name) == digest
    assert 0.0 < v2.threshold < 1.0
    assert v2.metadata["training"]["test_sentences_removed"] > 600


def test_accuracy_on_a_committed_public_sample(v2: encoder.FineTunedScorer) -> None:
    texts, labels = _sample()
    scores = v2.score(texts)
    predicted = [s >= v2.threshold for s in scores]
    accuracy = sum(p == bool(y) for p, y in zip(predicted, labels, strict=True)) / len(labels)
    assert accuracy >= 0.8, accuracy
    # Ranking: the check-worthy half scores higher on average, by a wide margin.
    positive = [s for s, y in zip(scores, labels, strict=True) if y]
    negative = [s for s, y in zip(scores, labels, strict=True) if not y]
    assert sum(positive) / len(positive) - sum(negative) / len(negative) > 0.4


def test_scores_are_probabilities_in_input_order(v2: encoder.FineTunedScorer) -> None:
    texts = ["Unemployment fell to 3.5 percent in 2019, the lowest in fifty years.", "Thank you so much."]
    forward, backward = v2.score(texts), v2.score(texts[::-1])
    assert all(0.0 <= s <= 1.0 for s in forward)
    assert forward == pytest.approx(backward[::-1], abs=1e-6)
    assert forward[0] > v2.threshold > forward[1]


def _copy_model(tmp_path: Path) -> Path:
    target = tmp_path / "v2"
    shutil.copytree(encoder.CHECKWORTHINESS_V2_DIR, target)
    return target


def test_a_tampered_model_file_falls_back_to_the_old_model_with_one_log_line(
    tampered_model: Callable[[], Path], caplog: pytest.LogCaptureFixture
) -> None:
    tampered_model()
    with caplog.at_level(logging.ERROR, logger="claims.checkworthiness"):
        model = cw.active_model()
    assert model.version == "v1" and not model.calibrated
    assert model.warning and "old model" in model.warning
    records = [r for r in caplog.records if r.name == "claims.checkworthiness"]
    assert len(records) == 1 and "does not match its recorded sha256" in records[0].getMessage()
    # Extraction keeps working on the old model.
    claims = extract_claims("The city spent $4 million on buses last year, officials said.")
    assert claims and 0.0 <= claims[0].checkworthiness <= 1.0


@pytest.mark.usefixtures("fresh_model")
def test_a_missing_model_file_falls_back_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _copy_model(tmp_path)
    (target / encoder.FINETUNED_ONNX).unlink()
    monkeypatch.setattr(encoder, "CHECKWORTHINESS_V2_DIR", target)
    model = cw.active_model()
    assert model.version == "v1" and "missing" in (model.warning or "")


def test_rules_decide_questions_greetings_and_procedural_lines() -> None:
    assert cw.rule_for("Is that really what you believe?") == "question"
    assert cw.rule_for("Thank you, Mr. President.") == "greeting"
    assert cw.rule_for("Good evening and welcome.") == "greeting"
    assert cw.rule_for("Let me turn to the economy.") == "procedural"
    assert cw.rule_for("   ") == "empty"
    assert cw.rule_for("Unemployment fell to 4 percent.") is None
    assert cw.rule_for("We thank our troops every day for 20 years of service.") is None


def test_rule_decided_sentences_never_reach_the_model() -> None:
    seen: list[str] = []

    class Spy:
        def score(self, texts: list[str]) -> list[float]:
            seen.extend(texts)
            return [0.9] * len(texts)

    scores = cw.score_sentences(["What did he say?", "Crime fell 10 percent.", "Thanks, everyone."], Spy())
    assert seen == ["Crime fell 10 percent."]
    assert scores == [cw.RULE_SCORE, 0.9, cw.RULE_SCORE]


def test_reason_is_one_readable_line() -> None:
    line = cw.reason("Crime fell 10 percent, more than in any other city.", 0.93, threshold=0.3)
    assert line.startswith("Check-worthy (0.93 vs 0.30)") and "a figure" in line and "a comparison" in line
    assert "\n" not in line
    assert cw.reason("We must do better.", 0.2, threshold=0.3, kind="opinion").startswith("Below the bar")
    assert cw.reason("Why now?", 0.02, threshold=0.3).startswith("A question")


def test_extraction_with_v2_puts_the_fact_above_the_question_and_the_thanks(fresh_model: None) -> None:
    text = (
        "Thank you all for being here tonight. Unemployment fell to 3.5 percent last year, the lowest since 1969. "
        "Who could have predicted that?"
    )
    claims = extract_claims(text)
    by_text = {c.text: c.checkworthiness for c in claims}
    fact = next(score for claim, score in by_text.items() if "Unemployment" in claim)
    others = [score for claim, score in by_text.items() if "Unemployment" not in claim]
    assert cw.active_model().version == "v2"
    assert others and all(fact > score for score in others)
    assert all(score <= cw.RULE_SCORE for score in others)


def test_the_old_model_can_be_chosen_by_setting(settings: Any, fresh_model: None) -> None:
    settings.CHECKWORTHINESS_MODEL = "v1"
    model = cw.active_model()
    assert model.version == "v1" and model.warning is None and not model.calibrated
