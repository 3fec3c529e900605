"""Which briefings' text a page shows, noted while it renders.

A briefing's text (its body, and a summary cut from it when the front matter
has none) usually shows on its own page and in the feeds that carry it, and
nowhere else; ``briefing build`` relies on that to re-render only those pages
after an edit of a body alone (:mod:`briefing.build.fastpath`). Rather than
assume it, the build records it: while :func:`recording` is open, every read
of a content's text through Pelican (``content``, ``get_content``, and
``summary`` when it is cut from the text) notes the content's source path.

A briefing's revision history (:mod:`.history`) is noted the same way, as
``HISTORY`` and its source path, and the key facts worked out from its text
(:mod:`.keyfacts`: dates mentioned, where the lede stands; :mod:`.languages`:
search terms) as ``FACTS`` and its source path: such values are
:class:`NotedInt`, :class:`NotedStr` and :class:`NotedList`, which note their own reads. So the first rebuild after a commit renders only
the pages that show a history that changed, and an edit that changes the key
facts only the pages that show them.

Memos that keep rendered markup for other pages (:mod:`.fragments`) record the
reads made while rendering it and note them again on every reuse, so a page
that shows a briefing's text through a memo is noted too.
"""

from __future__ import annotations

from contextlib import contextmanager

from pelican.contents import Content

HISTORY = "history:"
"""Marks a noted read of a content's revision history (``HISTORY + source path``) rather than of its text."""

FACTS = "facts:"
"""Marks a noted read of the key facts worked out from a content's text (``FACTS + source path``)."""
DERIVED_FROM_TEXT: set[str] = set()
"""Attributes a plugin works out from a briefing's text as it is read, each a noted value read under
``FACTS``: a text-only rebuild compares them, instead of counting them among what must stay the same."""

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


class _Noted:
    """What :class:`NotedInt` and :class:`NotedStr` share: made with the key they note, shown noted, pickled with it."""

    __slots__ = ()

    def __new__(cls, value, key: str):
        made = super().__new__(cls, value)
        made.key = key
        return made

    def __str__(self):
        note(self.key)
        return super().__str__()

    def __reduce_ex__(self, protocol):
        return type(self), (self.plain(), self.key)


class NotedInt(_Noted, int):
    """A number (or a flag, 0 or 1) that notes ``key`` whenever a page shows or tests it."""

    def plain(self) -> int:
        return int(self)

    def __format__(self, spec):
        note(self.key)
        return int.__format__(self, spec)

    def __bool__(self):
        note(self.key)
        return int(self) != 0


class NotedStr(_Noted, str):
    """A text that notes ``key`` whenever a page shows or tests it (escaped or not)."""

    def plain(self) -> str:
        return str.__str__(self)

    def __html__(self):
        note(self.key)
        from markupsafe import escape

        return escape(self.plain())

    def __len__(self):
        note(self.key)
        return str.__len__(self)


class NotedList(list):
    """A list that notes ``key`` whenever a page tests, counts, indexes or walks it."""

    def __init__(self, items=(), key: str = ""):
        super().__init__(items)
        self.key = key

    def __iter__(self):
        note(self.key)
        return super().__iter__()

    def __len__(self):
        note(self.key)
        return super().__len__()

    def __bool__(self):
        return len(self) > 0

    def __getitem__(self, index):
        note(self.key)
        return super().__getitem__(index)


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
