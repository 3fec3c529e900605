"""Maps and timelines: projection, shapes, shading, and what a real build puts on the pages."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import shapely
from bs4 import BeautifulSoup
from shapely.geometry import Point

from briefing import geometry
from briefing.plugin import maps, timeline
from conftest import build_site
from site_fixtures import make_content

SIMFEROPOL = Point(34.1, 44.95)


@pytest.fixture(scope="module")
def shapes():
    return {shape.iso2: shape for shape in geometry.load_countries() if shape.iso2}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The test site (seed plus seven briefings) built by Pelican with the real settings."""
    root = tmp_path_factory.mktemp("maps-build")
    content, _ = make_content(root)
    return build_site(content, root / "output")


def read(output: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "lxml")


# Projection ----------------------------------------------------------------------------------

def test_equal_earth_matches_the_published_extent():
    x, _ = geometry.equal_earth(180, 0)
    _, y = geometry.equal_earth(0, 90)
    assert float(x) == pytest.approx(2.7066, abs=1e-3)  # Šavrič et al.: half the map's width
    assert float(y) == pytest.approx(1.3174, abs=1e-3)  # and half its height
    assert [float(v) for v in geometry.equal_earth(0, 0)] == [0.0, 0.0]


def test_equal_earth_keeps_areas():
    """A 10° cell near the pole covers the same share of the map as of the globe."""
    def cell_area(lat):
        corners = [(0, lat), (10, lat), (10, lat + 10), (0, lat + 10)]
        xs, ys = geometry.equal_earth([c[0] for c in corners], [c[1] for c in corners])
        return abs(sum(xs[i] * ys[(i + 1) % 4] - xs[(i + 1) % 4] * ys[i] for i in range(4))) / 2

    globe = (math.sin(math.radians(70)) - math.sin(math.radians(60))) / math.sin(math.radians(10))
    assert cell_area(60) / cell_area(0) == pytest.approx(globe, rel=0.01)


def test_a_map_of_russia_keeps_chukotka_beside_it(shapes):
    """Russia crosses the antimeridian; its map is centred in Siberia, not cut at 180°."""
    view = geometry.MapView([shapes["RU"].geometry], width=600)
    assert 80 < view.lon0 < 120
    x0, _, x1, _ = geometry.MapView([shapes["RU"].geometry], width=600).pixels(shapes["RU"].geometry).bounds
    assert x0 >= -2 and x1 <= 602 and x1 - x0 > 500, "the whole country fits the width, nothing wraps round"


def test_decode_topojson_follows_the_spec():
    """Delta-encoded quantized arcs, an arc used backwards (~0) by the second polygon."""
    topology = {
        "transform": {"scale": [1, 1], "translate": [10, 20]},
        "arcs": [[[0, 0], [0, 2]], [[0, 2], [2, 0], [0, -2], [-2, 0]], [[0, 0], [-2, 0], [0, 2], [2, 0]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "id": "1", "arcs": [[0, 1]]},
            {"type": "Polygon", "id": "2", "arcs": [[2, ~0]]},
        ]}},
    }
    (_, east), (_, west) = geometry.decode_topojson(topology)
    assert east.bounds == (10, 20, 12, 22) and east.area == 4
    assert west.bounds == (8, 20, 10, 22) and west.area == 4


def test_path_data_is_relative_and_closed():
    d = geometry.path_data(geometry.Polygon([(0, 0), (10.25, 0), (10.25, 5), (0, 5)]))
    assert re.fullmatch(r"M0 0l[-\d. ]+z", d), d
    assert "10.2" in d or "10.3" in d


# Shapes and overrides --------------------------------------------------------------------------

def test_every_taxonomy_country_with_a_natural_earth_shape_is_drawn(shapes):
    from briefing.taxonomy import load_taxonomy

    codes = {entry.iso2 for entry in load_taxonomy().entries if entry.kind == "country"}
    missing = sorted(code for code in codes if code not in shapes)
    # Natural Earth's 1:50m countries leave out only a few microstates and far-flung territories.
    assert len(missing) < 25, missing
    for code in ("BY", "UA", "PL", "CN", "TW", "RU", "US", "PS", "SO", "CY", "XK"):
        assert code in shapes


