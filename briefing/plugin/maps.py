"""Static SVG maps: world coverage on the home page, a map per region page, a locator per briefing.

Computed once per build by :class:`MapsGenerator`, after the tag and region
pages are grouped (``briefing.plugin.regions``), so a country's count on a map
is the length of its tag page's list. Counts take one pass over the groups;
each country's path is made once per map (:mod:`briefing.geometry`), never per
page. The templates get plain data (``coverage_map`` in the context,
``region.map`` and ``article.locator``) and draw it with the partials in
``theme/templates/_maps.html``; shading is CSS classes from the theme's
stylesheet, so the maps need no JavaScript and no inline style.

A briefing's locator is two layers: the land of its frame as one SVG file
under ``maps/`` that every briefing in that frame shares (the browser caches
it), and a small inline SVG with the tagged countries and the places. Frames
come from a fixed grid of sizes and centres, so their number stays small at any
number of briefings.

Settings: ``BRIEFING_MAPS`` (merged over :data:`DEFAULTS`).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from pathlib import Path

import shapely
from pelican import signals
from pelican.contents import Article
from pelican.generators import Generator
from shapely.geometry import box

from briefing import geometry, polite
from briefing.files import write_atomically

from .facets import load_tag_facts
from .map_frames import cached_region_frames
from .map_labels import merge_close_dots, place_labels

logger = logging.getLogger(__name__)

DEFAULTS = {
    "enabled": True,
    "geometry_file": str(geometry.GEOMETRY_FILE),
    "overrides_file": str(geometry.OVERRIDES_FILE),
    "world_width": 960,
    "region_width": 720,
    "locator_width": 320,
    "recent_days": 90,
    "classes": 5,
    "locator_dir": "maps",
}
LOCATOR_SPANS = (16, 32, 64, 128)
"""Locator frame widths in degrees of longitude, smallest first; wider than the last is the world."""
LOCATOR_ASPECT = 0.6
LOCATOR_MARGIN = 0.15
"""Share of a frame's width kept clear around its places."""
MAX_SHADED = 0.8
"""A locator frame the tagged countries cover more of than this is too close to show where the place is."""


class MapSettingError(Exception):
    """A ``BRIEFING_MAPS`` value the plugin cannot use."""


def map_settings(settings) -> dict:
    """``BRIEFING_MAPS`` merged over the defaults, into a copy; an unknown key stops the build."""
    given = settings.get("BRIEFING_MAPS") or {}
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise MapSettingError(f"BRIEFING_MAPS: unknown key(s) {', '.join(map(repr, unknown))}; "
                              f"allowed: {', '.join(sorted(DEFAULTS))}")
    return {**DEFAULTS, **given}


def class_breaks(counts, classes: int = 5) -> list[int]:
    """Upper bounds of the shading classes for ``counts`` (zeros ignored), by quantiles of the non-zero counts.

    Quantiles keep every class in use when a few countries have most of the
    briefings, as in news; with few distinct counts each count is its own class.
    """
    values = sorted(count for count in counts if count > 0)
    distinct = sorted(set(values))
    if len(distinct) <= classes:
        return distinct
    bounds = []
    for step in range(1, classes + 1):
        bound = values[math.ceil(step * len(values) / classes) - 1]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def shade(count: int, breaks: list[int]) -> int:
    """The shading class of ``count``: 0 (unshaded) for none, else 1 + the first class whose bound holds it."""
    if count <= 0:
        return 0
    for number, bound in enumerate(breaks, 1):
        if count <= bound:
            return number
    return len(breaks)


def legend(breaks: list[int]) -> list[tuple[int, str]]:
    """``[(class, "1–3"), ...]`` for the legend, after a class 0 for "none"."""
    entries, low = [(0, "none")], 1
    for number, bound in enumerate(breaks, 1):
        entries.append((number, str(bound) if bound == low else f"{low}–{bound}"))
        low = bound + 1
    return entries


def country_counts(tag_groups, facts, since=None) -> dict[str, int]:
    """ISO code → briefings tagged with that country (those dated ``since`` or later, if given)."""
    iso_of = {name: iso2 for iso2, name in facts.country_names.items()}
    counts = {}
    for tag, briefings in tag_groups:
        iso2 = iso_of.get(str(tag))
        if iso2:
            counts[iso2] = len(briefings) if since is None else sum(1 for b in briefings if b.date >= since)
    return counts


