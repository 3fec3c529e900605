"""Writing pages for a build: only those whose inputs changed, on both cores, and nothing stale left behind.

:class:`DeferredWriter` is the Pelican writer while :mod:`briefing.build`
drives the build. Generators call ``write_file`` and ``write_feed`` as usual;
each call becomes a job (one per page of a paginated list), kept until every
generator has run. :func:`flush` then

1. splits the jobs into chunks shared between this process and forked
   workers, each worker rendering one chunk and then exiting (see
   :func:`_render_in_turns`: a worker kept to the end copied the whole heap);
2. fingerprints each job's inputs: the site key, the file's name, and every
   context variable its template can read (:mod:`briefing.build.fingerprint`);
   a feed's articles and title; keeps each file whose fingerprint and file are
   as the last build left them, and renders the rest;
3. writes a rendered file only if its bytes differ, so unchanged files keep
   their time stamps;
4. deletes the files the last build wrote that no generator wrote this time
   (a deleted briefing, a renamed slug, a tag no longer used).

Rendering the same job list in one process gives the same bytes: workers run
the same code on the same objects, and each file has one writer.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import traceback
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache

from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.plugins import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

from ..files import write_atomically
from ..plugin import reads
from .fingerprint import Fingerprinter, template_variables
from .reading import PARALLEL_MINIMUM, chunk_sizes, forget_rendered_contents, worker_count  # noqa: F401 - PARALLEL_MINIMUM: the tests read it here too
from .search import indexed_by_search

logger = logging.getLogger(__name__)

_MISSING = object()
FORGET_EVERY = 256
"""Pages rendered between emptyings of Pelican's memo of rendered contents (see :func:`forget_rendered_contents`)."""
CHUNK_PAGES = 1024
"""Pages one forked render worker renders before it exits and a fresh one takes the next chunk (see :func:`_render_in_turns`)."""
LAST_CHUNK_PAGES = 128
"""The smallest chunk: the last chunks shrink to this, so that every process ends its last one at about the same time."""


@dataclass(slots=True)
class Job:
    """One output file: a page rendered from a template, or a feed.

    Slotted: one a page, 68,000 at 50,000 briefings, each with a ``__dict__`` was 40 MB of the main process.
    """

    name: str
    kind: str  # "page" or "feed"
    template: object = None
    kwargs: dict = field(default_factory=dict)
    """The page's own variables (``output_file``, ``SITEURL`` when relative, the generator's kwargs)."""
    feed_args: tuple = ()
    feed_kwargs: dict = field(default_factory=dict)
    shared: dict | None = None
    """The context the generator passed (Pelican sets its ``localsiteurl`` before rendering)."""
    key: str = ""


