"""Country shapes from Natural Earth, projected once per map and turned into SVG paths.

The shapes are Natural Earth's 1:50m Admin 0 countries (public domain), as the
``world-atlas`` npm package ships them in TopoJSON; ``make install`` puts that
package in ``geodata/node_modules`` and nothing is downloaded at build time.
Natural Earth draws de facto boundaries. ``briefing/data/map_overrides.yaml``
says which taxonomy country a shape without an ISO code belongs to and can
redraw a disputed area as part of another country (see the README).

Maps use the Equal Earth projection (Šavrič, Patterson and Jenny, 2018): equal
areas keep a choropleth honest, and each map centres its own meridian, so a
region map of East Asia is not sheared. A :class:`MapView` fits a set of shapes
into an SVG viewBox; :meth:`MapView.path` simplifies a shape to what the map's
pixels can show and writes compact relative path data.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pycountry
import shapely
import yaml
from shapely.geometry import MultiPolygon, Polygon

ROOT = Path(__file__).resolve().parent.parent
GEOMETRY_FILE = ROOT / "geodata" / "node_modules" / "world-atlas" / "countries-50m.json"
OVERRIDES_FILE = Path(__file__).resolve().parent / "data" / "map_overrides.yaml"
INSTALL_HINT = "run `make install` (it fetches the world-atlas package with npm ci --prefix geodata)"

# Equal Earth constants (Šavrič et al. 2018, eq. 2).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
SIMPLIFY_PX = 0.5
"""Detail below half a pixel is dropped from every path."""
DECIMALS = 1
"""Path coordinates are written to a tenth of a pixel."""


class GeometryError(Exception):
    """The country shapes or the override file cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class CountryShape:
    """One country as the maps draw it: ``iso2`` (``None`` for a shape no tag names), name and lon/lat geometry."""

    iso2: str | None
    name: str
    geometry: MultiPolygon


