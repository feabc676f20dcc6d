"""Playwright against Debian's Chromium and pytest-django's live server.

Outside CI the tests skip when /usr/bin/chromium is missing; in CI (``CI=true``) they fail,
because ``.ci/run`` installs it. Playwright's own browser download is not used.
"""

from __future__ import annotations

import os
import re
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
PASSWORD = "correct horse battery staple"  # UserFactory's
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


def logged_in_page(browser: Any, live_server: Any, username: str, *, width: int = 1280, height: int = 800) -> Any:
    """A new page logged in as ``username`` that collects script errors, CSP violations and failed loads
    in ``page.problems`` (a test asserts it is empty)."""
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    # Any CSP violation or script error fails the test: the pages must work with no inline script.
    page.on(
        "console",
        lambda m: (
            problems.append(m.text) if m.type == "error" and not m.text.startswith("Failed to load resource") else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    # Failed loads are judged by URL: the browser's own favicon request is the only one allowed to 404.
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None
        ),
    )
    page.problems = problems  # type: ignore[attr-defined]
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(re.compile(r".*/queue/.*"))
    return page