def test_natural_earth_draws_the_de_facto_line(shapes):
    """The default: Natural Earth 4.1 draws Crimea with Russia, as the README says."""
    assert shapes["RU"].geometry.contains(SIMFEROPOL)


def test_an_override_redraws_a_disputed_territory(tmp_path):
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(
        "features: {}\n"
        "territories:\n"
        "- name: Crimea\n  country: UA\n"
        "  outline: [[32.4, 46.3], [36.7, 46.3], [36.7, 44.3], [32.4, 44.3]]\n",
        encoding="utf-8",
    )
    redrawn = {s.iso2: s for s in geometry.load_countries(geometry.GEOMETRY_FILE, overrides) if s.iso2}
    assert redrawn["UA"].geometry.contains(SIMFEROPOL)
    assert not redrawn["RU"].geometry.contains(SIMFEROPOL)


@pytest.mark.parametrize("text, problem", [
    ("features: {Kosovo: XX}\n", "'XX', which is not an ISO 3166"),
    ("territories:\n- {name: A, country: UA, outline: [[1, 2]]}\n", "at least three"),
    ("territories:\n- {name: A, country: Narnia, outline: [[0, 0], [1, 0], [1, 1]]}\n", "'Narnia' is not"),
])
def test_a_bad_override_names_the_file_and_the_entry(tmp_path, text, problem):
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(text, encoding="utf-8")
    with pytest.raises(geometry.GeometryError) as error:
        geometry.load_overrides(overrides)
    assert str(overrides) in str(error.value) and problem in str(error.value)


def test_missing_shapes_say_how_to_install_them(tmp_path):
    with pytest.raises(geometry.GeometryError, match="make install"):
        geometry.load_countries(tmp_path / "countries-50m.json")


def test_unknown_map_setting_stops_the_build():
    with pytest.raises(maps.MapSettingError, match="'widht'.*allowed: .*world_width"):
        maps.map_settings({"BRIEFING_MAPS": {"widht": 3}})


# Shading -----------------------------------------------------------------------------------

def test_a_country_with_no_briefings_is_unshaded():
    breaks = maps.class_breaks([0, 1, 2, 3, 40, 300, 0])
    assert maps.shade(0, breaks) == 0
    assert maps.shade(1, breaks) == 1
    assert maps.shade(300, breaks) == len(breaks)


def test_shades_rise_with_counts_and_use_every_class_on_skewed_counts():
    counts = [1] * 50 + [2] * 20 + [5] * 10 + [30] * 5 + [900]
    breaks = maps.class_breaks(counts, 5)
    shades = [maps.shade(count, breaks) for count in sorted(set(counts))]
    assert shades == sorted(shades) and len(set(shades)) == len(set(counts))
    assert maps.legend(breaks)[0] == (0, "none")


def test_few_distinct_counts_get_a_class_each():
    assert maps.class_breaks([3, 3, 7]) == [3, 7]
    assert maps.legend([3, 7]) == [(0, "none"), (1, "1–3"), (2, "4–7")]


# Timelines and locator frames --------------------------------------------------------------

def test_month_window_ends_with_the_newest_month():
    window = timeline.month_window(dt.date(2024, 2, 10), 3)
    assert window == [(2023, 11), (2024, 0), (2024, 1)]  # (year, month - 1)


def test_timeline_bars_count_months_and_label_the_peak():
    def briefing(day):
        return SimpleNamespace(date=dt.datetime.fromisoformat(day))

    briefings = [briefing(d) for d in ("2024-07-02", "2024-07-20", "2024-05-01", "2021-01-01")]
    line = timeline.timeline(briefings, timeline.month_window(dt.date(2024, 7, 31)), "archives/{date:%Y}/{date:%m}/")
    assert [(bar["url"], bar["count"]) for bar in line["bars"]] == [("archives/2024/05/", 1), ("archives/2024/07/", 2)]
    assert line["peak"]["label"] == "July 2024" and line["peak"]["count"] == 2
    assert line["span"] == "August 2022 to July 2024"
    assert timeline.timeline(briefings[3:], timeline.month_window(dt.date(2024, 7, 31)), "{date}") is None


