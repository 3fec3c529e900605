"""Drafts: `briefing new` scaffolds one; the local build shows it with a banner; the publish build has none."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from briefing.check import check_content
from briefing.cli import main
from conftest import build_site
from briefing.scaffold import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY
from editorial import line_of, write_ingested


@pytest.fixture
def content(tmp_path):
    content = tmp_path / "content"
    write_ingested(content, "minsk-talks", "Minsk talks", ["Belarus"], ["Eastern Europe"])
    result = CliRunner().invoke(main, ["new", "Secret plans in Vilnius", "--content", str(content),
                                       "--tag", "Lithuania", "--region", "Northern Europe", "--date", "2024-07-10"])
    assert result.exit_code == 0, result.output
    assert "content/briefings/secret-plans-in-vilnius.md" in result.output
    return content


def test_new_scaffolds_a_valid_draft_that_check_says_is_unwritten(content):
    path = content / "briefings/secret-plans-in-vilnius.md"
    text = path.read_text()
    assert "status: draft\n" in text and "date: 2024-07-10\n" in text
    report = check_content(content)
    assert report.errors == 0
    # Trial case: a draft published with `briefing new`'s placeholder lede and text went unnoticed.
    shown = content.joinpath("briefings/secret-plans-in-vilnius.md").as_posix()
    assert [(p.path, p.line, p.message) for p in report.problems] == [
        (shown, line_of(path, "summary:"), "'summary' is still the placeholder `briefing new` wrote; write the lede"),
        (shown, line_of(path, "Write the briefing here"),
         "the text is still the placeholder `briefing new` wrote; write the briefing"),
    ]
    path.write_text(text.replace(PLACEHOLDER_SUMMARY, "Lithuania plans.").replace(PLACEHOLDER_BODY, "Text."))
    assert check_content(content).problems == []


@pytest.mark.parametrize("option, name, expected", [
    ("--tag", "Veitnam", "unknown tag 'Veitnam' (did you mean 'Vietnam'?)"),
    ("--tag", "Belarusian", "unknown tag 'Belarusian' (did you mean 'Belarus'?)"),
    ("--region", "Eastern Erope", "unknown region 'Eastern Erope' (did you mean 'Eastern Europe'?)"),
])
def test_new_refuses_names_outside_the_taxonomy(tmp_path, option, name, expected):
    content = tmp_path / "content"
    result = CliRunner().invoke(main, ["new", "Hanoi talks", "--content", str(content), option, name])
    assert result.exit_code == 1
    assert expected in result.output
    assert not (content / "briefings").exists() or not list((content / "briefings").glob("*.md"))


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
