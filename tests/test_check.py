"""`briefing check`: every problem in content/ at once, each at its PATH:LINE."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from briefing.check import check_content, format_text
from briefing.cli import main
from editorial import commit, key_line, line_of, two_briefing_repo, write_ingested


def run_check(*args: str):
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository with two clean, committed briefings; the tests run inside it."""
    repo = two_briefing_repo(tmp_path / "site")
    monkeypatch.chdir(repo)
    return repo


def test_clean_content_passes(repo):
    result = run_check()
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "check: 2 files, 0 errors, 0 warnings"


def test_editor_changes_unknown_tag_and_yaml_mistake_each_reported_at_its_line(repo):
    talks = repo / "content/briefings/minsk-talks.md"
    summit = repo / "content/briefings/nato-summit.md"
    # An editor rewrites a paragraph (fine), adds a tag the taxonomy lacks, and breaks a quote in another file.
    talks.write_text(talks.read_text().replace("More text.", "More text, rewritten by the desk.")
                     .replace("- Poland\n", "- Poland\n- Belarusian\n", 1))
    summit.write_text(summit.read_text().replace("title: NATO summit", 'title: "NATO summit'))
    commit(repo, "Desk edits")

    result = run_check()

    assert result.exit_code == 1
    tag_line = line_of(talks, "- Belarusian")
    assert tag_line == 10
    assert f"content/briefings/minsk-talks.md:{tag_line}: error: unknown tag 'Belarusian' (did you mean 'Belarus'?)" in result.output
    assert "content/briefings/nato-summit.md:2: error: front matter is not valid YAML: found unexpected end of stream" in result.output
    assert result.output.strip().endswith("check: 2 files, 2 errors, 0 warnings")


@pytest.mark.parametrize("old, new, needle, expected", [
    ("slug: minsk-talks", "slug: Minsk Talks", "slug:", "error: 'slug' 'Minsk Talks' must be lower-case letters"),
    ("date: 2024-07-08", "date: next week", "date:", "error: 'date' 'next week' is not a date"),
    ("date: 2024-07-08", "date: 2024-13-45", "date:", "error: front matter has an impossible date"),
    ("title: Minsk talks", "title: ''", "title:", "error: 'title' must be non-empty text"),
    ("summary: 'Minsk talks: what happened.'", "summary: ''", "summary:", "error: 'summary' is empty"),
    ("summary: 'Minsk talks: what happened.'", "summary: " + "word " * 200, "summary:", "warning: 'summary' is 999 characters long; keep it under 600"),
    ("tags:\n- Belarus", "tags:\n  country: Belarus\nx:\n- Belarus", "tags:", "error: 'tags' must be a list of names"),
    ("title: Minsk talks", "title: " + "x" * 400, "title:", "warning: 'title' is 400 characters long; keep the headline under 300"),
    ("- Eastern Europe\nsource", "- Western Europe\nsource", "- Western Europe",
     "warning: region 'Western Europe' holds none of this briefing's countries (Belarus, Poland)"),
    ("- Eastern Europe\nsource", "- Eastern Erope\nsource", "- Eastern Erope",
     "error: unknown region 'Eastern Erope' (did you mean 'Eastern Europe'?)"),
    ("More text.", "Click <a href=\"javascript:alert(1)\">here</a>.", "Click", "error: unsafe 'javascript:' URL in href= on <a>"),
    ("More text.", "<p onmouseover=\"steal()\">Hi</p>", "onmouseover", "error: unsafe event handler attribute 'onmouseover' on <p>"),
    ("More text.", "Text.\n\n<script>alert(1)</script>", "<script>", "error: unsafe raw HTML <script> element"),
    ("More text.", "<iframe src=\"https://example.org\"></iframe>", "<iframe", "error: unsafe raw HTML <iframe> element"),
    ("More text.", "[x](javascript:alert(1))", "[x]", "error: unsafe link to a 'javascript:' URL"),
    ("More text.", "See [old](/briefing/minsk-talk/).", "See [old]",
     "warning: link /briefing/minsk-talk/ points nowhere: no briefing has slug 'minsk-talk' (did you mean 'minsk-talks'?)"),
    ("More text.", "See [tag](/tag/kosovo/).", "See [tag]", "warning: link /tag/kosovo/ points nowhere"),
    ("More text.", "See [region](/region/oceania/).", "See [region]", "warning: link /region/oceania/ points nowhere"),
    ("More text.", "See [file]({filename}/briefings/gone.md).", "See [file]",
     "warning: link {filename}/briefings/gone.md points nowhere: there is no file '/briefings/gone.md'"),
])
def test_each_problem_is_reported_at_its_line(repo, old, new, needle, expected):
    path = repo / "content/briefings/minsk-talks.md"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    result = run_check()
    assert f"content/briefings/minsk-talks.md:{line_of(path, needle)}: {expected}" in result.output
    assert result.exit_code == (1 if " error: " in f" {expected}" else 0)