def test_timeline_year_labels_do_not_overlap():
    """QA trial: a window starting in December wrote its year's label over January's ("202025" on a phone)."""
    for newest in (dt.date(2026, 11, 30), dt.date(2026, 12, 31), dt.date(2026, 1, 31), dt.date(2026, 6, 30)):
        briefings = [SimpleNamespace(date=dt.datetime(newest.year, newest.month, 1))]
        line = timeline.timeline(briefings, timeline.month_window(newest), "{date}")
        xs = [year["x"] for year in line["years"]]
        assert all(b - a >= timeline.YEAR_LABEL_WIDTH for a, b in zip(xs, xs[1:])), (newest, line["years"])
    briefings = [SimpleNamespace(date=dt.datetime(2026, 11, 27))]
    line = timeline.timeline(briefings, timeline.month_window(dt.date(2026, 11, 30)), "{date}")
    assert [year["label"] for year in line["years"]] == ["2025", "2026"]


def test_locator_frames_are_the_smallest_that_hold_the_places():
    warsaw, bialystok = {"lon": 21.0, "lat": 52.2}, {"lon": 23.2, "lat": 53.1}
    minsk, beijing = {"lon": 27.6, "lat": 53.9}, {"lon": 116.4, "lat": 39.9}
    assert maps.locator_frame([warsaw, bialystok])[0] == 16
    assert maps.locator_frame([warsaw, bialystok]) == maps.locator_frame([bialystok]), "neighbours share a frame file"
    assert maps.locator_frame([minsk, beijing])[0] in (128, 0)
    west, south, east, north = maps.frame_bounds(maps.locator_frame([warsaw, bialystok, minsk]))
    assert west < 21.0 and east > 27.6 and south < 52.2 and north > 53.9


