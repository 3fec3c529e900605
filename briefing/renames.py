"""Slugs renamed since a git revision: what ``briefing check`` warns about when no alias keeps the old address.

An editor who renames a briefing's slug in a pull request may forget its
``aliases``; the old address would then give 404. One ``git diff`` for the
whole content folder (not one call per file) against the revision (``HEAD`` for
a commit hook, the base branch in CI, from where the branches meet) gives each
changed file's old ``slug:`` line; the caller compares it with the slug the
file has now.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from .errors import BriefingError

GIT_TIMEOUT = 60


def renamed_slugs(content_dir: Path, since: str = "HEAD") -> dict[Path, str]:
    """``{file now: its slug at since}`` for each briefing whose ``slug:`` line changed (files renamed too).

    Outside a git work tree, or before its first commit with the default
    ``HEAD``, there is nothing to compare with: ``{}``. An unknown revision
    named by the user is an error.
    """
    command = ["git", "-c", "core.quotePath=false", "diff", "--merge-base", since, "--no-color", "--no-ext-diff",
               "-M", "-U0", "--relative", "--", "."]
    try:
        result = subprocess.run(command, cwd=content_dir, capture_output=True, text=True, timeout=GIT_TIMEOUT,
                                check=False)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if result.returncode != 0:
        if since != "HEAD" and "not a git repository" not in result.stderr.lower():
            raise BriefingError(f"--since {since}", "git cannot compare with it: "
                                + (result.stderr.strip().splitlines() or ["no such revision"])[-1])
        return {}
    return _old_slugs(result.stdout, content_dir)


def _old_slugs(diff: str, content_dir: Path) -> dict[Path, str]:
    found: dict[Path, str] = {}
    current = None
    for line in diff.splitlines():
        if line.startswith("diff --git "):
            current = None
        elif line.startswith("+++ "):
            current = None if line == "+++ /dev/null" else content_dir / line[4:].removeprefix("b/")
        elif current is not None and current not in found and line.startswith("-slug:"):
            try:
                value = yaml.safe_load(line[1:])
            except yaml.YAMLError:
                continue
            if isinstance(value, dict) and isinstance(value.get("slug"), str):
                found[current] = value["slug"]
    return found