class Atlas:
    """The country shapes and the paths made from them, each made once per map and kept."""

    def __init__(self, options: dict):
        self.shapes = geometry.load_countries(Path(options["geometry_file"]), Path(options["overrides_file"]))
        self.by_iso = {shape.iso2: shape for shape in self.shapes if shape.iso2}
        self.tree = shapely.STRtree([shape.geometry for shape in self.shapes])

    def near(self, west: float, south: float, east: float, north: float) -> list:
        """Shapes whose lon/lat bounds meet the box (also one turn of the globe either side)."""
        found = set()
        for shift in (-360, 0, 360):
            found.update(self.tree.query(box(west + shift, south, east + shift, north)).tolist())
        return [self.shapes[index] for index in sorted(found)]


_atlases: dict[tuple, Atlas] = {}


def atlas_for(options: dict) -> Atlas:
    """The atlas of ``options``' geometry files, loaded once per process (a reading worker's and the build's)."""
    files = (options["geometry_file"], options["overrides_file"])
    if files not in _atlases:
        _atlases[files] = Atlas(options)
    return _atlases[files]


_worker_locators: dict[int, Locators] = {}


def prepare_locator(content) -> None:
    """``content_object_init`` receiver: while a build reads, work out the briefing's locator beside its reading.

    Only while :data:`briefing.geometry.PATHS` is on (a ``briefing build``):
    the locator is remembered there, and the build brings what its reading
    workers remembered back into the main process, where
    :meth:`MapsGenerator.add_locators` finds it instead of working it out in the
    build's one-core stretch between reading and rendering.
    """
    if not geometry.PATHS.active or not isinstance(content, Article) or not getattr(content, "places", None):
        return
    locators = _worker_locators.get(id(content.settings))
    if locators is None:
        options = map_settings(content.settings)
        if not options["enabled"]:
            return
        facts = load_tag_facts(content.settings.get("TAXONOMY_PATH"))
        _worker_locators.clear()  # one build's settings at a time
        locators = _worker_locators[id(content.settings)] = Locators(options, atlas_for(options), facts)
    locators.placed(content)


def lonlat_bounds(shapes) -> tuple[float, float, float, float]:
    """A lon/lat box around ``shapes`` and a margin, to find and cut their neighbours."""
    return padded(shapely.total_bounds([shape.geometry for shape in shapes]))


def padded(frame) -> tuple[float, float, float, float]:
    """A region frame widened to all the projection can show at its corners, to find and cut the shapes drawn."""
    west, south, east, north = frame
    pad = max(east - west, north - south) * 0.25 + 2
    return west - pad, max(south - pad, -90), east + pad, min(north + pad, 90)


def choropleth(view: geometry.MapView, shapes, linked: dict, counts: dict, recent: dict,
               breaks: list[int], recent_breaks: list[int]) -> list[dict]:
    """What a map draws per shape: ``d``, ``name``, and for tagged countries ``tag``, counts and classes."""
    drawn = []
    for shape in shapes:
        d = view.path(shape.geometry)
        if not d:
            continue
        tag = linked.get(shape.iso2)
        count, last = counts.get(shape.iso2, 0), recent.get(shape.iso2, 0)
        drawn.append({
            "d": d, "name": str(tag) if tag else shape.name, "tag": tag if count else None,
            "count": count, "recent": last, "shade": shade(count, breaks), "recent_shade": shade(last, recent_breaks),
        })
    # Linked countries last, so their outlines and focus rings are drawn over their neighbours'.
    drawn.sort(key=lambda item: item["tag"] is not None)
    return drawn


def table_rows(linked: dict, counts: dict, recent: dict, only=None) -> list[dict]:
    """The map's text equivalent: countries with briefings, most first."""
    rows = [{"tag": linked[iso2], "count": count, "recent": recent.get(iso2, 0)}
            for iso2, count in counts.items() if count and iso2 in linked and (only is None or iso2 in only)]
    return sorted(rows, key=lambda row: (-row["count"], str(row["tag"])))