class DeferredWriter(Writer):
    """A Pelican writer that records what to write; :func:`flush` writes it."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.jobs: list[Job] = []

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        """Record the file (each page of it, when paginated) as Pelican's ``Writer.write_file`` would write it."""
        if not name:
            return
        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
            paginators = {key: Paginator(name, url, val, self.settings, per_page) for key, val in paginated.items()}
            for page_num in range(next(iter(paginators.values())).num_pages):
                paginated_kwargs = kwargs.copy()
                for key, paginator in paginators.items():
                    previous_page = paginator.page(page_num) if page_num > 0 else None
                    page = paginator.page(page_num + 1)
                    next_page = paginator.page(page_num + 2) if page_num + 1 < paginator.num_pages else None
                    paginated_kwargs.update({
                        f"{key}_paginator": paginator, f"{key}_page": page,
                        f"{key}_previous_page": previous_page, f"{key}_next_page": next_page,
                    })
                self._add_page(page.save_as, template, context, paginated_kwargs, relative_urls)
        else:
            self._add_page(name, template, context, kwargs, relative_urls)

    def _add_page(self, name, template, context, kwargs, relative_urls):
        # What Pelican's writer adds to a copy of the context; the copy itself is made only to render.
        own = {"localsiteurl": context.get("localsiteurl", None)}
        if relative_urls:
            relative_url = _url_to_root(os.path.dirname(name))
            own["SITEURL"] = relative_url
            own["localsiteurl"] = relative_url
        own["output_file"] = name
        own.update(kwargs)
        self.jobs.append(Job(name=name, kind="page", template=template, kwargs=own, shared=context))

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", override_output=False,
                   feed_title=None):
        """Record a feed; one without a path is built at once, as Pelican does (nothing is written)."""
        if not path:
            return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        self.jobs.append(Job(
            name=path, kind="feed",
            feed_args=(list(elements), context), feed_kwargs={
                "path": path, "url": url, "feed_type": feed_type, "feed_title": feed_title,
                "override_output": override_output,
            },
        ))
        return None

    # What a job renders to (bytes), used by flush in this process and in workers.
    def render(self, job: Job) -> bytes:
        if job.kind == "feed":
            return self._render_feed(job)
        context = {**job.shared, **job.kwargs}
        if context.get("localsiteurl"):
            # As Pelican's writer does: contents make their links relative to the page being written.
            job.shared["localsiteurl"] = context["localsiteurl"]
        return job.template.render(context).encode("utf-8")

    def _render_feed(self, job: Job) -> bytes:
        elements, context = job.feed_args
        options = job.feed_kwargs
        self.site_url = context.get("SITEURL", path_to_url(get_relative_path(options["path"])))
        # A summary cut from a briefing's text has its links made from the context's localsiteurl, which
        # the last page rendered in this process left relative to itself ("../../briefing/..."): a feed's
        # links then depended on which page came before it. Feeds are read elsewhere: links from the site's URL.
        context["localsiteurl"] = self.site_url
        self.feed_domain = context.get("FEED_DOMAIN")
        self.feed_url = self.urljoiner(self.feed_domain, options["url"] or options["path"])
        feed = self._create_new_feed(options["feed_type"], options["feed_title"], context)
        for element in elements[: self.settings["FEED_MAX_ITEMS"]]:
            self._add_item_to_the_feed(feed, element)
        signals.feed_generated.send(context, feed=feed)
        return feed.writeString("utf-8").encode("utf-8")


@lru_cache(maxsize=None)
def _url_to_root(folder: str) -> str:
    """Pelican's relative ``SITEURL`` for a file in ``folder`` (``../..``): worked out once per folder depth, not per page."""
    return path_to_url(get_relative_path(os.path.join(folder, "index.html")))


def job_key(job: Job, site_key: str, fingerprints: Fingerprinter, settings: dict) -> str:
    """The fingerprint of everything a job's output is made from."""
    sha = hashlib.sha1(f"{site_key}\0{job.kind}\0{job.name}".encode("utf-8", "surrogatepass"))
    if job.kind == "feed":
        elements, context = job.feed_args
        sha.update(fingerprints.of(elements[: settings["FEED_MAX_ITEMS"]]))
        sha.update(fingerprints.of(job.feed_kwargs))
        # Its ids' authority: unset, it comes from the site's earliest briefing (plugin.feeds), not the settings.
        sha.update(str(context.get("FEED_ID_AUTHORITY")).encode())
        return sha.hexdigest()
    names = template_variables(job.template)
    for name in sorted(set(job.shared) | set(job.kwargs) if names is None else names):
        if name in job.kwargs:
            value = job.kwargs[name]
        elif name in job.shared:
            value = job.shared[name]
            if value is settings.get(name, _MISSING):
                continue  # a setting: part of the site key
        else:
            continue
        sha.update(name.encode())
        sha.update(fingerprints.of(value))
    return sha.hexdigest()


def _write_if_changed(output_path: str, name: str, data: bytes) -> bool:
    """Write ``data`` to ``output_path/name`` unless the file already holds it; whether it wrote."""
    path = sanitised_join(output_path, name)
    try:
        with open(path, "rb") as handle:
            if handle.read() == data:
                return False
    except OSError:
        pass
    write_atomically(path, data)
    return True


_work: tuple | None = None  # (writer, previous manifest, site key, fingerprinter, files in output) the workers read


