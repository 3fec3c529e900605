"""Drafts: `briefing new` scaffolds one; the local build shows it with a banner; the publish build has none."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from briefing.check import check_content
from briefing.cli import main
from conftest import build_site
from editorial import write_ingested


@pytest.fixture
def content(tmp_path):
    content = tmp_path / "content"
    write_ingested(content, "minsk-talks", "Minsk talks", ["Belarus"], ["Eastern Europe"])
    result = CliRunner().invoke(main, ["new", "Secret plans in Vilnius", "--content", str(content),
                                       "--tag", "Lithuania", "--region", "Northern Europe", "--date", "2024-07-10"])
    assert result.exit_code == 0, result.output
    assert "content/briefings/secret-plans-in-vilnius.md" in result.output
    return content


def test_new_scaffolds_a_valid_draft(content):
    text = (content / "briefings/secret-plans-in-vilnius.md").read_text()
    assert "status: draft\n" in text and "date: 2024-07-10\n" in text
    report = check_content(content)
    assert report.problems == []


def test_local_build_shows_the_draft_with_a_banner(content, tmp_path):
    site = build_site(content, tmp_path / "output")
    page = (site / "drafts/secret-plans-in-vilnius/index.html").read_text()
    assert 'class="draft-banner"' in page and "<strong>Draft</strong>" in page
    published = (site / "briefing/minsk-talks/index.html").read_text()
    assert "draft-banner" not in published


def test_publish_build_has_no_drafts(content, tmp_path):
    site = build_site(content, tmp_path / "output", "publishconf.py")
    assert (site / "briefing/minsk-talks/index.html").exists()
    assert not (site / "drafts").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(errors="replace")
            assert "secret-plans-in-vilnius" not in text and "Secret plans in Vilnius" not in text, path
