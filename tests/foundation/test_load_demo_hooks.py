"""load_demo's hooks: every app's ``demo_loader`` runs, and a broken one stops the command."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps

from claims.management.commands.load_demo import Command


def test_every_app_with_a_demo_loader_adds_its_hook_and_the_others_are_skipped() -> None:
    assert [hook.__module__ for hook in Command()._extra_hooks()] == ["claims.demo_loader", "evidence.demo_loader"]


def test_a_demo_loader_that_fails_to_import_stops_load_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A missing dependency inside an app's demo_loader used to look like "this app has no demo loader".
    package = tmp_path / "demo_broken_app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "demo_loader.py").write_text("import a_module_that_is_not_installed\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    broken = SimpleNamespace(name="demo_broken_app", module=importlib.import_module("demo_broken_app"))
    monkeypatch.setattr(apps, "get_app_configs", lambda: [*apps.app_configs.values(), broken])

    with pytest.raises(ModuleNotFoundError, match="a_module_that_is_not_installed"):
        Command()._extra_hooks()
