"""`briefing retag`: new machine tags after a taxonomy change; the editor's tags and text survive."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from click.testing import CliRunner

from briefing import frontmatter
from briefing.cli import main
from briefing.retag import apply_retag, merge, plan_retag
from editorial import write_ingested


@dataclass
class FakeTagger:
    """Stands in for a tagger built from a changed taxonomy."""

    tags: list = field(default_factory=list)
    regions: list = field(default_factory=list)

    def tag(self, title, text, lede=None, lang=None):
        return self


@pytest.mark.parametrize("current, before, now, expected", [
    (["A", "B"], ["A", "B"], ["A", "B", "C"], ["A", "B", "C"]),          # untouched: machine wins
    (["A", "B"], ["A", "B"], ["A"], ["A"]),                              # machine drops B
    (["A", "E"], ["A", "B"], ["A", "B", "C"], ["A", "E", "C"]),          # editor removed B, added E
    (["E", "A"], ["A"], [], ["E"]),                                      # editor's order and tag kept
    (["A"], ["A", "B"], ["C", "B"], ["C"]),                              # B stays removed, A was the machine's
])
def test_merge_keeps_editor_additions_and_removals(current, before, now, expected):
    assert merge(current, before, now) == expected


def test_untouched_file_is_rerendered_with_a_valid_checksum(tmp_path):
    path = write_ingested(tmp_path / "content", "talks", "Talks", ["Belarus", "Kosovo"], ["Eastern Europe"])
    plan = plan_retag(tmp_path / "content", FakeTagger(["Belarus", "Poland"], ["Eastern Europe"]))
    assert [change.describe() for change in plan.changes] == [f"{path.as_posix()}: tags +Poland -Kosovo"]
    apply_retag(plan)
    text = path.read_text()
    meta, _ = frontmatter.parse(text)
    assert meta["tags"] == ["Belarus", "Poland"] and meta["ingest"]["tags"] == ["Belarus", "Poland"]
    assert not frontmatter.is_edited(text)


def test_edited_file_keeps_editor_text_and_tags(tmp_path):
    path = write_ingested(tmp_path / "content", "talks", "Talks", ["Belarus", "Kosovo"], ["Eastern Europe"])
    edited = (path.read_text()
              .replace("More text.", "The desk's own paragraph,\nwith  odd   spacing kept.")
              .replace("- Kosovo\n", "- Kosovo\n- Lithuania # the desk added this\n", 1)
              .replace("title: Talks", "title: Talks   # retitled later"))
    path.write_text(edited)
    plan = plan_retag(tmp_path / "content", FakeTagger(["Belarus", "Poland"], ["Eastern Europe", "Central Europe"]))
    apply_retag(plan)
    text = path.read_text()
    meta, body = frontmatter.parse(text)
    assert meta["tags"] == ["Belarus", "Lithuania", "Poland"]
    assert meta["regions"] == ["Eastern Europe", "Central Europe"]
    assert meta["ingest"]["tags"] == ["Belarus", "Poland"]
    assert "The desk's own paragraph,\nwith  odd   spacing kept." in body
    assert "title: Talks   # retitled later\n" in text
    # Everything but the tags, regions and ingest lines is byte for byte the editor's.
    untouched = [line for line in edited.splitlines() if not line.startswith(("- ", "  ", "tags", "regions", "ingest"))]
    assert untouched == [line for line in text.splitlines() if not line.startswith(("- ", "  ", "tags", "regions", "ingest"))]
    assert frontmatter.is_edited(text)


def test_hand_written_briefing_is_left_alone(tmp_path):
    CliRunner().invoke(main, ["new", "Desk note", "--content", str(tmp_path / "content"), "--tag", "Belarus"])
    plan = plan_retag(tmp_path / "content", FakeTagger(["Poland"], []))
    assert plan.changes == [] and len(plan.hand_written) == 1


def test_cli_dry_run_shows_summary_and_writes_nothing(tmp_path, monkeypatch):
    path = write_ingested(tmp_path / "content", "talks", "Talks", ["Belarus", "Kosovo"], ["Eastern Europe"])
    before = path.read_text()
    monkeypatch.setattr("briefing.tag.default_tagger", lambda: FakeTagger(["Belarus"], ["Eastern Europe"]))
    result = CliRunner().invoke(main, ["retag", "--dry-run", "--content", str(tmp_path / "content")])
    assert result.exit_code == 0, result.output
    assert f"{path.as_posix()}: tags -Kosovo" in result.output
    assert "retag: 1 files with tag changes" in result.output and "dry run: nothing written" in result.output
    assert path.read_text() == before
    result = CliRunner().invoke(main, ["retag", "--content", str(tmp_path / "content")])
    assert frontmatter.parse(path.read_text())[0]["tags"] == ["Belarus"]


def test_retag_with_the_real_tagger_and_unchanged_taxonomy_changes_nothing(tmp_path):
    from briefing.tag import default_tagger

    tagger = default_tagger()
    title, body = "Minsk and Warsaw talk", "Belarus and Poland held border talks in Minsk on Monday."
    found = tagger.tag(title, body, lede=body)
    write_ingested(tmp_path / "content", "talks", title, found.tags, found.regions, body=body, summary=body)
    plan = plan_retag(tmp_path / "content", tagger)
    assert plan.changes == [] and plan.unchanged == 1


def test_ingest_then_retag_keep_the_editors_change(tmp_path, seed_dir):
    content = tmp_path / "content"
    result = CliRunner().invoke(main, ["ingest", "--no-progress", "--jobs", "1", str(seed_dir), "--content", str(content)])
    assert result.exit_code == 0, result.output
    [path] = (content / "briefings").glob("*.md")
    edited = path.read_text().replace("tags:\n", "tags:\n- Lithuania\n", 1) + "\nAn editor's closing note.\n"
    path.write_text(edited)
    CliRunner().invoke(main, ["ingest", "--no-progress", "--jobs", "1", str(seed_dir), "--content", str(content)])
    assert path.read_text() == edited
    CliRunner().invoke(main, ["retag", "--content", str(content)])
    meta, body = frontmatter.parse(path.read_text())
    assert meta["tags"][0] == "Lithuania" and "An editor's closing note." in body
