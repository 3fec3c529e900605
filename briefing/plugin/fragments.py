"""Fragments many pages repeat, rendered once per build: a briefing's card.

A briefing's card (``briefing_card`` in the theme's ``_macros.html``) appears
on the home page and on every tag, region and month page that lists it, the
same markup each time for pages at the same depth (its links start with that
page's relative ``SITEURL``). Rendering a card is half the cost of a list page,
so the theme asks :func:`rendered_once` for it: the first page at a depth
renders it, the others reuse the markup.

The memo is keyed by everything the card macro reads that is not the briefing
(``SITEURL`` and the macro's own arguments) plus the briefing's source path,
and emptied when a build starts and ends: within one build briefings do not
change once the pages are being written.
"""

from __future__ import annotations

from pelican import signals

from . import reads

MEMO_LIMIT = 20_000
"""Fragments kept at most (about 1.3 KB each); past it the memo starts again, so memory stays bounded."""

_memo: dict[tuple, tuple[str, frozenset]] = {}


def rendered_once(macro, content, *arguments):
    """``macro(content, *arguments)``, rendered once per build for each content and arguments.

    ``arguments`` must name everything the macro reads besides ``content``
    (``SITEURL`` first); the template passes them explicitly so the key is complete.
    """
    key = (macro.name, getattr(content, "source_path", None) or id(content), *arguments)
    known = _memo.get(key)
    if known is None:
        if len(_memo) >= MEMO_LIMIT:
            _memo.clear()
        # The briefings' text it shows, noted again on every reuse (see .reads).
        with reads.recording() as texts:
            fragment = macro(content, *arguments[1:])
        known = _memo[key] = (fragment, frozenset(texts))
    reads.note_all(known[1])
    return known[0]


def forget(*_args, **_kwargs) -> None:
    """Empty the memo (a build starts or ends: briefings may have changed)."""
    _memo.clear()


def add_global(pelican_object) -> None:
    """``initialized`` receiver: give templates :func:`rendered_once`, in a copy of ``JINJA_GLOBALS``."""
    forget()
    settings = pelican_object.settings
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "rendered_once": rendered_once}


def register():
    """Connect the receivers (Pelican calls this when it loads the plugin)."""
    signals.initialized.connect(add_global)
    signals.finalized.connect(forget)
