"""The shards of the search index joined into the one index Pagefind would write for all their pages.

Pages are numbered shard by shard, so a word's postings from one shard stay
one run in the joined index: only the first page of each run is written anew,
the rest is copied as bytes. The words of every shard are merged and cut into
chunks by Pagefind's own rule; filters and sort orders span all pages. Search,
ranking (BM25 over the whole index's counts), filter counts and browsing order
are then those of one index.

A join keeps what it gave (:class:`Joined`): each word's encoded entry and each
chunk's file. After an edit that leaves every shard's page count alone (the
usual case: a briefing changed, none added), only the words whose postings
changed in a re-indexed shard are encoded again, and only the chunks that hold
them are hashed and compressed again. Anything else joins every word afresh.
"""

from __future__ import annotations

import bisect
import gc
import gzip
import hashlib
import heapq
import itertools
import json
import pickle
from dataclasses import dataclass, field

import cbor2

from .pagefind_bundle import (
    CHUNK_SIZE, SIGNATURE, Shard, ShardLanguage, array_header, as_run, cbor_uint, encode, named, postings_of,
)

Entry = tuple[int, bytes]
"""A word in the joined index: its size by Pagefind's chunking rule, and its CBOR ``[word, postings, variants]``."""


@dataclass
class Joined:
    """What the last join of one language gave, so that an edit re-encodes and rewrites only what it changed."""

    chunks: dict[str, str]
    """``{sha1 of a chunk's CBOR: the name of its file}``."""
    layout: tuple = ()
    """The shards holding the language, their page counts and meta fields: ``entries`` hold while it is the same."""
    entries: dict[str, Entry] = field(default_factory=dict)
    """``{word: entry}`` in word order."""
    chunk_starts: dict[str, tuple[int, str, str, str]] = field(default_factory=dict)
    """``{first word of a chunk: (its number of words, its last word, sha1 of its CBOR, its file name)}``."""
    filter_digest: str = ""
    """A digest of what the filter files were made from (page numbers and values); ``filter_list`` names them."""
    filter_list: list = field(default_factory=list)
    sort_digest: str = ""
    """A digest of what the sort orders were made from (pages and their sort values); ``sort_list`` holds them."""
    sort_list: list = field(default_factory=list)


def changed_words(old: Shard | None, new: Shard) -> dict[str, set[str]] | None:
    """By language, the words whose postings (or size, or variants) differ between two versions of a shard.

    None when the old version is not known: then every word is joined again.
    """
    if old is None:
        return None
    changed = {}
    for language in old.languages.keys() | new.languages.keys():
        before = {word: rest for word, *rest in getattr(old.languages.get(language), "words", [])}
        after = {word: rest for word, *rest in getattr(new.languages.get(language), "words", [])}
        changed[language] = {word for word in before.keys() | after.keys() if before.get(word) != after.get(word)}
    return changed


def _remapped(run: tuple, fields: dict[int, int]) -> tuple:
    """``run`` with its meta-field markers (``-1 - n`` in the meta locations) renumbered by ``fields``."""
    if not run[0]:
        return run
    return as_run([[posting[0], posting[1], [fields.get(x, x) if x < 0 else x for x in posting[2]]]
                 for posting in postings_of(run)])


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _chunk_ranges(chunks: list[list[str]]) -> list[tuple[str, str]]:
    """Pagefind's ``[from, to]`` for each chunk (its words): the shortest prefixes that tell it from its neighbours.

    The first chunk starts, and the last ends, with its whole word; a range
    that would end before it starts ends with the whole last word.
    """
    ranges = []
    for i, chunk in enumerate(chunks):
        first, last = chunk[0], chunk[-1]
        before = chunks[i - 1][-1] if i else None
        after = chunks[i + 1][0] if i + 1 < len(chunks) else None
        start = first if before is None else first[:_common_prefix(first, before) + 1]
        end = last if after is None else last[:_common_prefix(last, after) + 1]
        if end < start:
            end = last
        ranges.append((start, end))
    return ranges


def _tagged(words: list, number: int):
    for word, size, postings, variants in words:
        yield word, number, size, postings, variants


def _sort_key(values: list[str]):
    """Pagefind sorts numbers as numbers when every value of a key is one, else as text."""
    try:
        [float(value) for value in values]
    except ValueError:
        return lambda item: item[0]
    return lambda item: float(item[0])


