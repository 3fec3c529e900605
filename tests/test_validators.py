"""What third-party checkers say about the built site, local and hosted: the Nu HTML Checker, the Atom
RELAX NG schema (RFC 4287), feed links and ids, NewsArticle JSON-LD, heading levels, minified CSS.

The test site is the usual one (``site_fixtures``) plus a briefing whose body starts at ``###`` and
skips to ``#####``, as an ingested page once did, with an openly licensed lead image, a byline and a
time to the microsecond, as pages state them.
The hosted variant lives under a sub-path; a second hosted build on another host checks that feed ids
do not change when the site moves. Each checker runs once per variant over every file (one JVM start).
"""

from __future__ import annotations

import json
import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rcssmin
from bs4 import BeautifulSoup

from checkers import ATOM_SCHEMA, jing_command, run, vnu_command
from conftest import ROOT, build_site
from site_fixtures import build_indexed_site, make_content

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTED = "https://briefings.example.net/desk"
MOVED = "https://mirror.example.com"
AUTHORITY = "example.org,2024"
"""The FEED_ID_AUTHORITY the editors set: ids then survive a move of host (tests/test_feeds.py: the default)."""
LOCAL = "http://127.0.0.1:8000"
SKIPPING_SLUG = "belarus-opposition-holds-congress-in-vilnius"
SKIPPING_BRIEFING = f"""---
title: Belarus Opposition Holds Congress in Vilnius
slug: {SKIPPING_SLUG}
date: 2024-06-20T08:15:30.123456+00:00
summary: Exiled opposition groups from Belarus met in Vilnius to agree a common programme.
tags: [Belarus, Lithuania]
regions: [Eastern Europe, Northern Europe]
authors: [Olga Ivanova, Jonas Petrauskas]
image:
  url: https://upload.example.org/congress.jpg
  licence: CC BY 4.0
source:
  url: https://news.example.com/2024/06/20/vilnius-congress
  site_name: Example News
---
### Who came

Delegates from a dozen exiled groups met in Vilnius on 20 June 2024.

##### The vote

They voted on a common programme for the opposition.

#### What comes next

The next congress is planned for 2025 in Warsaw.
"""


