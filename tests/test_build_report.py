"""The build fails loudly and says why: left-out briefings, unknown tags, drafts kept out of search.

Trial cases: with broken YAML in one briefing `make html` exited 0 and the
briefing was gone; a typo tag ("Veitnam") made a live /tag/veitnam/ page;
drafts were searchable in the `make html` build that CI uploads for review.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys

import pytest
from pelican.settings import read_settings

from briefing.plugin.problems import BuildFailed
from conftest import ROOT, build_site
from editorial import line_of, write_ingested
from site_fixtures import build_indexed_site


@pytest.fixture
def content(tmp_path):
    content = tmp_path / "content"
    write_ingested(content, "minsk-talks", "Minsk talks", ["Belarus"], ["Eastern Europe"])
    write_ingested(content, "warsaw-talks", "Warsaw talks", ["Poland"], ["Eastern Europe"])
    return content


def test_clean_build_ends_with_a_summary(content, tmp_path, capsys):
    output = build_site(content, tmp_path / "output")
    out = capsys.readouterr()
    assert f"build: 2 briefings, 0 pages; 0 errors, 0 warnings; site in {output.as_posix()}/" in out.out
    assert "error" not in out.err


def test_broken_yaml_fails_the_build_at_its_line(content, tmp_path, capsys):
    broken = content / "briefings" / "warsaw-talks.md"
    broken.write_text(broken.read_text().replace("title: Warsaw talks", 'title: "Warsaw talks'))
    with pytest.raises(BuildFailed) as failed:
        build_site(content, tmp_path / "output")
    assert failed.value.code == 1
    err = capsys.readouterr().err
    line = (f"{broken.as_posix()}:{line_of(broken, 'title:')}: error: left out of the site: "
            "front matter is not valid YAML")
    assert any(text.startswith(line) for text in err.splitlines()), err  # one unwrapped line
    assert "build: 1 briefing, 0 pages; 1 error, 0 warnings" in err
    # The rest of the site is still written, to look at.
    assert (tmp_path / "output/briefing/minsk-talks/index.html").exists()


def test_an_impossible_date_fails_the_build_at_its_line(content, tmp_path, capsys):
    """QA trial: `date: 2024-13-45` in one briefing crashed the build with a ValueError traceback."""
    broken = content / "briefings" / "warsaw-talks.md"
    text = broken.read_text()
    broken.write_text(text.replace(text.split("date: ", 1)[1].split("\n", 1)[0], "2024-13-45", 1))
    with pytest.raises(BuildFailed):
        build_site(content, tmp_path / "output")
    err = capsys.readouterr().err
    line = f"{broken.as_posix()}:{line_of(broken, 'date:')}: error: left out of the site: front matter has an impossible date"
    assert any(text.startswith(line) for text in err.splitlines()), err
    assert "Traceback" not in err
    assert (tmp_path / "output/briefing/minsk-talks/index.html").exists()


@pytest.mark.parametrize("meta, expected", [
    ({"summary": {"a": 1}}, "error: left out of the site: 'summary'"),
    ({"places": "Minsk"}, "error: left out of the site: 'places' must be a list of places"),
])
def test_a_briefing_the_reader_leaves_out_fails_the_build(content, tmp_path, capsys, meta, expected):
    write_ingested(content, "odd", "Odd", ["Belarus"], ["Eastern Europe"], **meta)
    with pytest.raises(BuildFailed) as failed:
        build_site(content, tmp_path / "output")
    [problem] = failed.value.problems
    assert problem.path == (content / "briefings/odd.md").as_posix()
    assert f"{problem.severity}: {problem.message}".startswith(expected)
    assert str(problem) in capsys.readouterr().err


def test_a_missing_title_is_one_line_at_the_file(content, tmp_path):
    """QA trial: a briefing without a title also got Pelican's own "Skipping /abs/path: could not
    find information about 'title'" line above the report's."""
    untitled = content / "briefings" / "warsaw-talks.md"
    untitled.write_text("".join(line for line in untitled.read_text().splitlines(True) if not line.startswith("title:")))
    result = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py"),
                             "-o", str(tmp_path / "output")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    printed = result.stdout + result.stderr
    assert "could not find information" not in " ".join(printed.split()), printed  # Pelican's line wraps
    lines = [line for line in printed.splitlines() if "warsaw-talks" in line]
    assert lines == [f"{untitled.as_posix()}:2: error: left out of the site: required field 'title' is missing"]


