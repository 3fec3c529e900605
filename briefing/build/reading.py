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

import copyreg
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

from ..geometry import PATHS
from ..plugin.reads import DERIVED_FROM_TEXT
from .fingerprint import shared_names

logger = logging.getLogger(__name__)

PARALLEL_MINIMUM = 64
"""Fewer items than this (files to read, pages to render) are handled in this process: a fork costs more than it saves."""
MOST_PROCESSES = 8
READ_CHUNKS = 16
"""Files are sent to each reading worker in about this many chunks, so results arrive (and are unpickled) as they go."""


def worker_count(jobs: int, items: int) -> int:
    """Forked workers to add to this process for ``items`` pieces of work with ``jobs`` processes asked for."""
    return max(0, min(jobs, MOST_PROCESSES) - 1) if items >= PARALLEL_MINIMUM else 0


def chunk_sizes(items: int, processes: int, smallest: int, largest: int) -> list[int]:
    """How many items each chunk of work takes, in order: ``largest`` while much is left, then less.

    Used for the files the reading workers read and the pages the render
    workers render (:func:`briefing.build.render._render_in_turns`). Each
    process takes the next chunk when it ends one, so the last chunk decides
    when the stage ends: with chunks of one size, one process could start a
    last large chunk as the other finished and stood idle (a core idle for up
    to a chunk's time, about a second for 1,024 pages). Each chunk here is a
    share of what is left (one in two per process, as in guided
    self-scheduling), never more than ``largest`` and never less than
    ``smallest``: the processes end within a small chunk of each other.
    """
    sizes, left = [], items
    while left > 0:
        size = min(left, largest, max(smallest, -(-left // (2 * processes))))
        sizes.append(size)
        left -= size
    return sizes


_generator = None  # the ArticlesGenerator the forked workers read with (set before forking)


class Reference:
    """Stands inside a pickle for a value every pickled object shares (the settings, the context).

    Unpickled as ``resolve(key)``: ``resolve`` is a module-level function of
    whoever loads the pickle, which gives back that build's own value.
    """

    def __init__(self, resolve, key):
        self.resolve, self.key = resolve, key

    def __reduce__(self):
        return self.resolve, (self.key,)


class SharingPickler(pickle.Pickler):
    """Pickles objects with the settings and context they share with every other as :class:`Reference` s.

    ``reducer_override`` is asked only about instances (a tag, a date), never
    about strings, numbers, lists or dicts: pickling stays at C speed where a
    ``persistent_id`` asked about every object (most of the pickling's time).
    The settings and context are held by instances' attributes (a briefing's,
    its tags', a paginator's), where this finds them.
    """

    def __init__(self, handle, settings: dict, context: dict, references: tuple[Reference, Reference]):
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.settings, self.context = settings, context
        self.settings_reference, self.context_reference = references

    def shared(self, state: dict) -> dict:
        """``state`` with the settings and the context replaced by references (a copy only if needed)."""
        settings, context = self.settings, self.context
        if not any(value is settings or value is context for value in state.values()):
            return state
        return {name: self.settings_reference if value is settings else self.context_reference if value is context
                else value for name, value in state.items()}

    def reducer_override(self, obj):
        if isinstance(obj, (type, Reference)):
            return NotImplemented
        state = getattr(obj, "__dict__", None)
        if type(state) is dict and any(value is self.settings or value is self.context for value in state.values()):
            return copyreg.__newobj__, (type(obj),), self.shared(state)
        return NotImplemented


_loading = None  # the generator a briefing is being unpickled for (set by load)


def _shared(name: str):
    """What a settings or context :class:`Reference` in a briefing's pickle stands for: the loading generator's."""
    return getattr(_loading, name)


_REFERENCES = (Reference(_shared, "settings"), Reference(_shared, "context"))


def pickled(article, generator) -> tuple[bytes, str]:
    """``(bytes, public digest)``: a briefing pickled once, without the settings and context it shares.

    The bytes are two pickles: the briefing's class and attributes with its
    text (``_content``) and what plugins work out from the text
    (:data:`briefing.plugin.reads.DERIVED_FROM_TEXT`, the key facts) left out,
    then those, with a memo of their own (so :func:`load` can keep them as
    bytes, see :class:`PackedBriefing`). The *public digest* is the sha1 of the
    first: two reads of one briefing with the same public digest differ at most
    in the text and what is worked out from it, which the text-only rebuild
    compares and puts in (see :mod:`briefing.build.fastpath`). One pickling
    serves both the cache and the digest (pickling each briefing twice was a
    twentieth of reading).
    """
    handle = io.BytesIO()
    pickler = SharingPickler(handle, generator.settings, generator.context, _REFERENCES)
    attributes = vars(article)
    from_text = {"_content", *DERIVED_FROM_TEXT}
    # Their places are kept (None there), so a loaded briefing's attributes come back in their order.
    public = {name: None if name in from_text else value for name, value in attributes.items()}
    pickler.dump((type(article), pickler.shared(public)))
    digest = hashlib.sha1(handle.getbuffer()).hexdigest()
    pickler = SharingPickler(handle, generator.settings, generator.context, _REFERENCES)
    pickler.dump({name: value for name, value in attributes.items() if name in from_text})
    return handle.getvalue(), digest


class PackedBriefing(Article):
    """A briefing whose text, and what plugins work out from it, stay pickled until something reads them.

    A briefing's text is read by its own page and the feeds that carry it;
    list pages, related lists and fingerprints read the rest. As Python
    objects the text and its key facts were 7 KB a briefing in the build's
    main process (350 MB at 50,000 briefings), shared with every forked render
    worker; pickled they are one bytes object of about 2.8 KB. ``_packed``
    holds ``(names, bytes)``: an attribute among ``names`` is unpickled when
    first read (the last few briefings' are kept, see :func:`unpacked`).
    Setting one (a text-only rebuild puts in the new text) stores it as usual,
    and that value wins.
    """

    def __getattr__(self, name):
        # Called only when the usual lookup fails: one of the packed names, or a name the briefing lacks.
        if name.startswith("__"):
            raise AttributeError(name)
        packed = object.__getattribute__(self, "__dict__").get("_packed")
        if packed is None or name not in packed[0]:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return unpacked(self, packed[1])[name]


UNPACKED_KEPT = 64
"""Briefings whose unpickled text :func:`unpacked` keeps: a page reads its briefing's text and key facts many times."""
_unpacked: dict[int, tuple[object, dict]] = {}


def unpacked(briefing, data: bytes) -> dict:
    """The attributes a :class:`PackedBriefing` holds pickled, unpickled (and kept for the next few reads)."""
    known = _unpacked.get(id(briefing))
    if known is not None and known[0] is briefing:
        return known[1]
    if len(_unpacked) >= UNPACKED_KEPT:
        _unpacked.clear()
    values = pickle.loads(data)
    _unpacked[id(briefing)] = (briefing, values)
    return values


def load(blob: bytes, generator, strings: dict | None = None):
    """A briefing from :func:`pickled`, joined to this build's settings and context, its text left packed.

    It comes back a :class:`PackedBriefing` (a subclass of Pelican's ``Article``)
    holding its text and what was worked out from it as the second pickle's bytes.
    With ``strings`` (one dict for every briefing a build loads), its short texts
    are made the very objects other briefings hold (see :func:`share_strings`).
    """
    global _loading
    handle = io.BytesIO(blob)
    _loading = generator
    try:
        cls, attributes = pickle.Unpickler(handle).load()
    finally:
        _loading = None
    from_text = {"_content", *DERIVED_FROM_TEXT}
    names = tuple(name for name in attributes if name in from_text)
    names = shared_names(names)  # one tuple shared by the briefings with the same names
    for name in names:
        del attributes[name]
    if strings is not None:
        own: dict[str, str] = {}
        for name, value in attributes.items():
            if value is not generator.settings and value is not generator.context:
                attributes[name] = share_strings(value, strings, own)
    if cls is Article:
        cls = PackedBriefing
    article = cls.__new__(cls)
    attributes["_packed"] = (names, blob[handle.tell():])
    article.__dict__.update(attributes)
    return article


SHARED_STRING_LENGTH = 40
"""Strings up to this long are shared between briefings (tags, regions, languages, keys); longer ones only within one."""
SHARING_DEPTH = 4


def share_strings(value, strings: dict, own: dict, depth: int = 0):
    """``value`` with the strings in it (in dicts and lists, changed in place) replaced by equal ones seen before.

    Each briefing unpickles its own copy of every string: its language, status,
    template, region names, the keys of its places, its summary twice (as
    written and as shown). Shared, the equal ones are one object: 2 KB a
    briefing, 100 MB at 50,000. Short strings are looked up in ``strings``
    (the whole build's), longer ones in ``own`` (this briefing's), so the
    build-wide table does not fill with titles and paths. Containers keep
    their identity (two attributes holding one list still do); other objects
    are left as they are.
    """
    kind = type(value)
    if kind is str:
        table = strings if len(value) <= SHARED_STRING_LENGTH else own
        return table.setdefault(value, value)
    if depth >= SHARING_DEPTH:
        return value
    if kind is dict:
        shared = {share_strings(key, strings, own, depth + 1): share_strings(item, strings, own, depth + 1)
                  for key, item in value.items()}
        value.clear()
        value.update(shared)
    elif kind is list:
        value[:] = [share_strings(item, strings, own, depth + 1) for item in value]
    return value


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


def _read_chunk(relatives: list[str]) -> tuple[list[tuple], dict]:
    """In a worker: read files, return each as a pickle (None if it failed) with its public digest, log records and date.

    Also returns what the plugins worked out and remembered as they read (each
    briefing's locator and map paths, see :data:`briefing.geometry.PATHS`), for
    the build's process to look up instead of working it out again.
    """
    results = []
    for relative in relatives:
        article, records = read_one(_generator, relative)
        forget_rendered_contents()  # the plugins' reading filled it: it would keep the briefing alive here
        blob = public = date = None
        if article is not None:
            try:
                blob, public = pickled(article, _generator)
            except (pickle.PicklingError, TypeError, AttributeError):
                blob = None
            date = published(article)
        for record in records:
            record.args, record.msg = None, record.getMessage()  # arguments may not pickle
        results.append((relative, blob, public, records if blob is not None else [], date))
    return results, PATHS.take_added()


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
    _unpacked.clear()


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
    strings: dict[str, str] = {}
    for relative in relatives:
        path = os.path.join(generator.path, relative)
        state = states[relative] = file_state(path)
        entry = cache.briefings.get(relative)
        stamp = entry[0] if entry is not None and entry[2] == state else file_stamp(path, settings)
        if entry is not None and entry[0] == stamp:
            try:
                ready[relative] = load(entry[1], generator, strings)
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
        chunks, start = [], 0
        for length in chunk_sizes(len(names), processes, max(16, size // 8), size):  # smaller at the end
            chunks.append(names[start:start + length])
            start += length
        arrived = []
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_read_chunk, chunk) for chunk in chunks]
            for future in futures:
                results, remembered = future.result()
                PATHS.add(remembered)
                for relative, blob, public, records, date in results:
                    if blob is not None:
                        _replay(records)
                        arrived.append((date is None, date or 0.0, relative, blob))
                        fresh[relative] = (stamps[relative], blob, states[relative], public)
            futures = results = None  # each future holds its chunk's pickles
        _generator = None
        # Written out before unpickling, and each pickle let go once unpickled: the memory of one
        # is reused for the next briefings' objects, instead of leaving holes among them that
        # stayed counted against this process (and every render worker forked from it).
        cache.keep_briefings(fresh)
        fresh.clear()
        # Unpickled in date order, so the objects of briefings published close together lie close
        # together in memory: the pages rendered together list them together (briefing.build.render
        # renders in that order too), and a short-lived render worker copies that stretch of memory,
        # not pages strewn with briefings from every year.
        arrived.sort()
        for number, (_, _, relative, blob) in enumerate(arrived):
            arrived[number] = None
            ready[relative] = load(blob, generator, strings)
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
            blob, public = pickled(article, generator)
            fresh[relative] = (stamps[relative], blob, states[relative], public)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            logger.info("build cache: %s cannot be cached (%s)", relative, error)
