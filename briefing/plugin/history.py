"""Revision history from git, and an "Edit this briefing" link.

One ``git log`` over the whole content folder gives every file's commits, so
the cost does not grow with a process per briefing. Each article gets
``history`` (newest first, at most ``BRIEFING_HISTORY_LIMIT`` entries),
``last_updated`` (the newest commit's date, or a false value) and ``edit_url``.
Both note when a page reads them (:mod:`.reads`), so the first rebuild
after a commit renders only the pages that show a history that changed
(:mod:`briefing.build.fastpath`).
Content outside a git repository, or no git at all, just means no history.

Settings:

* ``BRIEFING_EDIT_URL``: e.g. ``"https://github.com/org/repo/edit/main/{path}"``;
  ``{path}`` is the file's path from the repository root. Unset: no link.
* ``BRIEFING_HISTORY_LIMIT``: revisions shown per briefing (default 5).
* ``BRIEFING_HISTORY_MESSAGES``: show each revision's commit message and hash
  (default False: dates only). Commit messages are written for the team
  ("fix Kiev→Kyiv per desk chat"), not for readers, so a public page shows
  them only when the site asks for it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pelican import signals

from ..seedpath import repository_root
from . import reads

logger = logging.getLogger(__name__)

DEFAULT_HISTORY_LIMIT = 5
# A record separator git never writes in a subject line, then hash, short hash, date, subject.
RECORD = "\x1e"
LOG_FORMAT = f"{RECORD}%H%x1f%h%x1f%aI%x1f%s"


class HistorySettingError(Exception):
    """A history setting with a value the plugin cannot use."""


@dataclass(frozen=True)
class Revision:
    """One commit that touched a briefing."""

    date: dt.datetime
    short_hash: str
    subject: str


class Revisions(reads.NotedList):
    """A briefing's revisions shown, newest first; each read noted for the text-only rebuild (:mod:`.reads`)."""

    def __init__(self, revisions=(), source_path: str = ""):
        super().__init__(revisions, reads.HISTORY + source_path)


class LastUpdated(dt.datetime):
    """A briefing's newest commit's date, each use on a page noted (:mod:`.reads`)."""

    source_path = ""

    @classmethod
    def of(cls, date: dt.datetime, source_path: str) -> "LastUpdated":
        made = cls(date.year, date.month, date.day, date.hour, date.minute, date.second, date.microsecond,
                   date.tzinfo, fold=date.fold)
        made.source_path = source_path
        return made

    def _noted(self) -> None:
        reads.note(reads.HISTORY + self.source_path)

    def isoformat(self, *args, **kwargs):
        self._noted()
        return super().isoformat(*args, **kwargs)

    def strftime(self, *args, **kwargs):
        self._noted()
        return super().strftime(*args, **kwargs)

    def __format__(self, *args):
        self._noted()
        return super().__format__(*args)

    def __str__(self):
        self._noted()
        return super().__str__()

    def __reduce_ex__(self, protocol):
        # datetime's own reduction drops the instance's attributes (the source path).
        return _last_updated, (dt.datetime(self.year, self.month, self.day, self.hour, self.minute, self.second,
                                           self.microsecond, self.tzinfo, fold=self.fold), self.source_path)


class NeverCommitted:
    """``last_updated`` of a briefing no commit touched: false, and noted when a page asks (:mod:`.reads`)."""

    def __init__(self, source_path: str):
        self.source_path = source_path

    def __bool__(self):
        reads.note(reads.HISTORY + self.source_path)
        return False

    def __str__(self):
        reads.note(reads.HISTORY + self.source_path)
        return ""

    def __eq__(self, other):
        return isinstance(other, NeverCommitted) and other.source_path == self.source_path

    def __hash__(self):
        return hash(self.source_path)


def _last_updated(date: dt.datetime, source_path: str) -> LastUpdated:
    return LastUpdated.of(date, source_path)


_handed_over: dict[Path, dict[str, list[Revision]]] = {}


def hand_over(content_dir: Path, history: dict[str, list[Revision]] | None) -> None:
    """Have the next :func:`read_history` of ``content_dir`` in this build give ``history`` instead of running git
    (``None``: forget any handed over).

    A text-only rebuild that read the history and then declined handed it to the
    whole pipeline, which ran ``git log`` again: one git call per build. Taken
    once, so a later build (``make serve`` builds in one process) reads afresh.
    """
    if history is None:
        _handed_over.pop(content_dir, None)
    else:
        _handed_over[content_dir] = history


