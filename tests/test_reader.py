"""The plugin's libyaml reader gives Pelican the same briefing as pelican-yaml-metadata's."""

from __future__ import annotations

from pelican.plugins.yaml_metadata.yaml_metadata import YAMLMetadataReader
from pelican.settings import read_settings

from briefing.plugin.reader import CHECK_PROBLEMS, INTERNAL_LINKS, BriefingReader
from conftest import ROOT


def test_briefing_reader_matches_the_yaml_metadata_plugin():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    [path] = (ROOT / "content" / "briefings").glob("china-and-belarus*.md")
    ours, theirs = BriefingReader(settings).read(str(path)), YAMLMetadataReader(settings).read(str(path))
    assert ours[0] == theirs[0]
    # Plus what briefing check would say of the file (nothing), for the build's report.
    assert ours[1].pop(CHECK_PROBLEMS) == [] and ours[1].pop(INTERNAL_LINKS) == []
    assert {k: str(v) for k, v in ours[1].items()} == {k: str(v) for k, v in theirs[1].items()}
    assert {"Belarus", "China", "NATO"} <= {str(tag) for tag in ours[1]["tags"]}


def test_broken_front_matter_is_left_out_for_the_build_report(tmp_path):
    """The reader skips the file without Pelican's wrapped error; plugin.problems reports it at its line."""
    path = tmp_path / "broken.md"
    path.write_text('---\ntitle: "unclosed\n---\n\nBody.\n', encoding="utf-8")
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    assert BriefingReader(settings).read(str(path))[1] == {"status": "skip"}