def decode_topojson(topology: dict, object_name: str = "countries") -> list[tuple[dict, MultiPolygon]]:
    """``[(geometry object, MultiPolygon in lon/lat)]`` for each geometry of a quantized TopoJSON object.

    Follows the TopoJSON specification: arcs are delta-encoded positions scaled
    by ``transform``; a negative arc index ``~i`` is arc ``i`` reversed.
    """
    transform = topology.get("transform") or {"scale": [1, 1], "translate": [0, 0]}
    scale, translate = np.array(transform["scale"]), np.array(transform["translate"])
    arcs = [np.cumsum(np.array(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]

    def ring(indexes) -> np.ndarray:
        parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indexes]
        return unwrap_ring(np.concatenate([parts[0]] + [part[1:] for part in parts[1:]]))

    decoded = []
    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        shapes = [Polygon(ring(rings[0]), [ring(hole) for hole in rings[1:]]) for rings in polygons]
        # A few shapes touch themselves once unwrapped (Antarctica along the pole): repair those.
        shapes = [part for shape in shapes
                  for part in (_polygons(shapely.make_valid(shape)) if not shape.is_valid else [shape])]
        decoded.append((geometry, MultiPolygon(shapes)))
    return decoded


def unwrap_ring(ring: np.ndarray) -> np.ndarray:
    """A lon/lat ring made continuous across the antimeridian (longitudes may pass 180°).

    Natural Earth's Russia and Fiji cross the antimeridian in one ring; once
    unwrapped they are plain planar polygons that :class:`MapView` cuts where
    its own map edge falls. A ring around a pole (Antarctica) is closed along it.
    """
    jumps = np.diff(ring[:, 0])
    if not (np.abs(jumps) > 180).any():
        return ring
    ring = ring.copy()
    ring[1:, 0] -= 360 * np.cumsum(np.sign(jumps) * (np.abs(jumps) > 180))
    if abs(ring[-1, 0] - ring[0, 0]) > 180:  # goes round a pole: close the ring along it
        pole = 90.0 if ring[:, 1].mean() > 0 else -90.0
        ring = np.vstack([ring, [[ring[-1, 0], pole], [ring[0, 0], pole]], ring[:1]])
    return ring


def is_country_code(code) -> bool:
    """Whether ``code`` is an ISO 3166 alpha-2 code, or one of the user-assigned codes the taxonomy accepts (XK)."""
    from briefing.taxonomy import USER_ASSIGNED_ISO2

    return str(code) in USER_ASSIGNED_ISO2 or pycountry.countries.get(alpha_2=str(code)) is not None


def load_overrides(path: Path = OVERRIDES_FILE) -> dict:
    """The override file, checked: ``{"features": {name: iso2 or None}, "territories": [...]}``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise GeometryError(f"{path}: cannot read the map overrides: {error}") from error
    problems = []
    features = data.get("features") or {}
    if not isinstance(features, dict):
        problems.append("features must map a shape's name to an ISO code")
        features = {}
    for name, code in features.items():
        if code is not None and not is_country_code(code):
            problems.append(f"features: {name!r} names {code!r}, which is not an ISO 3166 alpha-2 code")
    territories = data.get("territories") or []
    for number, territory in enumerate(territories, 1):
        where = f"territories #{number} ({territory.get('name', '?') if isinstance(territory, dict) else '?'})"
        if not isinstance(territory, dict):
            problems.append(f"{where}: must be a mapping with name, country and outline")
            continue
        if not is_country_code(territory.get("country")):
            problems.append(f"{where}: country {territory.get('country')!r} is not an ISO 3166 alpha-2 code")
        outline = territory.get("outline")
        if not (isinstance(outline, list) and len(outline) >= 3
                and all(isinstance(p, list) and len(p) == 2 and all(isinstance(v, (int, float)) for v in p)
                        for p in outline)):
            problems.append(f"{where}: outline must be a list of at least three [longitude, latitude] pairs")
    if problems:
        raise GeometryError(f"{path}: " + "; ".join(problems))
    return {"features": features, "territories": territories}


def _iso2_of(geometry: dict, features: dict) -> str | None:
    name = (geometry.get("properties") or {}).get("name", "")
    if name in features:
        return features[name]
    country = pycountry.countries.get(numeric=str(geometry.get("id", ""))) if geometry.get("id") else None
    return country.alpha_2 if country else None


def _polygons(geometry) -> list[Polygon]:
    """The polygons of any geometry (a clip can return a collection of polygons and lines)."""
    if geometry.is_empty:
        return []
    if isinstance(geometry, Polygon):
        return [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [polygon for part in getattr(geometry, "geoms", []) for polygon in _polygons(part)]


def redraw_territories(shapes: list[CountryShape], territories: list[dict]) -> list[CountryShape]:
    """Draw each override territory as part of its ``country``: cut it from the shapes it overlaps, add it there."""
    for territory in territories:
        area = Polygon(territory["outline"])
        moved = [shape.geometry.intersection(area) for shape in shapes if shape.geometry.intersects(area)]
        if not moved:
            continue
        taken = shapely.union_all(moved)
        redrawn = []
        for shape in shapes:
            geometry = shape.geometry.difference(area) if shape.geometry.intersects(area) else shape.geometry
            if shape.iso2 == territory["country"]:
                geometry = geometry.union(taken)
            redrawn.append(CountryShape(shape.iso2, shape.name, MultiPolygon(_polygons(geometry))))
        shapes = redrawn
    return shapes


@lru_cache(maxsize=4)
def load_countries(path: Path = GEOMETRY_FILE, overrides_path: Path = OVERRIDES_FILE) -> tuple[CountryShape, ...]:
    """Every country shape, with overrides applied; shapes of one ISO code (Somalia and Somaliland) are joined.

    Raises :class:`GeometryError` naming the file when it is missing or unreadable.
    """
    try:
        topology = json.loads(Path(path).read_text(encoding="utf-8"))
        decoded = decode_topojson(topology)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as error:
        raise GeometryError(f"{path}: cannot read the country shapes ({error}); {INSTALL_HINT}") from error
    overrides = load_overrides(Path(overrides_path))
    joined: dict[str, list] = {}
    names: dict[str, str] = {}
    shapes = []
    for geometry, multipolygon in decoded:
        name = (geometry.get("properties") or {}).get("name", "")
        iso2 = _iso2_of(geometry, overrides["features"])
        if iso2 is None:
            shapes.append(CountryShape(None, name, multipolygon))
        else:
            joined.setdefault(iso2, []).extend(multipolygon.geoms)
            names.setdefault(iso2, name)
    shapes += [CountryShape(iso2, names[iso2], MultiPolygon(parts)) for iso2, parts in joined.items()]
    return tuple(redraw_territories(shapes, overrides["territories"]))


def equal_earth(lon, lat, lon0: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Equal Earth x, y (unit sphere; y grows northwards) of degrees ``lon``/``lat`` about meridian ``lon0``."""
    lam = np.radians(np.asarray(lon, dtype=float) - lon0)
    theta = np.arcsin(M * np.sin(np.radians(np.asarray(lat, dtype=float))))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * np.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def central_meridian(geometries) -> float:
    """The meridian at the middle of the longitudes the shapes cover, found across the antimeridian.

    The widest gap between covered longitudes is where the map is cut, so
    Russia's Chukotka (east of 180°) stays beside the rest of Russia.
    """
    spans = []
    for geometry in geometries:
        for polygon in _polygons(geometry):
            west, _, east, _ = polygon.bounds
            if east - west >= 359:
                return 0.0
            west = (west + 180) % 360 - 180
            east = west + (east - polygon.bounds[0])
            spans += [(west, min(east, 180.0))] + ([(-180.0, east - 360)] if east > 180 else [])
    spans.sort()
    if not spans:
        return 0.0
    merged = [list(spans[0])]
    for west, east in spans[1:]:
        if west <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], east)
        else:
            merged.append([west, east])
    gaps = [(merged[i + 1][0] - merged[i][1], merged[i][1], merged[i + 1][0]) for i in range(len(merged) - 1)]
    gaps.append((merged[0][0] + 360 - merged[-1][1], merged[-1][1], merged[0][0] + 360))
    _, gap_west, gap_east = max(gaps)
    covered_west, covered_east = gap_east, gap_west + 360
    middle = (covered_west + covered_east) / 2
    return (middle + 180) % 360 - 180


