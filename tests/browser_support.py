"""Browser tests' plumbing: Debian's Chromium through Playwright, and a local server for a built site.

Chromium comes from Debian (``apt-get install chromium``); Playwright's own
browser download does not work here. Without it the browser tests skip,
except under CI (``CI`` set to true, 1 or yes), where they fail.
"""

from __future__ import annotations

import functools
import os
import shutil
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from conftest import local_server, running_in_ci

CHROMIUM = Path(os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
INSTALL_HINT = "install it with: sudo apt-get update && sudo apt-get install chromium"


def require_chromium() -> None:
    """Skip (fail under CI) when Chromium or Playwright is missing."""
    problem = None
    if not CHROMIUM.exists() and not shutil.which(str(CHROMIUM)):
        problem = f"Chromium not found at {CHROMIUM}; {INSTALL_HINT}"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Playwright is not installed; run: .venv/bin/pip install -e '.[test]'"
    if problem:
        if running_in_ci():
            pytest.fail(f"browser tests cannot run under CI: {problem}")
        pytest.skip(f"browser tests skipped: {problem}")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (a free port) from a thread; yields the base URL."""
    with local_server(functools.partial(QuietHandler, directory=str(directory))) as url:
        yield url + "/"


@contextmanager
def chromium():
    """A headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
