"""Which briefings' text a page shows, noted while it renders.

A briefing's text (its body, and a summary cut from it when the front matter
has none) usually shows on its own page and in the feeds that carry it, and
nowhere else; ``briefing build`` relies on that to re-render only those pages
after an edit of a body alone (:mod:`briefing.build.fastpath`). Rather than
assume it, the build records it: while :func:`recording` is open, every read
of a content's text through Pelican (``content``, ``get_content``, and
``summary`` when it is cut from the text) notes the content's source path.

A briefing's revision history (:mod:`.history`) is noted the same way, as
``HISTORY`` and its source path: its values note their own reads, so the
first rebuild after a commit renders only the pages that show a history that changed.

Memos that keep rendered markup for other pages (:mod:`.fragments`) record the
reads made while rendering it and note them again on every reuse, so a page
that shows a briefing's text through a memo is noted too.
"""

from __future__ import annotations

from contextlib import contextmanager

from pelican.contents import Content

HISTORY = "history:"
"""Marks a noted read of a content's revision history (``HISTORY + source path``) rather than of its text."""

_open: list[set] = []
_originals: dict = {}


def note(path: str) -> None:
    """Record that the text of the content at ``path`` was read (by every recording open)."""
    for reads in _open:
        reads.add(path)


def note_all(paths) -> None:
    """Record reads noted earlier, by a memo handing out markup made from them."""
    if paths:
        for reads in _open:
            reads.update(paths)


@contextmanager
def recording():
    """Collect the source paths whose text is read inside the block (nested recordings see them too)."""
    reads: set = set()
    _open.append(reads)
    try:
        yield reads
    finally:
        # By identity: two recordings with the same paths are equal sets.
        del _open[next(index for index, open_reads in enumerate(_open) if open_reads is reads)]


def _get_content(self, siteurl):
    if _open:
        note(self.source_path)
    return _originals["get_content"](self, siteurl)


def _get_summary(self, siteurl):
    if _open and "summary" not in self.metadata:
        note(self.source_path)  # cut from the text
    return _originals["get_summary"](self, siteurl)


def install() -> None:
    """Have Pelican's text accessors note their reads (idempotent); the memos Pelican keeps stay reachable."""
    if _originals:
        return
    for name, wrapper in (("get_content", _get_content), ("get_summary", _get_summary)):
        original = Content.__dict__[name]
        _originals[name] = original
        wrapper.cache = getattr(original, "cache", None)  # Pelican's memo, emptied after rendering
        setattr(Content, name, wrapper)


def uninstall() -> None:
    """Put Pelican's own accessors back."""
    for name, original in _originals.items():
        setattr(Content, name, original)
    _originals.clear()