def _process_share(indices: list[int], always: frozenset[int], between=None) -> tuple[list[tuple], list[str]]:
    """Fingerprint the jobs at ``indices``; render and write those whose fingerprint or file changed.

    Runs in this process or a forked worker, each with its own share of the
    jobs (fingerprinting is half the work of a rebuild). Gives one
    ``(index, key, rendered, bytes changed, sha1 of the bytes if the search
    indexes the page, source paths of the contents whose text it shows)`` per
    job (the last None when not rendered), and the types that could not be fingerprinted.
    Jobs in ``always`` (several jobs writing one file) are rendered in any case;
    ``between``, if given, is called after each job.
    """
    writer, previous, site_key, fingerprints, present = _work
    results = []
    for done, index in enumerate(indices):
        if done % FORGET_EVERY == 0:
            forget_rendered_contents()  # else each process keeps every briefing's HTML it rendered till the end
        job = writer.jobs[index]
        key = job_key(job, site_key, fingerprints, writer.settings)
        if index not in always and previous.get(job.name) == key and job.name in present:
            results.append((index, key, False, False, None, None))
            continue
        try:
            with reads.recording() as texts:
                data = writer.render(job)
        except Exception as error:
            raise RuntimeError(f"{job.name}: {error}\n{traceback.format_exc()}") from None
        searched = hashlib.sha1(data).hexdigest() if job.name.endswith(".html") and indexed_by_search(data) else None
        results.append((index, key, True, _write_if_changed(writer.output_path, job.name, data), searched,
                        sorted(texts)))
        if between is not None:
            between()
    return results, sorted(fingerprints.volatile)


def locality(job: Job) -> float:
    """When the briefings a job shows were published (its first one's date, as a timestamp); -inf if it shows none.

    Jobs taken in this order render, chunk by chunk, pages that show briefings
    of the same weeks (a briefing's page, the list pages and feeds that list
    it): a short-lived render worker (:func:`_render_in_turns`) then touches,
    and copies, that stretch of the site rather than all of it.
    """
    if job.kind == "feed":
        values = job.feed_args[0][:1]
    else:
        values = job.kwargs.values()
    for value in values:
        if isinstance(value, Page):
            value = value.object_list[0] if value.object_list else None
        elif type(value) in (list, tuple):  # a month's briefings, say
            value = value[0] if value else None
        date = getattr(value, "date", None) if isinstance(value, Content) else None
        if date is not None:
            try:
                return date.timestamp()
            except (AttributeError, OverflowError, ValueError):
                return float("-inf")
    return float("-inf")


def fingerprint_shared(jobs: list[Job], site_key: str, fingerprints: Fingerprinter, settings: dict) -> None:
    """Fingerprint, here and once, the values many jobs share: a list's paginator and briefings, the site's lists.

    The fingerprinter memoises them, so forked workers find them done. Walked
    again in each short-lived render worker instead, a tag's paginator touched
    every briefing it holds: each worker copied most of the heap whatever pages
    it rendered (at 10,000 briefings 150 MB for 512 pages).
    """
    shared: dict[int, list] = {}
    first_of_template = {}
    for job in jobs:
        if job.kind != "page":
            continue
        first_of_template.setdefault(id(job.template), job)
        for value in job.kwargs.values():
            if isinstance(value, (list, tuple, dict, Paginator)) and len(getattr(value, "object_list", value)) > 8:
                shared.setdefault(id(value), [value, 0])[1] += 1
    for value, uses in shared.values():
        if uses > 1:
            fingerprints.of(value)
    for job in first_of_template.values():
        job_key(job, site_key, fingerprints, settings)  # the shared context's values this template reads


def _render_chunk(indices: list[int], connection) -> None:
    """In a forked worker: process one chunk of jobs, send the outcome (or the error) back, and exit."""
    try:
        outcome = _process_share(indices, frozenset())
    except Exception as error:  # noqa: BLE001 - raised again in the process that forked this one
        outcome = RuntimeError(str(error) or repr(error))
    connection.send(outcome)
    connection.close()


