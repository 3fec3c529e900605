"""The search index built in shards and joined is the index Pagefind writes over the whole site.

The test site (the fixtures, the user's seed, a Russian and a Chinese briefing)
is built with Pelican, then indexed twice: by the Pagefind CLI over the whole
output (the reference), and by ``briefing.build.search`` in several shards
joined into one. The two must hold the same pages, words and locations, chunks,
filters and date order; in Chromium, Pagefind's own JavaScript must give the
same results, scores, filter counts and browsing order from both. After an edit
and a deletion, the incremental index must be, byte for byte, what a clean one
gives.
"""

from __future__ import annotations

import filecmp
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browser_support import chromium, require_chromium, serve
from conftest import ROOT, build_site
from pagefind_compare import read_bundle
from test_multilingual_site import make_multilingual_content

from briefing.build import pagefind_join
from briefing.build.search import pages_indexed, update_search_index

SHARD_PAGES = 2  # several shards even on a small site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """``(output folder without a search index, the CLI's index of it)``."""
    root = tmp_path_factory.mktemp("search-index")
    content, _ = make_multilingual_content(root)
    output = build_site(content, root / "output")
    return output, full_index(output, root / "full")


def full_index(output: Path, target: Path) -> Path:
    """The Pagefind CLI's index of the whole of ``output``, written to ``target``."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(output), "--output-path", str(target),
                             "--silent"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return target


def sharded_copy(output: Path, root: Path, cache: Path | None = None, clean: bool = True) -> tuple[Path, str]:
    """A copy of ``output`` (or ``root`` itself if it exists) indexed in shards; the copy and the update's report."""
    if not root.exists():
        shutil.copytree(output, root)
    report = update_search_index(root, pages_indexed(root), cache or root.parent / f"{root.name}-cache", clean,
                                 shard_pages=SHARD_PAGES)
    return root, report


def same_files(left: Path, right: Path) -> list[str]:
    """Paths under either folder that are missing from the other or differ in bytes."""
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    others = {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    return sorted((names ^ others) | {name for name in names & others
                                      if not filecmp.cmp(left / name, right / name, shallow=False)})


def test_joined_shards_hold_what_one_pagefind_index_holds(site, tmp_path):
    output, full = site
    sharded, report = sharded_copy(output, tmp_path / "sharded")
    assert "rebuilt" in report and "of 8 shards" in report, report
    joined, reference = read_bundle(sharded / "pagefind"), read_bundle(full)
    assert set(joined["languages"]) == set(reference["languages"]) == {"en"}
    ours, theirs = joined["languages"]["en"], reference["languages"]["en"]
    assert ours["page_count"] == theirs["page_count"] == 10  # seven fixtures, the seed, Russian, Chinese
    assert any("минск" in word for word in theirs["words"]) and any("北约" in word for word in theirs["words"])
    for part in ("pages", "chunks", "words", "filters", "sorts", "meta_fields", "fragments", "wasm", "version"):
        assert ours[part] == theirs[part], part
    assert joined == reference
    # Script, wasm and UI files are Pagefind's own.
    for name in ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "pagefind-ui.js"):
        assert (sharded / "pagefind" / name).read_bytes() == (full / name).read_bytes(), name


SEARCHES = [
    ("belarus", {}), ("nato summit", {}), ("минск", {}), ("北约", {}), ("bel", {}),
    ("sanctions", {"region": {"any": ["Eastern Europe"]}}),
    (None, {}), (None, {"region": {"any": ["Eastern Europe"]}}), (None, {"language": {"any": ["Russian", "Chinese"]}}),
]
RUN_SEARCH = """async ([bundle, query, filters]) => {
  const pagefind = await import(bundle + "pagefind.js");
  await pagefind.options({ baseUrl: "/" });
  const options = { filters };
  if (!query) { options.sort = { date: "desc" }; }  // browsing, as the search page does
  const search = await pagefind.search(query, options);
  const results = await Promise.all(search.results.map(async (result) => {
    const data = await result.data();
    return [data.url, Math.round(result.score * 1e6), data.meta.date, data.excerpt];
  }));
  return { results, filters: search.filters, total: search.unfilteredResultCount };
}"""


