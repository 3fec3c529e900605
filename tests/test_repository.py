"""The repository holds everything the product runs: no shipped file is left out of git.

A module that exists in one developer's worktree but is git-ignored or never added
passes every test there and breaks every clean clone (the QA trial found `briefing
build` failing on main with "No module named 'briefing.build'": `.gitignore`'s
`build/` also matched the package folder `briefing/build/`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What the installed tool and the built site are made of; tests and tools may keep scratch files.
SHIPPED = ("briefing", "theme")
SOURCE_SUFFIXES = {".py", ".yaml", ".yml", ".json", ".html", ".js", ".css", ".svg", ".png", ".txt", ".tsv", ".csv"}


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def _not_in_git() -> list[str]:
    """Files under the shipped folders that git does not track, ignored or not."""
    listed = _git("ls-files", "--others", "-z", "--", *SHIPPED)
    return sorted(
        name for name in listed.split("\0")
        if name and Path(name).suffix in SOURCE_SUFFIXES and "__pycache__" not in Path(name).parts
    )


@pytest.fixture(scope="module")
def in_git_checkout():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")


def test_every_shipped_file_is_tracked(in_git_checkout):
    missing = _not_in_git()
    assert not missing, (
        "these files are used by the tool or the site but are not in git, so a clean clone lacks them "
        "(git add them, or fix the .gitignore pattern that hides them): " + ", ".join(missing)
    )


def test_gitignore_hides_no_package_folder(in_git_checkout):
    """An ignore rule meant for a top-level folder (build/, cache/) must not hide a package of the same name."""
    probes = [f"{folder}/{name}/__init__.py" for folder in SHIPPED for name in ("build", "cache", "output", "dist")]
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *probes], cwd=ROOT, capture_output=True, text=True)
    assert ignored.stdout.split() == [], "ignored inside the package: " + ignored.stdout