def _render_in_turns(spread: list[int], repeated: list[int], workers: int) -> list[tuple]:
    """Process ``spread`` in chunks over this process and up to ``workers`` forked workers; ``repeated`` last, here.

    A forked worker shares the parent's heap only until one of the two writes
    to a page, and CPython writes to every object it reads (its reference
    count): a worker kept to the end of rendering, both processes touching
    every briefing, ended with a private copy of nearly the whole heap (at
    50,000 briefings 870 MB in each process, the build's peak). So each worker
    renders one chunk of :data:`CHUNK_PAGES` pages and exits, its copies with
    it, and a fresh one is forked from this process as it is then, sharing its
    pages again; this process takes the next chunk whenever it finishes one, so
    neither side waits for the other but at the very end.
    """
    context = multiprocessing.get_context("fork")
    jobs = _work[0].jobs
    spread = sorted(spread, key=lambda index: locality(jobs[index]))
    pages = [index for index in spread if jobs[index].kind != "feed"]
    sizes = chunk_sizes(len(pages), workers + 1, max(PARALLEL_MINIMUM, min(CHUNK_PAGES, LAST_CHUNK_PAGES)),
                        max(PARALLEL_MINIMUM, CHUNK_PAGES))
    chunks, start = deque(), 0
    for size in sizes:
        chunks.append(pages[start:start + size])
        start += size
    chunks = chunks or deque([[]])
    # A feed shows its 100 newest briefings whole: all feeds in the last chunks had one worker touch
    # (and copy) a third of the site. Dealt out over the chunks, each takes a few; over the full-sized
    # ones only, so that the small last chunks stay small and every process ends at about the same time.
    full = [chunk for chunk in chunks if len(chunk) == max(sizes, default=0)] or list(chunks)
    for number, index in enumerate(index for index in spread if jobs[index].kind == "feed"):
        full[number % len(full)].append(index)
    running: list[tuple] = []
    outcomes: list[tuple] = []

    def start_workers() -> None:
        while chunks and len(running) < workers:
            # Objects made since the last fork (results, memos) join the frozen ones: the worker's
            # collections then leave them alone instead of writing to (and copying) their pages.
            gc.freeze()
            receiving, sending = context.Pipe(duplex=False)
            process = context.Process(target=_render_chunk, args=(chunks.popleft(), sending), daemon=True)
            process.start()
            sending.close()
            running.append((process, receiving))

    def collect(ready) -> None:
        for entry in [entry for entry in running if entry[1] in ready]:
            process, connection = entry
            try:
                outcome = connection.recv()
            except EOFError:
                process.join()
                raise RuntimeError(f"a render worker stopped before it finished (exit code {process.exitcode})") from None
            connection.close()
            process.join()
            running.remove(entry)
            if isinstance(outcome, BaseException):
                raise outcome
            outcomes.append(outcome)
        start_workers()

    def between() -> None:
        ready = [connection for _, connection in running if connection.poll()]
        if ready:
            collect(ready)

    try:
        start_workers()
        while chunks:
            outcomes.append(_process_share(chunks.popleft(), frozenset(), between))
        while running:
            collect(multiprocessing.connection.wait([connection for _, connection in running]))
        # In order, in this process: the last job writing a file wins, as in Pelican.
        outcomes.append(_process_share(repeated, frozenset(repeated)))
    finally:
        for process, connection in running:
            process.terminate()
            process.join()
            connection.close()
    return outcomes


