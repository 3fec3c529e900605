"""Writing a file whole or not at all: a temporary file beside it, then a rename.

One helper for every writer (briefings, map files, stylesheets, caches), so that
each gets the same two guarantees: a crash leaves the old file or the new one,
never half of one, and the new file has the permissions a plain ``open`` would
give it. ``tempfile.mkstemp`` creates files readable by their owner only; renamed
into ``output/`` as they were, a web server running as another user could not
serve them (the shared world locator was written 0600).
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

# The process's umask, read once: os.umask can only be read by setting it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def temporary_beside(path: Path) -> tuple[int, str]:
    """``(descriptor, name)`` of a new temporary file in ``path``'s folder, with the mode ``path`` will need.

    That is ``path``'s own mode when it exists (an editor's choice is kept), else
    what ``open`` would create under the umask (0644 under the usual 022).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_UMASK
    os.fchmod(handle, mode)
    return handle, temporary


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` through a temporary file beside it, then rename it into place."""
    with replacing(path) as stream:
        stream.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextmanager
def replacing(path: Path) -> Iterator[BinaryIO]:
    """A binary stream to a temporary file beside ``path``, renamed into place when the block ends without error.

    For a writer that streams (``pickle.dump``) rather than build the whole file
    as one ``bytes`` first, which at 50,000 briefings was a second copy of a
    quarter-gigabyte cache in memory.
    """
    path = Path(path)
    handle, temporary = temporary_beside(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
