"""Building the site: incremental by default, on both cores, with the search index kept up to date.

``briefing build`` (what ``make html`` and ``make publish`` run) drives Pelican
with the project's settings, plus:

* a persistent cache under ``.cache/build/`` (:mod:`briefing.build.cache`),
  trusted only while the settings, theme, code, taxonomy and installed
  packages are the same: briefings whose bytes are unchanged are not read
  again (:mod:`briefing.build.reading`);
* pages and feeds written only when the inputs their templates read changed,
  stale files deleted, the rest rendered on both cores (:mod:`briefing.build.render`);
* Pagefind run again only when a page it indexes changed (:mod:`briefing.build.search`);
* after edits of briefings' text alone, Pelican's pipeline skipped: only the pages
  recorded as showing that text are rendered again, from the snapshot the last
  whole-pipeline build left (:mod:`briefing.build.fastpath`).

``--full`` (or ``make clean``) throws the cache and the output away first. The
output of an incremental build is byte for byte that of a full one
(``tests/test_build.py`` checks it after random edits).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..check import counted

DEFAULT_CACHE = Path(".cache") / "build"


@dataclass
class BuildSession:
    """What one build shares between its steps."""

    cache: object
    jobs: int
    writer: object = None
    report: dict = field(default_factory=dict)
    read_states: dict = field(default_factory=dict)
    """``{source path: fingerprint.ReadState}`` of the briefings read or restored (see :mod:`briefing.build.fingerprint`)."""
    search: bool = False
    """Whether to index the pages for search once they are written (see :func:`briefing.build.plugin.start_search`)."""
    clean: bool = False
    search_update: object = None
    """The :class:`briefing.build.search.SearchIndexUpdate` started once the pages were written."""


@dataclass
class BuildReport:
    """What a build did, for the one-line summary."""

    output: Path
    seconds: float
    full: bool
    notice: str | None
    figures: dict
    search: str
    failed: SystemExit | None = None
    """Set when the build wrote the site but must not pass (see ``briefing.plugin.problems``)."""

    counts: dict = field(default_factory=dict)
    """Briefings, drafts and pages built, errors and warnings (from ``briefing.plugin.problems``)."""

    def summary(self) -> str:
        """The build's one closing line: what it built, what it read, rendered, wrote and deleted, and how long it took."""
        figures, counts = self.figures, self.counts
        kind = "full build" if self.full else "incremental build"
        if figures.get("text_only"):
            kind = f"text-only {kind}"
        drafts = f", {counted(counts['drafts'], 'draft')}" if counts.get("drafts") else ""
        # Pelican's static pages only when there are any: "0 pages" at the head of a 10,000-briefing
        # build read like an error. What came out is the site's pages and feeds.
        static = f" and {counted(counts['pages'], 'static page')}" if counts.get("pages") else ""
        made = (f" made {counted(figures['html'], 'page')} and {counted(figures.get('feeds', 0), 'feed')}"
                if "html" in figures else "")
        built = f"{counted(counts.get('briefings', 0), 'briefing')}{static}{drafts}{made}; " if counts else ""
        problems = (f"; {counted(counts.get('errors', 0), 'error')}, {counted(counts.get('warnings', 0), 'warning')}"
                    f"{counts.get('strict', '')}" if counts else "")
        return (
            f"{kind} of {self.output} in {self.seconds:.1f} s: {built}"
            f"{figures.get('read', 0)} briefing(s) read, {figures.get('cached', 0)} from cache; "
            f"{figures.get('rendered', 0)} of {figures.get('pages', 0)} file(s) rendered, "
            f"{figures.get('written', 0)} changed, {figures.get('deleted', 0)} deleted; search index {self.search}"
            f"{problems}"
        )


class _QuietDoneLine:
    """Pelican's console without its "Done: Processed …" line, which the closing summary replaces.

    Pelican prints that line from inside ``Pelican.run`` on the same console its
    log handler writes to, so only that one message is dropped; logs still show.
    """

    def __init__(self, console):
        self._console = console

    def print(self, *objects, **options):
        if objects and str(objects[0]).startswith("Done: Processed"):
            return
        self._console.print(*objects, **options)

    def __getattr__(self, name):
        return getattr(self._console, name)