class MapView:
    """One map: a central meridian, and a scale and offset that fit the ``fit`` shapes into ``width`` pixels.

    ``bounds`` (west, south, east, north in degrees) may be given instead of
    shapes to fit, as locator frames are. The height follows the shapes'
    projected aspect, between ``min_aspect`` and ``max_aspect`` of the width.
    ``clip`` (a lon/lat box) cuts every shape drawn on the map to the area it
    shows before projecting, so a neighbour as big as Russia costs no more
    than its visible part.
    """

    def __init__(self, fit=(), width: int = 960, lon0: float | None = None, bounds=None,
                 min_aspect: float = 0.3, max_aspect: float = 1.0, pad: float = 0.02, clip=None):
        self.width = width
        self.lon0 = central_meridian(fit) if lon0 is None else lon0
        self.clip = clip
        if bounds is not None:
            west, south, east, north = bounds
            lons = np.concatenate([np.linspace(west, east, 9), np.full(9, east), np.linspace(west, east, 9), np.full(9, west)])
            lats = np.concatenate([np.full(9, south), np.linspace(south, north, 9), np.full(9, north), np.linspace(south, north, 9)])
            x, y = equal_earth(lons, lats, self.lon0)
            x0, y0, x1, y1 = x.min(), -y.max(), x.max(), -y.min()
        else:
            x0, y0, x1, y1 = shapely.total_bounds([self._placed(g, 0.05, 1.0, (0.0, 0.0)) for g in fit])
        # Python floats, not numpy's: the scale and offsets reach every point and label a map places, and numpy's
        # floats there sent each briefing's fingerprint and snapshot entry through pickle's slower path.
        x0, y0, x1, y1 = float(x0), float(y0), float(x1), float(y1)
        span_x, span_y = (x1 - x0) * (1 + 2 * pad), (y1 - y0) * (1 + 2 * pad)
        aspect = min(max(span_y / span_x, min_aspect), max_aspect)
        self.height = round(width * aspect)
        self.scale = min(width / span_x, self.height / span_y)
        self.x_offset = width / 2 - self.scale * (x0 + x1) / 2
        self.y_offset = self.height / 2 - self.scale * (y0 + y1) / 2
        self.frame = (-2, -2, width + 2, self.height + 2)
        # Detail finer than half a pixel at the equator goes before projecting; degrees of
        # longitude shrink towards the poles, so this keeps at least what the pixels can show.
        self.tolerance = SIMPLIFY_PX * 0.6 / (self.scale * math.pi / 180)

    def _placed(self, geometry, tolerance: float, scale: float, offset: tuple[float, float]):
        """The lon/lat geometry projected and placed (y down), cut where this map's edge meridian falls."""
        if self.clip is not None:
            geometry = shapely.clip_by_rect(geometry, *self.clip)
        if geometry.is_empty:
            return MultiPolygon()
        west, _, east, _ = geometry.bounds
        parts = []
        for turn in range(math.floor((west - self.lon0 + 180) / 360), math.floor((east - self.lon0 + 180) / 360) + 1):
            shift = 360.0 * turn
            low, high = self.lon0 - 180 + shift, self.lon0 + 180 + shift
            piece = geometry if low <= west and east <= high else shapely.clip_by_rect(geometry, low, -90, high, 90)
            if tolerance:
                piece = piece.simplify(tolerance, preserve_topology=False)
            if piece.is_empty:
                continue

            def project(coords, shift=shift):
                x, y = equal_earth(coords[:, 0] - shift, coords[:, 1], self.lon0)
                return np.column_stack([x * scale + offset[0], -y * scale + offset[1]])

            parts += _polygons(shapely.transform(piece, project))
        return MultiPolygon(parts) if parts else MultiPolygon()

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """Pixel position of a place."""
        shift = 360.0 * round((lon - self.lon0) / 360.0)
        x, y = equal_earth(lon - shift, lat, self.lon0)
        return (round(float(x) * self.scale + self.x_offset, DECIMALS),
                round(float(-y) * self.scale + self.y_offset, DECIMALS))

    def pixels(self, geometry):
        """The geometry in this map's pixels, clipped to a little beyond the viewBox."""
        placed = self._placed(geometry, self.tolerance, self.scale, (self.x_offset, self.y_offset))
        return shapely.clip_by_rect(placed, *self.frame)

    def path(self, geometry) -> str:
        """SVG path data for a lon/lat geometry, simplified to half a pixel; "" when nothing shows."""
        def make():
            return path_data(self.pixels(geometry).simplify(SIMPLIFY_PX, preserve_topology=False))

        if PATHS.made is None:
            return make()
        key = ("path", self.width, self.height, self.scale, self.x_offset, self.y_offset, self.lon0, self.clip,
               PATHS.geometry_key(geometry))
        return PATHS.remember(key, make)


