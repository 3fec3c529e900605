"""Slugs renamed since a git revision: what ``briefing check`` warns about when no alias keeps the old address.

An editor who renames a briefing's slug in a pull request may forget its
``aliases``; the old address would then give 404. One ``git diff`` for the
whole content folder (not one call per file) against the revision (``HEAD`` for
a commit hook, the base branch in CI, from where the branches meet) gives each
changed file's old ``slug:`` and ``title:`` lines; the caller works out the old
address from them (a briefing without a ``slug`` takes it from its title, so a
new title moves it too) and compares it with the one the file has now.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import BriefingError

GIT_TIMEOUT = 60


@dataclass(frozen=True)
class Before:
    """What a changed briefing's front matter said at the revision, as far as its address goes.

    ``slug`` is its ``slug:`` where that line changed (None when it did not, or there was
    none); ``title`` its title where that changed; ``slug_added`` whether a ``slug:``
    line was added where there was none, so the old address came from the title.
    """

    slug: str | None = None
    title: str | None = None
    slug_added: bool = False


def renamed_slugs(content_dir: Path, since: str = "HEAD") -> dict[Path, Before]:
    """``{file now: what it said at since}`` for each briefing whose ``slug:`` or ``title:`` line changed
    (files renamed too; files added since are left out).

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
    return _before(result.stdout, content_dir)


def _before(diff: str, content_dir: Path) -> dict[Path, Before]:
    changed: dict[Path, dict] = {}
    current, added, key = None, False, None
    for line in diff.splitlines():
        if line.startswith("diff --git "):
            current, added, key = None, False, None
        elif line.startswith("--- "):
            added = line == "--- /dev/null"  # a new file has no old address
        elif line.startswith("+++ "):
            current = None if added or line == "+++ /dev/null" else content_dir / line[4:].removeprefix("b/")
        elif current is None or line.startswith("@@"):
            key = None
        elif line.startswith("-") and key and line[1:2] in (" ", "\t"):
            changed[current][key] += "\n" + line[1:]  # a long title folded over several lines
        elif line.startswith(("-slug:", "-title:")):
            key = line[1:].split(":", 1)[0]
            changed.setdefault(current, {}).setdefault(key, line[1:])
        else:
            key = None
            if line.startswith("+slug:"):
                changed.setdefault(current, {})["added"] = True
    found = {}
    for path, lines in changed.items():
        slug, title = _value(lines.get("slug"), "slug"), _value(lines.get("title"), "title")
        found[path] = Before(slug, title, bool(lines.get("added")) and "slug" not in lines)
    return found


def _value(text: str | None, key: str):
    if text is None:
        return None
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return value[key] if isinstance(value, dict) and isinstance(value.get(key), (str, int, float)) else None
