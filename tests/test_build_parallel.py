"""`briefing build` on both cores: the same bytes as one process, and the site's memory let go before Pagefind.

The generated site of ``test_build`` is grown past the size at which reading
and rendering fork workers (``PARALLEL_MINIMUM`` briefings and pages), so the
forked paths run here; the equivalence test itself builds a site too small to fork.
"""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from briefing.build import reading, render
from briefing.build.cache import BuildCache
from conftest import ROOT, build_site
from test_build import Site, assert_same_tree, run_build

FREED_CHECK = """
import gc, sys
from pelican.contents import Article
from briefing.build import build_site, search
alive = []
finish = search.SearchIndexUpdate.finish
def counting_then_finishing(self):
    # Counted when the build waits for the search index: the build's own objects must be gone by then.
    gc.collect()
    alive.append(sum(isinstance(item, Article) for item in gc.get_objects()))
    return finish(self)
search.SearchIndexUpdate.finish = counting_then_finishing
report = build_site(sys.argv[1], path=sys.argv[2], output=sys.argv[3], cache_dir=sys.argv[4], full=True)
print(report.counts.get("briefings"), *alive)
"""

WORKER_CHECK = """
import gc, sys
from pelican import signals
from pelican.contents import Article
from briefing.build import build_site, reading
seen = []
def read_as_a_worker_does(generator):
    # Connected before the build's own receiver: no briefing exists yet when this runs.
    reading._generator = generator
    names = sorted(generator.get_files(generator.settings["ARTICLE_PATHS"]))
    results, _ = reading._read_chunk(names)
    gc.collect()
    seen.append((sum(blob is not None for _, blob, *_ in results), sum(isinstance(item, Article) for item in gc.get_objects())))
signals.article_generator_init.connect(read_as_a_worker_does)
build_site(sys.argv[1], path=sys.argv[2], output=sys.argv[3], cache_dir=sys.argv[4], full=True, search=False)
print(*seen[0])
"""

HELD_CHECK = """
import sys
from briefing.build import build_site, render
seen = []
flush = render.flush
def looking_then_flushing(writer, cache, jobs, report, read_states=None):
    briefings = [state.briefing for state in read_states.values()]
    texts_held = sum("_content" in vars(briefing) for briefing in briefings)
    readable = all(briefing._content.startswith("<") and briefing.content for briefing in briefings)
    languages = len({id(briefing.lang) for briefing in briefings}) - len({briefing.lang for briefing in briefings})
    flush(writer, cache, jobs, report, read_states)
    edited = briefings[0]
    edited._content = "<p>Set after reading.</p>"
    seen.append((len(briefings), texts_held, readable, languages, edited._content == "<p>Set after reading.</p>"))
render.flush = looking_then_flushing
build_site(sys.argv[1], path=sys.argv[2], output=sys.argv[3], cache_dir=sys.argv[4], full=True, search=False)
print(*seen[0])
"""

CHUNKS_CHECK = """
import os, sys
from briefing.build import build_site, render
render.PARALLEL_MINIMUM = render.CHUNK_PAGES = 8  # many chunks on a small site
render_chunk = render._render_chunk
def noting_the_worker(indices, connection):
    with open(sys.argv[5], "a", encoding="ascii") as handle:
        handle.write(f"{os.getpid()} {len(indices)}\\n")
    render_chunk(indices, connection)
render._render_chunk = noting_the_worker
build_site(sys.argv[1], path=sys.argv[2], output=sys.argv[3], cache_dir=sys.argv[4], full=True, search=False)
"""

LOCATOR_CHECK = """
import os, sys
from briefing.build import build_site
from briefing.plugin import maps
main, located, placed = os.getpid(), [], []
locate, add_locators = maps.Locators.locate, maps.MapsGenerator.add_locators
def counting_locate(self, *args):
    if os.getpid() == main:  # forked reading workers inherit this too: only the build's own process counts
        located.append(args)
    return locate(self, *args)
def counting_placed(self, facts):
    add_locators(self, facts)
    placed.extend(b for b in self.context["articles"] if getattr(b, "locator", None))
maps.Locators.locate, maps.MapsGenerator.add_locators = counting_locate, counting_placed
build_site(sys.argv[1], path=sys.argv[2], output=sys.argv[3], cache_dir=sys.argv[4], full=True, search=False)
print(len(placed), len(located))
"""


