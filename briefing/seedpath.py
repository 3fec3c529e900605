"""How a seed file is named in the front matter that goes into git.

A briefing records where it came from in ``source.path``. That file is
committed, so it must not carry a machine's layout (``/home/anna/Downloads/…``,
``/tmp/…``): a seed inside the site (its git repository, or the folder holding
``content/`` when there is none) is recorded by its path from there
(``seeds/minsk.html``, the same whatever folder ingest ran from), any other
seed by its file name alone. Ingest finds a briefing again by that record; a
bare file name is ambiguous (every site saves an ``index.html``), so its key
adds the seed's sha256.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


def repository_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` holding ``.git`` (found without running git)."""
    for folder in [path, *path.parents]:
        if (folder / ".git").exists():
            return folder
    return None


def site_root(content_dir: str | Path) -> Path:
    """The folder seed paths are recorded from: the content folder's repository, else its parent."""
    content = Path(os.path.abspath(content_dir))
    return repository_root(content) or content.parent


def recorded_path(path: str | Path, root: Path) -> str:
    """``path`` as front matter records it: from ``root`` when inside it, else its file name alone."""
    path = Path(os.path.abspath(path))
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return path.name


def is_bare_name(recorded: str) -> bool:
    """Whether a recorded path is a file name alone (the seed lay outside the site)."""
    return "/" not in recorded


def path_key(recorded: str, sha256: str | None, root: Path | None = None) -> str:
    """The key ingest matches a seed file by: its recorded path, plus its sha256 for a bare name.

    A path that older ingests recorded as absolute (``/tmp/x/page.html``) gives
    the key a new ingest of that file would, so existing briefings keep
    matching their seeds.
    """
    if root is not None and PurePosixPath(recorded).is_absolute():
        recorded = recorded_path(recorded, root)
    if is_bare_name(recorded) and sha256:
        return f"{recorded}@{sha256}"
    return recorded
