"""The reader's site in a real browser: navigation, search with filters, no request to another host, axe-core.

Builds the test site (see ``site_fixtures``), serves it on 127.0.0.1 and drives
Debian's Chromium with Playwright. Screenshots at 375 px and 1280 px go to
``test-artifacts/`` for people to look at; nothing compares them.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_support import chromium, require_chromium, serve
from checkers import axe_script
from conftest import ROOT
from site_fixtures import SEED_TITLE, build_indexed_site, make_content

ARTIFACTS = ROOT / "test-artifacts"
WIDTHS = {"mobile": 375, "desktop": 1280}
SCREENSHOT_PAGES = {
    "home": "",
    "briefing": "briefing/{seed_slug}/",
    "region": "region/eastern-europe/",
    "tags": "tags/",
    "search": "search/?q=Brest",
}


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    """``(output folder, the seed briefing's slug)``."""
    require_chromium()
    root = tmp_path_factory.mktemp("browser-site")
    content, seed_slug = make_content(root)
    return build_indexed_site(content, root / "output"), seed_slug


@pytest.fixture(scope="module")
def seed_slug(built_site):
    return built_site[1]


@pytest.fixture(scope="module")
def base_url(built_site):
    with serve(built_site[0]) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url):
    with chromium() as browser:
        yield browser


@pytest.fixture
def requests_seen():
    return []


@pytest.fixture
def page(browser, requests_seen):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("request", lambda request: requests_seen.append(request.url))
    yield page
    context.close()


def assert_all_local(urls: list[str], base_url: str) -> None:
    host = urlsplit(base_url).netloc
    elsewhere = sorted({url for url in urls if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != host})
    assert not elsewhere, f"requests left the site: {elsewhere}"


def test_reader_goes_from_home_to_region_to_briefing_to_tag(page, base_url, seed_slug, requests_seen):
    page.goto(base_url)
    page.locator(".by-region").get_by_role("link", name="Eastern Europe", exact=True).click()
    page.wait_for_url(f"{base_url}region/eastern-europe/")
    assert page.locator("h1").inner_text() == "Eastern Europe"

    page.get_by_role("link", name=SEED_TITLE).click()
    page.wait_for_url(f"{base_url}briefing/{seed_slug}/")
    assert page.locator("h1").inner_text() == SEED_TITLE
    assert "Brest" in page.locator(".facts-box").inner_text()

    page.locator(".topics-box").get_by_role("link", name="Belarus", exact=True).click()
    page.wait_for_url(f"{base_url}tag/belarus/")
    assert page.locator("h1").inner_text() == "Belarus"
    assert page.get_by_role("link", name=SEED_TITLE).count() == 1
    assert_all_local(requests_seen, base_url)


def test_search_finds_the_seed_and_filters_by_region(page, base_url, requests_seen):
    from playwright.sync_api import expect  # here: without Playwright the fixtures skip first

    page.goto(base_url)
    box = page.get_by_role("searchbox", name="Search briefings")
    box.fill("Brest")
    box.press("Enter")
    page.wait_for_url("**/search/?q=Brest")
    results = page.locator(".search-result")
    seed_result = results.filter(has_text=SEED_TITLE)
    seed_result.wait_for()
    expect(results.filter(has_text="Poland Extends Border Fortifications")).to_have_count(1)

    # Eastern Asia: the seed stays, Poland's border briefing (Eastern Europe only) goes.
    option = filter_option(page, "Region", "Eastern Asia")
    assert option.locator(".count").inner_text().isdigit(), "filters are shown with counts"
    option.click()
    # The list is drawn again after a filter: wait for what the reader ends up seeing
    # (counting once, right after Poland's result left, caught the list half drawn).
    expect(results.filter(has_text="Poland Extends Border Fortifications")).to_have_count(0)
    expect(seed_result).to_have_count(1)
    assert_all_local(requests_seen, base_url)


def filter_option(page, group: str, value: str):
    """The label of one filter value ("Eastern Asia", not "South-eastern Asia"), in its group."""
    fieldset = page.locator("fieldset.search-filter").filter(has=page.locator("legend", has_text=re.compile(f"^{group}$")))
    return fieldset.locator("label").filter(has_text=re.compile(rf"^{re.escape(value)} \d+$"))


