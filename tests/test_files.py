"""Writing through a temporary file keeps the permissions a plain write would give."""

from __future__ import annotations

import os
import stat

import pytest

from briefing.files import write_atomically
from briefing.frontmatter import write_atomic


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_mode_open_would_give(tmp_path, umask_022):
    write_atomically(tmp_path / "maps" / "locator.svg", "<svg/>")
    write_atomic(tmp_path / "briefing.md", "---\ntitle: x\n---\n")
    assert mode(tmp_path / "maps" / "locator.svg") == 0o644
    assert mode(tmp_path / "briefing.md") == 0o644
    assert (tmp_path / "maps" / "locator.svg").read_text() == "<svg/>"


def test_a_rewritten_file_keeps_the_editors_mode(tmp_path, umask_022):
    path = tmp_path / "briefing.md"
    path.write_text("old\n")
    path.chmod(0o640)
    write_atomic(path, "new\n")
    write_atomically(path, b"newer\n")
    assert mode(path) == 0o640
    assert path.read_bytes() == b"newer\n"
    assert [p.name for p in tmp_path.iterdir()] == ["briefing.md"]  # no temporary file left
