"""Reading briefings for a build: from the cache when the file's bytes are unchanged, else on both cores.

Pelican's ``ArticlesGenerator`` reads every file itself, one after another.
When :mod:`briefing.build` drives the build, this module reads first, as soon
as the generator exists (``article_generator_init``): a file whose sha256
matches the cache is unpickled; the others are read with the generator's own
readers in forked worker processes (one per core), this process unpickling
what they send. Pelican's loop then finds
every briefing ready through ``get_cached_data``, so it still decides what is
published, a draft or hidden, and still reads (and reports) any file that failed.

A briefing is pickled right after it is read, before any plugin links it to
others, with the site's settings and context replaced by references so each
pickle holds only the briefing. Log lines a reader wrote for a briefing (a slug
made plain, an ignored field) are replayed in the build that read it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from pelican.contents import Article, Content
from pelican.plugins import signals
from pelican.readers import SkipStub

logger = logging.getLogger(__name__)

PARALLEL_MINIMUM = 64
"""Fewer items than this (files to read, pages to render) are handled in this process: a fork costs more than it saves."""
MOST_PROCESSES = 8
READ_CHUNKS = 16
"""Files are sent to each reading worker in about this many chunks, so results arrive (and are unpickled) as they go."""


def worker_count(jobs: int, items: int) -> int:
    """Forked workers to add to this process for ``items`` pieces of work with ``jobs`` processes asked for."""
    return max(0, min(jobs, MOST_PROCESSES) - 1) if items >= PARALLEL_MINIMUM else 0

_generator = None  # the ArticlesGenerator the forked workers read with (set before forking)


class _Pickler(pickle.Pickler):
    def __init__(self, handle, generator):
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared = {id(generator.settings): "settings", id(generator.context): "context"}

    def persistent_id(self, obj):
        return self.shared.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, handle, generator):
        super().__init__(handle)
        self.shared = {"settings": generator.settings, "context": generator.context}

    def persistent_load(self, pid):
        return self.shared[pid]


def dump(article, generator) -> bytes:
    """A briefing as bytes, without the settings and context it shares with every other."""
    handle = io.BytesIO()
    _Pickler(handle, generator).dump(article)
    return handle.getvalue()


def public_digest(article, generator) -> str:
    """The sha1 of everything the reader gave a briefing except its text (``_content``).

    Two reads of one briefing with the same public digest differ at most in the
    text, which only the pages recorded as showing it read (see
    :mod:`briefing.build.fastpath`).
    """
    handle = io.BytesIO()
    _Pickler(handle, generator).dump({name: value for name, value in vars(article).items() if name != "_content"})
    return hashlib.sha1(handle.getvalue()).hexdigest()


def load(blob: bytes, generator):
    """A briefing from :func:`dump`, joined to this build's settings and context."""
    return _Unpickler(io.BytesIO(blob), generator).load()


def file_stamp(path: str, settings: dict) -> str:
    """What a cached briefing is keyed on: its bytes (and its mtime where dates come from the file system)."""
    with open(path, "rb") as handle:
        stamp = hashlib.sha256(handle.read()).hexdigest()
    if settings.get("DEFAULT_DATE") == "fs":
        stamp += f":{os.stat(path).st_mtime_ns}"
    return stamp


def file_state(path: str) -> tuple[int, int, int]:
    """``(size, mtime in ns, inode)``: while these are as the cache recorded, the file is not read to hash it.

    As make and Sphinx do: an editor's save, ``git checkout`` and ingest's
    write-then-rename all change the mtime or the inode, so only a file whose
    bytes are unchanged keeps all three; any other file is hashed, and still
    taken from the cache if its bytes are the same.
    """
    status = os.stat(path)
    return status.st_size, status.st_mtime_ns, status.st_ino