class _Encoder:
    """Encodes a word's entry from its runs in the shards, with page numbers of the whole index."""

    def __init__(self, parts: list[ShardLanguage], meta_fields: list[str]):
        self.bases = list(itertools.accumulate((len(part.pages) for part in parts), initial=0))
        self.field_tables = [None if part.meta_fields == meta_fields else
                             {-1 - number: -1 - meta_fields.index(name) for number, name in enumerate(part.meta_fields)}
                             for part in parts]

    def postings(self, runs: list[tuple[int, tuple]]) -> bytes:
        """CBOR of the joined postings of shards' runs (``(part number, run)`` in part order)."""
        total, pieces, last_page = 0, [], 0
        for number, run in runs:
            if self.field_tables[number] is not None:
                run = _remapped(run, self.field_tables[number])
            count, first, head, tail, last = run
            if not count:
                continue
            start = self.bases[number] + first  # a run's first page, in the whole index
            pieces += (head, cbor_uint(start - last_page), tail)
            last_page = self.bases[number] + last
            total += count
        return array_header(total) + b"".join(pieces)

    def entry(self, word: str, group) -> Entry:
        """The entry of ``word`` from ``group``: ``(part number, size, run, variants)`` of each part holding it."""
        size, runs, variants = 0, [], {}
        for number, word_size, run, word_variants in group:
            size += word_size
            runs.append((number, run))
            for variant, variant_run in word_variants:
                variants.setdefault(variant, []).append((number, variant_run))
        return size, b"\x83" + cbor2.dumps(word) + self.postings(runs) + array_header(len(variants)) + b"".join(
            b"\x82" + cbor2.dumps(variant) + self.postings(variant_runs)
            for variant, variant_runs in sorted(variants.items()))


def _all_entries(parts: list[ShardLanguage], encoder: _Encoder) -> dict[str, Entry]:
    merged = heapq.merge(*(_tagged(part.words, number) for number, part in enumerate(parts)))
    return {word: encoder.entry(word, (item[1:] for item in group))
            for word, group in itertools.groupby(merged, key=lambda item: item[0])}


def _updated_entries(parts: list[ShardLanguage], encoder: _Encoder, entries: dict[str, Entry],
                     changed: set[str]) -> dict[str, Entry]:
    """``entries`` (the last join's) with the ``changed`` words encoded again from ``parts``."""
    added = False
    for word in sorted(changed):
        group = []
        for number, part in enumerate(parts):
            at = bisect.bisect_left(part.words, word, key=lambda item: item[0])
            if at < len(part.words) and part.words[at][0] == word:
                group.append((number, *part.words[at][1:]))
        if not group:
            entries.pop(word, None)
            continue
        added = added or word not in entries
        entries[word] = encoder.entry(word, group)
    return dict(sorted(entries.items())) if added else entries


def _chunks(entries: dict[str, Entry]) -> list[list[str]]:
    """The words of each chunk: Pagefind starts a new chunk once one holds ``CHUNK_SIZE`` numbers."""
    chunks, chunk, size = [], [], 0
    for word, (word_size, _) in entries.items():
        chunk.append(word)
        size += word_size
        if size >= CHUNK_SIZE:
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


def join_language(version: str, language: str, parts: list[tuple[ShardLanguage, dict]], numbers: list[int],
                  previous: Joined | None = None, existing: set[str] = frozenset(),
                  changed: set[str] | None = None) -> tuple[dict[str, bytes | None], Joined]:
    """The index files of one language over all shards (``parts``: each shard's language and its sort values).

    ``numbers`` are the shards the parts come from. A chunk that ``previous``
    (the last join) wrote with the same bytes and that is still in
    ``existing`` (the bundle's files) is given as ``None``: keep the file.
    ``changed`` names the only words whose postings may differ from the last
    join's (None: any word may).
    """
    languages = [part for part, _ in parts]
    everyone = [(url, fragment, count, number)
                for number, part in enumerate(languages) for url, fragment, count in part.pages]
    meta_fields = sorted({name for part in languages for name in part.meta_fields})
    encoder = _Encoder(languages, meta_fields)
    layout = (tuple(numbers), tuple(encoder.bases), tuple(tuple(part.meta_fields) for part in languages))
    incremental = previous is not None and changed is not None and previous.layout == layout
    if incremental:
        entries = _updated_entries(languages, encoder, previous.entries, changed)
    else:
        entries, changed = _all_entries(languages, encoder), None
    files: dict[str, bytes | None] = {}

    chunk_list, chunk_names, chunk_starts = [], {}, {}
    chunks = _chunks(entries)
    for (start, end), words in zip(_chunk_ranges(chunks), chunks):
        known = previous.chunk_starts.get(words[0]) if incremental else None
        if known and known[:2] == (len(words), words[-1]) and f"index/{known[3]}.pf_index" in existing \
                and not any(word in changed for word in words):
            # The same span of words, none of them changed: the same file. (A word gone from the span
            # changes its count, unless a changed word came in.)
            _, _, digest, name = known
            files[f"index/{name}.pf_index"] = None
        else:
            raw = SIGNATURE + array_header(1) + array_header(len(words)) + b"".join(entries[word][1] for word in words)
            digest = hashlib.sha1(raw).hexdigest()
            name = previous.chunks.get(digest) if previous is not None else None
            if name is not None and f"index/{name}.pf_index" in existing:
                files[f"index/{name}.pf_index"] = None
            else:
                data = gzip.compress(raw, compresslevel=6, mtime=0)
                name = named(language, data)
                files[f"index/{name}.pf_index"] = data
        chunk_names[digest] = name
        chunk_starts[words[0]] = (len(words), words[-1], digest, name)
        chunk_list.append([start, end, name])

    # Filters and sort orders span every page; an edit to a briefing's text changes neither, so their
    # files are kept when what they are made from is (0.2 s of an edit's join at 10,000 briefings).
    # Sorted: Pagefind writes a filter's values in no fixed order.
    filter_digest = _digest(encoder.bases, [sorted((name, sorted(values.items())) for name, values in part.filters.items())
                                            for part in languages])
    filter_list = _kept(previous, "filter", filter_digest, existing)
    if filter_list is None:
        filter_list = _filter_files(language, languages, encoder.bases, files)
    else:
        files.update((f"filter/{name}.pf_filter", None) for _, name in filter_list)
    sort_digest = _digest([[url for url, _, _ in part.pages] for part in languages], [sorts for _, sorts in parts])
    sort_list = _kept(previous, "sort", sort_digest, existing)
    if sort_list is None:
        sort_list = _sort_orders(parts, everyone)

    meta = encode([version, [[fragment, count] for _, fragment, count, _ in everyone],
                   chunk_list, filter_list, sort_list, meta_fields])
    meta_name = named(language, meta, 10)
    files[f"pagefind.{meta_name}.pf_meta"] = meta
    files[""] = json.dumps({"hash": meta_name, "wasm": languages[0].wasm, "page_count": len(everyone)}).encode()
    return files, Joined(chunk_names, layout, entries, chunk_starts, filter_digest, filter_list, sort_digest, sort_list)