class PathMemo:
    """Map drawing made by earlier builds, kept by :mod:`briefing.build` in its cache (off otherwise).

    A path is a pure function of the map's placement and the shape's coordinates,
    so it is keyed by exactly those (the shape by a hash of its WKB); a rebuild
    then projects and simplifies only the shapes and frames no build made before,
    instead of every locator's (the largest part of a rebuild's map work).
    :meth:`remember` keeps other results the same way (a briefing's locator,
    keyed by its places and tagged countries).
    """

    def __init__(self):
        self.made: dict | None = None
        self.used: set = set()
        self.added: dict = {}  # made by this process since start or take_added (a reading worker's, for the build)
        self._keys: dict[int, tuple[object, bytes]] = {}  # id → (geometry, held so the id stays its own; key)

    def geometry_key(self, geometry) -> bytes:
        """A shape's key: the hash of its coordinates, worked out once per shape object."""
        known = self._keys.get(id(geometry))
        if known is None:
            known = self._keys[id(geometry)] = (geometry, hashlib.sha1(shapely.to_wkb(geometry)).digest())
        return known[1]

    def remember(self, key: tuple, make):
        """``make()``, or what it gave for ``key`` in this or an earlier build (``key`` must name every input)."""
        if self.made is None:
            return make()
        made = self.made.get(key)
        if made is None:
            made = self.made[key] = self.added[key] = make()
        self.used.add(key)
        return made

    @property
    def active(self) -> bool:
        """Whether a build is remembering (between :meth:`start` and :meth:`finish`)."""
        return self.made is not None

    def take_added(self) -> dict:
        """What this process made since the build started or this was last called (a worker sends it back)."""
        added, self.added = self.added, {}
        return added

    def add(self, made: dict) -> None:
        """Take in what another process of the build made (see :meth:`take_added`); known keys keep their value."""
        if self.made is not None:
            for key, value in made.items():
                self.made.setdefault(key, value)

    def start(self, made: dict) -> None:
        """Use ``made`` (paths from earlier builds) and add to it."""
        self.made, self.used, self.added = made, set(), {}

    def finish(self) -> dict:
        """The paths this build used (for the next one); the memo is off again."""
        made = self.made or {}
        kept = {key: made[key] for key in self.used if key in made}
        self.made, self.used, self.added, self._keys = None, set(), {}, {}
        return kept


PATHS = PathMemo()
"""The one memo :meth:`MapView.path` consults (see :class:`PathMemo`)."""


@lru_cache(maxsize=None)
def _number(tenths: int) -> str:
    """A coordinate in tenths of a pixel written as briefly as SVG allows: 12 → "1.2", -5 → "-.5"."""
    sign, tenths = ("-" if tenths < 0 else ""), abs(tenths)
    whole, tenth = divmod(tenths, 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole if whole else ''}.{tenth}"


def _join(numbers: list[str]) -> str:
    """Numbers separated as SVG allows: a minus sign is separator enough."""
    return numbers[0] + "".join(number if number[0] == "-" else " " + number for number in numbers[1:])


def path_data(geometry) -> str:
    """Relative SVG path data (``M x y l dx dy ... z``) for the polygons of a pixel-space geometry."""
    commands = []
    for polygon in _polygons(geometry):
        for ring in [polygon.exterior, *polygon.interiors]:
            points = np.rint(np.asarray(ring.coords)[:-1] * 10).astype(int)
            if len(points) < 3:
                continue
            steps = np.diff(points, axis=0)
            steps = steps[(steps != 0).any(axis=1)]
            if len(steps) < 2:
                continue
            start = _join([_number(int(v)) for v in points[0]])
            moves = _join([_number(int(v)) for v in steps.ravel()])
            commands.append(f"M{start}l{moves}z")
    return "".join(commands)
