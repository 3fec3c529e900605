"""Shared fixtures: the project's paths, and a real Pelican build of a content folder."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_3f17409f55e5a4b4.txt"


def running_in_ci() -> bool:
    """Whether ``CI`` says so (``true``, ``1`` or ``yes``): then a missing browser or checker fails, not skips."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def build_site(content: Path, output: Path, config: str = "pelicanconf.py", **overrides) -> Path:
    """Build ``content`` into ``output`` with the project's real settings and theme."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        str(ROOT / config),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_CONTENT": False, **overrides},
    )
    Pelican(settings).run()
    return output


def briefing_command(*args: str) -> list[str]:
    """The command line running ``briefing *args`` with this interpreter, in a process of its own."""
    return [sys.executable, "-c", "from briefing.cli import main; main()", *args]


def run_briefing_bound_by_permissions(*args: str) -> subprocess.CompletedProcess:
    """``briefing *args`` in a subprocess that file permissions stop, even when run as root.

    CI runs as root, which chmod does not stop; as root the subprocess drops
    the two capabilities that override file permissions (setpriv, from
    util-linux, which every Debian system has).
    """
    command = briefing_command(*args)
    if os.geteuid() == 0:
        drop = "-dac_override,-dac_read_search"
        command = ["setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.fixture(autouse=True, scope="session")
def fetch_settings(tmp_path_factory):
    """Fetching in tests: no pause between requests to the local test server, short retry
    waits, and a cache of host turns and feed validators of the tests' own.
    Tests of those mechanisms set their own values."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_FETCH_DELAY", "0")
        patch.setenv("BRIEFING_FETCH_BACKOFF", "0.01")
        patch.setenv("BRIEFING_CACHE_DIR", str(tmp_path_factory.mktemp("briefing-cache")))
        yield


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A seeds folder holding a copy of the user's sample article."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    return seeds


class QuietServer(http.server.ThreadingHTTPServer):
    """A test server that stays quiet when clients hang up on purpose (size caps, timeouts)."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


@contextmanager
def local_server(handler):
    """Serve ``handler`` on 127.0.0.1 (a free port) from a thread; yields the base URL, no slash."""
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