def _digest(*values) -> str:
    """A digest of plain values (lists, dicts, strings, numbers): equal digests, equal values."""
    return hashlib.sha1(pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def _kept(previous: Joined | None, kind: str, digest: str, existing: set[str]) -> list | None:
    """The last join's filter or sort list if it was made from what gives ``digest`` and its files are still there."""
    if previous is None or getattr(previous, f"{kind}_digest", None) != digest:
        return None
    kept = getattr(previous, f"{kind}_list")
    if kind == "filter" and not all(f"filter/{name}.pf_filter" in existing for _, name in kept):
        return None
    return kept


def _filter_files(language: str, languages: list[ShardLanguage], bases: list[int], files: dict) -> list[list[str]]:
    """Write each filter over all pages into ``files``; give the meta's ``[[filter, file name]]``."""
    filters: dict[str, dict[str, list[int]]] = {}
    for number, part in enumerate(languages):
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
    return filter_list


def _sort_orders(parts: list[tuple[ShardLanguage, dict]], everyone: list) -> list:
    """The meta's ``[[sort key, [page in order]]]`` over all pages."""
    by_key: dict[str, list[tuple[str, int]]] = {}
    for page, (url, _, _, number) in enumerate(everyone):
        for key, value in parts[number][1].get(url, {}).items():
            by_key.setdefault(key, []).append((value, page))
    return [[key, [page for _, page in sorted(items, key=_sort_key([v for v, _ in items]))]]
            for key, items in sorted(by_key.items())]


def join_shards(shards: list[Shard], previous: dict[str, Joined] | None = None, existing: set[str] = frozenset(),
                changed: dict[str, set[str]] | None = None) -> tuple[dict[str, bytes | None], dict[str, Joined]]:
    """The index files (entry, meta, chunks, filters) of all ``shards`` joined, and what to reuse next time.

    Fragments are not included; ``previous`` (by language), ``existing`` and
    ``changed`` (by language) as in :func:`join_language`. A file given as
    ``None`` is in ``existing`` with the right bytes.
    """
    # Many small lists, none in a cycle: the cycle collector would scan the heap again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _join_shards(shards, previous or {}, existing, changed)
    finally:
        if collecting:
            gc.enable()


def _join_shards(shards, previous, existing, changed):
    version = shards[0].version
    files: dict[str, bytes | None] = {}
    languages, joined = {}, {}
    for language in sorted({language for shard in shards for language in shard.languages}):
        numbers = [number for number, shard in enumerate(shards) if language in shard.languages]
        parts = [(shards[number].languages[language], shards[number].sorts) for number in numbers]
        language_files, joined[language] = join_language(
            version, language, parts, numbers, previous.get(language), existing,
            None if changed is None else changed.get(language, set()))
        languages[language] = json.loads(language_files.pop(""))
        files.update(language_files)
    include = next((shard.include_characters for shard in shards if shard.include_characters), [])
    entry = {"version": version, "languages": languages, "include_characters": include}
    files["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files, joined