class MapsGenerator(Generator):
    """Builds the map data once per build and writes the shared locator files."""

    def generate_context(self):
        self.locator_files: dict[str, str] = {}
        self.options = map_settings(self.settings)
        if not self.options["enabled"]:
            return
        dates = self.context.get("dates", [])
        if not dates:
            return
        self.atlas = atlas_for(self.options)
        facts = load_tag_facts(self.settings.get("TAXONOMY_PATH"))
        tag_groups = self.context.get("tags", [])
        newest = max(briefing.date for briefing in dates)
        since = newest - dt.timedelta(days=self.options["recent_days"])
        counts = country_counts(tag_groups, facts)
        recent = country_counts(tag_groups, facts, since)
        tag_by_name = {str(tag): tag for tag, _ in tag_groups}
        linked = {iso2: tag_by_name[name] for iso2, name in facts.country_names.items() if name in tag_by_name}
        breaks = class_breaks(counts.values(), self.options["classes"])
        recent_breaks = class_breaks(recent.values(), self.options["classes"])
        common = {"legend": legend(breaks), "recent_legend": legend(recent_breaks),
                  "recent_days": self.options["recent_days"]}

        world = geometry.MapView([s.geometry for s in self.atlas.shapes if s.iso2 != "AQ"],
                                 width=self.options["world_width"], lon0=0.0, max_aspect=0.6)
        shown = [shape for shape in self.atlas.shapes if shape.iso2 != "AQ"]  # Antarctica: a third of the map, no news
        self.context["coverage_map"] = {
            **common, "width": world.width, "height": world.height,
            "countries": choropleth(world, shown, linked, counts, recent, breaks, recent_breaks),
            "rows": table_rows(linked, counts, recent),
        }
        members_of = {}
        for region, _ in self.context.get("regions", []):
            members = [shape for shape in self.atlas.shapes
                       if shape.iso2 and facts.countries_in(region.slug, facts.country_names.get(shape.iso2, ""))]
            if members:
                members_of[region] = members
        frames = cached_region_frames({region.slug: members for region, members in members_of.items()},
                                      polite.settings().cache_dir)
        for region, members in members_of.items():
            frame = frames[region.slug]
            if frame is None:  # no member has a city (Antarctica): fit the shapes themselves
                around = lonlat_bounds(members)
                view = geometry.MapView([s.geometry for s in members], width=self.options["region_width"],
                                        min_aspect=0.35, max_aspect=0.9, clip=around)
            else:
                around = padded(frame)
                # A frame across the antimeridian (Polynesia) is not clipped in lon/lat: its shapes
                # lie either side of 180°; the viewBox still cuts them.
                view = geometry.MapView(width=self.options["region_width"], bounds=frame, pad=0.04,
                                        lon0=(frame[0] + frame[2]) / 2, min_aspect=0.35, max_aspect=0.9,
                                        clip=around if -180 <= around[0] and around[2] <= 180 else None)
            member_codes = {shape.iso2 for shape in members}
            neighbours = [s for s in self.atlas.near(*around) if s.iso2 not in member_codes]
            region.map = {
                **common, "width": view.width, "height": view.height,
                "countries": choropleth(view, neighbours, {}, {}, {}, breaks, recent_breaks)
                + choropleth(view, members, linked, counts, recent, breaks, recent_breaks),
                "rows": table_rows(linked, counts, recent, only=member_codes),
            }
        self.add_locators(facts)

    def add_locators(self, facts) -> None:
        """Give each briefing with places its ``locator``: a shared frame file plus its own overlay."""
        locators = Locators(self.options, self.atlas, facts)
        for briefing in self.context.get("articles", []) + self.context.get("drafts", []):
            locator = locators.locator(briefing)
            if locator is not None:
                briefing.locator = locator
        self.locator_files = locators.files

    def generate_output(self, writer):
        for name, text in self.locator_files.items():
            write_atomically(Path(self.output_path) / name, text)
        self.remove_unused_locators()

    def remove_unused_locators(self) -> None:
        """Delete the locator files an earlier build wrote that no briefing shows now.

        They are written here, not through the build's writer, so the build's list of stale
        outputs does not hold them: after a briefing was deleted, an incremental build kept
        its frame (``maps/locator-16-136e-36n.svg``) that a clean build no longer made.
        """
        folder = Path(self.output_path) / self.options["locator_dir"].strip("/")
        kept = {Path(name).name for name in self.locator_files}
        for path in folder.glob("locator-*.svg"):
            if path.name not in kept:
                path.unlink(missing_ok=True)



