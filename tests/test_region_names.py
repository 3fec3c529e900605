"""Region names readers understand, keeping the UN M49 code and name (issue 12: "Northern America" read oddly)."""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup

from briefing.check import check_content
from briefing.errors import TaxonomyError
from briefing.taxonomy import DEFAULT_PATH, load_taxonomy
from conftest import build_site
from editorial import write_ingested


@pytest.mark.parametrize("region_id, name, m49, m49_name", [
    ("northern-america", "North America", "021", "Northern America"),
    ("south-eastern-asia", "Southeast Asia", "035", "South-eastern Asia"),
    ("middle-africa", "Central Africa", "017", "Middle Africa"),
    ("eastern-europe", "Eastern Europe", "151", None),
    ("middle-east", "Middle East", None, None),  # editorial: no M49 code
])
def test_display_names_keep_the_m49_code_and_name(region_id, name, m49, m49_name):
    region = load_taxonomy().regions[region_id]
    assert (region.name, region.m49, region.m49_name) == (name, m49, m49_name)
    assert load_taxonomy().region_named(name) is region
    if m49_name:
        assert load_taxonomy().region_named(m49_name) is region


def test_the_m49_name_and_the_display_name_are_one_region_page(tmp_path):
    content = tmp_path / "content"
    write_ingested(content, "ottawa", "Ottawa talks", ["Canada"], ["Northern America"])  # written before the rename
    write_ingested(content, "washington", "Washington talks", ["United States"], ["North America"])
    site = build_site(content, tmp_path / "output")
    page = BeautifulSoup((site / "region/northern-america/index.html").read_text(), "html.parser")
    assert page.h1.get_text() == "North America"
    assert {a.get_text() for a in page.select(".card-title a")} == {"Ottawa talks", "Washington talks"}
    assert not (site / "region/north-america").exists()
    briefing = BeautifulSoup((site / "briefing/ottawa/index.html").read_text(), "html.parser")
    assert briefing.select_one(".kicker").get_text(strip=True) == "North America"


def test_check_accepts_both_names_and_suggests_the_display_name(tmp_path):
    content = tmp_path / "content"
    write_ingested(content, "ottawa", "Ottawa talks", ["Canada"], ["Northern America"])
    write_ingested(content, "hanoi", "Hanoi talks", ["Vietnam"], ["Southeast Asa"])
    messages = [p.message for p in check_content(content).problems]
    assert messages == ["unknown region 'Southeast Asa' (did you mean 'Southeast Asia'?)"]


def test_a_bad_m49_code_is_a_taxonomy_error(tmp_path):
    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    raw["regions"][1]["m49"] = 53  # unquoted: YAML reads a number, and '053' would lose its zero
    path = tmp_path / "taxonomy.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TaxonomyError, match="m49 must be a quoted three-digit code"):
        load_taxonomy(path)
