"""Pagefind bundles taken apart into shards and joined into one index, as Pagefind itself writes it.

Pagefind keeps every page of an index in memory until it writes the index
(about 160 kB a briefing: 1.6 GB at 10,000), and cannot add pages to an index
it wrote. So the search index is built in shards that Pagefind indexes one at
a time, and this module joins them into the single index Pagefind would have
written for all the pages together: one list of pages, the words of every
shard merged and cut into chunks by Pagefind's own rule, filters and sort
orders over all pages. Search, ranking (BM25 over the whole index's counts),
filter counts and browsing order are then those of one index; joining at
search time with ``mergeIndex`` was tried and ranked each shard on its own.

The format (Pagefind 1.5, the version ``pyproject.toml`` pins): files are
gzip of ``pagefind_dcd`` + CBOR.

* ``pagefind.<hash>.pf_meta``: ``[version, pages [[fragment hash, word count]],
  chunks [[from, to, chunk hash]], filters [[name, hash]], sorts [[key, [page]]],
  meta fields]``;
* ``index/<hash>.pf_index``: ``[[[word, postings, [[variant, postings]]]]]``,
  a posting being ``[page, [locations], [locations in meta fields]]``, in page
  order, each page number stored as the step from the one before; in the meta
  locations ``-1 - n`` marks the words of meta field ``n`` (of the sorted
  field names, which differ between shards);
* ``filter/<hash>.pf_filter``: ``[name, [[value, [page]]]]``;
* ``fragment/<hash>.pf_fragment`` (JSON): one page's text and meta, the same
  whichever index holds it, so it is copied as it is.

Pages are numbered shard by shard, so a word's postings from one shard stay
one run in the joined index: only the first page of each run is written anew,
the rest is copied as bytes. Files are named by a hash of their bytes.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import heapq
import itertools
import json
import re
from dataclasses import dataclass, field
from html import unescape

import cbor2

from ..plugin.search import PagefindError

SIGNATURE = b"pagefind_dcd"
FORMAT_VERSION = "1.5."
"""The Pagefind versions whose index format this module knows (``pyproject.toml`` pins them)."""
CHUNK_SIZE = 20000
"""Pagefind starts a new index chunk once a chunk holds this many numbers (pages and locations)."""
SORT_ATTRIBUTE = re.compile(rb'data-pagefind-sort="([^"]*)"')


def decode(data: bytes):
    """The CBOR value of one of Pagefind's compressed files."""
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a Pagefind index file")
    return cbor2.loads(raw[len(SIGNATURE):])


def encode(value) -> bytes:
    """A Pagefind index file holding ``value`` (compressed without a timestamp, so the same value gives the same bytes)."""
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=6, mtime=0)


def named(language: str, data: bytes, length: int = 7) -> str:
    return f"{language}_{hashlib.sha1(data).hexdigest()[:length]}"


def sort_values(page: bytes) -> dict[str, str]:
    """The ``data-pagefind-sort="key:value"`` pairs of a rendered page (the first value of each key)."""
    values: dict[str, str] = {}
    for match in SORT_ATTRIBUTE.finditer(page):
        key, colon, value = unescape(match.group(1).decode("utf-8")).partition(":")
        if colon:
            values.setdefault(key, value)
    return values


@dataclass
class ShardLanguage:
    """What one shard holds for one language, page numbers local to the shard."""

    wasm: str
    pages: list[tuple[str, str, int]]
    """``(url, fragment hash, word count)`` by local page number."""
    words: list[tuple[str, int, tuple, list[tuple[str, tuple]]]]
    """``(word, its size by Pagefind's chunking rule, postings, [(variant, postings)])``, sorted by word;
    postings as a run (see :func:`_run`)."""
    filters: dict[str, dict[str, list[int]]]
    meta_fields: list[str]


@dataclass
class Shard:
    """One shard of the index, as kept in the build cache between builds."""

    languages: dict[str, ShardLanguage] = field(default_factory=dict)
    sorts: dict[str, dict[str, str]] = field(default_factory=dict)
    """``{url: {sort key: value}}``."""
    include_characters: list[str] = field(default_factory=list)
    version: str = ""
    """Pagefind's version, as its entry file states it."""
    fragments: dict[str, bytes] = field(default_factory=dict)
    """``{fragment hash: file}`` for the shard's pages."""