def test_search_in_the_browser_gives_the_same_results_from_the_joined_index(site, tmp_path):
    require_chromium()
    output, full = site
    sharded, _ = sharded_copy(output, tmp_path / "sharded")
    shutil.copytree(full, sharded / "pagefind-full")
    with serve(sharded) as base_url, chromium() as browser:
        pages = []
        for _ in range(2):  # one page for each index: Pagefind keeps its state per page
            pages.append(browser.new_page())
            pages[-1].goto(base_url)  # a page that loads no index of its own
        for query, filters in SEARCHES:
            ours = pages[0].evaluate(RUN_SEARCH, [base_url + "pagefind/", query, filters])
            theirs = pages[1].evaluate(RUN_SEARCH, [base_url + "pagefind-full/", query, filters])
            assert ours["results"], (query, filters)
            assert ours["total"] == theirs["total"] and ours["filters"] == theirs["filters"], (query, filters)
            if query:  # by score, pages with equal scores in either order
                assert sorted(ours["results"], key=lambda r: (-r[1], r[0])) == \
                    sorted(theirs["results"], key=lambda r: (-r[1], r[0])), query
            else:  # newest first, pages of the same date in either order (a browse's score is its place)
                assert [r[2] for r in ours["results"]] == [r[2] for r in theirs["results"]], filters
                assert sorted((r[0], r[2], r[3]) for r in ours["results"]) == \
                    sorted((r[0], r[2], r[3]) for r in theirs["results"]), filters


def edit_page(page: Path, words: str) -> None:
    """Add ``words`` to a briefing page's indexed text, as an edited briefing would."""
    html = page.read_text(encoding="utf-8")
    assert '<div class="body' in html
    page.write_text(html.replace('<div class="body', f'<p>{words}</p><div class="body', 1), encoding="utf-8")


def assert_same_as_clean(sharded: Path, scratch: Path) -> dict:
    """The incremental index of ``sharded`` is byte for byte a clean one, and holds what Pagefind's own holds."""
    clean = scratch / "clean"
    shutil.copytree(sharded, clean, ignore=shutil.ignore_patterns("pagefind"))
    sharded_copy(sharded, clean)
    assert same_files(sharded / "pagefind", clean / "pagefind") == []
    joined = read_bundle(sharded / "pagefind")
    assert joined == read_bundle(full_index(clean, scratch / "full"))
    return joined


def test_an_edit_reindexes_one_shard_and_gives_what_a_clean_index_gives(site, tmp_path):
    output, _ = site
    cache = tmp_path / "cache"
    sharded, report = sharded_copy(output, tmp_path / "sharded", cache)
    assert "8 of 8 shards" in report
    _, report = sharded_copy(output, sharded, cache, clean=False)
    assert report == "unchanged"

    pages = sorted(pages_indexed(sharded))
    edit_page(sharded / pages[0], "The quartermaster counted zeppelins.")
    _, report = sharded_copy(output, sharded, cache, clean=False)
    assert report == "rebuilt (1 of 8 shards re-indexed)"
    joined = assert_same_as_clean(sharded, tmp_path / "after-edit")
    assert "zeppelin" in joined["languages"]["en"]["words"]

    (sharded / pages[-1]).unlink()
    _, report = sharded_copy(output, sharded, cache, clean=False)
    assert report == "rebuilt (1 of 8 shards re-indexed)"
    joined = assert_same_as_clean(sharded, tmp_path / "after-delete")
    assert joined["languages"]["en"]["page_count"] == 9


def test_a_damaged_shard_in_the_cache_is_not_trusted(site, tmp_path, caplog):
    output, _ = site
    cache = tmp_path / "cache"
    sharded, _ = sharded_copy(output, tmp_path / "sharded", cache)
    pages = sorted(pages_indexed(sharded))
    edit_page(sharded / pages[0], "The quartermaster counted zeppelins.")
    damaged = sorted((cache / "search").glob("shard-*.pickle"))[-1]
    damaged.write_bytes(damaged.read_bytes()[:100])  # a shard the edit does not touch, cut short
    _, report = sharded_copy(output, sharded, cache, clean=False)
    assert report == "rebuilt (8 of 8 shards re-indexed)"
    assert "could not be read" in caplog.text and str(cache / "search") in caplog.text
    assert "zeppelin" in assert_same_as_clean(sharded, tmp_path / "after")["languages"]["en"]["words"]


def words_on(bundle: dict, page: str) -> set[str]:
    """The words (and accented variants' words) of ``read_bundle``'s index that occur on one page, named by fragment."""
    fragment = next(name for name, data in bundle["languages"]["en"]["fragments"].items() if data["url"] == page)
    return {word for word, (pages, variants) in bundle["languages"]["en"]["words"].items()
            if fragment in pages or any(fragment in found for found in variants.values())}


