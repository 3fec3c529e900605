"""End to end: ingest the seed, build the real site with Pelican, and read the pages back."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from briefing.cli import main
from conftest import build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory, request) -> Path:
    from conftest import SEED
    import shutil

    root = tmp_path_factory.mktemp("site")
    (root / "seeds").mkdir()
    shutil.copy(SEED, root / "seeds" / SEED.name)
    result = CliRunner().invoke(main, ["ingest", "--no-progress", "-j", "1", str(root / "seeds"), "--content", str(root / "content")])
    assert result.exit_code == 0, result.output
    return build_site(root / "content", root / "output")


SLUG = "china-and-belarus-conduct-joint-military-training-on-natos-doorstep"


def page(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    assert path.exists(), f"missing page {url}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def resolve(from_url: str, href: str) -> str:
    """The site path a relative link on page ``from_url`` points to."""
    import posixpath

    joined = posixpath.normpath(posixpath.join(from_url, href))
    return "" if joined == "." else joined.strip("/")


def links(soup: BeautifulSoup, from_url: str) -> set[str]:
    return {resolve(from_url, a["href"]) for a in soup.find_all("a", href=True) if not a["href"].startswith(("#", "http"))}


def test_briefing_page_has_title_body_and_facet_links(site):
    url = f"briefing/{SLUG}"
    soup = page(site, url)
    assert soup.h1.get_text(strip=True) == "China and Belarus Conduct Joint Military Training on NATO’s Doorstep"
    assert [h.get_text() for h in soup.select(".body h2")] == [
        "Background and Objectives", "Key Participants and Activities", "Geopolitical Implications",
    ]
    targets = links(soup, url)
    for expected in ["tag/belarus", "tag/china", "tag/nato", "region/eastern-europe", "region/eastern-asia"]:
        assert expected in targets
    assert not any("kosovo" in t for t in targets)


@pytest.mark.parametrize("tag", ["belarus", "china", "nato"])
def test_tag_pages_link_back_to_the_briefing(site, tag):
    url = f"tag/{tag}"
    soup = page(site, url)
    assert f"briefing/{SLUG}" in links(soup, url)


@pytest.mark.parametrize("region, name", [("eastern-europe", "Eastern Europe"), ("eastern-asia", "Eastern Asia")])
def test_region_pages_list_the_briefing(site, region, name):
    url = f"region/{region}"
    soup = page(site, url)
    assert soup.h1.get_text(strip=True).startswith(name)
    assert f"briefing/{SLUG}" in links(soup, url)


def test_indexes_link_every_tag_and_region(site):
    tags = links(page(site, "tags"), "tags")
    assert {"tag/belarus", "tag/china", "tag/nato"} <= tags
    regions = links(page(site, "regions"), "regions")
    assert {"region/eastern-europe", "region/eastern-asia"} <= regions


def test_home_lists_the_briefing(site):
    assert f"briefing/{SLUG}" in links(page(site, ""), "")


def test_region_feed_written(site):
    feed = (site / "feeds" / "region" / "eastern-europe.atom.xml").read_text(encoding="utf-8")
    assert "China and Belarus Conduct Joint Military Training" in feed


def test_no_kosovo_anywhere(site):
    assert not (site / "tag" / "kosovo").exists()


def test_a_broken_intro_stops_the_build_naming_the_file(tmp_path):
    briefings = tmp_path / "content" / "briefings"
    briefings.mkdir(parents=True)
    (briefings / "x.md").write_text(
        "---\ntitle: X\nslug: x\ndate: 2024-07-08\ntags: [Belarus]\nregions: [Eastern Europe]\n---\n\nText.\n", encoding="utf-8"
    )
    intro = tmp_path / "content" / "regions" / "eastern-europe.md"
    intro.parent.mkdir()
    intro.write_text('---\ndescription: "unclosed\n---\nHello\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"eastern-europe\.md: front matter is not valid YAML"):
        build_site(tmp_path / "content", tmp_path / "output")