@pytest.mark.parametrize("written, tags", [
    ("Belarus", ["Belarus"]),
    ("Belarus, Russia", ["Belarus", "Russia"]),
])
def test_tags_written_as_one_line_of_text_are_read_alike_by_build_and_check(content, tmp_path, capsys, written, tags):
    """QA trials: `tags: Belarus, Russia` first made a live /tag/belarus-russia/ page; then `tags: Belarus`
    was an error in `briefing check` and a warning in the build. Now both read a line of names as the
    names it lists (Pelican's own convention), and neither reports it."""
    from briefing.check import check_content

    from briefing import frontmatter
    from editorial import ingested_meta

    meta = dict(ingested_meta("lukashenko-talks", "Lukashenko talks", tags, ["Eastern Europe"]),
                tags=written, regions="Eastern Europe")
    briefing = content / "briefings" / "lukashenko-talks.md"
    frontmatter.write_atomic(briefing, frontmatter.render(meta, "Lukashenko talks.\n\nMore text."))
    assert f"tags: {written}\n" in briefing.read_text(encoding="utf-8")
    output = build_site(content, tmp_path / "output", BRIEFING_STRICT=True)
    printed = capsys.readouterr()
    assert "lukashenko-talks" not in printed.err, printed.err
    page = (output / "briefing" / "lukashenko-talks" / "index.html").read_text(encoding="utf-8")
    for tag in tags:
        assert re.search(rf'rel="tag"[^>]*>{tag}</a>', page), f"a {tag} chip on the page"
    assert not (output / "tag" / "belarus-russia").exists()
    report = check_content(content, [briefing])
    assert not [p for p in report.problems if "tags" in p.message or "region" in p.message], report.problems


def test_unknown_tag_is_a_warning_and_strict_makes_it_an_error(content, tmp_path, capsys):
    typo = write_ingested(content, "hanoi-talks", "Hanoi talks", ["Veitnam"], ["South-eastern Asia"])
    build_site(content, tmp_path / "output")
    out = capsys.readouterr()
    expected = f"{typo.as_posix()}:{line_of(typo, '- Veitnam')}: warning: unknown tag 'Veitnam' (did you mean 'Vietnam'?)"
    assert expected in out.err.splitlines()
    assert "0 errors, 1 warning" in out.out

    with pytest.raises(BuildFailed):
        build_site(content, tmp_path / "strict", BRIEFING_STRICT=True)
    assert expected.replace("warning:", "error:") in capsys.readouterr().err.splitlines()


def test_publish_is_strict_and_strict_1_makes_the_local_build_strict(monkeypatch):
    assert read_settings(str(ROOT / "publishconf.py"))["BRIEFING_STRICT"] is True
    assert read_settings(str(ROOT / "pelicanconf.py"))["BRIEFING_STRICT"] is False
    monkeypatch.setenv("STRICT", "1")
    assert read_settings(str(ROOT / "pelicanconf.py"))["BRIEFING_STRICT"] is True


