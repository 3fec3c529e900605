"""The Pelican side of :mod:`briefing.build`: cached, parallel reading and deferred, incremental writing.

:func:`briefing.build.build_site` puts this plugin first in ``PLUGINS`` and
sets :data:`ACTIVE` for the length of one Pelican run. Loaded without an
active build (a plain ``pelican`` command that names it), it does nothing.
"""

from __future__ import annotations

from pelican import signals

from . import reading, render

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
    ready = reading.preload(article_generator, session.cache, session.jobs, session.report)

    def get_cached_data(relative, default=None):
        return ready.get(relative, default)

    # Pelican's generate_context asks get_cached_data for each file before reading it itself.
    article_generator.get_cached_data = get_cached_data


def write_pages(pelican_object) -> None:
    """``finalized`` receiver (connected first): write what changed, before other plugins look at output/."""
    session = ACTIVE
    if session is None or session.writer is None:
        return
    render.flush(session.writer, session.cache, session.jobs, session.report)


def register():
    """Connect the receivers (Pelican calls this when it loads the plugin)."""
    signals.get_writer.connect(use_deferred_writer)
    signals.article_generator_init.connect(read_briefings)
    signals.finalized.connect(write_pages)
