"""The search index after a build: Pagefind run again only when a page it indexes changed.

Pagefind cannot add pages to an index it wrote, so the index is rebuilt whole,
but only when the set of pages it indexes (those marked
``data-pagefind-body``) or the bytes of one of them differ from when it was
last built; an edit to a tag intro, say, leaves it alone. Splitting the
index by year and joining the years with Pagefind's ``mergeIndex`` was tried:
Pagefind then orders a filter-only search (newest first) by each year's own
rank, so browsing mixed the years; one index keeps the order right.

The state of the index (``search.json`` in the cache) is dropped before any
change and written after, so an interrupted run re-indexes next time.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..plugin.search import PagefindError
from .cache import write_atomically

INDEX_FOLDER = "pagefind"
STATE_FILE = "search.json"
SEARCH_BODY = b"data-pagefind-body"


def indexed_by_search(page: bytes) -> bool:
    """Whether Pagefind indexes a rendered page (it holds an element marked ``data-pagefind-body``)."""
    return SEARCH_BODY in page


def index_pages(output: Path, pages: list[str], folder: Path, staging: Path) -> None:
    """Index ``pages`` of ``output`` with Pagefind into ``folder`` (replaced whole, or left as it was on failure)."""
    shutil.rmtree(staging, ignore_errors=True)
    for name in pages:
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(output / name, target)  # the same bytes, nothing copied
        except OSError:
            shutil.copyfile(output / name, target)
    fresh = folder.with_name(folder.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(staging), "--output-path", str(fresh.resolve()), "--silent"],
        capture_output=True, text=True, check=False,
    )
    shutil.rmtree(staging, ignore_errors=True)
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        raise PagefindError(f"pagefind could not index {folder}: {result.stderr.strip() or result.stdout.strip()}")
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def update_search_index(output: Path, indexed: dict[str, str], cache_folder: Path, clean: bool) -> str:
    """Index ``output`` again if the pages Pagefind indexes changed; say which ("rebuilt" or "unchanged").

    ``indexed`` maps each page Pagefind indexes to a hash of its bytes.
    """
    state_file = cache_folder / STATE_FILE
    try:
        state = {} if clean else json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    sha = hashlib.sha1()
    for name, page in sorted(indexed.items()):
        sha.update(f"{name}\0{page}\0".encode("utf-8", "surrogatepass"))
    digest = sha.hexdigest()
    if state.get("digest") == digest and (output / INDEX_FOLDER / "pagefind.js").exists():
        return "unchanged"
    state_file.unlink(missing_ok=True)
    index_pages(output, sorted(indexed), output / INDEX_FOLDER, cache_folder / "search-staging")
    write_atomically(state_file, json.dumps({"digest": digest}).encode())
    return "rebuilt"
