"""Playwright against Debian's Chromium and pytest-django's live server.

Outside CI the tests skip when /usr/bin/chromium is missing; in CI (``CI=true``) they fail,
because ``.ci/run`` installs it. Playwright's own browser download is not used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_service

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Set UI_SCREENSHOTS=docs/screenshots to (re)write the README's screenshots while the tests run.
SCREENSHOT_DIR = os.environ.get("UI_SCREENSHOTS", "")


@pytest.fixture(autouse=True)
def _plain_static_files(settings: Any) -> None:
    # DEBUG is off in tests; the live server serves static files from the source tree, so use
    # plain (unhashed) static URLs instead of a manifest that only `collectstatic` writes.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@contextmanager
def orm_beside_an_event_loop() -> Iterator[None]:
    """Let the ORM run in a thread with a running event loop, and put the setting back afterwards.

    Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from such a
    thread unless told this is deliberate (the tests use the ORM directly). Only the browser tests
    get that waiver: the tests that run after them see the environment as it was.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require_service(CHROMIUM.exists(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with orm_beside_an_event_loop(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def screenshot(page: Any, name: str, *, full_page: bool = False) -> None:
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=full_page)