def test_an_edit_joins_again_only_the_words_of_the_edited_page(site, tmp_path, monkeypatch):
    """After an edit that adds no page, the join encodes only the words whose postings changed, and writes, chunk
    for chunk, what a clean join writes (a tiny chunk size makes many chunks, so chunks around the edit change)."""
    monkeypatch.setattr(pagefind_join, "CHUNK_SIZE", 60)
    output, _ = site
    cache = tmp_path / "cache"
    sharded, _ = sharded_copy(output, tmp_path / "sharded", cache)
    encoded = []
    encode = pagefind_join._Encoder.entry
    monkeypatch.setattr(pagefind_join._Encoder, "entry", lambda self, word, group: encoded.append(word) or
                        encode(self, word, group))
    pages = sorted(pages_indexed(sharded))
    original = (sharded / pages[1]).read_text(encoding="utf-8")
    edits = [(pages[1], "The quartermaster counted zeppelins."),  # new words, locations moved
             (pages[1], None),  # back as it was: those words gone again
             (pages[4], "Aardvarks and zymurgy."),  # words before the first and after the last chunk
             (pages[4], "Aardvarks and zymurgy, twice.")]
    for number, (page, words) in enumerate(edits):
        before = read_bundle(sharded / "pagefind")
        if words is None:
            (sharded / page).write_text(original, encoding="utf-8")
        else:
            edit_page(sharded / page, words)
        encoded.clear()
        _, report = sharded_copy(output, sharded, cache, clean=False)
        assert report.startswith("rebuilt (1 of"), report
        after = read_bundle(sharded / "pagefind")
        url = "/" + page.removesuffix("index.html")
        assert encoded and set(encoded) <= words_on(before, url) | words_on(after, url), number
        clean = tmp_path / f"clean-{number}"
        shutil.copytree(sharded, clean, ignore=shutil.ignore_patterns("pagefind"))
        sharded_copy(sharded, clean)
        assert same_files(sharded / "pagefind", clean / "pagefind") == [], number
        assert len(after["languages"]["en"]["chunks"]) > 10
    assert "zymurgi" in after["languages"]["en"]["words"] or "zymurgy" in after["languages"]["en"]["words"]


def test_filters_and_sort_orders_are_made_again_only_when_an_edit_changes_them(site, tmp_path, monkeypatch):
    """An edit to a briefing's text keeps the filter files and the date order of the last join; a changed year or
    date makes them again. After each edit the index is byte for byte a clean one."""
    output, _ = site
    cache = tmp_path / "cache"
    sharded, _ = sharded_copy(output, tmp_path / "sharded", cache)
    made = []
    for name in ("_filter_files", "_sort_orders"):
        monkeypatch.setattr(pagefind_join, name, lambda *args, _name=name, _made=getattr(pagefind_join, name):
                            made.append(_name) or _made(*args))
    page = sharded / sorted(pages_indexed(sharded))[2]
    year = re.search(r'data-pagefind-filter="year:(\d+)"', page.read_text(encoding="utf-8")).group(1)
    edits = [(lambda html: html.replace('<div class="body', '<p>Zeppelins.</p><div class="body', 1), []),
             (lambda html: html.replace(f'data-pagefind-filter="year:{year}"', 'data-pagefind-filter="year:1901"'),
              ["_filter_files"]),
             (lambda html: re.sub(r'data-pagefind-sort="date:[^"]*"', 'data-pagefind-sort="date:1901-01-01"', html),
              ["_sort_orders"])]
    for number, (edit, remade) in enumerate(edits):
        page.write_text(edit(page.read_text(encoding="utf-8")), encoding="utf-8")
        made.clear()
        _, report = sharded_copy(output, sharded, cache, clean=False)
        assert report.startswith("rebuilt (1 of"), report
        assert made == remade, number
        assert_same_as_clean(sharded, tmp_path / f"clean-{number}")


def test_a_fragment_missing_from_the_output_is_written_again_from_the_cache(site, tmp_path):
    """Shards are cached without their fragments (kept in a file of their own, read only when needed): a fragment
    deleted from ``output/pagefind`` comes back from that file after an edit elsewhere, nothing else re-indexed."""
    output, _ = site
    cache = tmp_path / "cache"
    sharded, _ = sharded_copy(output, tmp_path / "sharded", cache)
    pages = sorted(pages_indexed(sharded))
    fragments = sorted((sharded / "pagefind" / "fragment").iterdir())
    lost = fragments[0]
    lost.unlink()
    edit_page(sharded / pages[-1], "The quartermaster counted zeppelins.")
    _, report = sharded_copy(output, sharded, cache, clean=False)
    assert report == "rebuilt (1 of 8 shards re-indexed)"
    assert lost.exists()
    assert_same_as_clean(sharded, tmp_path / "after")


