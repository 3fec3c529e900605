"""The theme on a real build, read with BeautifulSoup: feeds, search-engine meta, hosting, accessibility.

The browser tests (``test_browser.py``) cover what needs a browser; these need
only the built files, so they run everywhere.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from briefing.plugin.keyfacts import find_dates
from briefing.plugin.related import build_index, related_positions
from briefing.plugin.seo import json_for_script
from conftest import build_site
from site_fixtures import SEED_TITLE, TEST_PAGINATION, build_indexed_site, make_content

PUBLIC = "https://example.org/briefings"
POLAND = "poland-extends-border-fortifications-along-the-belarus-frontier"
# Attributes through which a page makes the browser fetch something.
FETCHING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src",
            "embed": "src", "object": "data", "track": "src"}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> tuple[Path, str]:
    return make_content(tmp_path_factory.mktemp("theme-content"))


@pytest.fixture(scope="module")
def content(ingested) -> Path:
    return ingested[0]


@pytest.fixture(scope="module")
def seed_slug(ingested) -> str:
    return ingested[1]


@pytest.fixture(scope="module")
def site(content, tmp_path_factory) -> Path:
    return build_indexed_site(content, tmp_path_factory.mktemp("theme-local") / "output")


@pytest.fixture(scope="module")
def published(content, tmp_path_factory, monkeypatch_module) -> Path:
    monkeypatch_module.setenv("SITEURL", PUBLIC)
    return build_indexed_site(content, tmp_path_factory.mktemp("theme-publish") / "output", "publishconf.py")


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def html_pages(output: Path) -> list[Path]:
    return sorted(path for path in output.rglob("*.html") if "pagefind" not in path.parts)


def soup_of(output: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((output / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def url_of(output: Path, path: Path) -> str:
    """The site path of a written page: ``briefing/x/index.html`` → ``briefing/x/``."""
    relative = path.relative_to(output).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


# Pages -----------------------------------------------------------------------------------------

def test_every_page_has_one_h1_landmarks_and_a_skip_link(site):
    pages = html_pages(site)
    assert len(pages) > 30
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert len(soup.find_all("h1")) == 1, path
        for landmark in ("header", "nav", "main", "footer"):
            assert soup.find(landmark), f"{path}: no <{landmark}>"
        skip = soup.find("a", class_="skip-link")
        assert skip and skip["href"] == "#main" and soup.find(id="main").name == "main", path
        assert soup.find("form", role="search"), f"{path}: no search box"


def test_briefing_page_shows_source_key_facts_related_and_neighbours(site, seed_slug):
    soup = soup_of(site, f"briefing/{seed_slug}")
    assert soup.h1.get_text() == SEED_TITLE
    assert re.search(r"\d+ min read", soup.select_one(".briefing-header .meta").get_text())
    facts = " ".join(soup.select_one(".facts-box").get_text().split())
    assert "Brest, Belarus" in facts and "July 8 to 19, 2024" in facts, "ISO codes shown as country names"
    related = [a["href"] for a in soup.select(".related a")]
    assert related and not any(seed_slug in href for href in related)
    assert any(POLAND in href for href in related), "shares Belarus, Poland and Eastern Europe"
    assert soup.select_one('.prev-next a[rel="prev"]') and soup.select_one('.prev-next a[rel="next"]')


def test_source_box_names_publisher_original_and_retrieval(site):
    box = soup_of(site, f"briefing/{POLAND}").select_one(".source-box")
    text = box.get_text(" ", strip=True)
    assert "Example News" in text and "3 July 2024" in text
    assert box.find("a", href="https://news.example.com/2024/07/02/east-shield")


def test_home_has_latest_cards_and_region_blocks(site):
    soup = soup_of(site, "")
    cards = soup.select(".latest .card")
    assert len(cards) == 4, "test builds paginate at 4"
    assert all(card.find("h2") and card.select(".chip-region") and card.select("time") for card in cards)
    blocks = {block.h3.get_text(strip=True) for block in soup.select(".region-block")}
    assert {"Eastern Europe", "Eastern Asia"} <= blocks
    assert (site / "page" / "2" / "index.html").exists()


def test_region_page_has_intro_countries_with_counts_and_pages(site):
    soup = soup_of(site, "region/eastern-europe")
    assert "UN M49 sub-region" in soup.select_one(".intro").get_text()
    assert soup.find("meta", attrs={"name": "description"})["content"].startswith("Briefings on Belarus, Poland")
    countries = {li.a.get_text(): int(li.select_one(".count").get_text()) for li in soup.select(".countries li")}
    assert countries["Belarus"] == 4 and countries["Poland"] == 2
    assert "China" not in countries, "China is in Eastern Asia"
    assert (site / "region" / "eastern-europe" / "page" / "2" / "index.html").exists()
    assert "intro" not in str(soup_of(site, "region/eastern-europe/page/2").select_one(".page-header"))


def test_tag_page_intro_from_markdown_file(site):
    soup = soup_of(site, "tag/nato")
    assert "32 members" in soup.select_one(".intro").get_text()
    assert soup.select_one(".kicker").get_text() == "Organisation"
    assert not (site / "tags" / "nato").exists(), "intros are not pages"


def test_tags_index_is_grouped_by_kind(site):
    soup = soup_of(site, "tags")
    groups = {section.h2["id"]: {a.get_text() for a in section.select("li a")} for section in soup.select(".index-section")}
    assert {"Belarus", "China", "Poland"} <= groups["country"]
    assert {"NATO", "SCO", "EU"} <= groups["organisation"]


def test_monthly_archive_and_about_page(site):
    archive = soup_of(site, "archives")
    months = {a.get_text() for a in archive.select(".months a")}
    assert months == {"July 2024", "June 2024"}
    assert SEED_TITLE in soup_of(site, "archives/2024/07").get_text()
    about = soup_of(site, "about")
    assert about.h1.get_text() == "About"
    assert about.find("a", href="../about/") or about.select_one('nav a[href$="about/"]')


# Search ----------------------------------------------------------------------------------------

def test_only_briefings_are_indexed_and_carry_filters(site):
    for path in html_pages(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert bool(soup.select("[data-pagefind-body]")) == url_of(site, path).startswith("briefing/"), path
    soup = soup_of(site, f"briefing/{POLAND}")
    filters = {}
    for element in soup.select("[data-pagefind-filter]"):
        key, _, value = element["data-pagefind-filter"].partition(":")
        filters.setdefault(key, set()).add(value or element.get_text(strip=True))
    assert filters == {
        "region": {"Eastern Europe"}, "country": {"Poland", "Belarus"}, "organisation": {"EU"},
        "source": {"Example News"}, "year": {"2024"}, "language": {"English"},
    }
    assert (site / "pagefind" / "pagefind-ui.js").exists()


def test_search_page_loads_pagefind_relatively(site):
    soup = soup_of(site, "search")
    sources = [script["src"] for script in soup.find_all("script", src=True)]
    assert sources == ["../theme/js/search.js"]  # it imports ../pagefind/pagefind.js from the bundle path
    assert soup.select_one("#search")["data-bundle-path"] == "../pagefind/"
    assert (site / "pagefind" / "pagefind.js").exists()


# Feeds -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, feed", [
    ("", "feeds/all.atom.xml"),
    ("tag/belarus", "feeds/tag/belarus.atom.xml"),
    ("tag/nato", "feeds/tag/nato.atom.xml"),
    ("region/eastern-europe", "feeds/region/eastern-europe.atom.xml"),
    ("region/central-asia", "feeds/region/central-asia.atom.xml"),
])
def test_pages_link_their_atom_feed(site, url, feed):
    soup = soup_of(site, url)
    links = {urljoin(f"/{url}/".replace("//", "/"), link["href"]) for link in soup.find_all("link", rel="alternate", type="application/atom+xml")}
    assert f"/{feed}" in links
    root = ET.parse(site / feed).getroot()
    assert root.tag == "{http://www.w3.org/2005/Atom}feed" and root.findall("{http://www.w3.org/2005/Atom}entry")


# Search engines and hosting --------------------------------------------------------------------

def test_robots_and_sitemap(site, published, seed_slug):
    assert "Sitemap" not in (site / "robots.txt").read_text(), "a local build has no absolute address"
    assert not (site / "sitemap.xml").exists()
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in (published / "robots.txt").read_text()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text for loc in ET.parse(published / "sitemap.xml").getroot().findall("s:url/s:loc", ns)}
    for path in ["", f"briefing/{seed_slug}/", "tag/nato/", "region/eastern-europe/", "tags/", "regions/", "archives/", "about/"]:
        assert f"{PUBLIC}/{path}" in locs


def test_canonical_open_graph_and_twitter(published, seed_slug):
    for path in html_pages(published):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        canonical = soup.find("link", rel="canonical")["href"]
        assert canonical == f"{PUBLIC}/{url_of(published, path)}", path
        meta = {tag.get("property") or tag.get("name"): tag.get("content") for tag in soup.find_all("meta")}
        assert meta["og:url"] == canonical
        assert meta["og:title"] and meta["og:description"] and meta["twitter:card"] == "summary"
    soup = soup_of(published, f"briefing/{seed_slug}")
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", property="og:title")["content"] == SEED_TITLE


def test_news_article_json_ld(published):
    soup = soup_of(published, f"briefing/{POLAND}")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Poland Extends Border Fortifications Along the Belarus Frontier"
    assert data["datePublished"].startswith("2024-07-02")
    assert data["url"] == f"{PUBLIC}/briefing/{POLAND}/"
    assert data["isBasedOn"] == "https://news.example.com/2024/07/02/east-shield"
    assert data["author"] == [{"@type": "Person", "name": "Anna Nowak"}]


def test_publish_build_links_stay_under_the_sub_path(published):
    for path in html_pages(published):
        page_url = f"{PUBLIC}/{url_of(published, path)}"
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(["a", "link", "script", "img", "form"]):
            target = element.get("href") or element.get("src") or element.get("action")
            if not target or target.startswith("#"):
                continue
            absolute = urlsplit(urljoin(page_url, target))
            if absolute.netloc == "example.org":
                assert absolute.path.startswith("/briefings/"), f"{path}: {target}"
    search = soup_of(published, "search")
    assert [s["src"] for s in search.find_all("script", src=True)] == [f"{PUBLIC}/theme/js/search.js"]
    assert search.select_one("#search")["data-bundle-path"] == f"{PUBLIC}/pagefind/"


# Nothing from other hosts ----------------------------------------------------------------------

def is_remote(url: str) -> bool:
    return bool(re.match(r"^\s*(https?:)?//", url, re.IGNORECASE))


def test_no_page_loads_anything_from_another_host(site):
    for path in html_pages(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in FETCHING.items():
            for element in soup.find_all(tag):
                assert not is_remote(element.get(attribute) or ""), f"{path}: <{tag} {attribute}={element.get(attribute)}>"
        for link in soup.find_all("link", href=True):
            if set(link.get("rel") or []) & {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest"}:
                assert not is_remote(link["href"]), f"{path}: {link}"
        for element in soup.find_all(style=True):
            assert "url(" not in element["style"], path


def test_no_stylesheet_or_script_loads_from_another_host(site):
    css_files = list(site.rglob("*.css"))
    assert any(path.name == "site.css" for path in css_files)
    for path in css_files:
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text):
            assert not is_remote(target), f"{path}: {target}"
    for path in (site / "theme").rglob("*.js"):
        assert not re.search(r"https?:|//[a-z]", path.read_text(encoding="utf-8").split("\n", 1)[1]), path


# Security --------------------------------------------------------------------------------------

def test_a_hostile_title_cannot_break_out_of_the_page(tmp_path):
    briefings = tmp_path / "content" / "briefings"
    briefings.mkdir(parents=True)
    title = 'Talks end </script><script>alert(1)</script> & <b>"more"</b>'
    (briefings / "hostile.md").write_text(
        "---\n" + f"title: {json.dumps(title)}\nslug: hostile\ndate: 2024-07-01\n"
        "tags: [Belarus]\nregions: [Eastern Europe]\nsummary: Plain summary.\n---\nBody text.\n",
        encoding="utf-8",
    )
    output = build_site(tmp_path / "content", tmp_path / "output", "publishconf.py")
    html = (output / "briefing" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "<b>" not in html
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.find_all("script")
    assert len(scripts) == 1 and scripts[0]["type"] == "application/ld+json"
    assert json.loads(scripts[0].string)["headline"] == title
    assert soup.h1.get_text() == title


def test_json_for_script_escapes_markup_characters():
    text = str(json_for_script({"headline": "</script><!-- & \u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"headline": "</script><!-- & \u2028"}


# Key facts and related, without a build --------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("held from July 8 to 19, 2024, in Brest", [("July 8 to 19, 2024", "2024-07-08")]),
    ("on 2 July 2024 and by 15 September 2024.", [("2 July 2024", "2024-07-02"), ("15 September 2024", "2024-09-15")]),
    ("Published 2024-07-11; again on 2024-07-11.", [("2024-07-11", "2024-07-11")]),
    ("since March 29, 2004, when", [("March 29, 2004", "2004-03-29")]),
    ("on 31 February 2024 nothing", []),
    ("in May the talks resumed", []),
])
def test_find_dates(text, expected):
    assert [(found["text"], found["date"].isoformat()) for found in find_dates(text)] == expected


class FakeTag:
    def __init__(self, slug):
        self.slug = slug


class FakeBriefing:
    def __init__(self, tags, regions=()):
        self.tags = [FakeTag(t) for t in tags]
        self.regions = [FakeTag(r) for r in regions]


def test_related_prefers_rare_shared_tags_and_looks_only_near_in_date():
    ordered = [FakeBriefing(["china"]) for _ in range(2000)]
    ordered[1000] = FakeBriefing(["china", "sco"])
    ordered[1003] = FakeBriefing(["china", "sco"])
    ordered[10] = FakeBriefing(["china", "nato"])
    ordered[1990] = FakeBriefing(["china", "nato"])
    index = build_index(ordered)
    assert related_positions(1000, [("tag", "china"), ("tag", "sco")], index, len(ordered))[0] == 1003
    far = related_positions(10, [("tag", "china"), ("tag", "nato")], index, len(ordered))
    assert far[0] == 1990, "a rare shared tag is found however far apart"
    near = related_positions(500, [("tag", "china")], index, len(ordered))
    assert len(near) == 4 and all(abs(other - 500) <= 50 for other in near)


# Contrast --------------------------------------------------------------------------------------

CSS = Path(__file__).resolve().parent.parent / "theme" / "static" / "css" / "site.css"
# (text, background) colour variables the theme pairs; all must reach WCAG AA for body text.
PAIRS = [("fg", "bg"), ("fg", "card"), ("muted", "bg"), ("muted", "card"), ("accent", "bg"), ("accent", "card"),
         ("accent-fg", "accent"), ("accent", "accent-soft"), ("fg", "accent-soft"), ("region", "region-soft"),
         ("region", "bg"), ("org", "org-soft")]


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme, block", [("light", 0), ("dark", 1)])
def test_colours_meet_wcag_aa(scheme, block):
    roots = re.findall(r":root\s*\{([^}]*)\}", CSS.read_text(encoding="utf-8"))
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\b", roots[block]))
    for text, background in PAIRS:
        assert contrast(colours[text], colours[background]) >= 4.5, f"{scheme}: {text} on {background}"
    assert contrast(colours["focus"], colours["bg"]) >= 3, f"{scheme}: focus ring"


def test_archive_index_stays_small_and_months_hold_the_rest(site):
    archive = soup_of(site, "archives")
    listed = archive.select(".archive li")
    assert len(listed) == TEST_PAGINATION  # the fixture site has more briefings than one page
    month_total = sum(int(span.get_text()) for span in archive.select(".months .count"))
    assert month_total == len(list((site / "briefing").iterdir()))


# Month archives, grouped by the plugin ----------------------------------------------------------

def test_month_pages_list_exactly_their_months_briefings(site):
    archive = soup_of(site, "archives")
    for link in archive.select(".months a"):
        month_url = urljoin("/archives/", link["href"]).strip("/")
        listed = soup_of(site, month_url).select(".archive > li")
        assert len(listed) == int(link.find_next_sibling("span", class_="count").get_text()), month_url
        year, month = month_url.split("/")[1:]
        assert all(li.time["datetime"].startswith(f"{year}-{month}") for li in listed), month_url


def test_a_month_page_shows_each_briefing_s_regions_and_tags(site, seed_slug):
    """QA trial: "what happened in Belarus in July?" The month page listed bare headlines; the countries
    each briefing is about (linked to their pages) now show under it, as on the home page's cards."""
    month = soup_of(site, "archives/2024/07")
    [item] = [li for li in month.select(".archive > li") if li.a["href"].endswith(f"briefing/{seed_slug}/")]
    chips = {chip.get_text(): chip["href"] for chip in item.select(".chips a")}
    assert {"Belarus", "China", "NATO", "Eastern Europe"} <= set(chips)
    assert chips["Belarus"].endswith("tag/belarus/") and chips["Eastern Europe"].endswith("region/eastern-europe/")


def test_pelicans_own_month_archives_with_the_plugins_stop_the_build(tmp_path):
    from briefing.plugin.archives import ArchiveSettingError

    (tmp_path / "content").mkdir()
    with pytest.raises(ArchiveSettingError, match="MONTH_ARCHIVE_SAVE_AS"):
        build_site(tmp_path / "content", tmp_path / "output",
                   MONTH_ARCHIVE_SAVE_AS="archives/{date:%Y}/{date:%m}/index.html")