def test_search_browses_by_filters_without_a_query(page, base_url, requests_seen):
    """Trial case: with no query the page showed an empty box and no filters; clearing the text lost everything."""
    from playwright.sync_api import expect

    page.goto(base_url + "search/")
    results = page.locator(".search-result")
    expect(results).to_have_count(8)  # every briefing of the test site, newest first
    status = page.locator("#search-status")
    expect(status).to_have_text("8 briefings, newest first.")

    def tick(group: str, value: str) -> None:
        filter_option(page, group, value).click()

    tick("Region", "Eastern Europe")
    expect(status).to_have_text("6 briefings with these filters, newest first.")
    tick("Year", "2024")
    tick("Organisation", "NATO")
    expect(status).to_have_text("2 briefings with these filters, newest first.")
    expect(results.filter(has_text=SEED_TITLE)).to_have_count(1)
    assert "region=Eastern+Europe" in page.url and "organisation=NATO" in page.url and "year=2024" in page.url

    # The view is an address: reloading it (or sharing it) shows the same briefings.
    page.reload()
    expect(status).to_have_text("2 briefings with these filters, newest first.")
    expect(page.locator(".search-filter input:checked")).to_have_count(3)

    # A word narrows the filtered briefings; clearing it keeps the filters and their results.
    box = page.get_by_role("searchbox", name="Search briefings")
    box.fill("Brest")
    expect(results).to_have_count(1)
    box.fill("")
    expect(status).to_have_text("2 briefings with these filters, newest first.")
    page.get_by_role("button", name="Clear filters").click()
    expect(results).to_have_count(8)
    assert_all_local(requests_seen, base_url)


def test_search_address_takes_the_slugs_of_region_and_tag_pages(page, base_url):
    """QA trial: ?region=eastern-europe (as in /region/eastern-europe/) found nothing; only the display name did."""
    from playwright.sync_api import expect

    page.goto(base_url + "search/?region=eastern-europe&tag=nato")
    expect(page.locator("#search-status")).to_have_text("2 briefings with these filters, newest first.")
    expect(page.locator(".search-filter input:checked")).to_have_count(2)
    assert "region=Eastern+Europe" in page.url and "organisation=NATO" in page.url, page.url
    page.goto(base_url + "search/?region=North+America")  # the display name still works, and so does any case
    expect(page.locator("#search-status")).to_contain_text("with these filters")
    page.goto(base_url + "search/?country=BELARUS")
    expect(page.locator(".search-filter input:checked")).to_have_count(1)


def test_browsing_snippets_start_with_the_lede_not_the_title(page, base_url):
    """QA trial: with no query each result repeated its title before the lede."""
    page.goto(base_url + "search/")
    results = page.locator(".search-result")
    results.first.wait_for()
    for result in results.all():
        title = result.locator(".search-result-title").inner_text()
        snippet = result.locator(".search-result-excerpt").inner_text()
        assert snippet and not snippet.startswith(title.split()[0] + " " + title.split()[1]), (title, snippet)
    seed = results.filter(has_text=SEED_TITLE).locator(".search-result-excerpt").inner_text()
    assert seed.startswith("In a significant display of growing military cooperation"), seed


def test_search_snippets_come_from_the_text_and_title_words_still_find(page, base_url):
    """QA trial: the headline was indexed text, so a snippet could start inside it ("…at the Astana Summit. Belarus became…")."""
    title = "Belarus Joins the Shanghai Cooperation Organisation at the Astana Summit"
    page.goto(base_url + "search/?q=Astana+summit")
    result = page.locator(".search-result").filter(has_text=title)
    result.wait_for()
    snippet = result.locator(".search-result-excerpt").inner_text()
    assert "summit in Astana" in snippet, snippet
    assert "Astana Summit" not in snippet and "Cooperation Organisation at" not in snippet, snippet
    # A word only the headline has still finds the briefing, and the snippet is the text's opening.
    page.goto(base_url + "search/?q=Joins")
    result = page.locator(".search-result").filter(has_text=title)
    result.wait_for()
    assert result.locator(".search-result-excerpt").inner_text().startswith("Leaders admitted Belarus")


def test_search_filters_fold_on_phones_so_results_come_first(browser, base_url):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "search/")
    first = page.locator(".search-result").first
    first.wait_for()
    assert page.locator("#search-filters").get_attribute("open") is None
    assert page.locator(".search-filter").first.is_hidden()
    assert first.bounding_box()["y"] < 844, "the first result is on the first screen"
    page.locator("#search-filters summary").click()
    expect(page.locator(".search-filter").first).to_be_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_mobile_and_desktop(browser, base_url, seed_slug, scheme):
    ARTIFACTS.mkdir(exist_ok=True)
    seen: list[str] = []
    for device, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.on("request", lambda request: seen.append(request.url))
        for name, path in SCREENSHOT_PAGES.items():
            page.goto(base_url + path.format(seed_slug=seed_slug))
            if name == "search":
                page.locator(".search-result").first.wait_for()
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} scrolls sideways at {width}px"
            page.screenshot(path=str(ARTIFACTS / f"{name}-{device}-{scheme}.png"), full_page=True)
        context.close()
    assert_all_local(seen, base_url)