def test_pelican_command_exits_non_zero_without_a_traceback(content, tmp_path):
    broken = content / "briefings" / "warsaw-talks.md"
    broken.write_text(broken.read_text().replace("tags:\n", "tags: [\n", 1))
    result = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py"),
                             "-o", str(tmp_path / "output")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "warsaw-talks.md:" in result.stderr and "left out of the site" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def search_index_text(output) -> str:
    """Every page Pagefind indexed, as its fragments' JSON (url and content)."""
    fragments = []
    for path in (output / "pagefind" / "fragment").glob("*.pf_fragment"):
        fragments.append(json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")))
    return json.dumps(fragments)


def test_drafts_are_not_in_search_feeds_or_listings_of_the_local_build(content, tmp_path):
    write_ingested(content, "secret-plans", "Secret plans in Vilnius", ["Lithuania"], ["Northern Europe"],
                   status="draft", body="Secret plans in Vilnius were drawn up.")
    output = build_indexed_site(content, tmp_path / "output")
    draft = output / "drafts/secret-plans/index.html"
    assert "draft-banner" in draft.read_text()
    index = search_index_text(output)
    assert "/briefing/minsk-talks/" in index
    assert "Secret plans" not in index and "secret-plans" not in index
    for path in output.rglob("*"):
        if path.is_file() and path != draft and path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(errors="replace")
            assert "secret-plans" not in text and "Secret plans" not in text, path


def test_a_clean_local_build_prints_no_warning_only_its_summary(content, tmp_path):
    """Trial case: every build printed Pelican's "Feeds generated without SITEURL" warning; warnings must mean something."""
    result = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py"),
                             "-o", str(tmp_path / "output")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    printed = result.stdout + result.stderr
    assert "WARNING" not in printed and "ERROR" not in printed, printed
    assert "build: 2 briefings, 0 pages; 0 errors, 0 warnings; site in " in result.stdout


# Second trial: breaking things on purpose ---------------------------------------------------------

def test_two_briefings_with_one_slug_fail_the_build_naming_both(content, tmp_path, capsys):
    """QA trial: two files with `slug: minsk-talks` built one page; the other briefing was gone
    with only Pelican's wrapped notice and a build that passed."""
    from briefing import frontmatter
    from editorial import ingested_meta

    twin = content / "briefings" / "minsk-talks-again.md"
    frontmatter.write_atomic(twin, frontmatter.render(
        ingested_meta("minsk-talks", "Minsk talks again", ["Belarus"], ["Eastern Europe"]), "Again.\n"))
    original = content / "briefings" / "minsk-talks.md"
    with pytest.raises(BuildFailed):
        build_site(content, tmp_path / "output")
    err = capsys.readouterr().err.splitlines()
    for path, other in ((twin, original), (original, twin)):
        expected = (f"{path.as_posix()}:{line_of(path, 'slug:')}: error: slug 'minsk-talks' also used by "
                    f"{other.as_posix()}: only one of them has a page")
        assert expected in err, err


def test_a_huge_title_without_a_slug_builds_with_a_short_address(content, tmp_path, capsys):
    """QA trial: a 15,000-character title and no slug stopped the whole build with
    `OSError: File name too long` and a traceback."""
    from briefing import frontmatter
    from editorial import ingested_meta

    title = "Huge " + "headline " * 1500
    meta = ingested_meta("x", title, ["Belarus"], ["Eastern Europe"])
    del meta["slug"]
    frontmatter.write_atomic(content / "briefings" / "huge.md", frontmatter.render(meta, "Text.\n"))
    output = build_site(content, tmp_path / "output")
    pages = [path.parent.name for path in (output / "briefing").glob("*/index.html")]
    long_one = [name for name in pages if name.startswith("huge-headline")]
    assert len(pages) == 3 and len(long_one) == 1 and len(long_one[0]) <= 80, pages
    assert title.strip() in (output / "briefing" / long_one[0] / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("field, broken, reason", [
    ("date", None, "required field 'date' is missing"),
    ("date", "next tuesday", "'date' 'next tuesday' is not a date like 2024-07-08"),
    ("title", None, "required field 'title' is missing"),
    ("status", "drfat", "'status' 'drfat' must be one of published, draft, hidden"),
])
def test_a_left_out_briefing_gets_one_line_with_its_reason(content, tmp_path, capsys, caplog, field, broken, reason):
    """QA trial: besides the report's line, Pelican printed "Could not process briefings/x.md" (no reason)
    or "Skipping ...: could not find information about 'date'" for the same file."""
    from briefing import frontmatter
    from editorial import ingested_meta

    meta = ingested_meta("broken", "Broken briefing", ["Belarus"], ["Eastern Europe"])
    if broken is None:
        del meta[field]
    else:
        meta[field] = broken
    path = content / "briefings" / "broken.md"
    frontmatter.write_atomic(path, frontmatter.render(meta, "Text.\n"))
    with pytest.raises(BuildFailed):
        build_site(content, tmp_path / "output")
    printed = capsys.readouterr()
    lines = [line for line in (printed.out + printed.err).splitlines() if "broken" in line]
    lines += [record.getMessage() for record in caplog.records if "broken" in record.getMessage()]
    assert len(lines) == 1 and lines[0].startswith(f"{path.as_posix()}:") and lines[0].endswith(reason), lines
