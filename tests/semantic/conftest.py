"""Fixtures for the check-worthiness tests."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from claims.semantic import checkworthiness as cw
from claims.semantic import encoder


@pytest.fixture
def fresh_model() -> Iterator[None]:
    """Load the check-worthiness model anew for this test, and forget it afterwards."""
    cw.reset_active_model()
    yield
    cw.reset_active_model()


@pytest.fixture
def tampered_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_model: None) -> Callable[[], Path]:
    """``tampered_model()``: point v2 at a copy of the shipped model whose head no longer matches its hash."""

    def make() -> Path:
        target = tmp_path / "v2"
        shutil.copytree(encoder.CHECKWORTHINESS_V2_DIR, target)
        head = json.loads((target / encoder.HEAD_FILE).read_text())
        head["bias"] += 1.0
        (target / encoder.HEAD_FILE).write_text(json.dumps(head))
        monkeypatch.setattr(encoder, "CHECKWORTHINESS_V2_DIR", target)
        return target

    return make