def read_shard(files: dict[str, bytes], sorts: dict[str, dict[str, str]]) -> tuple[Shard, dict[str, bytes]]:
    """Take apart the files Pagefind wrote for one shard: the shard, and the bundle's other files (script, wasm, UI)."""
    collecting = gc.isenabled()
    gc.disable()  # as in join_shards
    try:
        return _read_shard(files, sorts)
    finally:
        if collecting:
            gc.enable()


def _read_shard(files: dict[str, bytes], sorts: dict[str, dict[str, str]]) -> tuple[Shard, dict[str, bytes]]:
    entry = json.loads(files["pagefind-entry.json"])
    if not entry["version"].startswith(FORMAT_VERSION):
        raise PagefindError(f"pagefind {entry['version']} is installed; the sharded search index reads the "
                            f"index format of Pagefind {FORMAT_VERSION}x (pip install 'pagefind[bin]~={FORMAT_VERSION}0')")
    shard = Shard(sorts=sorts, include_characters=entry.get("include_characters", []), version=entry["version"])
    fragments = shard.fragments
    used = {"pagefind-entry.json"}
    for language, info in entry["languages"].items():
        meta_name = f"pagefind.{info['hash']}.pf_meta"
        meta = decode(files[meta_name])
        used.add(meta_name)
        pages = []
        for fragment_hash, word_count in meta[1]:
            name = f"fragment/{fragment_hash}.pf_fragment"
            fragments[fragment_hash] = files[name]
            used.add(name)
            url = json.loads(gzip.decompress(files[name])[len(SIGNATURE):])["url"]
            pages.append((url, fragment_hash, word_count))
        words = []
        for _, _, chunk_hash in meta[2]:
            name = f"index/{chunk_hash}.pf_index"
            used.add(name)
            words += [(word, _size(entry_), _run(entry_[1]), [(variant, _run(items)) for variant, items in entry_[2]])
                      for entry_ in decode(files[name])[0] for word in entry_[:1]]
        filters = {}
        for filter_name, filter_hash in meta[3]:
            name = f"filter/{filter_hash}.pf_filter"
            used.add(name)
            filters[filter_name] = {value: pages_ for value, pages_ in decode(files[name])[1]}
        shard.languages[language] = ShardLanguage(info["wasm"], pages, words, filters, list(meta[5]))
    others = {name: data for name, data in files.items() if name not in used}
    return shard, others


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _chunk_ranges(chunks: list[list]) -> list[tuple[str, str]]:
    """Pagefind's ``[from, to]`` for each chunk: the shortest prefixes that tell it from its neighbours.

    The first chunk starts, and the last ends, with its whole word; a range
    that would end before it starts ends with the whole last word.
    """
    ranges = []
    for i, chunk in enumerate(chunks):
        first, last = chunk[0][0], chunk[-1][0]
        before = chunks[i - 1][-1][0] if i else None
        after = chunks[i + 1][0][0] if i + 1 < len(chunks) else None
        start = first if before is None else first[:_common_prefix(first, before) + 1]
        end = last if after is None else last[:_common_prefix(last, after) + 1]
        if end < start:
            end = last
        ranges.append((start, end))
    return ranges


def _tagged(words: list, number: int):
    for word, size, postings, variants in words:
        yield word, number, size, postings, variants


def _header(count: int) -> bytes:
    """The CBOR header of an array of ``count`` items (RFC 8949, shortest form, as cbor2 writes it)."""
    if count < 24:
        return bytes([0x80 + count])
    for marker, width in ((0x98, 1), (0x99, 2), (0x9A, 4), (0x9B, 8)):
        if count < 1 << (8 * width):
            return bytes([marker]) + count.to_bytes(width, "big")
    raise ValueError(count)


def _uint(number: int) -> bytes:
    """CBOR of a non-negative integer (RFC 8949, shortest form, as cbor2 writes it)."""
    if number < 24:
        return bytes([number])
    for marker, width in ((0x18, 1), (0x19, 2), (0x1A, 4), (0x1B, 8)):
        if number < 1 << (8 * width):
            return bytes([marker]) + number.to_bytes(width, "big")
    raise ValueError(number)


