"""Pagefind bundles taken apart into shards, for joining into one index as Pagefind itself writes it.

Pagefind keeps every page of an index in memory until it writes the index
(about 160 kB a briefing: 1.6 GB at 10,000), and cannot add pages to an index
it wrote. So the search index is built in shards that Pagefind indexes one at
a time; this module reads what Pagefind wrote for a shard back into a
:class:`Shard`, and :mod:`briefing.build.pagefind_join` joins the shards into
the single index Pagefind would have written for all the pages together
(joining at search time with ``mergeIndex`` was tried and ranked each shard on
its own).

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

Files are named by a hash of their bytes.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import io
import json
import operator
import re
import zlib
from dataclasses import dataclass, field
from html import unescape

import cbor2

from ..plugin.search import PagefindError

SIGNATURE = b"pagefind_dcd"
FORMAT_VERSION = "1.5."
"""The Pagefind versions whose index format this module knows (``pyproject.toml`` pins them)."""
CHUNK_SIZE = 20000
"""Pagefind starts a new index chunk once a chunk holds this many numbers (pages and locations)."""
_PAGE, _LOCATIONS, _META_LOCATIONS = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)
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
    postings as a run (see :func:`as_run`)."""
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
            url = fragment_url(files[name])
            pages.append((url, fragment_hash, word_count))
        words = []
        for _, _, chunk_hash in meta[2]:
            name = f"index/{chunk_hash}.pf_index"
            used.add(name)
            words += chunk_words(files[name])
        filters = {}
        for filter_name, filter_hash in meta[3]:
            name = f"filter/{filter_hash}.pf_filter"
            used.add(name)
            filters[filter_name] = {value: pages_ for value, pages_ in decode(files[name])[1]}
        shard.languages[language] = ShardLanguage(info["wasm"], pages, words, filters, list(meta[5]))
    others = {name: data for name, data in files.items() if name not in used}
    return shard, others


FRAGMENT_START = SIGNATURE + b'{"url":"'
URL_PREFIX_BYTES = 4096
"""How much of a fragment to decompress for its URL, which Pagefind writes first."""


def fragment_url(data: bytes) -> str:
    """The URL of the page a fragment file describes.

    Pagefind writes the URL first, so only the start of the file is
    decompressed (10,000 whole fragments were a tenth of a shard's reading);
    a URL past that, or another layout, decompresses the whole file.
    """
    head = zlib.decompressobj(wbits=31).decompress(data, URL_PREFIX_BYTES)
    if head.startswith(FRAGMENT_START):
        try:
            return json.decoder.scanstring(head.decode("utf-8", "ignore"), len(FRAGMENT_START))[0]
        except ValueError:
            pass
    return json.loads(gzip.decompress(data)[len(SIGNATURE):])["url"]


def _head_length(initial: int) -> int:
    """How many bytes a CBOR data item's head takes, from its first byte (RFC 8949, section 3)."""
    extra = initial & 0x1F
    return 1 if extra < 24 else 1 + (1 << (extra - 24))


def _read_count(stream: io.BytesIO) -> int:
    """The count in the head of the CBOR array (or integer) at the stream's position; reads past the head."""
    head = stream.read(1)[0]
    extra = head & 0x1F
    return extra if extra < 24 else int.from_bytes(stream.read(1 << (extra - 24)), "big")


def chunk_words(data: bytes) -> list[tuple[str, int, tuple, list[tuple[str, tuple]]]]:
    """The words of one of Pagefind's index chunks: ``(word, size, run, [(variant, run)])`` (see :func:`as_run`).

    Each word's postings are decoded once, for their size and page numbers,
    and kept as the bytes Pagefind wrote (not encoded again).
    """
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a Pagefind index file")
    stream = io.BytesIO(raw)
    stream.seek(len(SIGNATURE))
    decoder = cbor2.CBORDecoder(stream)

    def named_run(length: int, what: str) -> tuple[str, int, tuple]:
        """``[word or variant, postings, ...]`` at the stream's position: the word, its postings' size, their run."""
        if _read_count(stream) != length:
            raise ValueError(f"not a Pagefind {what}")
        name = decoder.decode()
        start = stream.tell()
        postings = decoder.decode()
        if not postings:
            return name, 0, (0, 0, b"", b"", 0)
        first = start + _head_length(raw[start])  # the first posting's head
        page = first + _head_length(raw[first])  # its page number
        tail = raw[page + _head_length(raw[page]):stream.tell()]
        return name, _numbers(postings), (len(postings), postings[0][0], raw[first:page], tail,
                                          sum(map(_PAGE, postings)))

    if _read_count(stream) != 1:
        raise ValueError("not a Pagefind index chunk")
    words = []
    for _ in range(_read_count(stream)):
        word, size, word_run = named_run(3, "index entry")
        variants = []
        for _ in range(_read_count(stream)):
            variant, variant_size, variant_run = named_run(2, "word variant")
            size += variant_size
            variants.append((variant, variant_run))
        words.append((word, size, word_run, variants))
    return words


def array_header(count: int) -> bytes:
    """The CBOR header of an array of ``count`` items (RFC 8949, shortest form, as cbor2 writes it)."""
    if count < 24:
        return bytes([0x80 + count])
    for marker, width in ((0x98, 1), (0x99, 2), (0x9A, 4), (0x9B, 8)):
        if count < 1 << (8 * width):
            return bytes([marker]) + count.to_bytes(width, "big")
    raise ValueError(count)


def cbor_uint(number: int) -> bytes:
    """CBOR of a non-negative integer (RFC 8949, shortest form, as cbor2 writes it)."""
    if number < 24:
        return bytes([number])
    for marker, width in ((0x18, 1), (0x19, 2), (0x1A, 4), (0x1B, 8)):
        if number < 1 << (8 * width):
            return bytes([marker]) + number.to_bytes(width, "big")
    raise ValueError(number)


def as_run(postings: list) -> tuple[int, int, bytes, bytes, int]:
    """A word's postings in one shard as a run: ``(count, first page, CBOR header of the first posting, CBOR of the
    rest, last page)``.

    Pages are numbered shard by shard, so in the joined index the postings of a
    shard stay a run in the same order: only the first one's step changes, the
    rest (from the first posting's locations on) are copied as bytes. Only
    integers and bytes, so that a shard loads from the cache quickly.
    """
    if not postings:  # a word found only in its variants (accented forms)
        return 0, 0, b"", b"", 0
    first = postings[0]
    data = cbor2.dumps(postings)
    skip = len(array_header(len(postings))) + len(array_header(len(first))) + len(cbor_uint(first[0]))
    return len(postings), first[0], array_header(len(first)), data[skip:], sum(posting[0] for posting in postings)


def postings_of(run: tuple) -> list:
    """The postings a run holds, decoded (page numbers local to its shard)."""
    count, first, head, tail, _ = run
    return cbor2.loads(array_header(count) + head + cbor_uint(first) + tail) if count else []


def _numbers(postings: list) -> int:
    """How many numbers ``postings`` hold (``[page, [locations], [locations]]`` each): a word's size by Pagefind's
    chunking rule is this over its postings and its variants'."""
    try:
        # map() over C functions: millions of postings at 10,000 briefings.
        return len(postings) + sum(map(len, map(_LOCATIONS, postings))) + sum(map(len, map(_META_LOCATIONS, postings)))
    except (TypeError, IndexError):  # another shape: count every number
        return sum(1 + sum(len(part) if type(part) is list else 1 for part in posting[1:]) for posting in postings)