def read_history(content_dir: Path) -> dict[str, list[Revision]]:
    """``{path relative to content_dir: [revisions, newest first]}`` from one ``git log`` call."""
    handed = _handed_over.pop(content_dir, None)
    if handed is not None:
        return handed
    try:
        completed = subprocess.run(
            ["git", "-C", str(content_dir), "-c", "core.quotePath=false", "log", "--relative", "--name-only", f"--format={LOG_FORMAT}", "--", "."],
            capture_output=True, text=True, encoding="utf-8", errors="replace", check=False,
        )
    except OSError:
        logger.info("briefing history: git is not installed; pages show no revision history")
        return {}
    if completed.returncode != 0:
        logger.info("briefing history: %s is not in a git repository; pages show no revision history", content_dir)
        return {}
    return parse_log(completed.stdout)


def parse_log(output: str) -> dict[str, list[Revision]]:
    history: dict[str, list[Revision]] = defaultdict(list)
    for record in output.split(RECORD)[1:]:
        header, _, names = record.partition("\n")
        _, short_hash, date, subject = header.split("\x1f", 3)
        revision = Revision(dt.datetime.fromisoformat(date), short_hash, subject)
        for name in names.splitlines():
            if name.strip():
                history[name.strip()].append(revision)
    return dict(history)


def validate_settings(pelican_object) -> None:
    settings = pelican_object.settings
    edit_url = settings.get("BRIEFING_EDIT_URL")
    # Checked for its scheme too: the setting comes from the environment in CI, and the link is on every page.
    if edit_url and (
        not isinstance(edit_url, str) or "{path}" not in edit_url or not edit_url.startswith(("https://", "http://"))
    ):
        raise HistorySettingError(
            f"BRIEFING_EDIT_URL is {edit_url!r}; it must contain '{{path}}' and start with https:// or http://, "
            "e.g. 'https://github.com/org/repo/edit/main/{path}', or be unset for no link"
        )
    limit = settings.get("BRIEFING_HISTORY_LIMIT", DEFAULT_HISTORY_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise HistorySettingError(f"BRIEFING_HISTORY_LIMIT is {limit!r}; it must be a whole number, 0 or more")
    messages = settings.setdefault("BRIEFING_HISTORY_MESSAGES", False)
    if not isinstance(messages, bool):
        raise HistorySettingError(f"BRIEFING_HISTORY_MESSAGES is {messages!r}; it must be True or False")


def shown_history(history: dict[str, list[Revision]], content_dir: Path, source: Path | str, limit: int):
    """``(revisions shown, date of the newest or None)`` of the file ``source`` (resolved), from :func:`read_history`."""
    if not history:
        return (), None
    revisions = history.get(relative_to(source, content_dir).replace(os.sep, "/"), [])
    return tuple(revisions[:limit]), (revisions[0].date if revisions else None)


def relative_to(path: Path | str, folder: Path | str) -> str:
    """``os.path.relpath(path, folder)`` of two absolute, normalised paths, without its work when ``path`` is below."""
    prefix = os.path.join(folder, "")
    path = str(path)
    return path[len(prefix):] if path.startswith(prefix) else os.path.relpath(path, folder)


class Resolver:
    """``Path(path).resolve()`` as a string, each folder resolved once: the briefings share a few folders,
    and resolving each path whole was most of the history's cost (a second of a 10,000-briefing build)."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        folder, name = os.path.split(os.path.abspath(path))
        if os.path.islink(path) or name in ("", ".", ".."):
            return str(Path(path).resolve())
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = str(Path(folder).resolve())
        return os.path.join(real, name)


def show_history(article, shown: tuple, newest) -> None:
    """Give ``article`` its ``history`` and ``last_updated`` (from :func:`shown_history`), each noting its reads."""
    article.history = Revisions(shown, article.source_path)
    article.last_updated = (LastUpdated.of(newest, article.source_path) if newest is not None
                            else NeverCommitted(article.source_path))


def attach_history(article_generator) -> None:
    """Give every briefing (drafts too) ``history``, ``last_updated`` and ``edit_url``."""
    settings = article_generator.settings
    content_dir = Path(settings["PATH"]).resolve()
    limit = settings.get("BRIEFING_HISTORY_LIMIT", DEFAULT_HISTORY_LIMIT)
    edit_url = settings.get("BRIEFING_EDIT_URL") or None
    history = read_history(content_dir)
    root = repository_root(content_dir) if edit_url else None
    resolve = Resolver()
    for article in article_generator.articles + article_generator.drafts + article_generator.hidden_articles:
        # Outside a repository, no path is needed: the site's own pages without history cost nothing here.
        source = resolve(article.source_path) if history or edit_url else article.source_path
        show_history(article, *shown_history(history, content_dir, source, limit))
        article.edit_url = None
        if edit_url:
            from_root = relative_to(source, root or content_dir.parent).replace(os.sep, "/")
            article.edit_url = edit_url.format(path=from_root)


def register():
    signals.initialized.connect(validate_settings)
    signals.article_generator_finalized.connect(attach_history)