def _run(postings: list) -> tuple[int, int, bytes, bytes, int]:
    """A word's postings in one shard as ``(count, first page, CBOR header of the first posting, CBOR of the rest, last page)``.

    Pages are numbered shard by shard, so in the joined index the postings of a
    shard stay a run in the same order: only the first one's step changes, the
    rest (from the first posting's locations on) are copied as bytes. Only
    integers and bytes, so that a shard loads from the cache quickly.
    """
    if not postings:  # a word found only in its variants (accented forms)
        return 0, 0, b"", b"", 0
    first = postings[0]
    data = cbor2.dumps(postings)
    skip = len(_header(len(postings))) + len(_header(len(first))) + len(_uint(first[0]))
    return len(postings), first[0], _header(len(first)), data[skip:], sum(posting[0] for posting in postings)


def _postings(run: tuple) -> list:
    """The postings a run holds, decoded (page numbers local to its shard)."""
    count, first, head, tail, _ = run
    return cbor2.loads(_header(count) + head + _uint(first) + tail) if count else []


def _remapped(run: tuple, fields: dict[int, int]) -> tuple:
    """``run`` with its meta-field markers (``-1 - n`` in the meta locations) renumbered by ``fields``."""
    if not run[0]:
        return run
    return _run([[posting[0], posting[1], [fields.get(x, x) if x < 0 else x for x in posting[2]]]
                 for posting in _postings(run)])


def _numbers(postings: list) -> int:
    """How many numbers ``postings`` hold: ``[page, [locations], [locations]]`` each."""
    try:
        return len(postings) + sum([len(locations) + len(meta) for _, locations, meta in postings])
    except (TypeError, ValueError):  # another shape: count every number
        return sum(1 + sum(len(part) if type(part) is list else 1 for part in posting[1:]) for posting in postings)


def _size(entry: list) -> int:
    """What a word adds to its chunk by Pagefind's rule: every number in its postings (pages and locations)."""
    return _numbers(entry[1]) + sum(_numbers(postings) for _, postings in entry[2])


def _sort_key(values: list[str]):
    """Pagefind sorts numbers as numbers when every value of a key is one, else as text."""
    try:
        [float(value) for value in values]
    except ValueError:
        return lambda item: item[0]
    return lambda item: float(item[0])


@dataclass
class Joined:
    """What the last join of one language gave, so that unchanged chunks are not compressed again."""

    chunks: dict[str, str]
    """``{sha1 of a chunk's CBOR: the name of its file}``."""


