"""One writer at a time in ``content/``: the lock ingest, retag and new take.

The lock is an exclusive ``flock`` on the content folder itself, so the
kernel drops it the moment its holder exits, even by ``kill -9``: a dead run
never leaves a stale lock behind, and a read-only ``content/`` can still be
locked (its files then fail one by one, each with its reason). Who holds it
(command, process id, host, start time) is written beside it in
``.briefing.lock``, for the message a waiting run gives when it gives up.

Holding the lock, a run first removes the temporary files a killed run left
(``.<name>.<random>.tmp``, see :func:`briefing.frontmatter.write_atomic`):
no other writer can be using them.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import BriefingError

HOLDER_FILE = ".briefing.lock"
DEFAULT_WAIT_SECONDS = 60.0
POLL_SECONDS = 0.1
TEMP_PATTERN = ".*.tmp"  # write_atomic's temporary files


class LockTimeout(BriefingError):
    """Another run held ``content/`` for longer than this run would wait."""


@contextmanager
def content_lock(content_dir: str | Path, command: str, wait: float = DEFAULT_WAIT_SECONDS):
    """Hold ``content_dir`` for ``command``, waiting up to ``wait`` seconds for another run.

    Raises ``LockTimeout`` naming the holder if it is still held after
    ``wait``. On entry, removes temporary files left by a killed run.
    """
    folder = Path(content_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise BriefingError(folder, f"cannot open the content folder: {error.strerror or error}") from None
    try:
        give_up = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= give_up:
                    raise LockTimeout(folder, f"in use by {holder(folder)}; gave up after waiting {wait:g}s "
                                      "(let that run finish, or stop it, then run again)") from None
                time.sleep(POLL_SECONDS)
        note_holder(folder, command)
        remove_stale_temp_files(folder)
        yield
    finally:
        os.close(fd)  # releases the lock


def holder(folder: Path) -> str:
    """Who holds the lock, as its holder wrote it (or a plain phrase if it could not)."""
    try:
        text = (folder / HOLDER_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "another briefing run"


def note_holder(folder: Path, command: str) -> None:
    """Write who holds the lock; best effort (a read-only folder can still be locked)."""
    started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    try:
        (folder / HOLDER_FILE).write_text(
            f"'{command}' (pid {os.getpid()} on {socket.gethostname()}, since {started})\n", encoding="utf-8"
        )
    except OSError:
        pass


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Remove the temporary files a killed run left anywhere under ``folder``; returns them."""
    removed = []
    for path in folder.rglob(TEMP_PATTERN):
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass  # a read-only folder: nothing new can be written there either
    return removed