class Records(logging.Handler):
    """Keeps the log records of a build, to look for Pelican's warnings."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    content, _ = make_content(tmp_path_factory.mktemp("validators-content"))
    (content / "briefings" / f"{SKIPPING_SLUG}.md").write_text(SKIPPING_BRIEFING, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def local_build(content, tmp_path_factory):
    """``(output, warnings logged during the build)`` of the local build, served at the default port."""
    records = Records()
    logging.getLogger().addHandler(records)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("PORT", raising=False)
            output = build_indexed_site(content, tmp_path_factory.mktemp("validators-local") / "output",
                                        FEED_ID_AUTHORITY=AUTHORITY)
    finally:
        logging.getLogger().removeHandler(records)
    return output, [record.getMessage() for record in records.records]


@pytest.fixture(scope="module")
def local(local_build) -> Path:
    return local_build[0]


@pytest.fixture(scope="module")
def hosted(content, tmp_path_factory) -> Path:
    return build_indexed_site(content, tmp_path_factory.mktemp("validators-hosted") / "output", "publishconf.py",
                              SITEURL=HOSTED, FEED_DOMAIN=HOSTED, FEED_ID_AUTHORITY=AUTHORITY)


@pytest.fixture(scope="module")
def moved(content, tmp_path_factory) -> Path:
    return build_site(content, tmp_path_factory.mktemp("validators-moved") / "output", "publishconf.py",
                      SITEURL=MOVED, FEED_DOMAIN=MOVED, FEED_ID_AUTHORITY=AUTHORITY)


@pytest.fixture(params=["local", "hosted"])
def variant(request) -> tuple[Path, str]:
    """``(output, site address)`` of each build."""
    return request.getfixturevalue(request.param), {"local": LOCAL, "hosted": HOSTED}[request.param]


def html_pages(output: Path) -> list[Path]:
    return sorted(path for path in output.rglob("*.html") if "pagefind" not in path.relative_to(output).parts)


def feeds(output: Path) -> list[Path]:
    return sorted(output.rglob("*.atom.xml"))


def file_for(url: str, base: str, output: Path) -> Path | None:
    """The output file a URL under ``base`` is served from, or ``None`` if it is not under ``base``."""
    if not url.startswith(base + "/"):
        return None
    path = output / url[len(base) + 1:].split("#")[0].split("?")[0]
    return path / "index.html" if url.endswith("/") else path


def json_ld(output: Path, slug: str) -> dict:
    soup = BeautifulSoup((output / "briefing" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
    return json.loads(soup.find("script", type="application/ld+json").string)


# Nu HTML Checker ---------------------------------------------------------------------------------

def test_nu_html_checker_finds_no_error_on_any_page(variant):
    output, _ = variant
    pages = html_pages(output)
    stylesheets = sorted((output / "theme").rglob("*.css"))
    assert len(pages) > 30 and stylesheets
    result = run([*vnu_command(), "--errors-only", "--also-check-css", "--format", "gnu"], pages + stylesheets)
    errors = result.stderr.replace(str(output) + "/", "")
    assert result.returncode == 0 and not errors.strip(), errors


# Feeds -------------------------------------------------------------------------------------------

def test_feeds_are_valid_atom(variant):
    output, _ = variant
    written = feeds(output)
    assert len(written) > 10
    result = run([*jing_command(), "-c", str(ATOM_SCHEMA)], written)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_feed_link_resolves_to_a_file_in_the_output(variant):
    output, base = variant
    broken = []
    for feed in feeds(output):
        root = ET.parse(feed).getroot()
        for link in root.iter(f"{ATOM}link"):
            href = link.get("href")
            target = file_for(href, base, output)
            if target is None or not target.is_file():
                broken.append(f"{feed.relative_to(output)}: {href}")
        self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
        assert file_for(self_link, base, output) == feed
    # A tag's feed names the tag's page as the page it follows.
    belarus = ET.parse(output / "feeds" / "tag" / "belarus.atom.xml").getroot()
    assert belarus.find(f"{ATOM}link[@rel='alternate']").get("href") == f"{base}/tag/belarus/"
    assert not broken, "\n".join(broken[:20])


def test_local_build_writes_feeds_without_pelicans_siteurl_warning(local_build):
    _, warnings = local_build
    assert not [message for message in warnings if "SITEURL" in message], warnings


def entry_ids(output: Path) -> dict[str, str]:
    """``{entry link path: entry id}`` over every feed, checking each entry keeps one id everywhere."""
    ids: dict[str, str] = {}
    for feed in feeds(output):
        for entry in ET.parse(feed).getroot().iter(f"{ATOM}entry"):
            link = re.sub(r"^https?://[^/]+(/desk)?/", "", entry.find(f"{ATOM}link").get("href"))
            identity = entry.find(f"{ATOM}id").text
            assert ids.setdefault(link, identity) == identity, f"{link} has two ids"
    return ids


def test_each_feed_has_its_own_id(hosted):
    identities = [ET.parse(feed).getroot().find(f"{ATOM}id").text for feed in feeds(hosted)]
    assert len(set(identities)) == len(identities)
    assert "tag:example.org,2024:feeds/tag/belarus.atom.xml" in identities


def test_entry_ids_stay_the_same_when_the_site_moves_host(hosted, moved, local):
    ids = entry_ids(hosted)
    assert ids == entry_ids(moved) == entry_ids(local)
    assert ids[f"briefing/{SKIPPING_SLUG}/"] == f"tag:example.org,2024:briefing/{SKIPPING_SLUG}/"
    assert not [identity for identity in ids.values() if "example.net" in identity or "None" in identity]


def test_a_malformed_feed_id_authority_stops_the_build(content, tmp_path):
    from briefing.plugin.feeds import FeedSettingError

    with pytest.raises(FeedSettingError, match="FEED_ID_AUTHORITY = 'example.org'"):
        build_site(content, tmp_path / "output", FEED_ID_AUTHORITY="example.org")


# Structured data and share images ----------------------------------------------------------------

def test_every_briefing_has_the_news_article_fields_with_images_that_exist(variant):
    output, base = variant
    briefings = sorted((output / "briefing").glob("*/index.html"))
    assert len(briefings) >= 8
    for page in briefings:
        data = json_ld(output, page.parent.name)
        for field in ("headline", "image", "datePublished", "dateModified", "author", "publisher", "mainEntityOfPage"):
            assert data.get(field), f"{page.parent.name}: no {field}"
        assert data["mainEntityOfPage"] == f"{base}/briefing/{page.parent.name}/"
        assert all(author["@type"] in ("Person", "Organization") and author["name"] for author in data["author"])
        logo = data["publisher"]["logo"]
        assert logo["@type"] == "ImageObject" and file_for(logo["url"], base, output).is_file()
        image = data["image"][0]
        assert image.startswith("https://upload.example.org/") or file_for(image, base, output).is_file()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("meta", property="og:image")["content"] == image


def test_lead_image_byline_and_fallback_author(hosted):
    lead = json_ld(hosted, SKIPPING_SLUG)
    assert lead["image"] == ["https://upload.example.org/congress.jpg"]
    assert lead["author"] == [{"@type": "Person", "name": "Olga Ivanova"}, {"@type": "Person", "name": "Jonas Petrauskas"}]
    # The seed is a text file: no byline and no outlet, so the site itself is the author.
    text_seed = json_ld(hosted, "china-and-belarus-conduct-joint-military-training-on-natos-doorstep")
    assert text_seed["author"] == [{"@type": "Organization", "name": "Briefing", "url": f"{HOSTED}/"}]
    assert text_seed["image"] == [f"{HOSTED}/theme/images/card.png"]


# Headings ----------------------------------------------------------------------------------------

def test_no_page_skips_a_heading_level(variant):
    output, _ = variant
    for page in html_pages(output):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        levels = [int(heading.name[1]) for heading in soup.find_all(re.compile(r"^h[1-6]$"))]
        assert levels and levels[0] == 1 and levels.count(1) == 1, f"{page}: {levels}"
        skips = [(before, after) for before, after in zip(levels, levels[1:]) if after > before + 1]
        assert not skips, f"{page.relative_to(output)} skips heading levels: {levels}"


def test_a_body_starting_at_h3_starts_at_h2(local):
    soup = BeautifulSoup((local / "briefing" / SKIPPING_SLUG / "index.html").read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one(".body")
    assert [(h.name, h.get_text()) for h in body.find_all(re.compile(r"^h[1-6]$"))] == [
        ("h2", "Who came"), ("h3", "The vote"), ("h3", "What comes next"),
    ]


# CSS ---------------------------------------------------------------------------------------------

def test_stylesheet_is_minified_in_the_output_only(local):
    source = (ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    served = (local / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert "/*" in source, "the source keeps its comments"
    assert served == rcssmin.cssmin(source) and "/*" not in served
    assert len(served) < 0.85 * len(source)
