"""Helpers for the editorial-workflow tests: a content folder inside a temporary git repository."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from briefing import frontmatter

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Test Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = dict(os.environ, **GIT_ENV)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


def init_repo(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def commit(repo: Path, message: str, date: str = "2024-07-09T10:00:00+00:00") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


def ingested_meta(slug: str, title: str, tags: list[str], regions: list[str], **extra) -> dict:
    """Front matter shaped exactly as ``briefing ingest`` writes it."""
    meta = {
        "title": title, "slug": slug, "date": dt.date(2024, 7, 8), "date_source": "text",
        "summary": f"{title}: what happened.", "tags": list(tags), "regions": list(regions),
        "source": {"path": f"seeds/{slug}.txt", "sha256": "0" * 64},
        "ingest": {"tags": list(tags), "regions": list(regions)},
    }
    meta.update(extra)
    return meta


def write_ingested(content: Path, slug: str, title: str, tags, regions, body: str = "", **extra) -> Path:
    path = content / "briefings" / f"{slug}.md"
    text = frontmatter.render(ingested_meta(slug, title, tags, regions, **extra), body or f"{title}.\n\nMore text.")
    frontmatter.write_atomic(path, text)
    return path


def two_briefing_repo(root: Path) -> Path:
    """A git repository at ``root`` with two clean, committed briefings, one linking to the other."""
    repo = init_repo(root)
    content = repo / "content"
    write_ingested(content, "minsk-talks", "Minsk talks", ["Belarus", "Poland"], ["Eastern Europe"])
    write_ingested(content, "nato-summit", "NATO summit", ["NATO", "Belarus"], ["Eastern Europe"],
                   body="See [the talks](/briefing/minsk-talks/) and [Belarus](/tag/belarus/).")
    commit(repo, "Ingest two briefings")
    return repo


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of ``path`` containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def key_line(path: Path, key: str) -> int:
    """1-based line of the top-level front-matter ``key``."""
    return line_of_start(path, f"{key}:")


def line_of_start(path: Path, start: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(start):
            return number
    raise AssertionError(f"no line starts with {start!r} in {path}")
