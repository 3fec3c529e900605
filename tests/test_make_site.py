"""`make site` as an editor runs it: one bad seed does not stop the site from being built.

QA trial: a URL list with one `ftp://` line made `briefing ingest` exit 1 (as it should),
and make stopped there, so the good seeds it had just converted never reached output/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED

SITE_FILES = ("Makefile", "pyproject.toml", "geodata/package.json", "geodata/package-lock.json", "pelicanconf.py",
              "publishconf.py", "theme", "content/pages")


@pytest.fixture
def checkout(tmp_path):
    """A copy of the site's own files, with the user's seed and a URL list holding a bad line."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    site = tmp_path / "site"
    for name in SITE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, site / name)
        elif source.exists():  # copy2: make compares the install stamp's time with these files'
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, site / name)
    (site / "seeds").mkdir()
    shutil.copy(SEED, site / "seeds" / SEED.name)
    (site / "seeds" / "links.txt").write_text("# links\nftp://example.org/file.txt\n")
    stamp = tmp_path / "installed"  # this venv is installed already: make must not reinstall
    stamp.touch()
    return site, stamp


def test_make_site_builds_past_a_bad_seed_and_fails_at_the_end(checkout):
    site, stamp = checkout
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(["make", "--no-print-directory", "site", f"BIN={bin_dir}", f"STAMP={stamp}"], cwd=site,
                            capture_output=True, text=True, timeout=600, env={**os.environ, "MAKEFLAGS": ""})
    printed = result.stdout + result.stderr
    assert result.returncode != 0, printed
    assert "seeds/links.txt:2: not an http(s) URL: 'ftp://example.org/file.txt'" in printed
    [briefing] = (site / "content" / "briefings").glob("*.md")
    assert (site / "output" / "briefing" / briefing.stem / "index.html").exists(), printed
    assert "some seeds failed" in printed