class Locators:
    """Each briefing's locator: its frame, shaded countries and placed dots, and the frames' shared land files.

    A locator is a function of the briefing's places and tags alone (and of the
    atlas, code and settings the build cache is keyed on), remembered in
    :data:`briefing.geometry.PATHS` under those inputs: a rebuild takes it from
    the cache for every briefing whose places and tags are unchanged, and a
    build's reading workers work it out as they read (:func:`prepare_locator`),
    so the build's serial stretch after reading only looks it up.
    """

    def __init__(self, options: dict, atlas: "Atlas", facts):
        self.atlas = atlas
        self.width = options["locator_width"]
        self.folder = options["locator_dir"].strip("/")
        self.iso_of = {name: iso2 for iso2, name in facts.country_names.items()}
        self.frames: dict[tuple, tuple] = {}  # frame key → (view, file name)
        self.overlays: dict[tuple, str] = {}  # (frame key, iso2) → path data
        self.shares: dict[tuple, float] = {}  # (frame key, iso2) → share of the frame the country covers
        self.files: dict[str, str] = {}  # frame file → its land layer

    def placed(self, briefing):
        """``(frame key, shaded countries, placed dots)`` of a briefing's locator (remembered), or None without places."""
        points = located_places(briefing)
        if not points:
            return None
        tagged = [self.iso_of.get(str(tag)) for tag in getattr(briefing, "tags", None) or []]
        tags = [str(tag) for tag in getattr(briefing, "tags", None) or []]
        inputs = ("locator", self.width, tuple((p["lon"], p["lat"], p["name"]) for p in points), tuple(tags),
                  tuple(iso2 if iso2 in self.atlas.by_iso else None for iso2 in tagged))
        return geometry.PATHS.remember(inputs, lambda: self.locate(points, tags, tagged))

    def locator(self, briefing) -> dict | None:
        """What ``briefing.locator`` holds for the templates, or None for a briefing without places."""
        placed = self.placed(briefing)
        if placed is None:
            return None
        key, countries, places = placed
        view, name = self.frame_view(key)
        return {"file": name, "width": view.width, "height": view.height, "countries": countries, "places": places}

    def frame_view(self, key):
        """The view and file of a locator frame, its land layer made once per build."""
        frames, width, folder = self.frames, self.width, self.folder
        if key not in frames:
            bounds = frame_bounds(key)
            view = geometry.MapView(width=width, bounds=bounds, lon0=key[1] if key[0] else 0.0,
                                    min_aspect=0.45, max_aspect=0.75, pad=0, clip=clip_bounds(bounds))
            name = f"{folder}/{frame_name(key)}.svg"
            frames[key] = (view, name)
            self.files[name] = locator_base(view, self.atlas.near(*clip_bounds(bounds)))
        return frames[key]

    def locate(self, points, tags, tagged):
        """``(frame key, shaded countries, placed dots)`` of one briefing's locator."""
        key = self.frame_with_surroundings(points, [iso2 for iso2 in tagged if iso2 in self.atlas.by_iso])
        view, _ = self.frame_view(key)
        overlays = self.overlays
        countries = []
        for tag, iso2 in zip(tags, tagged):
            if iso2 in self.atlas.by_iso:
                if (key, iso2) not in overlays:
                    overlays[(key, iso2)] = view.path(self.atlas.by_iso[iso2].geometry)
                if overlays[(key, iso2)]:
                    countries.append({"d": overlays[(key, iso2)], "name": tag})
        dots = merge_close_dots([(*view.point(place["lon"], place["lat"]), place["name"]) for place in points])
        labels = place_labels(dots, view.width, view.height)
        places = [{"x": x, "y": y, "name": name, "label": label} for (x, y, name), label in zip(dots, labels)]
        return key, countries, places

    def frame_with_surroundings(self, points, tagged: list[str]) -> tuple[int, int, int]:
        """The smallest locator frame holding ``points`` in which the tagged countries leave room for others.

        QA trial: Astana's locator was a 16° square all inside Kazakhstan and Russia, shaded edge to
        edge, which located nothing. A frame the tagged countries fill beyond :data:`MAX_SHADED`
        gives way to the next size up. Each country's share of a frame is computed once per build.
        """
        key = locator_frame(points)
        while key[0]:
            west, south, east, north = frame_bounds(key)
            shaded = 0.0
            for iso2 in dict.fromkeys(tagged):
                if (key, iso2) not in self.shares:
                    part = shapely.clip_by_rect(self.atlas.by_iso[iso2].geometry, west, south, east, north)
                    self.shares[(key, iso2)] = part.area / ((east - west) * (north - south))
                shaded += self.shares[(key, iso2)]
            larger = [span for span in LOCATOR_SPANS if span > key[0]]
            if shaded <= MAX_SHADED or not larger:
                break
            key = locator_frame(points, min_span=larger[0])
        return key