def release_freed_memory() -> None:
    """Hand the memory the site's objects held back to the system, where the C library can (glibc's ``malloc_trim``).

    Freed by Python, the briefings' large strings stay in the C heap, counted
    against this process while Pagefind runs beside it; elsewhere this does nothing.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


def build_site(
    settings_file: str | Path = "pelicanconf.py",
    *,
    path: str | Path | None = None,
    output: str | Path | None = None,
    cache_dir: str | Path = DEFAULT_CACHE,
    full: bool = False,
    jobs: int = 2,
    search: bool = True,
    overrides: dict | None = None,
) -> BuildReport:
    """Build the site with Pelican from ``settings_file``, reusing what the last build left when it can."""
    import pelican
    from pelican import Pelican
    from pelican.log import console
    from pelican.settings import read_settings
    from jinja2 import FileSystemBytecodeCache
    from pelican.utils import clean_output_dir

    from ..geometry import PATHS
    from . import plugin
    from ..plugin.history import hand_over
    from ..plugin.problems import SUMMARY_SETTING
    from . import fastpath
    from .cache import BuildCache, site_key
    from .search import SearchIndexUpdate

    started = time.perf_counter()
    override = dict(overrides or {})
    if path is not None:
        override["PATH"] = str(path)
    if output is not None:
        override["OUTPUT_PATH"] = str(output)
    settings = read_settings(str(settings_file), override=override)
    cache = BuildCache.open(Path(cache_dir), site_key(settings), full=full)
    output_path = Path(settings["OUTPUT_PATH"])
    clean = full or not cache.pages

    def prepare(settings: dict) -> dict:
        settings["DELETE_OUTPUT_DIRECTORY"] = False  # stale files are deleted one by one instead
        settings["CACHE_CONTENT"] = False  # this cache replaces Pelican's
        # Compiled templates, keyed by Jinja on each template's name and source: a theme edit compiles that one again.
        (cache.folder / "templates").mkdir(parents=True, exist_ok=True)
        settings["JINJA_ENVIRONMENT"] = {**settings.get("JINJA_ENVIRONMENT", {}),
                                         "bytecode_cache": FileSystemBytecodeCache(str(cache.folder / "templates"))}
        settings["PLUGINS"] = ["briefing.build.plugin", *settings.get("PLUGINS", [])]
        settings[SUMMARY_SETTING] = False  # its counts go into this build's one closing line
        return settings

    # The content folder's files and commit as this build starts, looked at once: the text-only
    # rebuild compares them with its snapshot, and a whole-pipeline build records them in a new one.
    files, head = fastpath.content_files(settings["PATH"]), fastpath.git_head(settings["PATH"])
    if not clean:
        # Only briefings' text changed? Then only the pages showing it are rendered, without Pelican's pipeline.
        report: dict = {}
        counts = fastpath.build(prepare(settings), cache, output_path, report, files, head)
        if counts is not None:
            cache.save()
            search_state = (SearchIndexUpdate(output_path, cache.indexed, cache.folder, False).finish()
                            if search else "off")
            return BuildReport(output=output_path, seconds=time.perf_counter() - started, full=False,
                               notice=cache.notice, figures=report, search=search_state, counts=counts)
        settings = read_settings(str(settings_file), override=override)
    settings = prepare(settings)
    if clean:
        clean_output_dir(str(output_path), settings.get("OUTPUT_RETENTION", []))
    # From here the output changes: the snapshot the fast path starts from would no longer describe it.
    fastpath.forget(cache.folder)
    session = BuildSession(cache=cache, jobs=max(1, jobs), search=search, clean=clean)
    plugin.ACTIVE = session
    PATHS.start(cache.paths)
    failed: SystemExit | None = None
    site = Pelican(settings)
    pelican.console = _QuietDoneLine(console)
    try:
        site.run()
    except SystemExit as failure:
        # A build that wrote the site but must fail (a briefing left out): finish, then fail.
        failed = failure
    except BaseException:
        if session.search_update is not None:
            session.search_update.cancel()
        raise
    finally:
        pelican.console = console
        plugin.ACTIVE = None
        hand_over(Path(settings["PATH"]).resolve(), None)  # a history the text-only rebuild read, if not taken
        cache.paths = PATHS.finish()
        if "pages" in session.report:
            cache.save()  # the output was written: the cache now describes it
    counts = getattr(site, "briefing_counts", {})
    if "pages" in session.report and failed is None:
        fastpath.remember(cache, session.writer, session.read_states, settings, files, head, counts, session.report,
                          getattr(site, "briefing_problems", ()))
    # Let the site's objects go before Pagefind runs: it is the build's other large user of memory.
    session.writer = site = None
    session.read_states = {}  # each holds its briefing, and through it the whole site
    gc.unfreeze()  # the briefings were frozen after reading (briefing.build.plugin): frozen, they are never freed
    gc.collect()
    release_freed_memory()
    search_state = "off"
    if search:
        update = session.search_update or SearchIndexUpdate(output_path, cache.indexed, cache.folder, clean)
        search_state = update.finish()
    return BuildReport(
        output=output_path, seconds=time.perf_counter() - started, full=clean, notice=cache.notice,
        figures=session.report, search=search_state, failed=failed, counts=counts,
    )


__all__ = ["build_site", "BuildReport", "DEFAULT_CACHE"]