class _Recorder(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def _recording():
    """Hold back log records (they are replayed only for briefings read successfully)."""
    root = logging.getLogger()
    recorder, handlers, level = _Recorder(), root.handlers[:], root.level
    root.handlers[:] = [recorder]
    try:
        yield recorder.records
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def read_one(generator, relative: str):
    """``(briefing or None, log records)``: None when the file fails or is skipped (Pelican reads it again)."""
    with _recording() as records:
        try:
            article = generator.readers.read_file(
                base_path=generator.path, path=relative, content_class=Article, context=generator.context,
                preread_signal=signals.article_generator_preread, preread_sender=generator,
                context_signal=signals.article_generator_context, context_sender=generator,
            )
        except Exception:  # noqa: BLE001 - Pelican reads the file again and reports the error itself
            return None, []
        if isinstance(article, SkipStub) or not article.is_valid():
            return None, []
    return article, records


def published(article) -> float | None:
    """A briefing's date as a timestamp (None without one): the order its pickle is unpickled in."""
    try:
        return article.date.timestamp()
    except (AttributeError, OverflowError, ValueError):
        return None


def _read_chunk(relatives: list[str]) -> list[tuple]:
    """In a worker: read files, return each as a pickle (None if it failed) with its public digest, log records and date."""
    results = []
    for relative in relatives:
        article, records = read_one(_generator, relative)
        forget_rendered_contents()  # the plugins' reading filled it: it would keep the briefing alive here
        blob = public = date = None
        if article is not None:
            try:
                blob, public = dump(article, _generator), public_digest(article, _generator)
            except (pickle.PicklingError, TypeError, AttributeError):
                blob = None
            date = published(article)
        for record in records:
            record.args, record.msg = None, record.getMessage()  # arguments may not pickle
        results.append((relative, blob, public, records if blob is not None else [], date))
    return results


def forget_rendered_contents() -> None:
    """Empty Pelican's memo of each briefing's content and summary as rendered for one page's ``SITEURL``.

    ``Content.get_content`` and ``get_summary`` keep every result in a memo on
    the class for the life of the process, keyed by the briefing itself: it
    held every briefing a reading worker had read (16 KB a file, 400 MB a
    worker at 50,000 briefings), every page's HTML a render worker had
    rendered, and once the pages were written, the site's objects could not be
    freed before Pagefind ran.
    """
    for method in ("get_content", "get_summary"):
        memo = getattr(Content.__dict__.get(method), "cache", None)
        if isinstance(memo, dict):
            memo.clear()


def _replay(records) -> None:
    from pelican.log import FilteredMessage

    for record in records:
        try:
            logging.getLogger(record.name).handle(record)
        except FilteredMessage:  # Pelican's logger drops a message it showed already
            pass


def preload(generator, cache, jobs: int, stats: dict) -> dict:
    """``{relative path: briefing}`` for every article file that reads; updates ``cache.briefings``.

    ``stats`` gets ``read`` (files read) and ``cached`` (files taken from the cache).
    """
    global _generator
    settings = generator.settings
    relatives = sorted(generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]))
    ready, fresh, to_read, states = {}, {}, [], {}
    for relative in relatives:
        path = os.path.join(generator.path, relative)
        state = states[relative] = file_state(path)
        entry = cache.briefings.get(relative)
        stamp = entry[0] if entry is not None and entry[2] == state else file_stamp(path, settings)
        if entry is not None and entry[0] == stamp:
            try:
                ready[relative] = load(entry[1], generator)
                fresh[relative] = (stamp, entry[1], state, entry[3])
                continue
            except Exception as error:  # noqa: BLE001 - a bad entry is read again, never trusted
                logger.info("build cache: %s could not be restored (%s); reading it again", relative, error)
        to_read.append((relative, stamp))
    stamps = dict(to_read)
    names = [relative for relative, _ in to_read]
    workers = worker_count(jobs, len(names))
    if workers:
        # Every file is read in a worker, this process only unpickles: so the briefings that live
        # through rendering lie packed together here instead of among the reading's garbage, and
        # the render worker forked later copies fewer pages when it touches them.
        _generator = generator
        processes = workers + 1
        size = max(16, len(names) // (processes * READ_CHUNKS))
        chunks = [names[start:start + size] for start in range(0, len(names), size)]
        arrived = []
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_read_chunk, chunk) for chunk in chunks]
            for future in futures:
                for relative, blob, public, records, date in future.result():
                    if blob is not None:
                        _replay(records)
                        arrived.append((date is None, date or 0.0, relative, blob))
                        fresh[relative] = (stamps[relative], blob, states[relative], public)
        _generator = None
        # Unpickled in date order, so the objects of briefings published close together lie close
        # together in memory: the pages rendered together list them together (briefing.build.render
        # renders in that order too), and a short-lived render worker copies that stretch of memory,
        # not pages strewn with briefings from every year.
        arrived.sort()
        for _, _, relative, blob in arrived:
            ready[relative] = load(blob, generator)
    else:
        _read_here(generator, names, stamps, states, ready, fresh)
    cache.keep_briefings(fresh)  # written out now: only the stamps stay in memory
    stats["read"], stats["cached"] = len(names), len(relatives) - len(names)
    return ready


def _read_here(generator, names, stamps, states, ready, fresh) -> None:
    for relative in names:
        article, records = read_one(generator, relative)
        forget_rendered_contents()  # a second copy of the briefing's HTML, kept to the end of the build
        if article is None:
            continue
        _replay(records)
        ready[relative] = article
        try:
            fresh[relative] = (stamps[relative], dump(article, generator), states[relative],
                               public_digest(article, generator))
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            logger.info("build cache: %s cannot be cached (%s)", relative, error)