def test_an_empty_text_is_a_warning_at_the_line_it_would_start(repo):
    """QA trial: a briefing with nothing below its front matter built a page with the lede alone."""
    path = repo / "content/briefings/minsk-talks.md"
    text = path.read_text()
    path.write_text(text[:text.rindex("---\n") + 4])
    result = run_check()
    line = len(path.read_text().splitlines()) + 1
    assert f"content/briefings/minsk-talks.md:{line}: warning: the briefing has no text below its front matter" in result.output
    assert result.exit_code == 0


def test_code_is_not_mistaken_for_raw_html(repo):
    path = repo / "content/briefings/minsk-talks.md"
    path.write_text(path.read_text().replace("More text.", "Write `<script>` as code.\n\n```\n<iframe>\n```"))
    assert run_check().exit_code == 0


def test_missing_required_fields_are_each_reported(repo):
    path = repo / "content/briefings/minsk-talks.md"
    path.write_text("---\ntitle: Minsk talks again\n---\n\nText.\n")
    result = run_check()
    assert "content/briefings/minsk-talks.md:2: error: required field 'date' is missing" in result.output
    # What the build makes or does without is not required (QA leftover: check demanded them, the build did not).
    for field in ("slug", "tags", "source"):
        assert f"required field '{field}'" not in result.output
    summit = repo / "content/briefings/nato-summit.md"
    assert (f"content/briefings/nato-summit.md:{line_of(summit, 'See [the talks]')}: warning: link /briefing/minsk-talks/ "
            "points nowhere") in result.output  # its slug is gone


def test_duplicate_slug_and_source_name_both_files(repo):
    write_ingested(repo / "content", "minsk-talks-2", "Minsk talks again", ["Belarus"], ["Eastern Europe"],
                   source={"path": "seeds/minsk-talks.txt"})
    copy = repo / "content/briefings/minsk-talks-2.md"
    copy.write_text(copy.read_text().replace("slug: minsk-talks-2", "slug: minsk-talks"))
    result = run_check()
    assert result.exit_code == 1
    assert (f"content/briefings/minsk-talks-2.md:{key_line(copy, 'slug')}: error: slug 'minsk-talks' also used by "
            "content/briefings/minsk-talks.md") in result.output
    assert ("content/briefings/minsk-talks.md:3: error: slug 'minsk-talks' also used by "
            "content/briefings/minsk-talks-2.md") in result.output
    assert (f"content/briefings/minsk-talks-2.md:{key_line(copy, 'source')}: error: source 'seeds/minsk-talks.txt' "
            "was ingested twice: also used by content/briefings/minsk-talks.md") in result.output


def test_named_files_are_checked_against_the_whole_content_folder(repo):
    """What the pre-commit hook does: only the changed file is reported, duplicates still found."""
    write_ingested(repo / "content", "other", "Other", ["Belarus"], ["Eastern Europe"])
    other = repo / "content/briefings/other.md"
    other.write_text(other.read_text().replace("slug: other", "slug: minsk-talks").replace("- Belarus\n", "- Belarus\n- Atlantis\n", 1))
    result = run_check("content/briefings/other.md")
    assert "content/briefings/other.md:3: error: slug 'minsk-talks' also used by content/briefings/minsk-talks.md" in result.output
    assert "content/briefings/minsk-talks.md:" not in result.output
    assert result.output.strip().endswith("check: 1 file, 2 errors, 0 warnings")


