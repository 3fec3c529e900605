"""Maps and timelines in a real browser (Debian Chromium through Playwright).

The test site (``site_fixtures``: the seed plus seven briefings, several with
places) is built, served on 127.0.0.1 and read as a person would: the home
map, a country on it, a briefing's locator, a tag's timeline. Screenshots at
390 px and 1280 px, light and dark, go to ``test-artifacts/maps-*.png`` for
people to look at; nothing compares them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import chromium, require_chromium, serve
from conftest import ROOT
from site_fixtures import build_indexed_site, make_content

ARTIFACTS = ROOT / "test-artifacts"
WIDTHS = {"phone": 390, "desktop": 1280}
PLACES_BRIEFING = "briefing/poland-extends-border-fortifications-along-the-belarus-frontier/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_chromium()
    root = tmp_path_factory.mktemp("maps-site")
    content, seed_slug = make_content(root)
    output = build_indexed_site(content, root / "output")
    with serve(output) as url:
        with chromium() as browser:
            yield browser, url, seed_slug


@pytest.fixture
def page(site):
    browser, _, _ = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.requests_seen = seen
    yield page
    context.close()


def only_local(page, base_url) -> None:
    host = urlsplit(base_url).netloc
    elsewhere = sorted({url for url in page.requests_seen if urlsplit(url).netloc != host})
    assert not elsewhere, f"requests left the site: {elsewhere}"


def test_home_map_renders_and_a_country_leads_to_its_tag_page(page, site):
    _, base_url, _ = site
    page.goto(base_url)
    world = page.locator("#coverage svg.map")
    box = world.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 250, "the world map is drawn at a readable size"
    belarus = world.locator("a", has=page.locator("title", has_text="Belarus:"))
    assert belarus.count() == 1
    title = belarus.locator("title").text_content()
    belarus.click()
    page.wait_for_url("**/tag/belarus/")
    listed = page.locator(".page-meta").inner_text()
    assert title.split(":")[1].split(" briefing")[0].strip() + " briefing" in listed, (title, listed)
    only_local(page, base_url)


def test_country_links_take_keyboard_focus(page, site):
    _, base_url, _ = site
    page.goto(base_url)
    first_country = page.locator("#coverage svg.map a").first
    first_country.focus()
    focused = page.evaluate("document.activeElement.closest('svg.map') !== null")
    assert focused, "a country link can hold keyboard focus"
    stroke = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).strokeWidth")
    assert stroke.startswith("3"), f"the focused country is outlined (stroke {stroke})"


def test_map_has_a_table_one_click_away(page, site):
    _, base_url, _ = site
    page.goto(base_url)
    table = page.locator("#coverage details.map-table")
    table.locator("summary").click()
    rows = table.locator("tbody tr")
    assert rows.count() >= 5
    assert "Belarus" in table.inner_text()


def test_briefing_with_places_shows_a_dot_per_place(page, site):
    _, base_url, _ = site
    page.goto(base_url + PLACES_BRIEFING)
    locator = page.locator(".facts-box .locator")
    assert locator.is_visible()
    names = [text.text_content() for text in locator.locator("text.place-name").all()]
    listed = [item.split(",")[0].strip() for item in page.locator(".facts-box ul.facts").first.locator("li").all_inner_texts()]
    assert names and names == listed, (names, listed)
    assert locator.locator("circle.place").count() == len(names)
    for dot in locator.locator("circle.place").all():
        box = dot.bounding_box()
        frame = locator.locator("img").bounding_box()
        assert frame["x"] <= box["x"] <= frame["x"] + frame["width"] and frame["y"] <= box["y"] <= frame["y"] + frame["height"]
    assert page.evaluate("document.querySelector('.locator img').naturalWidth") > 0, "the shared land layer loads"
    only_local(page, base_url)


def test_place_names_on_the_seed_locator_do_not_collide(page, site):
    """Trial case: Brest was drawn over Minsk on the seed briefing's locator."""
    _, base_url, seed_slug = site
    page.goto(base_url + f"briefing/{seed_slug}/")
    svg = page.locator(".facts-box .locator svg")
    boxes = page.evaluate("""svg => {
        const box = node => { const b = node.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
        return {labels: [...svg.querySelectorAll('text.place-name')].map(t => [t.textContent, box(t)]),
                dots: [...svg.querySelectorAll('circle.place')].map(box)};
    }""", svg.element_handle())
    names = [name for name, _ in boxes["labels"]]
    # Minsk and Brest are 3 px apart on the world-wide frame: one dot, named by both (map_labels.merge_close_dots).
    assert "Minsk, Brest" in names, names

    def overlap(a, b):
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    for number, (name, box) in enumerate(boxes["labels"]):
        for other, other_box in boxes["labels"][number + 1:]:
            assert not overlap(box, other_box), f"{name} {box} is drawn over {other} {other_box}"
        for dot in boxes["dots"]:
            assert not overlap(box, dot), f"{name} {box} covers a dot {dot}"
    listed = [item.split(",")[0].strip() for item in page.locator(".facts-box ul.facts").first.locator("li").all_inner_texts()]
    tooltips = [title.text_content() for title in svg.locator("circle.place title").all()]
    shown = [place for name in names + tooltips for place in name.split(", ")]
    assert sorted(shown) == sorted(listed), "every place is named on the map or on its dot, and listed"