def flush(writer: DeferredWriter, cache, jobs: int, report: dict, read_states: dict | None = None) -> None:
    """Render and write what changed, delete what is stale; fill ``report`` and ``cache.pages``.

    ``read_states`` (``{source path: ReadState}``) lets briefings be fingerprinted by their files' stamps.
    """
    global _work
    previous = cache.pages
    # Until the new manifest is saved, the one on disk may not describe output/: never trust it.
    cache.forget()
    names_seen: dict[str, int] = {}
    for job in writer.jobs:
        names_seen[job.name] = names_seen.get(job.name, 0) + 1
    repeated = [index for index, job in enumerate(writer.jobs) if names_seen[job.name] > 1]
    spread = [index for index, job in enumerate(writer.jobs) if names_seen[job.name] == 1]
    workers = worker_count(jobs, len(spread))
    for template in {id(job.template): job.template for job in writer.jobs if job.kind == "page"}.values():
        template_variables(template)  # parsed once, before the workers fork
    results: list[tuple] = []
    volatile: set[str] = set()
    # Every briefing's own fingerprint, once, before the workers fork: each page and list then
    # only combines them (workers computing them again for the pages they share was 0.5 s of CPU
    # at 10,000 briefings).
    fingerprints = Fingerprinter(read_states)
    for state in (read_states or {}).values():
        fingerprints.of_briefing(state.briefing)
    _work = (writer, previous, cache.key, fingerprints, output_files(writer.output_path))
    reads.install()
    try:
        if workers:
            fingerprint_shared(writer.jobs, cache.key, fingerprints, writer.settings)
            forget_rendered_contents()  # what the plugins' passes rendered: not worth a copy in each process
            # Objects that exist now are shared with the workers; frozen, the collector leaves them alone,
            # so a worker's collections do not write to (and copy) every page of the site it was forked with.
            gc.freeze()
            outcomes = _render_in_turns(spread, repeated, workers)
        else:
            # In order, in one process: the last job writing a file wins, as in Pelican.
            outcomes = [_process_share(spread + repeated, frozenset(repeated))]
    finally:
        _work = None
        reads.uninstall()
        gc.unfreeze()
    forget_rendered_contents()
    for share_results, share_volatile in outcomes:
        results += share_results
        volatile.update(share_volatile)
    results.sort(key=lambda result: result[0])  # in job order, however the chunks were shared out
    texts_shown = {}
    for index, key, done, _, _, texts in results:
        job = writer.jobs[index]
        job.key = key
        # What each page shows of briefings' text: as rendered now, else as the build that rendered it found.
        shown = texts if done else cache.reads.get(job.name, [])
        if shown:
            texts_shown[job.name] = shown
    current = {job.name: job.key for job in writer.jobs}
    stale = sorted(set(previous) - set(current))
    for name in stale:
        remove_output(writer.output_path, name)
    # Which pages the search indexes, with the hash of their bytes: as rendered now, else as the last build found.
    rendered = [(writer.jobs[index].name, wrote, digest) for index, _, done, wrote, digest, _ in results if done]
    rendered_names = {name for name, _, _ in rendered}
    indexed = {name: digest for name, digest in cache.indexed.items() if name in current and name not in rendered_names}
    indexed.update({name: digest for name, _, digest in rendered if digest})
    changed = sorted({name for name, wrote, _ in rendered if wrote})
    cache.pages, cache.indexed, cache.reads = current, indexed, texts_shown
    report.update(
        pages=len(current), rendered=len(rendered),
        html=sum(name.endswith(".html") for name in current),
        feeds=sum(job.kind == "feed" for job in writer.jobs), written=len(changed), deleted=len(stale),
        changed=changed + stale, volatile=sorted(volatile),
    )


def output_files(output_path: str) -> frozenset[str]:
    """Every file under ``output_path``, by its name relative to it (one walk, not a stat per page)."""
    found = []
    for folder, _, names in os.walk(output_path):
        relative = os.path.relpath(folder, output_path)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found += [prefix + name for name in names]
    return frozenset(found)


def remove_output(output_path: str, name: str) -> None:
    """Delete one output file and the folders it leaves empty (never the output folder itself)."""
    path = sanitised_join(output_path, name)
    try:
        os.remove(path)
    except FileNotFoundError:
        return
    folder = os.path.dirname(path)
    root = os.path.realpath(output_path)
    while os.path.realpath(folder) != root and folder.startswith(output_path):
        try:
            os.rmdir(folder)
        except OSError:
            break
        folder = os.path.dirname(folder)