def test_strict_fails_on_warnings(repo):
    path = repo / "content/briefings/minsk-talks.md"
    # Central Asia holds none of the briefing's countries: a warning only.
    path.write_text(path.read_text().replace("- Eastern Europe\n", "- Eastern Europe\n- Central Asia\n", 1))
    assert run_check().exit_code == 0
    assert run_check("--strict").exit_code == 1


def test_github_format_prints_annotations(repo):
    path = repo / "content/briefings/minsk-talks.md"
    path.write_text(path.read_text().replace("More text.", "<script>x()</script>"))
    result = run_check("--format", "github")
    line = line_of(path, "<script>")
    assert (f"::error file=content/briefings/minsk-talks.md,line={line},title=briefing check::"
            "unsafe raw HTML <script> element") in result.stdout.splitlines()


def test_json_format_is_for_tools(repo):
    path = repo / "content/briefings/minsk-talks.md"
    path.write_text(path.read_text().replace("- Poland\n", "- Atlantis\n", 1))
    report = json.loads(run_check("--format", "json").stdout)
    assert report["errors"] == 1 and report["warnings"] == 0 and report["files"] == 2
    assert report["problems"] == [{"path": "content/briefings/minsk-talks.md", "line": 9,
                                   "severity": "error", "message": "unknown tag 'Atlantis'"}]


def test_repeated_problem_is_collapsed_to_one_line(tmp_path):
    content = tmp_path / "content"
    for number in range(12):
        write_ingested(content, f"b{number}", f"Briefing {number}", ["Belarus", "Atlantis"], ["Eastern Europe"])
    report = check_content(content)
    assert report.errors == 12
    lines = format_text(report)
    assert lines == [f"{content.as_posix()}/briefings/b0.md:9: error: unknown tag 'Atlantis' (and the same in 11 more files)"]


def test_a_problem_repeated_in_one_file_is_shown_at_each_line(tmp_path):
    """QA trial: five <script> blocks in one briefing came out as one line "(and the same in 0 more files)"."""
    content = tmp_path / "content"
    path = write_ingested(content, "scripts", "Scripts", ["Belarus"], ["Eastern Europe"],
                          body="\n\n".join(f"Text {number}. <script>alert({number})</script>" for number in range(5)))
    lines = format_text(check_content(content))
    assert lines == [f"{path.as_posix()}:{line_of(path, f'Text {number}.')}: error: unsafe raw HTML <script> element"
                     for number in range(5)]


def test_many_files_are_checked_together_without_false_duplicates(tmp_path):
    # Speed is measured by benchmarks/check.py, not here: timed tests fail on busy machines.
    content = tmp_path / "content"
    write_ingested(content, "seed", "Seed", ["Belarus"], ["Eastern Europe"])
    template = (content / "briefings/seed.md").read_text()
    for number in range(300):
        (content / "briefings" / f"b{number}.md").write_text(template.replace("slug: seed", f"slug: b{number}")
                                                             .replace("seeds/seed.txt", f"seeds/{number}.txt"))
    report = check_content(content)
    assert report.files == 301 and report.errors == 0


def test_one_error_is_not_one_errors(repo):
    """Trial case: the summary said "1 errors"."""
    path = repo / "content/briefings/minsk-talks.md"
    path.write_text(path.read_text().replace("- Poland\n", "- Poland\n- Atlantis\n", 1))
    result = run_check("content/briefings/minsk-talks.md")
    assert result.output.strip().endswith("check: 1 file, 1 error, 0 warnings")


def test_check_and_build_agree_on_what_a_hand_written_briefing_may_leave_out(repo, tmp_path):
    """QA leftover: `briefing check` required slug, tags and source (with a sha256 from ingest), the build none of them."""
    from conftest import build_site
    from briefing.plugin.problems import BuildFailed

    content = repo / "content"
    hand = content / "briefings" / "by-hand.md"
    hand.write_text("---\ntitle: Desk note on the Minsk talks\ndate: 2024-07-09\n---\n\nWritten by the desk.\n")
    result = run_check()
    assert result.exit_code == 0, result.output
    output = build_site(content, tmp_path / "output")
    assert "Written by the desk." in (output / "briefing/desk-note-on-the-minsk-talks/index.html").read_text()

    # Two such notes with one title would share that page: both say so, naming the files.
    (content / "briefings" / "by-hand-2.md").write_text(hand.read_text())
    result = run_check()
    assert result.exit_code == 1
    assert ("content/briefings/by-hand.md:2: error: slug 'desk-note-on-the-minsk-talks' also used by "
            "content/briefings/by-hand-2.md") in result.output
    with pytest.raises(BuildFailed):
        build_site(content, tmp_path / "output-2")