def test_place_labels_never_overlap_and_a_name_that_cannot_fit_is_left_off():
    from briefing.plugin.map_labels import overlaps, place_labels

    minsk, brest = (179.6, 20.0, "Minsk"), (177.1, 21.6, "Brest")  # the seed briefing's locator
    labels = place_labels([minsk, brest], 320, 144)
    assert all(labels) and not overlaps(labels[0]["box"], labels[1]["box"])
    crowd = [(100 + i % 3, 50 + i // 3, f"Town {i}") for i in range(9)]  # nine towns a pixel apart
    placed = place_labels(crowd, 320, 144)
    boxes = [label["box"] for label in placed if label]
    assert 1 <= len(boxes) < len(crowd), "some names fit, the rest are left off"
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    dots = [(x - 5, y - 5, x + 5, y + 5) for x, y, _ in crowd]
    assert not any(overlaps(box, dot) for box in boxes for dot in dots), "no name covers a dot"
    edge = place_labels([(318, 70, "Vladivostok")], 320, 144)[0]
    assert edge["anchor"] == "end" and edge["box"][2] <= 320, "a name at the right edge goes to the dot's left"


@pytest.fixture(scope="module")
def atlas():
    return maps.Atlas(maps.DEFAULTS)


def region_members(atlas, slug):
    from briefing.plugin.facets import load_tag_facts

    facts = load_tag_facts()
    return [shape for shape in atlas.shapes
            if shape.iso2 and facts.countries_in(slug, facts.country_names.get(shape.iso2, ""))]


def inside(frame, lon, lat) -> bool:
    west, south, east, north = frame
    return west <= lon <= east and south <= lat <= north


def test_the_eastern_europe_map_is_framed_on_its_people_not_on_siberia(atlas):
    """Trial case: the region map ran out to Chukotka, and Belarus was a sliver at its edge."""
    from briefing.plugin.map_frames import region_frame

    frame = region_frame(region_members(atlas, "eastern-europe"))
    for city, lon, lat in [("Warsaw", 21.0, 52.2), ("Minsk", 27.6, 53.9), ("Kyiv", 30.5, 50.5), ("Moscow", 37.6, 55.8),
                           ("Prague", 14.4, 50.1), ("Sofia", 23.3, 42.7), ("Chisinau", 28.9, 47.0)]:
        assert inside(frame, lon, lat), f"{city} is on the map {frame}"
    for city, lon, lat in [("Novosibirsk", 82.9, 55.0), ("Vladivostok", 131.9, 43.1)]:
        assert not inside(frame, lon, lat), f"{city} is not: the map is Europe's east, not Russia's {frame}"


def test_every_region_map_holds_each_peopled_members_biggest_city(atlas):
    from briefing.plugin.map_frames import MIN_SHARE, city_points, near_meridian, region_frame
    from briefing.taxonomy import load_taxonomy

    cities = city_points()
    for region in {region.id: region for region in load_taxonomy().regions_by_name.values()}.values():
        members = region_members(atlas, region.id)
        frame = region_frame(members) if members else None
        if frame is None:
            continue
        total = sum(cities[shape.iso2][:, 2].sum() for shape in members if shape.iso2 in cities)
        for shape in members:
            if shape.iso2 in cities and cities[shape.iso2][:, 2].sum() >= MIN_SHARE * total:
                lon, lat = cities[shape.iso2][0, :2]
                lon = float(near_meridian(lon, (frame[0] + frame[2]) / 2))
                assert inside(frame, lon, lat), f"{region.name}: {shape.name}'s biggest city is off the map {frame}"


def test_region_frames_are_kept_between_builds_and_redone_when_a_region_changes(atlas, tmp_path, monkeypatch):
    """Reading GeoNames' cities is half a second a build; a region that did not change is not worked out again."""
    from briefing.plugin import map_frames

    regions = {"eastern-europe": region_members(atlas, "eastern-europe"),
               "western-europe": region_members(atlas, "western-europe")}
    first = map_frames.cached_region_frames(regions, tmp_path)
    assert (tmp_path / map_frames.FRAMES_FILE).exists()

    def no_cities():
        raise AssertionError("the cities were read again")

    monkeypatch.setattr(map_frames, "city_points", no_cities)
    assert map_frames.cached_region_frames(regions, tmp_path) == first
    smaller = {"eastern-europe": [shape for shape in regions["eastern-europe"] if shape.iso2 != "RU"]}
    with pytest.raises(AssertionError, match="read again"):
        map_frames.cached_region_frames(smaller, tmp_path)


# The built site ---------------------------------------------------------------------------

def page_count(output: Path, tag_url: str) -> int:
    meta = read(output, tag_url + "index.html").select_one(".page-meta").get_text()
    return int(meta.split()[0])


def test_home_map_counts_match_the_tag_pages(built):
    home = read(built, "index.html")
    linked = home.select("#coverage svg.map a")
    assert len(linked) >= 5
    for link in linked:
        name, rest = link.title.get_text().split(": ", 1)
        count = int(rest.split()[0])
        url = link["href"].lstrip("./")
        assert url.startswith("tag/")
        assert page_count(built, url) == count, name
        path = link.find("path")
        assert re.search(r"\bs[1-5]\b", " ".join(path["class"])), f"{name} is shaded"
    rows = {row.a.get_text(): int(row.find_all("td")[1].get_text()) for row in home.select("#coverage tbody tr")}
    assert rows == {link.title.get_text().split(":")[0]: int(link.title.get_text().split(": ")[1].split()[0])
                    for link in linked}


def test_countries_without_briefings_are_drawn_unshaded_and_unlinked(built):
    home = read(built, "index.html")
    titles = {link.title.get_text().split(":")[0] for link in home.select("#coverage svg.map a")}
    assert "France" not in titles and "Brazil" not in titles
    land = home.select("#coverage svg.map path.land")
    assert len(land) > 150, "the rest of the world is drawn as plain land"
    assert all("country" not in path.get("class", []) for path in land)


def test_region_page_maps_its_countries_with_the_same_counts(built):
    page = read(built, "region/eastern-europe/index.html")
    titles = {link.title.get_text().split(":")[0]: link for link in page.select("#region-map svg.map a")}
    assert {"Belarus", "Poland", "Russia", "Ukraine"} <= set(titles)
    assert "China" not in titles, "a neighbour outside the region is context, not a link"
    belarus = titles["Belarus"]
    assert int(belarus.title.get_text().split(": ")[1].split()[0]) == page_count(built, "tag/belarus/")
    assert page.select_one("#region-map .map-table"), "the map has its table"


def path_box(d: str) -> tuple[float, float, float, float]:
    """The bounding box of relative path data as geometry.path_data writes it (M x y l dx dy ... z)."""
    xs, ys = [], []
    for start, moves in re.findall(r"M([^l]+)l([^z]*)z", d):
        x, y = map(float, re.findall(r"-?[\d.]+", start))
        xs.append(x), ys.append(y)
        steps = list(map(float, re.findall(r"-?[\d.]+", moves)))
        for dx, dy in zip(steps[::2], steps[1::2]):
            x, y = x + dx, y + dy
            xs.append(x), ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def test_region_map_shows_the_region_not_one_giant(built):
    """Trial case: Russia filled the Eastern Europe map; Belarus and Poland were slivers."""
    svg = read(built, "region/eastern-europe/index.html").select_one("#region-map svg.map")
    width = float(svg["width"])
    for country in ("Belarus", "Poland"):
        link = next(a for a in svg.select("a") if a.title.get_text().startswith(country + ":"))
        west, _, east, _ = path_box(link.path["d"])
        assert east - west >= 0.1 * width, f"{country} spans {east - west:.0f} of {width:.0f} px"


def test_timelines_on_tag_and_region_pages_link_existing_archives(built):
    for path in ("tag/belarus/index.html", "region/eastern-europe/index.html"):
        page = read(built, path)
        bars = page.select(".timeline-chart a")
        assert bars, path
        kind, slug = path.split("/")[:2]
        for bar in bars:
            target, _, query = bar["href"].replace("../", "").partition("?")
            assert (built / target / "index.html").exists(), target
            assert query == f"{kind}={slug}", bar["href"]  # the month narrowed to this tag or region (month.js)
        assert page.select_one(".timeline-chart .peak-label")


def test_briefing_locator_has_a_dot_per_place_and_a_shared_land_file(built):
    page = read(built, "briefing/poland-extends-border-fortifications-along-the-belarus-frontier/index.html")
    locator = page.select_one(".facts-box .locator")
    assert [text.get_text() for text in locator.select("text.place-name")] == ["Warsaw", "Białystok"]
    assert len(locator.select("circle.place")) == 2
    assert len(locator.select("path.tagged")) == 2  # Poland and Belarus
    image = locator.img["src"].replace("../", "")
    land = (built / image).read_text(encoding="utf-8")
    assert land.startswith("<svg") and "<script" not in land and "href" not in land
    assert len(list((built / "maps").glob("locator-*.svg"))) <= 8, "briefings share frames"


def test_a_locator_in_a_big_country_widens_until_it_shows_neighbours(built):
    """QA trial: Astana's locator was a 16° square inside Kazakhstan and Russia, shaded edge to edge."""
    astana = read(built, "briefing/belarus-joins-the-shanghai-cooperation-organisation-at-the-astana-summit/index.html")
    warsaw = read(built, "briefing/poland-extends-border-fortifications-along-the-belarus-frontier/index.html")
    assert "Astana" in astana.select_one(".locator svg")["aria-label"]
    span = int(re.search(r"locator-(\d+)-", astana.select_one(".locator img")["src"]).group(1))
    assert span > maps.LOCATOR_SPANS[0], "the smallest frame was all Kazakhstan and Russia"
    assert "locator-16-" in warsaw.select_one(".locator img")["src"], "Warsaw and Białystok keep the close frame"
    shapes = maps.Atlas(maps.DEFAULTS).by_iso
    west, south, east, north = maps.frame_bounds(maps.locator_frame([{"lon": 71.45, "lat": 51.17}], min_span=span))
    frame = (east - west) * (north - south)
    shaded = sum(shapely.clip_by_rect(shapes[iso2].geometry, west, south, east, north).area for iso2 in ("KZ", "RU", "CN"))
    assert shaded / frame <= maps.MAX_SHADED


def test_maps_need_no_script_and_no_other_host(built):
    for path in ("index.html", "region/eastern-europe/index.html", "tag/belarus/index.html"):
        page = read(built, path)
        for svg in page.select("svg"):
            assert not svg.select("script, foreignObject, image")
            assert not any(attr.startswith("on") for tag in svg.find_all(True) for attr in tag.attrs)
            assert not any("//" in (tag.get("href") or "") for tag in svg.find_all("a"))


def test_a_site_with_maps_turned_off_builds_without_them(tmp_path):
    content, _ = make_content(tmp_path)
    output = build_site(content, tmp_path / "output", BRIEFING_MAPS={"enabled": False})
    assert not read(output, "index.html").select("#coverage")
    assert not (output / "maps").exists()


# Colours ----------------------------------------------------------------------------------

def css_schemes() -> dict[str, dict[str, str]]:
    """The theme's custom properties per scheme: light (the first :root), dark and print."""
    css = (Path(__file__).resolve().parent.parent / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    schemes: dict[str, dict[str, str]] = {"light": {}, "dark": {}, "print": {}}
    for match in re.finditer(r"(@media \((prefers-color-scheme: dark)\)\s*\{\s*)?(@media print\s*\{\s*)?:root\s*\{([^}]*)\}", css):
        scheme = "dark" if match.group(1) else "print" if match.group(3) else "light"
        schemes[scheme].update(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", match.group(4)))
    schemes["print"] = {**schemes["light"], **schemes["print"]}
    return schemes


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark", "print"])
def test_map_colours_contrast_and_keep_their_order_in_greyscale(scheme):
    colours = css_schemes()[scheme]
    assert contrast(colours["map-edge"], colours["bg"]) >= 3, "country outlines stand out from the page (WCAG 1.4.11)"
    shades = [luminance(colours[name]) for name in ("map-land", "map-1", "map-2", "map-3", "map-4", "map-5")]
    rising = shades == sorted(shades)
    falling = shades == sorted(shades, reverse=True)
    assert rising or falling, f"{scheme}: shades must keep one order of lightness, so greyscale reads the same"
    assert all(abs(luminance_a - luminance_b) > 0.03 for luminance_a, luminance_b in zip(shades, shades[1:]))
    assert contrast(colours["map-5"], colours["map-land"]) >= 3, "the busiest countries stand out from the unshaded"


def test_every_built_file_is_readable_by_the_web_server(built):
    """A web server runs as another user: a file only its owner can read is a 403 on the hosted site
    (the shared world locator was written 0600 through a bare mkstemp)."""
    unreadable = [str(path.relative_to(built)) for path in built.rglob("*")
                  if path.is_file() and not path.stat().st_mode & 0o004]
    assert (built / "maps" / "locator-world.svg").exists()
    assert unreadable == []


def test_places_too_close_for_two_dots_share_one_dot_named_by_both(tmp_path):
    """QA trial: on a world-wide locator Warsaw and Pruszków (15 km apart) were one dot and one name."""
    from editorial import write_ingested

    content = tmp_path / "content"
    places = [{"name": "Warsaw", "country": "Poland", "lat": 52.2297, "lon": 21.0122},
              {"name": "Tokyo", "country": "Japan", "lat": 35.6895, "lon": 139.6917},
              {"name": "Pruszków", "country": "Poland", "lat": 52.1707, "lon": 20.8123}]
    write_ingested(content, "warsaw-tokyo", "Warsaw and Tokyo sign a pact", ["Poland", "Japan"], ["Eastern Europe"],
                   places=places)
    locator = read(build_site(content, tmp_path / "output"), "briefing/warsaw-tokyo/index.html").select_one(".locator svg")
    dots = locator.select("circle.place")
    assert len(dots) == 2, "one dot for Tokyo, one for the two Polish towns"
    names = [text.get_text() for text in locator.select("text.place-name")] + [t.get_text() for t in locator.select("circle title")]
    assert sorted(names) == ["Tokyo", "Warsaw, Pruszków"]
    assert locator["aria-label"] == "Map of Warsaw, Pruszków, Tokyo"
