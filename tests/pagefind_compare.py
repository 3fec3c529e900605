"""Pagefind bundles read back into a form that does not depend on how pages are numbered, for comparing two indexes.

Pagefind numbers pages in the order it met them; two indexes of the same pages
are the same index when every word has the same locations on the same pages
(named by their fragment), every filter value the same pages, every sort key
the same order of dates, and the chunks the same word ranges.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from briefing.build.pagefind_bundle import SIGNATURE, decode


def pages_of(postings: list) -> list[tuple[int, list]]:
    """``(page number, locations)`` of a word's postings, whose page numbers are each the step from the one before."""
    page, found = 0, []
    for posting in postings:
        page += posting[0]
        found.append((page, posting[1:]))
    return found


def read_bundle(folder: Path) -> dict:
    """The content of the Pagefind bundle in ``folder``, keyed by fragment hash instead of page number."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = {}
    for language, info in entry["languages"].items():
        version, pages, chunks, filters, sorts, meta_fields = decode((folder / f"pagefind.{info['hash']}.pf_meta").read_bytes())
        names = [fragment for fragment, _ in pages]
        fragments = {
            fragment: json.loads(gzip.decompress((folder / "fragment" / f"{fragment}.pf_fragment").read_bytes())[len(SIGNATURE):])
            for fragment in names
        }
        words = {}
        for _, _, chunk in chunks:
            for word, postings, variants in decode((folder / "index" / f"{chunk}.pf_index").read_bytes())[0]:
                words[word] = (
                    {names[page]: repr(locations) for page, locations in pages_of(postings)},
                    {variant: dict((names[page], repr(locations)) for page, locations in pages_of(items))
                     for variant, items in variants},
                )
        filter_values = {}
        for name, filter_hash in filters:
            _, values = decode((folder / "filter" / f"{filter_hash}.pf_filter").read_bytes())
            filter_values[name] = {value: sorted(names[page] for page in members) for value, members in values}
        # Pages with the same sort value may come in any order: compare the runs of equal dates.
        sort_runs = {}
        for key, order in sorts:
            runs = []
            for page in order:
                date = fragments[names[page]]["meta"].get("date")
                if runs and runs[-1][0] == date:
                    runs[-1][1].add(names[page])
                else:
                    runs.append((date, {names[page]}))
            sort_runs[key] = runs
        languages[language] = {
            "version": version, "pages": dict(pages), "chunks": [(start, end) for start, end, _ in chunks],
            "words": words, "filters": filter_values, "sorts": sort_runs, "meta_fields": meta_fields,
            "page_count": info["page_count"], "wasm": info["wasm"], "fragments": fragments,
        }
    return {"version": entry["version"], "languages": languages, "include_characters": entry["include_characters"]}
