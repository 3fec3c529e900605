"""Git history on briefing pages ("Last updated", revisions) from one git call; the edit link setting."""

from __future__ import annotations

import subprocess

import pytest
from bs4 import BeautifulSoup

from briefing.plugin import history
from conftest import build_site
from editorial import commit, init_repo, write_ingested


@pytest.fixture
def repo(tmp_path):
    repo = init_repo(tmp_path / "site")
    content = repo / "content"
    write_ingested(content, "minsk-talks", "Minsk talks", ["Belarus"], ["Eastern Europe"])
    write_ingested(content, "nato-summit", "NATO summit", ["NATO"], [])
    commit(repo, "Ingest two briefings", date="2024-07-08T09:00:00+00:00")
    path = content / "briefings/minsk-talks.md"
    path.write_text(path.read_text().replace("More text.", "More text, corrected."))
    commit(repo, "Correct the Minsk talks", date="2024-07-10T12:00:00+00:00")
    return repo


def history_box(site, slug):
    soup = BeautifulSoup((site / f"briefing/{slug}/index.html").read_text(), "html.parser")
    return soup.select_one(".history-box")


def test_page_shows_last_updated_and_revision_dates_only(repo, tmp_path):
    """Trial case: internal commit messages were on every public page."""
    site = build_site(repo / "content", tmp_path / "output")
    box = history_box(site, "minsk-talks")
    assert "Last updated 10 July 2024" in box.get_text(" ", strip=True)
    assert [li.get_text(" ", strip=True) for li in box.select("ol.revisions li")] == ["10 Jul 2024", "8 Jul 2024"]
    assert "Correct the Minsk talks" not in box.get_text() and box.find("code") is None


def test_commit_messages_are_opt_in(repo, tmp_path):
    site = build_site(repo / "content", tmp_path / "output", BRIEFING_HISTORY_MESSAGES=True)
    box = history_box(site, "minsk-talks")
    assert "Last updated 10 July 2024" in box.get_text(" ", strip=True)
    assert [li.get_text(" ", strip=True).split(" ", 3)[3].rsplit(" ", 1)[0] for li in box.select("ol.revisions li")] == [
        "Correct the Minsk talks", "Ingest two briefings"]
    other = history_box(site, "nato-summit")
    assert "Last updated 8 July 2024" in other.get_text(" ", strip=True)
    assert box.select_one(".edit-link") is None  # BRIEFING_EDIT_URL unset: no link


def test_one_git_call_for_the_whole_site(repo, tmp_path, monkeypatch):
    calls = []
    real_run = subprocess.run

    def counting_run(args, *rest, **kwargs):
        if args and args[0] == "git":
            calls.append(args)
        return real_run(args, *rest, **kwargs)

    monkeypatch.setattr(history.subprocess, "run", counting_run)
    build_site(repo / "content", tmp_path / "output")
    assert len(calls) == 1 and "log" in calls[0]


def test_edit_link_points_at_the_file_in_the_repository(repo, tmp_path):
    site = build_site(repo / "content", tmp_path / "output",
                      BRIEFING_EDIT_URL="https://github.com/org/briefings/edit/main/{path}")
    link = history_box(site, "minsk-talks").select_one("a.edit-link")
    assert link["href"] == "https://github.com/org/briefings/edit/main/content/briefings/minsk-talks.md"
    assert link.get_text() == "Edit this briefing"


def test_history_messages_setting_must_be_true_or_false(repo, tmp_path):
    with pytest.raises(history.HistorySettingError, match="BRIEFING_HISTORY_MESSAGES is 'yes'"):
        build_site(repo / "content", tmp_path / "output", BRIEFING_HISTORY_MESSAGES="yes")


def test_bad_edit_url_setting_stops_the_build(repo, tmp_path):
    with pytest.raises(history.HistorySettingError, match="BRIEFING_EDIT_URL .* must contain '\\{path\\}'"):
        build_site(repo / "content", tmp_path / "output", BRIEFING_EDIT_URL="https://github.com/org/repo")


def test_content_outside_git_builds_without_history(tmp_path):
    content = tmp_path / "content"
    write_ingested(content, "minsk-talks", "Minsk talks", ["Belarus"], ["Eastern Europe"])
    site = build_site(content, tmp_path / "output")
    assert history_box(site, "minsk-talks") is None