def located_places(briefing) -> list[dict]:
    """The briefing's places that have a name and usable coordinates: ``[{"name", "lon", "lat"}]``."""
    from .keyfacts import MAX_PLACES

    found = []
    for place in getattr(briefing, "places", None) or []:
        if not isinstance(place, dict):
            continue
        try:
            lat, lon = float(place.get("lat")), float(place.get("lon"))
        except (TypeError, ValueError):
            continue
        name = str(place.get("name") or "").strip()
        if name and -90 <= lat <= 90 and -180 <= lon <= 180:
            found.append({"name": name, "lon": lon, "lat": lat})
    return found[:MAX_PLACES]


def locator_frame(points, min_span: int = 0) -> tuple[int, int, int]:
    """``(span, centre lon, centre lat)`` of the smallest grid frame (of ``min_span`` or more) holding every point; span 0 is the world.

    Centres snap to half the span (a quarter north to south), so briefings about nearby places share a
    frame, and its file: at most a few hundred frames at any number of briefings.
    """
    lons = [p["lon"] for p in points]
    lats = [p["lat"] for p in points]
    for span in (span for span in LOCATOR_SPANS if span >= min_span):
        step = span / 2
        lon = round((min(lons) + max(lons)) / 2 / step) * step
        half_lat = span * LOCATOR_ASPECT / 2
        lat = max(min(round((min(lats) + max(lats)) / 2 / (step / 2)) * step / 2, 84 - half_lat), -84 + half_lat)
        margin = span * LOCATOR_MARGIN
        if (lon - span / 2 + margin <= min(lons) and max(lons) <= lon + span / 2 - margin
                and lat - half_lat + margin * LOCATOR_ASPECT <= min(lats)
                and max(lats) <= lat + half_lat - margin * LOCATOR_ASPECT):
            return span, int(lon), int(lat)
    return 0, 0, 0


def frame_name(key) -> str:
    """A frame's file name: ``locator-16-24e-52n`` (16° wide, centred on 24°E 52°N), ``locator-world``."""
    span, lon, lat = key
    if not span:
        return "locator-world"
    return f"locator-{span}-{abs(lon)}{'e' if lon >= 0 else 'w'}-{abs(lat)}{'n' if lat >= 0 else 's'}"


def frame_bounds(key) -> tuple[float, float, float, float]:
    """West, south, east, north of a locator frame."""
    span, lon, lat = key
    if not span:
        return -180.0, -58.0, 180.0, 84.0
    half_lat = span * LOCATOR_ASPECT / 2
    return lon - span / 2, lat - half_lat, lon + span / 2, lat + half_lat


def clip_bounds(bounds) -> tuple[float, float, float, float]:
    """A frame's box widened to all the projection shows in its corners (meridians converge poleward)."""
    west, south, east, north = bounds
    widen = (east - west) * 0.5
    return west - widen, max(south - 2, -90), east + widen, min(north + 2, 90)


LOCATOR_STYLE = (
    "path{fill:#e6e2d9;stroke:#6f7580;stroke-width:.6;stroke-linejoin:round}"
    "@media (prefers-color-scheme:dark){path{fill:#2a2e36;stroke:#8a919c}}"
)


def locator_base(view: geometry.MapView, shapes) -> str:
    """The shared land layer of a locator frame, as a standalone SVG file (one path for all the land)."""
    d = "".join(view.path(shape.geometry) for shape in shapes)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {view.width} {view.height}" '
            f'width="{view.width}" height="{view.height}"><style>{LOCATOR_STYLE}</style>'
            f'<path d="{d}"/></svg>\n')


def get_generators(pelican_object):
    return MapsGenerator


def register():
    """Connect the receivers (Pelican calls this when it loads the plugin)."""
    signals.get_generators.connect(get_generators)
    signals.content_object_init.connect(prepare_locator)