def test_skip_link_is_first_and_focus_is_visible(page, base_url):
    page.goto(base_url)
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, getComputedStyle(document.activeElement).outlineStyle]")
    assert focused[0] == "skip-link"
    assert focused[1] != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_dark_mode_follows_the_system(browser, base_url):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(base_url)
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours["light"] != colours["dark"]


def test_print_shows_the_briefing_and_its_links_without_navigation(page, base_url, seed_slug):
    page.goto(f"{base_url}briefing/{seed_slug}/")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.site-nav', '.site-search', '.site-footer', '.related', '.prev-next']"
        ".map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none"] * 5
    assert page.locator("h1").is_visible() and page.locator(".body").is_visible()
    fixture = f"{base_url}briefing/poland-extends-border-fortifications-along-the-belarus-frontier/"
    page.goto(fixture)
    shown = page.evaluate("getComputedStyle(document.querySelector('.body a'), '::after').content")
    assert "https://gov.example.pl/east-shield" in shown
    assert "https://news.example.com/" in page.locator(".source-box").inner_text()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


def test_print_keeps_the_locator_map_small(page, base_url, seed_slug):
    """QA trial: printed, the key facts' locator map spread over the page's whole width, a map of the world
    taking half a sheet, with place names three centimetres tall."""
    page.goto(f"{base_url}briefing/{seed_slug}/")
    page.emulate_media(media="print")
    map_width = page.locator(".locator").bounding_box()["width"]
    body_width = page.locator(".body").bounding_box()["width"]
    page.emulate_media(media="screen")
    assert 0 < map_width <= body_width / 2


# axe-core on every page type, light and dark ----------------------------------------------------
# The search page is checked with results and filters showing: they are built by script.

AXE_PAGES = {
    "home": "", "home, page 2": "page/2/", "briefing": "briefing/{seed_slug}/",
    "briefing with links and headings": "briefing/poland-extends-border-fortifications-along-the-belarus-frontier/",
    "tag": "tag/belarus/", "tag, page 2": "tag/china/page/2/", "region": "region/eastern-europe/",
    "tags": "tags/", "regions": "regions/", "archive": "archives/", "month": "archives/2024/07/",
    "page": "about/", "search": "search/?q=Brest",
}
# WCAG 2.x A and AA, and axe's best practices (landmarks, one h1, ...).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                      "best-practice"]}, "resultTypes": ["violations"]}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page_type(browser, base_url, built_site, scheme):
    output, seed_slug = built_site
    pages = dict(AXE_PAGES, **({"not found": "404.html"} if (output / "404.html").exists() else {}))
    script = axe_script()
    # axe is injected as an inline script, which the site's Content-Security-Policy rightly forbids.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    found = {}
    for name, path in pages.items():
        page.goto(base_url + path.format(seed_slug=seed_slug))
        if name == "search":
            page.locator(".search-result").first.wait_for()
            page.locator(".search-filter").first.wait_for()
        page.add_script_tag(content=script)
        violations = page.evaluate("options => axe.run(document, options).then(results => results.violations)",
                                   AXE_OPTIONS)
        found.update({name: [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
                             for v in violations]} if violations else {})
    context.close()
    assert not found, found


def test_pages_and_search_run_under_the_content_security_policy(browser, base_url, seed_slug):
    """Every page carries the policy; Pagefind still searches and filters, and the browser reports
    no violation (Chromium logs each blocked script, style, WebAssembly compile or request)."""
    from playwright.sync_api import expect

    context = browser.new_context()
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    for path in ("", f"briefing/{seed_slug}/", "region/eastern-europe/", "tags/", "archives/"):
        page.goto(base_url + path)
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert {"default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"} <= {
            part.strip() for part in policy.split(";")}
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    page.goto(base_url + "search/?q=Brest")
    results = page.locator(".search-result")
    expect(results.filter(has_text=SEED_TITLE)).to_have_count(1)
    filter_option(page, "Region", "Eastern Asia").click()
    expect(results.filter(has_text="Poland Extends Border Fortifications")).to_have_count(0)
    expect(results.filter(has_text=SEED_TITLE)).to_have_count(1)
    context.close()
    violations = [line for line in console if "Content Security Policy" in line or line.startswith("pageerror")]
    assert not violations, violations


def test_a_feed_opened_in_the_browser_finds_the_sites_icon(browser, built_site):
    """QA trial: opening an Atom feed in a tab made the browser ask for /favicon.ico, a 404."""
    import functools
    import struct

    from browser_support import QuietHandler
    from conftest import local_server

    answers: list[tuple[str, int]] = []

    class Recording(QuietHandler):
        def log_request(self, code="-", size="-"):
            answers.append((self.path, int(code)))

    with local_server(functools.partial(Recording, directory=str(built_site[0]))) as url:
        page = browser.new_page()
        page.goto(url + "/feeds/all.atom.xml")
        page.wait_for_timeout(1500)  # the icon is asked for after the feed is shown
        page.close()
    assert ("/feeds/all.atom.xml", 200) in answers
    assert not [answer for answer in answers if answer[1] >= 400], answers
    icon = (built_site[0] / "favicon.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", icon[:6])
    assert (reserved, kind) == (0, 1) and count >= 2, "an ICO file with several sizes"
    assert icon.count(b"\x89PNG") == count


