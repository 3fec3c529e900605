"""The persistent build cache: one folder (``.cache/build/`` by default), trusted only under the same site key.

It holds:

* ``briefings.pickle``: each briefing as read (Markdown rendered, sanitised),
  keyed by its path and the sha256 of its bytes (hashed again only when the
  file's size, mtime or inode changed);
* ``pages.json``: every output file the last build wrote, with the fingerprint
  of the inputs it was rendered from (see :mod:`briefing.build.fingerprint`),
  and which of them the search indexes;
* ``map-paths.pickle``: the map paths the last build drew (see
  :class:`briefing.geometry.PathMemo`), so locators are not projected again;
* ``search/``: the search index's shards and ``state.json``, what they were
  last built from (see :mod:`briefing.build.search`).

All are valid only for one *site key*: a hash of the settings, the theme, the
``briefing`` package's code and data (plugin, taxonomy), the Python version and
every installed package's version. A different key, a file from another format,
or one that cannot be read throws the whole cache away with a one-line notice;
the build is then a full one. Files are written to a temporary file and renamed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import logging
import os
import pickle
import re
import shutil
import sys
from pathlib import Path

from ..files import replacing, write_atomically

logger = logging.getLogger(__name__)

FORMAT = 6
"""Bump when what the cache holds changes shape."""
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
KEY_FILE = "key.json"
BRIEFINGS_FILE = "briefings.pickle"
STAGED_BRIEFINGS_FILE = "briefings.pickle.next"
PAGES_FILE = "pages.json"
PATHS_FILE = "map-paths.pickle"
MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


class CacheNotice(Exception):
    """Why a cache was not trusted (shown as one line, then the build goes on without it)."""


def stable_repr(value) -> str:
    """A text form of a settings value that is the same in every process (no memory addresses)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{stable_repr(k)}: {stable_repr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(stable_repr(item) for item in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(stable_repr(item) for item in value)) + "}"
    if value is None or isinstance(value, (str, int, float, bool, dt.date, dt.datetime)):
        return repr(value)
    if hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    if hasattr(value, "__name__"):  # modules
        return str(value.__name__)
    if hasattr(value, "pattern"):  # compiled regular expressions
        return f"re:{value.pattern!r}:{getattr(value, 'flags', 0)}"
    return MEMORY_ADDRESS.sub("", repr(value))


def hash_tree(root: Path, sha, suffixes: tuple[str, ...] | None = None) -> None:
    """Add every file under ``root`` (relative path and bytes) to ``sha``, in a stable order."""
    if not root.exists():
        sha.update(f"missing:{root}".encode())
        return
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for path in files:
        if "__pycache__" in path.parts or (suffixes and path.suffix not in suffixes):
            continue
        sha.update(str(path.relative_to(root.parent)).encode())
        sha.update(hashlib.sha256(path.read_bytes()).digest())


def site_key(settings: dict) -> str:
    """The hash every cached result depends on (see the module docstring)."""
    sha = hashlib.sha256(f"format {FORMAT}; python {sys.version}".encode())
    sha.update(stable_repr({k: v for k, v in sorted(settings.items()) if k.isupper()}).encode())
    hash_tree(Path(settings["THEME"]), sha)
    hash_tree(PACKAGE_ROOT, sha, (".py", ".yaml", ".yml", ".json", ".tsv", ".txt", ".csv", ".gz"))
    taxonomy = settings.get("TAXONOMY_PATH")
    if taxonomy:
        hash_tree(Path(taxonomy), sha)
    # A set: run from the checkout, the editable install's egg-info is found twice (on sys.path and in
    # site-packages), and the key must not depend on the folder a build is started from.
    versions = sorted({
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions() if dist.metadata
    })
    sha.update("\n".join(versions).encode())
    return sha.hexdigest()


class BuildCache:
    """The cache folder for one site key; :meth:`open` discards anything it cannot trust."""

    def __init__(self, folder: Path, key: str):
        self.folder = folder
        self.key = key
        self.briefings: dict[str, tuple[str, bytes, tuple, str]] = {}
        """``{source path: (sha256 of the file, pickled briefing, (size, mtime, inode) when it was hashed,
        its public digest (see :func:`briefing.build.reading.pickled`))}``."""
        self.pages: dict[str, str] = {}
        """``{output file: fingerprint of its inputs}`` from the last build."""
        self.indexed: dict[str, str] = {}
        """``{output file: sha1 of its bytes}`` for the pages the search indexes (see :mod:`briefing.build.search`)."""
        self.reads: dict[str, list[str]] = {}
        """``{output file: source paths of the contents whose text it shows}`` (see :mod:`briefing.plugin.reads`)."""
        self.snapshot = None
        """The :class:`briefing.build.snapshot.Snapshot` of the last build that ran the whole pipeline, or None."""
        self.paths: dict = {}
        """Map path data by placement and shape (see :class:`briefing.geometry.PathMemo`)."""
        self.notice: str | None = None
        self._saved_briefings: dict | None = None  # what briefings.pickle holds, when it was read this build
        self._saved_manifest: dict | None = None  # what pages.json holds, when it was read this build
        self._saved_paths: dict | None = None
        self._staged = False  # briefings.pickle.next holds this build's briefings (see keep_briefings)

    @classmethod
    def open(cls, folder: Path, key: str, *, full: bool = False) -> "BuildCache":
        """The cache in ``folder`` if it was made under ``key``; otherwise an empty one (``notice`` says why)."""
        cache = cls(folder, key)
        if full:
            cache.clear()
            return cache
        try:
            cache._load()
        except CacheNotice as notice:
            cache.notice = str(notice)
            cache.clear()
        return cache

    def _load(self) -> None:
        key_file = self.folder / KEY_FILE
        if not key_file.exists():
            if self.folder.exists() and any(self.folder.iterdir()):
                raise CacheNotice(f"build cache {self.folder} has no key file; starting a full build")
            return
        try:
            recorded = json.loads(key_file.read_text(encoding="utf-8"))
            if recorded.get("format") != FORMAT:
                raise CacheNotice(f"build cache {self.folder} is from another version; starting a full build")
            if recorded.get("key") != self.key:
                raise CacheNotice(
                    "settings, theme, plugin code, taxonomy or packages changed since the last build; starting a full build"
                )
            manifest = json.loads((self.folder / PAGES_FILE).read_text(encoding="utf-8"))
            self.pages, self.indexed, self.reads = manifest["pages"], manifest["indexed"], manifest["reads"]
            self._saved_manifest = {"pages": dict(self.pages), "indexed": dict(self.indexed), "reads": dict(self.reads)}
            with open(self.folder / BRIEFINGS_FILE, "rb") as handle:
                self.briefings = pickle.load(handle)
            self._saved_briefings = self.briefings
            if (self.folder / PATHS_FILE).exists():
                with open(self.folder / PATHS_FILE, "rb") as handle:
                    self.paths = self._saved_paths = pickle.load(handle)
            if not all(isinstance(part, dict) for part in (self.pages, self.indexed, self.reads, self.briefings, self.paths)):
                raise ValueError("unexpected contents")
        except CacheNotice:
            raise
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, KeyError) as error:
            raise CacheNotice(f"build cache {self.folder} is unreadable ({type(error).__name__}); starting a full build") from error

    def keep_briefings(self, entries: dict) -> None:
        """Take this build's briefing entries: write them now, and keep only their stamps in memory.

        The pickles are written beside the cache file (``briefings.pickle.next``,
        put in place by :meth:`save`), so the cache on disk is unchanged until the
        build ends. Without this, every briefing's pickle stayed in memory through
        rendering, and was counted in both forked processes' pages (5 KB a briefing,
        a quarter-gigabyte at 50,000).
        """
        if entries != self._saved_briefings or not (self.folder / BRIEFINGS_FILE).exists():
            with replacing(self.folder / STAGED_BRIEFINGS_FILE) as stream:
                pickle.dump(entries, stream, protocol=pickle.HIGHEST_PROTOCOL)
            self._staged = True
        self.briefings = self._saved_briefings = {
            relative: (entry[0], None, *entry[2:]) for relative, entry in entries.items()  # stamp, state, public digest
        }

    def clear(self) -> None:
        """Forget everything, on disk too."""
        self.briefings, self.pages, self.indexed, self.reads, self.paths = {}, {}, {}, {}, {}
        self.snapshot = None
        shutil.rmtree(self.folder, ignore_errors=True)

    def forget(self) -> None:
        """Make the cache on disk untrusted (its key file gone) until :meth:`save` writes it again."""
        (self.folder / KEY_FILE).unlink(missing_ok=True)

    def save(self) -> None:
        """Write the cache; the key file last, so a build cut short leaves a cache that is not trusted."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / KEY_FILE).unlink(missing_ok=True)
        if self._staged:
            os.replace(self.folder / STAGED_BRIEFINGS_FILE, self.folder / BRIEFINGS_FILE)
            self._staged = False
        # Tens of megabytes at 10,000 briefings: written again only when an entry changed.
        if self.briefings != self._saved_briefings or not (self.folder / BRIEFINGS_FILE).exists():
            with replacing(self.folder / BRIEFINGS_FILE) as stream:
                pickle.dump(self.briefings, stream, protocol=pickle.HIGHEST_PROTOCOL)
            self._saved_briefings = self.briefings
        if self.paths != self._saved_paths or not (self.folder / PATHS_FILE).exists():
            write_atomically(self.folder / PATHS_FILE, pickle.dumps(self.paths, protocol=pickle.HIGHEST_PROTOCOL))
            self._saved_paths = self.paths
        manifest = {"pages": self.pages, "indexed": self.indexed, "reads": self.reads}
        if manifest != self._saved_manifest or not (self.folder / PAGES_FILE).exists():
            write_atomically(self.folder / PAGES_FILE, json.dumps(manifest, sort_keys=True).encode())
            self._saved_manifest = manifest
        write_atomically(self.folder / KEY_FILE, json.dumps({"format": FORMAT, "key": self.key}).encode())