def join_language(version: str, language: str, parts: list[tuple[ShardLanguage, dict]],
                  previous: Joined | None = None,
                  existing: set[str] = frozenset()) -> tuple[dict[str, bytes | None], Joined]:
    """The index files of one language over all shards (``parts``: each shard's language and its sort values).

    A chunk that ``previous`` (the last join) wrote with the same bytes and
    that is still in ``existing`` (the bundle's files) is given as ``None``:
    keep the file.
    """
    # Pages numbered shard by shard, each shard's in its own order.
    everyone = [(url, fragment, count, shard_number, local)
                for shard_number, (part, _) in enumerate(parts)
                for local, (url, fragment, count) in enumerate(part.pages)]
    bases = list(itertools.accumulate((len(part.pages) for part, _ in parts), initial=0))
    files: dict[str, bytes | None] = {}

    meta_fields = sorted({name for part, _ in parts for name in part.meta_fields})
    field_tables = [None if part.meta_fields == meta_fields else {-1 - number: -1 - meta_fields.index(name)
                                                                  for number, name in enumerate(part.meta_fields)}
                    for part, _ in parts]

    def postings(runs: list[tuple[int, tuple]]) -> bytes:
        """CBOR of the joined postings of shards' runs (``(shard number, run)`` in shard order)."""
        total, pieces, last_page = 0, [], 0
        for number, run in runs:
            if field_tables[number] is not None:
                run = _remapped(run, field_tables[number])
            count, first, head, tail, last = run
            if not count:
                continue
            start = bases[number] + first  # a run's first page, in the whole index
            pieces += (head, _uint(start - last_page), tail)
            last_page = bases[number] + last
            total += count
        return _header(total) + b"".join(pieces)

    entries: dict[str, tuple[int, bytes]] = {}
    merged = heapq.merge(*(_tagged(part.words, number) for number, (part, _) in enumerate(parts)))
    for word, group in itertools.groupby(merged, key=lambda item: item[0]):
        size, runs, variants = 0, [], {}
        for _, number, word_size, run, word_variants in group:
            size += word_size
            runs.append((number, run))
            for variant, variant_run in word_variants:
                variants.setdefault(variant, []).append((number, variant_run))
        entries[word] = (size, b"\x83" + cbor2.dumps(word) + postings(runs) + _header(len(variants)) + b"".join(
            b"\x82" + cbor2.dumps(variant) + postings(variant_runs) for variant, variant_runs in sorted(variants.items())))

    chunks: list[list[tuple[str, bytes]]] = []
    chunk: list[tuple[str, bytes]] = []
    size = 0
    for word, (word_size, data) in entries.items():
        chunk.append((word, data))
        size += word_size
        if size >= CHUNK_SIZE:
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    chunk_list, chunk_names = [], {}
    for (start, end), words in zip(_chunk_ranges(chunks), chunks):
        raw = SIGNATURE + _header(1) + _header(len(words)) + b"".join(data for _, data in words)
        digest = hashlib.sha1(raw).hexdigest()
        name = previous.chunks.get(digest) if previous is not None else None
        if name is not None and f"index/{name}.pf_index" in existing:
            files[f"index/{name}.pf_index"] = None
        else:
            data = gzip.compress(raw, compresslevel=6, mtime=0)
            name = named(language, data)
            files[f"index/{name}.pf_index"] = data
        chunk_names[digest] = name
        chunk_list.append([start, end, name])

    filters: dict[str, dict[str, list[int]]] = {}
    for number, (part, _) in enumerate(parts):
        for filter_name, values in part.filters.items():
            merged_values = filters.setdefault(filter_name, {})
            for value, pages in values.items():
                merged_values.setdefault(value, []).extend(bases[number] + page for page in pages)
    filter_list = []
    for filter_name in sorted(filters):
        data = encode([filter_name, [[value, sorted(pages)] for value, pages in sorted(filters[filter_name].items())]])
        name = named(language, data)
        files[f"filter/{name}.pf_filter"] = data
        filter_list.append([filter_name, name])

    by_key: dict[str, list[tuple[str, int]]] = {}
    for number, (url, _, _, shard_number, _) in enumerate(everyone):
        for key, value in parts[shard_number][1].get(url, {}).items():
            by_key.setdefault(key, []).append((value, number))
    sort_list = [[key, [number for _, number in sorted(items, key=_sort_key([v for v, _ in items]))]]
                 for key, items in sorted(by_key.items())]

    meta = encode([version, [[fragment, count] for _, fragment, count, _, _ in everyone],
                   chunk_list, filter_list, sort_list, meta_fields])
    meta_name = named(language, meta, 10)
    files[f"pagefind.{meta_name}.pf_meta"] = meta
    files[""] = json.dumps({"hash": meta_name, "wasm": parts[0][0].wasm, "page_count": len(everyone)}).encode()
    return files, Joined(chunk_names)


def join_shards(shards: list[Shard], previous: dict[str, Joined] | None = None,
                existing: set[str] = frozenset()) -> tuple[dict[str, bytes | None], dict[str, Joined]]:
    """The index files (entry, meta, chunks, filters) of all ``shards`` joined, and what to reuse next time.

    Fragments are not included; ``previous`` (by language) and ``existing`` as
    in :func:`join_language`. A file given as ``None`` is in ``existing`` with
    the right bytes.
    """
    # Many small lists, none in a cycle: the cycle collector would scan the heap again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _join_shards(shards, previous or {}, existing)
    finally:
        if collecting:
            gc.enable()


def _join_shards(shards, previous, existing):
    version = shards[0].version
    files: dict[str, bytes | None] = {}
    languages, joined = {}, {}
    for language in sorted({language for shard in shards for language in shard.languages}):
        parts = [(shard.languages[language], shard.sorts) for shard in shards if language in shard.languages]
        language_files, joined[language] = join_language(version, language, parts, previous.get(language), existing)
        languages[language] = json.loads(language_files.pop(""))
        files.update(language_files)
    include = next((shard.include_characters for shard in shards if shard.include_characters), [])
    entry = {"version": version, "languages": languages, "include_characters": include}
    files["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files, joined
