"""The tag index groups tags by the taxonomy's kinds: territories with the countries, actors apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from briefing.cli import main
from conftest import build_site

# Two short stories written for this test.
STORIES = {
    "taiwan.txt": "Taiwan holds drills as Kosovo envoy visits Taipei\n\n"
                  "Taiwan began its annual drills on Monday. Taiwan's defence ministry said the drills "
                  "would last five days, while an envoy from Kosovo met officials in Taipei. Kosovo "
                  "and Taiwan agreed to open trade offices.\n",
    "gaza.txt": "Hamas and Israel agree to a pause in Gaza\n\n"
                "Hamas and Israel agreed to a three-day pause in the fighting in Gaza on Tuesday. "
                "Hamas said it would free four hostages; Israel said it would let aid trucks in. "
                "Hezbollah said it welcomed the pause.\n",
}


@pytest.fixture(scope="module")
def tags_page(tmp_path_factory) -> BeautifulSoup:
    root = tmp_path_factory.mktemp("index")
    seeds = root / "seeds"
    seeds.mkdir()
    for name, text in STORIES.items():
        (seeds / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", "--no-progress", "-j", "1", str(seeds), "--content", str(root / "content")])
    assert result.exit_code == 0, result.output
    output = build_site(root / "content", root / "output")
    return BeautifulSoup((Path(output) / "tags" / "index.html").read_text(encoding="utf-8"), "html.parser")


def section(soup: BeautifulSoup, kind: str) -> tuple[str, set[str]]:
    """The heading of the index section for ``kind`` and the tag names listed in it."""
    heading = soup.find(id=kind)
    assert heading is not None, f"no section for {kind}"
    names = {a.get_text(strip=True) for a in heading.find_parent("section").select("li a")}
    return heading.get_text(" ", strip=True), names


def test_territories_are_listed_with_the_countries(tags_page):
    heading, names = section(tags_page, "country")
    assert heading.startswith("Countries and territories")
    assert {"Taiwan", "Kosovo", "Israel"} <= names


def test_non_state_actors_have_their_own_group(tags_page):
    heading, names = section(tags_page, "actor")
    assert heading.startswith("Non-state actors")
    assert "Hamas" in names
    _, countries = section(tags_page, "country")
    assert "Hamas" not in countries