def test_a_random_run_of_edits_gives_what_a_clean_index_gives(site, tmp_path, monkeypatch):
    """Edits, restores, new and deleted pages in a seeded random order: after each, the incremental index is byte
    for byte a clean one (whichever way the join went: only the changed words, or all of them)."""
    monkeypatch.setattr(pagefind_join, "CHUNK_SIZE", 80)  # many chunks, so spans of words move
    output, _ = site
    cache = tmp_path / "cache"
    sharded, _ = sharded_copy(output, tmp_path / "sharded", cache)
    chooser = random.Random(9)
    words = ["zeppelins", "aardvarks", "the quartermaster", "zymurgy", "Минск", "北约", "sanctions", "Belarus"]
    done = []
    for step in range(10):
        pages = sorted(pages_indexed(sharded))
        page = chooser.choice(pages)
        action = chooser.choice(["edit", "edit", "edit", "restore", "copy", "delete"] if len(pages) > 6 else ["copy"])
        if action == "edit":
            edit_page(sharded / page, " ".join(chooser.sample(words, 3)))
        elif action == "restore" and (output / page).exists():
            shutil.copyfile(output / page, sharded / page)
        elif action == "copy":
            copy = sharded / page.replace("index.html", f"copy-{step}/index.html")
            copy.parent.mkdir(parents=True)
            copy.write_text((sharded / page).read_text(encoding="utf-8").replace("<h1", "<h1 data-copy", 1),
                            encoding="utf-8")
        else:
            (sharded / page).unlink()
        done.append((action, page))
        sharded_copy(output, sharded, cache, clean=False)
        clean = tmp_path / f"clean-{step}"
        shutil.copytree(sharded, clean, ignore=shutil.ignore_patterns("pagefind"))
        sharded_copy(sharded, clean)
        assert same_files(sharded / "pagefind", clean / "pagefind") == [], done


def test_a_build_indexes_its_pages_while_it_finishes_and_gives_the_clean_index(site, tmp_path, monkeypatch):
    """``briefing build`` starts Pagefind as soon as the pages are written, before the build cache is saved (the
    build's last single-core stretch), and the index is the one a separate clean update gives."""
    from briefing.build import build_site as build
    from briefing.build.cache import BuildCache
    from briefing.build.search import SearchIndexUpdate

    output, _ = site
    events = []
    start, save = SearchIndexUpdate.__init__, BuildCache.save

    def started(self, *args, **kwargs):
        events.append("search started")
        start(self, *args, **kwargs)

    def saved(self):
        events.append("cache saved")
        save(self)

    monkeypatch.setattr(SearchIndexUpdate, "__init__", started)
    monkeypatch.setattr(BuildCache, "save", saved)
    built = tmp_path / "built"
    report = build(ROOT / "pelicanconf.py", path=output.parent / "content", output=built, cache_dir=tmp_path / "cache",
                   full=True)
    assert "search index rebuilt" in report.summary()
    assert events == ["search started", "cache saved"]
    shutil.copytree(built, tmp_path / "clean", ignore=shutil.ignore_patterns("pagefind"))
    update_search_index(tmp_path / "clean", pages_indexed(tmp_path / "clean"), tmp_path / "clean-cache", True)
    assert same_files(built / "pagefind", tmp_path / "clean" / "pagefind") == []


@pytest.mark.parametrize("url", ['/briefing/a"quote/', "/briefing/путь/", "/long/" + "中文" * 3000 + "/"])
@pytest.mark.parametrize("compact", [True, False])
def test_a_fragments_url_is_read_from_its_start_or_else_from_the_whole_file(url, compact):
    """Pagefind writes ``{"url":"..."`` first; a long URL or another layout falls back to the whole file."""
    import gzip
    import json

    from briefing.build.pagefind_bundle import SIGNATURE, fragment_url

    text = json.dumps({"url": url, "content": "Text."}, ensure_ascii=False,
                      separators=(",", ":") if compact else None)
    assert fragment_url(gzip.compress(SIGNATURE + text.encode("utf-8"))) == url
