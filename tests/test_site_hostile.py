"""Hostile values in every front-matter field, intro, page and commit message cannot reach the built site as code.

One publish build (absolute URLs, so canonical links, ``og:url``, JSON-LD
``url`` and the sitemap are all written) of briefings whose every field
carries script, event handlers, ``javascript:``/``data:`` URLs, ``</script>``
and U+2028; an intro and an about page likewise; and a git history whose
commit subject is HTML. Each test then reads the built files, every file
for the scans: HTML with BeautifulSoup, feeds and the sitemap as XML.
"""

from __future__ import annotations

import html
import json
import logging
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing import frontmatter
from briefing.plugin import history
from briefing.plugin.sanitize import unload_external_images
from briefing.safety import scheme_of
from briefing.plugin.problems import BuildFailed
from conftest import build_site

PUBLIC = "https://example.org/briefings"
SCRIPT = "</script><script>alert('x')</script>"
EVENT = '<img src=x onerror="alert(1)">'
HOSTILE = f'{SCRIPT} {EVENT} " onmouseover="alert(2)" \u2028 <!--'
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "cite", "data", "poster", "srcset", "background"}
OWN_SCRIPT_TYPES = {"application/ld+json"}
# What the theme itself puts in Pagefind attributes; no briefing value may appear there.
PAGEFIND_VALUE = re.compile(r"^(region|country|organisation|source|language|year:\d{4}|date:[\w ]+|date:\d{4}-\d{2}-\d{2})$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

BRIEFINGS = {
    "hostile": {
        "title": f"Title {HOSTILE}",
        "date": "2024-07-08",
        "summary": f"Summary {HOSTILE} <a href=\"javascript:alert('s')\">link</a>",
        "tags": [f"Tag {SCRIPT}", 'Quote" onmouseover="alert(3)', 1984],
        "regions": [f"Region {EVENT}"],
        "date_source": f"text {SCRIPT}",
        "places": [{"name": f"Place {SCRIPT}", "country": EVENT, "lat": "javascript:alert(1)", "lon": "<b>"}],
        "source": {
            "site_name": f"Site {HOSTILE}", "url": "javascript:alert('url')",
            "canonical_url": "data:text/html,<script>alert('canonical')</script>",
            "authors": [f"Author {SCRIPT}", 7], "description": HOSTILE, "language": SCRIPT,
            "retrieved": SCRIPT, "path": f"seeds/{SCRIPT}.txt",
        },
        "body": "Talks on 8 July 2024.\n\n<img src=\"https:evil.example/a.gif\" alt=\"colon\">\n\n"
                "<img src=\"h&#9;ttps://evil.example/b.gif\">\n\n<a href=\"javascript:alert(1)\">j</a>\n",
    },
    "protocol-relative": {
        "title": "Protocol-relative source", "date": "2024-07-09", "tags": ["Belarus"], "regions": ["Eastern Europe"],
        "source": {"url": "//evil.example/story", "site_name": "Relative"},
        "body": "Body.\n",
    },
    "canonical-link": {
        "title": "Canonical elsewhere", "date": "2024-07-10", "tags": ["Belarus"], "regions": ["Eastern Europe"],
        "source": {"url": "https://news.example/story", "canonical_url": "https://evil.example/canonical"},
        "body": "Body.\n",
    },
}
# Malformed fields: name → (front matter, whether the briefing is left out).
MALFORMED = {
    "title-list": ({"title": ["a", "b"]}, True),
    "summary-mapping": ({"summary": {"a": 1}}, True),
    "tag-yes-no": ({"tags": [False]}, True),
    "regions-number": ({"regions": 7}, False),
    "source-list": ({"source": ["https://a.example"]}, True),
    "authors-number": ({"source": {"authors": 5}}, False),
    "places-string": ({"places": "Minsk"}, True),
    "tag-number": ({"tags": 42}, False),
}


def write_briefing(folder: Path, slug: str, meta: dict, body: str = "Body.\n") -> None:
    meta = {"title": slug, "slug": slug, "date": "2024-06-01", **meta}
    (folder / f"{slug}.md").write_text(frontmatter.render(meta, body), encoding="utf-8")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Ed", "-c", "user.email=ed@example.org", *args],
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def build_log():
    return []


@pytest.fixture(scope="module")
def site(tmp_path_factory, build_log) -> Path:
    root = tmp_path_factory.mktemp("hostile-site")
    content = root / "content"
    briefings = content / "briefings"
    briefings.mkdir(parents=True)
    for slug, meta in BRIEFINGS.items():
        meta = dict(meta)
        write_briefing(briefings, slug, meta, meta.pop("body"))
    for slug, (meta, _) in MALFORMED.items():
        write_briefing(briefings, slug, meta)
    write_briefing(briefings, "dot-dot", {"slug": "..", "title": "Dot dot"})
    write_briefing(briefings, "save-as", {"save_as": "index.html", "url": "javascript:alert(1)", "template": "../x"})
    write_briefing(briefings, "bang-tag", {"tags": ["!!!", "<>", "Belarus"]})
    write_briefing(briefings, "control", {"title": "Bell\x07 and escape\x1b in a title", "tags": ["Tab\x0bTag"]})
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text(frontmatter.render(
        {"title": f"About {SCRIPT}", "slug": "about", "summary": HOSTILE},
        "<a href=\"javascript:alert('about')\">x</a> ![t](https://tracker.example/about.gif)\n"), encoding="utf-8")
    (content / "tags").mkdir()
    (content / "tags" / "belarus.md").write_text(
        frontmatter.render({"description": HOSTILE}, f"Intro {SCRIPT} ![t](https://tracker.example/intro.gif)\n"),
        encoding="utf-8")
    git(content, "init", "-q")
    git(content, "add", ".")
    git(content, "commit", "-q", "-m", f"Edit {SCRIPT} {EVENT}")

    class Collect(logging.Handler):
        def emit(self, record):
            build_log.append((record.levelno, record.getMessage()))

    handler = Collect(level=logging.WARNING)
    logging.getLogger().addHandler(handler)
    try:
        # The malformed briefings fail the build (plugin.problems) after the rest is written.
        with pytest.raises(BuildFailed) as failed:
            build_site(content, root / "output", "publishconf.py", SITEURL=PUBLIC, FEED_DOMAIN=PUBLIC,
                       BRIEFING_EDIT_URL="https://git.example/edit/main/{path}", BRIEFING_HISTORY_MESSAGES=True)
        build_log.extend((logging.ERROR, str(problem)) for problem in failed.value.problems)
        return root / "output"
    finally:
        logging.getLogger().removeHandler(handler)


def built_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and "pagefind" not in path.parts and path.suffix in {".html", ".xml", ".json", ".txt"}:
            yield path


def html_soups(site: Path):
    for path in built_files(site):
        if path.suffix == ".html":
            yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def feed_soups(site: Path):
    """Each Atom entry's title, summary and content, un-escaped and parsed as the reader's feed app would."""
    ns = "{http://www.w3.org/2005/Atom}"
    for path in site.rglob("*.atom.xml"):
        root = ET.parse(path).getroot()  # also proves the feed is well-formed XML
        for element in root.iter():
            if element.tag in (f"{ns}title", f"{ns}summary", f"{ns}content") and element.text:
                yield path, BeautifulSoup(element.text, "html.parser")


def executable_findings(soup: BeautifulSoup) -> list[str]:
    found = []
    for element in soup.find_all(True):
        if element.name == "script" and element.get("type") not in OWN_SCRIPT_TYPES and not element.get("src"):
            found.append(f"inline <script>: {element}")
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                found.append(f"<{element.name} {name}>")
            if name.lower() in URL_ATTRIBUTES and scheme_of(value) not in (None, "http", "https", "mailto"):
                found.append(f"<{element.name} {name}={value!r}>")
    return found


# Every built file --------------------------------------------------------------------------------

def test_the_hostile_briefing_was_built(site):
    assert (site / "briefing" / "hostile" / "index.html").exists()
    assert len(list(site.rglob("*.atom.xml"))) > 3 and (site / "sitemap.xml").exists()


def test_no_html_page_or_feed_entry_has_anything_executable(site):
    found = [f"{path}: {item}" for path, soup in [*html_soups(site), *feed_soups(site)] for item in executable_findings(soup)]
    assert found == []


def test_every_script_is_our_own(site):
    for path, soup in html_soups(site):
        for script in soup.find_all("script"):
            if script.get("src"):
                assert not re.match(r"^\s*(\w+:)?//", script["src"]) or script["src"].startswith(f"{PUBLIC}/"), path
                continue
            assert script.get("type") in OWN_SCRIPT_TYPES, path
            raw = script.string or ""
            assert "</" not in raw and "<!--" not in raw and "\u2028" not in raw, path
            json.loads(raw)


def test_no_page_loads_anything_from_another_host(site):
    for path, soup in html_soups(site):
        for element in soup.find_all(["img", "script", "iframe", "source", "video", "audio", "embed", "object", "link"]):
            target = element.get("src") or element.get("data") or (element.get("href") if element.name == "link" else None)
            if target:
                assert target.startswith(f"{PUBLIC}/"), f"{path}: {element}"
        for meta in soup.find_all("meta", content=True):
            assert "evil.example" not in meta["content"] and "tracker.example" not in meta["content"], path


def test_pagefind_attributes_hold_only_the_themes_own_values(site):
    for path, soup in html_soups(site):
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                if name.startswith("data-pagefind-") and name not in ("data-pagefind-body", "data-pagefind-ignore"):
                    assert PAGEFIND_VALUE.match(value) or name == "data-pagefind-sort", f"{path}: {name}={value!r}"


def test_every_file_is_valid_utf8_without_control_characters(site):
    for path in built_files(site):
        text = path.read_text(encoding="utf-8")
        assert not CONTROL.search(text), path
        if path.suffix == ".xml":
            ET.fromstring(text.encode("utf-8"))
        if path.suffix == ".json":
            json.loads(text)


def test_sitemap_lists_only_the_sites_own_addresses(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert locs and all(loc.startswith(f"{PUBLIC}/") and "<" not in loc and '"' not in loc for loc in locs)


# The hostile briefing, field by field ------------------------------------------------------------

def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_title_is_text_in_heading_title_meta_and_json_ld(site):
    soup = page(site, "briefing/hostile")
    title = BRIEFINGS["hostile"]["title"]
    assert soup.h1.get_text() == title
    assert soup.find("meta", property="og:title")["content"].startswith("Title ")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["headline"] == " ".join(title.split())[:110]
    assert "isBasedOn" not in data, "javascript: and data: sources are not an original"
    assert data["author"] == [{"@type": "Person", "name": f"Author {SCRIPT}"}, {"@type": "Person", "name": "7"}]


def test_source_box_shows_text_and_no_unsafe_link(site):
    box = page(site, "briefing/hostile").select_one(".source-box")
    assert f"Site {SCRIPT}" in box.get_text()
    assert box.find("a") is None, "a javascript: or data: original is not linked"
    relative = page(site, "briefing/protocol-relative").select_one(".source-box")
    assert relative.find("a") is None, "//host is not an http(s) address"


def test_canonical_source_elsewhere_is_only_a_link(site):
    soup = page(site, "briefing/canonical-link")
    assert soup.select_one(".source-box a.source-url")["href"] == "https://evil.example/canonical"
    assert soup.find("link", rel="canonical")["href"] == f"{PUBLIC}/briefing/canonical-link/"
    assert json.loads(soup.find("script", type="application/ld+json").string)["isBasedOn"] == "https://evil.example/canonical"


def test_tags_regions_places_and_dates_are_text(site):
    soup = page(site, "briefing/hostile")
    chips = {a.get_text() for a in soup.select(".topics-box a")}
    assert {f"Tag {SCRIPT}", 'Quote" onmouseover="alert(3)', "1984", f"Region {EVENT}"} <= chips
    facts = soup.select_one(".facts-box").get_text()
    assert f"Place {SCRIPT}" in facts and "8 July 2024" in facts
    assert "text </script>" in soup.select_one(".source-box").get_text(), "date_source shown as text"


def test_remote_images_in_the_body_intro_and_about_page_become_links(site):
    body = page(site, "briefing/hostile").select_one(".body")
    assert body.find("img") is None and body.find("a", string="colon")
    assert page(site, "tag/belarus").select_one(".intro").find("img") is None
    assert page(site, "about").find("img") is None


def test_tag_feed_and_page_of_a_hostile_tag(site):
    for path in (site / "feeds" / "tag").glob("*.atom.xml"):
        ET.parse(path)
    titles = {html.unescape(a.get_text()) for a in page(site, "tags").select(".count-list a")}
    assert f"Tag {SCRIPT}" in titles


def test_commit_subject_is_text_in_the_history_box(site):
    revisions = page(site, "briefing/hostile").select_one(".revisions")
    assert f"Edit {SCRIPT} {EVENT}" in revisions.get_text()
    assert revisions.find("img") is None and revisions.find("script") is None


def test_a_non_http_edit_url_setting_stops_the_build():
    class Fake:
        settings = {"BRIEFING_EDIT_URL": "javascript:alert(1)//{path}"}

    with pytest.raises(history.HistorySettingError, match="start with https://"):
        history.validate_settings(Fake)


# Malformed and path-changing front matter -------------------------------------------------------

@pytest.mark.parametrize("slug", sorted(MALFORMED))
def test_malformed_field_is_left_out_with_one_line_or_rendered_as_text(site, build_log, slug):
    left_out = MALFORMED[slug][1]
    assert (site / "briefing" / slug / "index.html").exists() != left_out
    lines = [message for level, message in build_log if level >= logging.ERROR and f"{slug}.md" in message]
    # A number as tags or regions is rendered, and this strict (publish) build names it: it is no taxonomy name.
    # A source naming no url, path or name is rendered too, and named as `briefing check` names it.
    assert len(lines) == (1 if left_out or slug in ("tag-number", "regions-number", "authors-number") else 0), lines
    if left_out:
        assert "left out of the site" in lines[0] and "Traceback" not in lines[0]
    elif lines:
        assert ("unknown tag '42'" in lines[0] or "unknown region '7'" in lines[0]
                or "'source' must be a mapping with a 'url', 'path' or 'name'" in lines[0]), lines
        assert "left out" not in lines[0]


def test_numbers_are_taken_as_text(site):
    assert (site / "tag" / "42" / "index.html").exists()
    assert (site / "region" / "7" / "index.html").exists(), "a number as regions is one region name, '7'"


def test_slug_and_save_as_cannot_write_over_other_pages(site):
    home = page(site, "")
    assert home.find("meta", property="og:type")["content"] == "website"
    assert (site / "briefing" / "save-as" / "index.html").exists()
    assert not (site / "briefing" / "index.html").exists()


def test_punctuation_only_tags_have_no_page(site):
    assert not (site / "tag" / "index.html").exists() and not (site / "tag" / "-").exists()
    assert {a.get_text() for a in page(site, "briefing/bang-tag").select(".topics-box a")} == {"Belarus"}


def test_control_characters_are_removed(site):
    assert page(site, "briefing/control").h1.get_text() == "Bell and escape in a title"


# The sanitiser's image rule, without a build -----------------------------------------------------

@pytest.mark.parametrize("markup", [
    '<img src="https://evil.example/a.gif">', '<img src="HTTPS://evil.example/a.gif">',
    '<img src="https:evil.example/a.gif">', '<img src="h\tttps://evil.example/a.gif">',
    '<img src="//evil.example/a.gif">', '<img alt="first" src="https://evil.example/a.gif">',
])
def test_any_image_with_a_scheme_or_host_is_unloaded(markup):
    assert "<img" not in unload_external_images(markup)


def test_alt_text_before_src_is_kept():
    assert ">first</a>" in unload_external_images('<img alt="first" src="https://evil.example/a.gif">')