def test_links_to_other_sites_send_no_referrer(page, base_url):
    page.goto(f"{base_url}briefing/poland-extends-border-fortifications-along-the-belarus-frontier/")
    outbound = page.locator('a[href^="http"]')
    assert outbound.count() >= 2  # the body's link and the source box's
    for index in range(outbound.count()):
        link = outbound.nth(index)
        assert {"noopener", "noreferrer"} <= set((link.get_attribute("rel") or "").split())
        assert link.get_attribute("referrerpolicy") == "no-referrer"


# First trial (issue 12): favicon, the not-found page, one search box, snippets, the home on phones -----

def test_favicon_and_every_asset_load_without_an_error(page, base_url):
    failed = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    icon = page.evaluate("document.querySelector('link[rel=icon]').href")
    assert page.request.get(icon).status == 200
    assert not failed, f"requests that failed: {failed}"


def test_not_found_page_is_styled_and_searches(page, base_url, requests_seen):
    page.goto(base_url + "404.html")
    assert page.locator("h1").inner_text() == "Page not found"
    # Styled like the site (its stylesheet found from the site's root), with its links.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "solid"
    for name in ("Latest briefings", "Regions", "Tags", "Archive"):
        assert page.locator(".not-found-links").get_by_role("link", name=name, exact=True).count() == 1
    box = page.get_by_role("searchbox", name="Search the briefings")
    box.fill("Brest")
    box.press("Enter")
    page.wait_for_url("**/search/?q=Brest")
    page.locator(".search-result").filter(has_text=SEED_TITLE).wait_for()
    assert_all_local(requests_seen, base_url)


def test_not_found_page_has_one_search_box_styled_as_the_site(page, base_url):
    """QA trial: the 404 page showed the header's box above its own, and a grey browser-default button."""
    page.goto(base_url + "404.html")
    assert page.locator("input[type=search]:visible").count() == 1
    button = "getComputedStyle(document.querySelector('%s')).backgroundColor"
    assert page.evaluate(button % ".not-found-search button") == page.evaluate(button % ".site-search button")


def test_search_status_agrees_in_number(page, base_url):
    """QA trial: one result read "1 briefing match ..."."""
    page.goto(base_url + "search/?q=Doorstep")
    page.locator(".search-result").filter(has_text=SEED_TITLE).wait_for()
    assert page.locator("#search-status").inner_text() == "1 briefing matches \u201cDoorstep\u201d."
    # And no word of filters when none is ticked (QA trial: "No briefings match ... with these filters.").
    page.goto(base_url + "search/?q=Zanzibarish")
    expect_text = "No briefings match \u201cZanzibarish\u201d."
    page.wait_for_function("text => document.querySelector('#search-status').textContent === text", arg=expect_text)


def test_search_page_has_one_box_holding_the_query_and_snippets_without_the_meta_line(page, base_url):
    page.goto(base_url + "search/?q=Brest")
    result = page.locator(".search-result").filter(has_text=SEED_TITLE)
    result.wait_for()
    visible_boxes = page.locator("input[type=search]:visible")
    assert visible_boxes.count() == 1
    assert visible_boxes.first.input_value() == "Brest"
    snippet = result.locator(".search-result-excerpt").inner_text()
    assert "Brest" in snippet
    assert "min read" not in snippet and "From " not in snippet and "Eastern Europe ·" not in snippet


def test_home_region_block_stays_short_on_phones(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url)
    block = page.locator(".by-region")
    assert block.get_by_role("link", name="Eastern Europe", exact=True).is_visible()
    # Trial case: the block listed every story again; a 6-briefing home was 4,400 px tall.
    assert block.bounding_box()["height"] < 260
    assert page.locator(".by-region .headlines").first.is_hidden()
    context.close()


def test_search_boxes_show_their_whole_placeholder_on_phones(browser, base_url):
    """QA trial: on a 390 px phone the search page's box read "Words, names or places; o"."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in ("", "search/"):
        page.goto(base_url + path)
        boxes = [box for box in page.locator("input[type=search][placeholder]").all() if box.is_visible()]
        assert boxes, path
        for box in boxes:
            cut = box.evaluate("""input => {
                const style = getComputedStyle(input), canvas = document.createElement('canvas').getContext('2d');
                canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                return canvas.measureText(input.placeholder).width > room;
            }""")
            assert not cut, (path, box.get_attribute("placeholder"))
    context.close()
