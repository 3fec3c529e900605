"""The search index after a build: Pagefind run over the shards whose pages changed, then the shards joined.

Pagefind holds every page of an index in memory until it writes it (1.6 GB for
10,000 briefings) and cannot add or remove pages in an index it wrote. So the
pages it indexes (those marked ``data-pagefind-body``) are split by a hash of
their path into shards of a few hundred pages; Pagefind indexes only the
shards that hold a changed, added or removed page, several at once, each in a
``pagefind --service`` process (:mod:`briefing.build.pagefind_service`); each
shard is kept in the cache (``search/`` in it) and all of them are joined into
the one index Pagefind would write for the whole site
(:mod:`briefing.build.pagefind_bundle` reads a shard back,
:mod:`briefing.build.pagefind_join` joins them, encoding again after an edit
only the words it changed). An edit to a tag intro, say, leaves the index
alone; an edit to one briefing re-indexes one shard.

Splitting the index by year and joining the years in the browser with
Pagefind's ``mergeIndex`` was tried first: Pagefind then ranks and orders a
filter-only search (newest first) by each year's own index, so browsing mixed
the years. Joined here, search, ranking and browsing are those of one index.

The state (``search/state.json``) is removed before anything changes and
written after, so an interrupted run re-indexes next time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import pickle
import shutil
import threading
import zlib
from collections.abc import Container
from dataclasses import replace
from pathlib import Path

from ..files import write_atomically
from ..plugin.search import PagefindError

logger = logging.getLogger(__name__)

INDEX_FOLDER = "pagefind"
SEARCH_FOLDER = "search"
STATE_FILE = "state.json"
ASSETS_FILE = "assets.pickle"
JOINED_FILE = "joined.pickle"
ENTRY_FILE = "pagefind-entry.json"
FORMAT = 4
SEARCH_BODY = b"data-pagefind-body"
SHARD_PAGES = 100
SERVICES = max(1, min(os.cpu_count() or 1, 4))
"""Pagefind processes indexing shards at once: one a core (each holds one shard's pages)."""
"""Pages per shard, about: Pagefind's memory (about 160 kB a page) and the work one edit re-does."""


def indexed_by_search(page: bytes) -> bool:
    """Whether Pagefind indexes a rendered page (it holds an element marked ``data-pagefind-body``)."""
    return SEARCH_BODY in page


def shard_count(pages: int, shard_pages: int = SHARD_PAGES) -> int:
    """How many shards for ``pages`` pages: a power of two, so the count changes (and all re-index) rarely."""
    return 1 << max(0, math.ceil(math.log2(max(1, pages) / shard_pages)))


def pages_indexed(output: Path) -> dict[str, str]:
    """``{page: sha1 of its bytes}`` for every page of ``output`` the search indexes (the build knows these without looking)."""
    found = {}
    for path in sorted(output.rglob("*.html")):
        data = path.read_bytes()
        if indexed_by_search(data):
            found[path.relative_to(output).as_posix()] = hashlib.sha1(data).hexdigest()
    return found


def shard_of(name: str, shards: int) -> int:
    return zlib.crc32(name.encode("utf-8", "surrogatepass")) % shards


def page_url(name: str) -> str:
    """The URL Pagefind gives an output file: ``a/b/index.html`` is ``/a/b/``."""
    url = "/" + name.replace(os.sep, "/")
    return url[: -len("index.html")] if url.endswith("/index.html") else url


def index_shard(service, output: Path, names: list[str], known_assets: Container[str] = ()):
    """Index the pages ``names`` of ``output`` as one shard; give the shard and Pagefind's other files (script, wasm,
    UI) but those in ``known_assets`` (the same 1.3 MB for every shard)."""
    from .pagefind_bundle import read_shard, sort_values

    pages, sorts = [], {}
    for name in names:
        data = (output / name).read_bytes()
        url = page_url(name)
        pages.append((url, data.decode("utf-8", "replace")))
        sorts[url] = sort_values(data)
    index_id = service.new_index()
    try:
        service.add_pages(index_id, pages)
        files = service.files(index_id, lambda name: name == ENTRY_FILE or hash_named(name) or name not in known_assets)
    finally:
        service.delete_index(index_id)
    return read_shard(files, sorts)


def start_indexing(output: Path, members: dict[int, list[str]], folder: Path, shards: dict, services: int,
                   present: set[str], assets: dict[str, bytes], failures: list[BaseException]) -> list[threading.Thread]:
    """Start indexing each shard of ``members`` (``{shard number: its pages}``), keeping it in ``folder`` and in
    ``shards``; give the threads doing it (join them, then look at ``failures``).

    ``services`` Pagefind processes index shards at once, each fed by its own
    thread: Pagefind's work (most of it) runs on every core, and the threads
    take turns with the rest. Each shard's fragments not ``present`` in the
    bundle are written as soon as it is indexed (and added to ``present``).
    Pagefind's other files (script, wasm, UI) not yet in ``assets`` are added
    to it: a shard in a new language brings its wasm file. A failure, or
    anything put in ``failures`` meanwhile, stops every thread after its shard.
    """
    from .pagefind_service import PagefindService

    pending = iter(sorted(members))
    lock = threading.Lock()
    fragments = output / INDEX_FOLDER / "fragment"
    fragments.mkdir(parents=True, exist_ok=True)

    def work() -> None:
        try:
            with PagefindService() as service:
                while not failures:
                    with lock:
                        number = next(pending, None)
                    if number is None:
                        return
                    shard, shard_assets = index_shard(service, output, members[number], assets)
                    keep_shard(folder, number, shard)
                    for name, data in shard.fragments.items():
                        if f"fragment/{name}.pf_fragment" not in present:
                            # Named by its hash and vouched for by the state file (see sync_bundle).
                            (fragments / f"{name}.pf_fragment").write_bytes(data)
                    with lock:
                        shards[number] = replace(shard, fragments={})  # written and kept: not held in memory
                        assets.update(shard_assets)
                        present.update(f"fragment/{name}.pf_fragment" for name in shard.fragments)
        except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
            failures.append(error)

    threads = [threading.Thread(target=work, daemon=True, name="search-index")
               for _ in range(max(1, min(services, len(members))))]
    for thread in threads:
        thread.start()
    return threads


def bundle_assets(assets: dict[str, bytes], languages) -> dict[str, bytes]:
    """Pagefind's script, UI and wasm files for an index of ``languages``: as its CLI writes them, one wasm file a
    language and one for pages of no known language, whichever shards brought them."""
    wasm = {f"wasm.{language}.pagefind" for language in [*languages, "unknown"]}
    return {name: data for name, data in assets.items() if not name.startswith("wasm.") or name in wasm}


def keep_shard(folder: Path, number: int, shard) -> None:
    """Keep a shard in the cache, its fragments in a file of their own: an edit reads them only if one is missing."""
    write_atomically(folder / f"fragments-{number}.pickle",
                     pickle.dumps(shard.fragments, protocol=pickle.HIGHEST_PROTOCOL))
    write_atomically(folder / f"shard-{number}.pickle",
                     pickle.dumps(replace(shard, fragments={}), protocol=pickle.HIGHEST_PROTOCOL))


def fragment_files(folder: Path, shards: list, present: set[str]) -> dict[str, bytes | None]:
    """The fragment files of all ``shards`` for :func:`sync_bundle`: ``None`` if ``present``, else their bytes."""
    files: dict[str, bytes | None] = {}
    for number, shard in enumerate(shards):
        names = {f"fragment/{fragment}.pf_fragment": fragment
                 for language in shard.languages.values() for _, fragment, _ in language.pages}
        missing = [name for name in names if name not in present]
        stored = shard.fragments
        if missing and not stored:
            stored = pickle.loads((folder / f"fragments-{number}.pickle").read_bytes())
        files.update((name, stored[names[name]] if name in missing else None) for name in names)
    return files


def hash_named(name: str) -> bool:
    """Whether a bundle file is named by a hash of its bytes (so the same name means the same bytes)."""
    return name.startswith(("fragment/", "index/", "filter/")) or name.endswith(".pf_meta")


def bundle_files(target: Path) -> set[str]:
    """The files under ``target`` (paths relative to it)."""
    found = set()
    for folder, _, names in os.walk(target):
        prefix = os.path.relpath(folder, target).replace(os.sep, "/") + "/"
        found.update(names if prefix == "./" else (prefix + name for name in names))
    return found


def sync_bundle(target: Path, files: dict[str, bytes | None], existing: set[str]) -> tuple[int, int]:
    """Make ``target`` (holding ``existing``) hold exactly ``files``, writing only what differs.

    A file given as ``None`` is already there with the right bytes. The entry
    file is written last, so it never names a file not yet written. Gives
    (files written, files deleted).
    """
    written = 0
    for name in sorted(files):
        data = files[name]
        if name == ENTRY_FILE or data is None or (name in existing and hash_named(name)):
            continue
        path = target / name
        if name in existing and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if hash_named(name):
            # No temporary file: until the state file is written again, a name here is not trusted (see below).
            path.write_bytes(data)
        else:
            write_atomically(path, data)
        written += 1
    entry = target / ENTRY_FILE
    if ENTRY_FILE not in existing or entry.read_bytes() != files[ENTRY_FILE]:
        write_atomically(entry, files[ENTRY_FILE])
        written += 1
    stale = sorted(existing - set(files))
    for name in stale:
        (target / name).unlink(missing_ok=True)
    return written, len(stale)


def last_join(folder: Path):
    """What the last join gave (to keep the words and chunks that did not change), or None: all are joined again."""
    return _cached(folder / JOINED_FILE)


def last_shard(folder: Path, number: int):
    """The shard ``number`` as the last join used it, or None."""
    return _cached(folder / f"shard-{number}.pickle")


def _cached(path: Path):
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None


def changes(replaced: dict[int, object], shards: dict[int, object]) -> dict[str, set[str]] | None:
    """By language, the words whose postings differ between the ``replaced`` shards and their new versions.

    None if one of the replaced shards is not known (then every word is joined again).
    """
    from .pagefind_join import changed_words

    changed: dict[str, set[str]] = {}
    for number, old in replaced.items():
        shard_changes = changed_words(old, shards[number])
        if shard_changes is None:
            return None
        for language, words in shard_changes.items():
            changed.setdefault(language, set()).update(words)
    return changed


def update_search_index(output: Path, indexed: dict[str, str], cache_folder: Path, clean: bool,
                        shard_pages: int = SHARD_PAGES, services: int = SERVICES) -> str:
    """Bring ``output/pagefind`` up to date with the pages the search indexes; say what was done.

    ``indexed`` maps each page Pagefind indexes to a hash of its bytes. Gives
    ``"unchanged"``, or ``"rebuilt (n of m shards re-indexed)"``.
    """
    return SearchIndexUpdate(output, indexed, cache_folder, clean, shard_pages, services).finish()


class SearchIndexUpdate:
    """An update of the search index whose shards are indexed in the background; :meth:`finish` joins them.

    The build starts it as soon as its pages are written, so that Pagefind
    indexes while the build finishes (the cache written, the site's objects
    freed): on two cores one of them is otherwise idle then. Pages must not
    change between the start and :meth:`finish`.
    """

    def __init__(self, output: Path, indexed: dict[str, str], cache_folder: Path, clean: bool,
                 shard_pages: int = SHARD_PAGES, services: int = SERVICES) -> None:
        self.output, self.indexed, self.clean = output, indexed, clean
        self.shard_pages, self.services = shard_pages, services
        self.cache_folder = cache_folder
        self.folder = folder = cache_folder / SEARCH_FOLDER
        self.state_file = folder / STATE_FILE
        try:
            state = {} if clean else json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        self.count = count = shard_count(len(indexed), shard_pages)
        self.members = members = {number: [] for number in range(count)}
        for name in sorted(indexed):
            members[shard_of(name, count)].append(name)
        self.digests = {}
        for number, names in members.items():
            sha = hashlib.sha1()
            for name in names:
                sha.update(f"{name}\0{indexed[name]}\0".encode("utf-8", "surrogatepass"))
            self.digests[str(number)] = sha.hexdigest()
        self.known = known = state.get("shards", {}) if state.get("format") == FORMAT else {}
        self.target = output / INDEX_FOLDER
        self.stale = [number for number in range(count) if known.get(str(number)) != self.digests[str(number)]
                      or not all((folder / f"{kind}-{number}.pickle").exists() for kind in ("shard", "fragments"))]
        self.unchanged = not self.stale and (self.target / ENTRY_FILE).exists()
        self.shards: dict = {}
        self.assets: dict[str, bytes] = {}
        self.failures: list[BaseException] = []
        self._threads: list[threading.Thread] = []
        if self.unchanged:
            return
        self.state_file.unlink(missing_ok=True)
        if not known:
            # Nothing here can be trusted, not even a file under its hash name (a run may have stopped half way).
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(self.target, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        self.existing = bundle_files(self.target)
        self.present = set(self.existing)  # and the fragments written while indexing
        # The versions of the shards about to be re-indexed that the last join used: what changed is
        # found by comparing them with the new ones, so only those words are joined again.
        self.replaced = {number: last_shard(folder, number) for number in self.stale} if known else {}
        try:
            # Every asset any shard brought: the bundle's do not depend on which shards were indexed last.
            self.assets = pickle.loads((folder / ASSETS_FILE).read_bytes()) if known else {}
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, KeyError) as error:
            self.failures.append(error)
            return
        if self.stale:
            self._threads = start_indexing(output, {number: members[number] for number in self.stale}, folder,
                                           self.shards, services, self.present, self.assets, self.failures)

    def cancel(self) -> None:
        """Stop indexing after the shards in progress (the build failed); the state stays unwritten."""
        self.failures.append(PagefindError("search index update cancelled"))
        for thread in self._threads:
            thread.join()

    def finish(self) -> str:
        """Wait for the shards, join them into ``output/pagefind``; say what was done (see :func:`update_search_index`)."""
        if self.unchanged:
            return "unchanged"
        for thread in self._threads:
            thread.join()
        folder, count = self.folder, self.count
        try:
            if self.failures:
                raise self.failures[0]
            if self.stale:
                write_atomically(folder / ASSETS_FILE, pickle.dumps(self.assets, protocol=pickle.HIGHEST_PROTOCOL))
            shards = self.shards
            for number in range(count):
                if number not in shards:
                    shards[number] = pickle.loads((folder / f"shard-{number}.pickle").read_bytes())
            ordered = [shards[number] for number in range(count)]
            fragments = fragment_files(folder, ordered, self.present)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, KeyError) as error:
            if self.clean:
                raise PagefindError(f"search index cache {folder} cannot be written and read back ({error})") from None
            logger.warning("search index cache %s could not be read (%s): indexing every page again", folder, error)
            return update_search_index(self.output, self.indexed, self.cache_folder, True, self.shard_pages,
                                       self.services)
        return self._join(ordered, fragments)

    def _join(self, ordered: list, fragments: dict[str, bytes | None]) -> str:
        from .pagefind_join import join_shards

        folder, known = self.folder, self.known
        for stray in [*folder.glob("shard-*.pickle"), *folder.glob("fragments-*.pickle")]:
            if int(stray.stem.split("-")[1]) >= self.count:
                stray.unlink()
        files, joined = join_shards(ordered, last_join(folder) if known else None, self.existing,
                                    changes(self.replaced, self.shards) if known else None)
        files.update(bundle_assets(self.assets, json.loads(files[ENTRY_FILE])["languages"]))
        files.update(fragments)
        sync_bundle(self.target, files, self.existing)
        write_atomically(folder / JOINED_FILE, pickle.dumps(joined, protocol=pickle.HIGHEST_PROTOCOL))
        write_atomically(self.state_file, json.dumps({"format": FORMAT, "shards": self.digests}).encode())
        return f"rebuilt ({len(self.stale)} of {self.count} shards re-indexed)"
