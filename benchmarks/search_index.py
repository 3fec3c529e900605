"""Benchmark: the search index of N generated briefings, Pagefind over the whole site against shards joined.

Briefings come from ``benchmarks/site_build.py``'s generator and are built
once with ``briefing build --no-search``; ``--copies K`` then adds K copies of
every briefing page (another slug and title each), to reach 50,000 pages
without building them. In one run it measures (wall and CPU seconds, peak
resident memory of the process tree, sampled every 50 ms):

* the Pagefind CLI over the whole site (what ``make html`` ran before);
* ``briefing.build.search.update_search_index`` from scratch (shards indexed
  one at a time and joined);
* the same after one sentence is added to one briefing page (one shard re-indexed);
* the same with nothing changed.

    .venv/bin/python benchmarks/search_index.py --count 10000
    .venv/bin/python benchmarks/search_index.py --count 10000 --copies 4   # 50,000 pages
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from site_build import make_content, measure  # noqa: E402


def copy_pages(output: Path, copies: int) -> int:
    """Add ``copies`` copies of each briefing page under new slugs and titles; how many pages there are then."""
    pages = sorted((output / "briefing").glob("*/index.html"))
    for copy in range(1, copies + 1):
        for page in pages:
            slug = f"{page.parent.name}-copy-{copy}"
            html = page.read_text(encoding="utf-8").replace("<h1>", f"<h1>Copy {copy} of ", 1)
            target = output / "briefing" / slug / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
    return len(pages) * (copies + 1)


def index(output: Path, cache: Path, clean: bool) -> None:
    """The child process: index ``output`` as the build does and print what was done and how long it took."""
    from briefing.build.search import pages_indexed, update_search_index

    started = time.perf_counter()
    indexed = pages_indexed(output)  # the build knows these without reading the pages
    scanned, cpu = time.perf_counter(), cpu_seconds()
    report = update_search_index(output, indexed, cache, clean)
    print(f"{report}; {time.perf_counter() - scanned:.1f} s wall, {cpu_seconds() - cpu:.2f} s CPU indexing "
          f"after {scanned - started:.1f} s finding the pages")


def cpu_seconds() -> float:
    """CPU seconds of this process and its finished children (Pagefind's services) so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build(content: Path, output: Path, options, work: Path) -> None:
    """Generate ``options.count`` briefings into ``content`` and build them into ``output`` without the search index."""
    make_content(content, options.count, random.Random(options.seed))
    python = sys.executable
    built = subprocess.run([str(Path(python).parent / "briefing"), "build", "-s", "pelicanconf.py", "--content",
                            str(content), "-o", str(output), "--cache", str(work / "build-cache"), "--full",
                            "--no-search"], cwd=ROOT, capture_output=True, text=True, check=False)
    if built.returncode != 0:
        raise SystemExit(built.stdout + built.stderr)


def run_cli(output: Path, work: Path, run) -> None:
    """Measure Pagefind's CLI over the pages it indexes, as the build gave it before (hard links in a folder)."""
    staging = work / "staging"
    for page in output.rglob("*.html"):
        if b"data-pagefind-body" in page.read_bytes():
            target = staging / page.relative_to(output)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.hardlink_to(page)
    run("Pagefind CLI, all indexed pages", [sys.executable, "-m", "pagefind", "--site", str(staging),
                                            "--output-path", str(work / "cli"), "--silent"])
    shutil.rmtree(work / "cli")
    shutil.rmtree(staging)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--copies", type=int, default=0, help="copies of every briefing page to add")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--site", type=Path, help="a site built from --count generated briefings, to index "
                        "instead of building one (one page of it is edited)")
    parser.add_argument("--no-cli", action="store_true", help="leave out Pagefind's CLI (9 GB at 50,000 pages)")
    parser.add_argument("--index", nargs=2, metavar=("OUTPUT", "CACHE"), help=argparse.SUPPRESS)
    parser.add_argument("--clean", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.index:
        index(Path(options.index[0]), Path(options.index[1]), options.clean)
        return
    work = Path(tempfile.mkdtemp(prefix="briefing-search-bench-"))
    python = sys.executable
    try:
        content, output, cache = work / "content", options.site or work / "output", work / "cache"
        if not options.site:
            build(content, output, options, work)
        pages = copy_pages(output, options.copies) if options.copies else options.count
        print(f"{pages} briefing pages:", flush=True)

        def run(name: str, command: list[str]) -> None:
            figure = measure(command)
            said = figure["output"].strip().splitlines()
            print(f"  {name:34} {figure['seconds']:7.1f} s wall, {figure['cpu']:7.1f} s CPU, "
                  f"peak {figure['peak_mb']:6.0f} MB{'  (' + said[-1] + ')' if said else ''}", flush=True)

        if not options.no_cli:
            run_cli(output, work, run)
        this = [python, str(Path(__file__).resolve()), "--index", str(output), str(cache)]
        run("shards joined, from scratch", [*this, "--clean"])
        page = output / "briefing" / f"briefing-{options.count // 2}" / "index.html"
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace("</p>", " One more sentence, added to measure a rebuild.</p>", 1), encoding="utf-8")
        run("shards joined, one page edited", this)
        run("shards joined, nothing changed", this)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