def grown_site(tmp_path) -> Site:
    site = Site(tmp_path / "site", random.Random(5))
    while site.count < max(reading.PARALLEL_MINIMUM, render.PARALLEL_MINIMUM) + 6:
        site.add()
    return site


def test_two_processes_write_what_one_process_writes(tmp_path):
    site = grown_site(tmp_path)
    run_build(site, tmp_path / "two", tmp_path / "two-cache", "--full", "--jobs", "2")
    run_build(site, tmp_path / "one", tmp_path / "one-cache", "--full", "--jobs", "1")
    assert_same_tree(tmp_path / "two", tmp_path / "one", "--jobs 2 against --jobs 1")


def test_each_render_worker_renders_one_chunk_and_the_site_is_the_same(tmp_path):
    """A render worker kept to the end copied nearly the whole heap (CPython writes a reference count on
    every object it reads): at 50,000 briefings 870 MB in each process. Each worker now renders one
    chunk and exits, and a fresh one is forked for the next; the pages are those one process writes."""
    site = grown_site(tmp_path)
    noted = tmp_path / "workers.txt"
    result = subprocess.run(
        [sys.executable, "-c", CHUNKS_CHECK, str(site.settings), str(site.content), str(tmp_path / "chunked"),
         str(tmp_path / "chunked-cache"), str(noted)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 0, result.stderr
    workers = [line.split() for line in noted.read_text(encoding="ascii").splitlines()]
    assert workers, "no render worker was forked"
    assert len({pid for pid, _ in workers}) == len(workers), "a render worker rendered more than one chunk"
    assert all(0 < int(pages) <= 8 + 64 for _, pages in workers)  # a chunk, and the few feeds dealt to it
    run_build(site, tmp_path / "one", tmp_path / "one-cache", "--full", "--jobs", "1")
    assert_same_tree(tmp_path / "chunked", tmp_path / "one", "chunked render workers against --jobs 1")


def printed_in_subprocess(script: str, tmp_path) -> list[str]:
    """Build a grown site with ``script`` in a fresh interpreter; the words it prints."""
    site = grown_site(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", script, str(site.settings), str(site.content), str(tmp_path / "out"),
         str(tmp_path / "cache")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def counted_in_subprocess(script: str, tmp_path) -> tuple[int, int]:
    """Build a grown site with ``script`` in a fresh interpreter; the two counts it prints last."""
    first, second = map(int, printed_in_subprocess(script, tmp_path)[-2:])
    return first, second


def test_no_briefing_is_held_once_the_pages_are_written(tmp_path):
    """Pelican memoises each briefing's rendered content on its class, and the build session kept each
    briefing's read state; either held the whole site in memory while the search index was built
    (at 50,000 briefings both at once were over the 2 GB target)."""
    built, alive = counted_in_subprocess(FREED_CHECK, tmp_path)
    assert built >= reading.PARALLEL_MINIMUM
    assert alive == 0


def test_the_main_process_holds_briefings_texts_pickled_and_their_short_strings_once(tmp_path):
    """At 50,000 briefings the main process held 1.6 GB before rendering forked, 33 KB a briefing: its
    text and key facts as Python objects (7 KB), and its own copy of every string ("en", "published",
    region names). The text now stays pickled until a page reads it, and equal short strings are one
    object; set after reading, a text is what the briefing gives (the text-only rebuild puts text in)."""
    briefings, texts_held, readable, extra_copies, set_text_wins = printed_in_subprocess(HELD_CHECK, tmp_path)[-5:]
    assert int(briefings) >= reading.PARALLEL_MINIMUM
    assert int(texts_held) == 0
    assert readable == "True"
    assert int(extra_copies) == 0  # one object for each language
    assert set_text_wins == "True"


def test_a_second_build_in_one_process_shows_an_edited_title_on_list_pages(tmp_path):
    """Cards are rendered once per build (briefing.plugin.fragments); a later build in the same process
    (as the tests and any tool driving Pelican run them) must not reuse the first one's cards."""
    site = Site(tmp_path / "site", random.Random(3))
    path = site.files()[-1]
    meta, body = site.read(path)
    output = tmp_path / "output"
    site.write(path, {**meta, "title": "Quartermaster sentinel talks"}, body)
    build_site(site.content, output)
    site.write(path, {**meta, "title": "Harbourmaster sentinel talks"}, body)
    build_site(site.content, output)
    pages = {page: page.read_text(encoding="utf-8") for page in output.rglob("*.html")}
    tag_pages = [page for page, html in pages.items() if "Harbourmaster sentinel talks" in html and "/tag/" in str(page)]
    assert tag_pages, "the edited title is on no tag page"
    assert not [page for page, html in pages.items() if "Quartermaster" in html]


def test_the_cache_keeps_briefings_on_disk_not_in_memory_and_changes_its_file_only_when_saved(tmp_path):
    """Every briefing's pickle stayed in memory through rendering (a quarter-gigabyte at 50,000 briefings):
    now they are written when reading ends and only their stamps are kept; the cache file a build
    started from stays as it was until the build saves (a build cut short leaves it intact)."""
    cache = BuildCache.open(tmp_path / "cache", "key")
    first = {"a.md": ("stamp-a", b"pickle a", (1, 2, 3)), "b.md": ("stamp-b", b"pickle b", (4, 5, 6))}
    cache.keep_briefings(dict(first))
    assert cache.briefings == {name: (stamp, None, state) for name, (stamp, _, state) in first.items()}
    cache.save()
    assert BuildCache.open(tmp_path / "cache", "key").briefings == first

    edited = {**first, "b.md": ("stamp-b2", b"pickle b2", (4, 5, 7))}
    reopened = BuildCache.open(tmp_path / "cache", "key")
    reopened.keep_briefings(dict(edited))
    assert BuildCache.open(tmp_path / "cache", "key").briefings == first  # not saved yet
    reopened.save()
    assert BuildCache.open(tmp_path / "cache", "key").briefings == edited


def test_a_reading_worker_keeps_no_briefing_it_has_sent(tmp_path):
    """Pelican's memo of rendered contents, filled by the plugins while a file is read, kept every briefing a
    reading worker had read: at 50,000 briefings each worker grew to over 400 MB while reading."""
    sent, alive = counted_in_subprocess(WORKER_CHECK, tmp_path)
    assert sent >= reading.PARALLEL_MINIMUM
    assert alive == 0


def test_reading_workers_work_out_the_locators_the_build_then_only_looks_up(tmp_path):
    """The locators were all worked out after reading, on one core while the other idled (about 1.6 s of a
    10,000-briefing build's serial stretch): the reading workers now work each out beside its briefing."""
    placed, located_after_reading = counted_in_subprocess(LOCATOR_CHECK, tmp_path)
    assert placed >= reading.PARALLEL_MINIMUM // 2
    assert located_after_reading == 0


def finishing_times(sizes: list[int], processes: int) -> list[int]:
    """When each of ``processes`` ends, taking the next chunk whenever it ends one (a page takes one unit)."""
    ends = [0] * processes
    for size in sizes:
        ends[ends.index(min(ends))] += size
    return ends


@pytest.mark.parametrize("pages", [200, 1_000, 5_003, 13_954, 68_000])
def test_render_chunks_shrink_so_both_processes_end_together(pages):
    """With chunks of 1,024 pages one process could take a last large chunk just as the other finished,
    and one core stood idle for up to a chunk's time (about a second) at the end of every full build."""
    sizes = reading.chunk_sizes(pages, 2, 128, 1024)
    assert sum(sizes) == pages
    assert max(sizes) <= 1024 and all(size >= 128 for size in sizes[:-1])
    first, second = finishing_times(sizes, 2)
    assert abs(first - second) <= 128