def test_a_tag_intro_without_front_matter_passes_as_the_build_reads_it(repo):
    """QA trial: check called the project's own content/tags/nato.md (Markdown alone) an error; the build reads it."""
    intro = repo / "content" / "tags" / "nato.md"
    intro.parent.mkdir(parents=True, exist_ok=True)
    intro.write_text("The North Atlantic Treaty Organization: 32 members.\n", encoding="utf-8")
    assert run_check().exit_code == 0
    intro.write_text("The alliance <script>alert(1)</script>.\n", encoding="utf-8")
    result = run_check()
    assert result.exit_code == 1 and "content/tags/nato.md:1: error: unsafe" in result.output


def test_a_pasted_link_that_ingest_escaped_is_text_for_check_and_the_build(tmp_path):
    """QA trial: a text seed held "[click](javascript:alert(2))"; ingest escaped it to text, but `briefing check`
    (and so the build) still called it an unsafe link and failed a briefing that shows nothing unsafe."""
    from conftest import build_site

    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    (seeds / "talks.txt").write_text(
        "Minsk and Warsaw talk borders\n\nOfficials from Belarus and Poland met in Brest on Tuesday. "
        "[click](javascript:alert(2)) and [here](/briefing/x/) were pasted with the text.\n", encoding="utf-8")
    ingested = CliRunner().invoke(main, ["ingest", "--no-progress", "--jobs", "1", str(seeds), "--content", str(content)])
    assert ingested.exit_code == 0, ingested.output
    result = run_check("--content", str(content), "--since", "")
    assert result.exit_code == 0 and "0 errors, 0 warnings" in result.output, result.output
    page = next((build_site(content, tmp_path / "output") / "briefing").glob("*/index.html")).read_text(encoding="utf-8")
    assert "[click](javascript:alert(2))" in page and 'href="javascript' not in page
    # Written as a link (no escape), it is still an error.
    raw = content / "briefings" / "hand-written.md"
    raw.write_text("---\ntitle: Hand written\ndate: 2024-07-08\n---\nSee [click](javascript:alert(2)) and\n"
                   "[a\\\\](javascript:alert(3)).\n", encoding="utf-8")
    errors = [line for line in run_check("--content", str(content), "--since", "").output.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[1] for line in errors] == ["unsafe link to a 'javascript:' URL"] * 2


def test_check_reads_the_files_the_build_reads_as_the_build_reads_them(tmp_path):
    """QA trial: a briefing saved by a Windows editor (BOM, CRLF) built fine but check said it had no front
    matter; one saved as `.markdown` was published, its <script> reported by the build, and check never
    looked at it."""
    from briefing.plugin.problems import BuildFailed
    from conftest import build_site

    content = tmp_path / "content"
    windows = write_ingested(content, "minsk-talks", "Minsk talks", ["Belarus"], ["Eastern Europe"])
    windows.write_bytes(b"\xef\xbb\xbf" + windows.read_bytes().replace(b"\n", b"\r\n"))
    other = content / "briefings" / "warsaw-talks.markdown"
    other.write_text("---\ntitle: Warsaw talks\ndate: 2024-07-08\ntags: [Poland]\nregions: [Eastern Europe]\n---\n"
                     "Officials met in Warsaw.\n\n<script>alert(1)</script>\n", encoding="utf-8")
    result = run_check("--content", str(content), "--since", "")
    checked = [line for line in result.output.splitlines() if ": error: " in line or ": warning: " in line]
    assert checked == [f"{other.as_posix()}:9: error: unsafe raw HTML <script> element"], result.output
    with pytest.raises(BuildFailed) as failed:
        build_site(content, tmp_path / "output")
    assert [(problem.line, problem.message) for problem in failed.value.problems] == [
        (9, "unsafe raw HTML <script> element")]
    assert (tmp_path / "output" / "briefing" / "minsk-talks" / "index.html").is_file()