def test_timeline_bars_link_to_month_archives(page, site):
    _, base_url, _ = site
    page.goto(base_url + "tag/belarus/")
    bars = page.locator(".timeline-chart a")
    assert bars.count() >= 1
    peak = page.locator(".timeline-chart .peak-label").text_content()
    bar = page.locator(".timeline-chart a", has=page.locator("rect.peak"))
    label = bar.locator("title").text_content()  # "July 2024: 5 briefings"
    assert label.split(":")[0] in peak
    bar.click()
    page.wait_for_url("**/archives/*/*/?tag=belarus")
    assert label.split(":")[0] in page.locator("h1").inner_text()
    # QA trial: "July 2024: 5 briefings" on the Belarus page opened on every briefing of July.
    count = int(label.split(": ")[1].split()[0])
    every = page.locator(".archive > li").count()
    assert every > count, "the fixture's month has briefings not tagged Belarus"
    shown = page.locator(".archive > li:visible")
    assert shown.count() == count
    for index in range(count):
        assert "Belarus" in shown.nth(index).locator(".chip-tag").all_inner_texts()
    status = page.locator(".month-filter")
    assert status.inner_text().startswith(f"{count} of the {every} briefings from {label.split(':')[0]} name Belarus.")
    status.get_by_role("link", name=f"Show all {every}").click()
    page.wait_for_url("**/archives/*/*/")
    assert page.locator(".archive > li:visible").count() == every


def test_a_month_narrowed_to_a_tag_keeps_it_month_to_month_and_lists_all_when_none_has_it(page, site):
    _, base_url, _ = site
    page.goto(base_url + "archives/2024/07/?tag=belarus")
    earlier = page.get_by_role("link", name="← Earlier month June 2024")
    assert urlsplit(earlier.get_attribute("href")).query == "tag=belarus"
    earlier.click()
    page.wait_for_url("**/archives/2024/06/?tag=belarus")
    assert page.locator(".month-filter").inner_text().startswith("1 of the 2 briefings from June 2024 name Belarus.")
    page.goto(base_url + "archives/2024/06/?tag=japan")  # no briefing of June names Japan
    assert page.locator(".archive > li:visible").count() == 2
    assert "here are all 2" in page.locator(".month-filter").inner_text()


def test_recent_view_switches_without_script(page, site):
    _, base_url, _ = site
    page.goto(base_url)
    assert page.locator("#coverage .legend-recent").is_hidden()
    page.locator("#coverage .view-recent").click()
    assert page.locator("#coverage .legend-recent").is_visible()
    assert page.locator("#coverage .legend-all").is_hidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_map_screenshots(site, scheme):
    browser, base_url, _ = site
    ARTIFACTS.mkdir(exist_ok=True)
    pages = {"home": "", "region": "region/eastern-europe/", "tag": "tag/belarus/", "briefing": PLACES_BRIEFING}
    for device, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        for name, path in pages.items():
            page.goto(base_url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} scrolls sideways at {width}px"
            target = page.locator({"home": "#coverage", "region": "main", "tag": "main", "briefing": "main"}[name])
            target.screenshot(path=str(ARTIFACTS / f"maps-{name}-{device}-{scheme}.png"))
        context.close()
