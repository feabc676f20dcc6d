"""The sentence encoder: the published weights, checked at load; normalised vectors that mean something."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claims.semantic import encoder


@pytest.fixture(scope="module")
def base() -> encoder.Encoder:
    return encoder.Encoder.base()


def test_encode_gives_unit_float32_vectors_in_order(base: encoder.Encoder) -> None:
    texts = ["Unemployment fell to 4 percent.", "The jobless rate dropped to four percent.", "I love pizza."]
    vectors = base.encode(texts)
    assert vectors.shape == (3, encoder.DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similar, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert similar > 0.6 > unrelated
    # Batching and order do not change a sentence's vector.
    again = base.encode([texts[2], texts[0]], batch_size=1)
    assert np.allclose(again, vectors[[2, 0]], atol=1e-5)


def test_encode_matches_the_published_model_on_a_known_sentence(base: encoder.Encoder) -> None:
    # First components of all-MiniLM-L6-v2's normalised embedding of "This is a test." (computed with
    # the published weights in plain torch when the graph was exported).
    vector = base.encode(["This is a test."])[0]
    assert np.allclose(vector[:4], [0.0335908, 0.0105124, -0.0174998, 0.0293518], atol=1e-4)


def test_empty_input_and_a_bare_string(base: encoder.Encoder) -> None:
    assert base.encode([]).shape == (0, encoder.DIMENSIONS)
    with pytest.raises(TypeError):
        base.encode("one string")  # type: ignore[arg-type]


def test_weights_with_another_hash_are_refused_in_one_sentence(tmp_path: Path) -> None:
    (tmp_path / encoder.WEIGHTS_FILE).write_bytes(b"not the published weights")
    with pytest.raises(encoder.EncoderUnavailable) as caught:
        encoder.verify_weights(tmp_path)
    message = str(caught.value)
    assert "sha256" in message and encoder.BASE_WEIGHTS_SHA256 in message and message.count(". ") == 0


def test_missing_weights_are_named(tmp_path: Path) -> None:
    with pytest.raises(encoder.EncoderUnavailable, match="missing"):
        encoder.verify_weights(tmp_path)


def test_the_process_shares_one_base_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    built = []
    lazy = encoder._Lazy(lambda: built.append(1) or object())
    monkeypatch.setattr(encoder, "_BASE", lazy)
    assert encoder.base_encoder() is encoder.base_encoder()
    assert built == [1]
