"""The Pelican side of :mod:`briefing.build`: cached, parallel reading and deferred, incremental writing.

:func:`briefing.build.build_site` puts this plugin first in ``PLUGINS`` and
sets :data:`ACTIVE` for the length of one Pelican run. Loaded without an
active build (a plain ``pelican`` command that names it), it does nothing.
"""

from __future__ import annotations

import gc

from pelican import signals

from . import reading, release_freed_memory, render
from .fingerprint import ReadState

ACTIVE = None
"""The :class:`briefing.build.BuildSession` of the run in progress, or None."""


def use_deferred_writer(pelican_object):
    """``get_writer`` receiver: pages are recorded, then written by :func:`write_pages`."""
    session = ACTIVE
    if session is None:
        return None

    class SessionWriter(render.DeferredWriter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            session.writer = self

    return SessionWriter


def read_briefings(article_generator) -> None:
    """``article_generator_init`` receiver: have every briefing ready before Pelican's loop asks for it."""
    session = ACTIVE
    if session is None:
        return
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1000)
    try:
        ready = reading.preload(article_generator, session.cache, session.jobs, session.report)
    finally:
        gc.set_threshold(*thresholds)
    # A plugin reading a briefing's summary as it is read (key facts) has Pelican render and memoise its
    # text while the site's other contents are not known yet: a {filename} link in it then stayed
    # unresolved in the feeds of a clean build, and resolved in a rebuild that took it from the cache.
    render.forget_rendered_contents()
    # The cache's pickles were just written out and let go: hand their memory back before anything forks.
    release_freed_memory()
    # The briefings live until the build ends: out of the collector's sight, its full passes stop
    # walking 10,000 object graphs again and again (a fifth of a rebuild's CPU), and forked workers
    # stop copying the pages the collector would touch.
    gc.freeze()
    # What each briefing was as read, before Pelican and the plugins link it to others: its stamp stands for that.
    stamps = session.cache.briefings
    # In path order, however the reading was shared out: fingerprints are made in this order, and an
    # object reached through a cycle (a region's map naming its tags) is hashed from where the walk
    # entered it, so another order gave other fingerprints and the first rebuild after a full build
    # rendered half the site again for nothing.
    session.read_states = {
        ready[relative].source_path: ReadState(ready[relative], stamps[relative][0])
        for relative in sorted(ready) if relative in stamps
    }

    def get_cached_data(relative, default=None):
        return ready.get(relative, default)

    # Pelican's generate_context asks get_cached_data for each file before reading it itself.
    article_generator.get_cached_data = get_cached_data


def write_pages(pelican_object) -> None:
    """``finalized`` receiver (connected first): write what changed, before other plugins look at output/."""
    session = ACTIVE
    if session is None or session.writer is None:
        return
    render.flush(session.writer, session.cache, session.jobs, session.report, session.read_states)
    start_search(session)


def start_search(session) -> None:
    """Start indexing the written pages for search, so Pagefind works while the build finishes on the main thread."""
    if session.search and session.search_update is None:
        from pathlib import Path

        from .search import SearchIndexUpdate

        session.search_update = SearchIndexUpdate(Path(session.writer.output_path), session.cache.indexed,
                                                  session.cache.folder, session.clean)


def register():
    """Connect the receivers (Pelican calls this when it loads the plugin)."""
    signals.get_writer.connect(use_deferred_writer)
    signals.article_generator_init.connect(read_briefings)
    signals.finalized.connect(write_pages)
