"""`make html` and `briefing check` say the same about a briefing's fields, text and links, and the intros.

QA trial: a dead `{filename}` link made Pelican log a warning (or nothing, in a
render worker) while the build's closing summary said "0 warnings"; a briefing
with no text and a tag intro with a `<script>` built silently while `briefing
check` reported both, and `briefing new`'s placeholder summary. Both now run the
same functions (briefing.check's field_problems, text_problems, region_mismatches,
dead_link), so each problem is one identical line in both, and
the build's summary counts it, in a full, an incremental and a text-only rebuild.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner

from briefing.cli import main
from conftest import ROOT, briefing_command
from editorial import line_of, two_briefing_repo, write_ingested

PROBLEM = re.compile(r"^\S+:\d+: (error|warning): ")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """Two clean briefings in a git repository; the tests run inside it, as an editor would."""
    repo = two_briefing_repo(tmp_path / "site")
    monkeypatch.chdir(repo)
    return repo


def build(repo, *extra: str) -> subprocess.CompletedProcess:
    """``briefing build`` as ``make html`` runs it, in the repository."""
    return subprocess.run(
        [*briefing_command("build"), "-s", str(ROOT / "pelicanconf.py"), "--content", "content", "-o", "output",
         "--cache", ".cache/build", "--no-search", *extra],
        capture_output=True, text=True, cwd=repo, timeout=600)


def problem_lines(text: str) -> list[str]:
    return sorted(line for line in text.splitlines() if PROBLEM.match(line))


def closing_line(path) -> int:
    """The line that closes the front matter (``---`` or ``...``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if number > 1 and line in ("---", "..."))


def check_lines() -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    return result.exit_code, problem_lines(result.output)


def test_build_and_check_report_the_same_text_problems_at_the_same_lines(repo):
    content = repo / "content"
    talks = content / "briefings/minsk-talks.md"
    talks.write_text(talks.read_text().replace(
        "More text.", "See [gone]({filename}/briefings/gone.md), [old](/briefing/minsk-talk/), "
        "[tag](/tag/kosovo/).\n\nAgain [gone]({filename}/briefings/gone.md).\n\n<script>alert(1)</script>\n\nClick <a href=\"javascript:alert(2)\">here</a>."))
    empty = write_ingested(content, "empty", "Empty briefing", ["Belarus"], ["Eastern Europe"], body="\n")
    # QA trial: a saved page holding only an <h1> gave a briefing whose text was its headline again.
    headline = write_ingested(content, "headline", "Minsk airport closed", ["Belarus"], ["Eastern Europe"],
                              body="\nMinsk airport closed\n")
    odd = write_ingested(content, "odd", "Odd briefing", ["Belarus"], ["Western Europe"], summary="word " * 200)
    (content / "tags").mkdir()
    (content / "tags/nato.md").write_text("The alliance <script>alert(3)</script>.\n", encoding="utf-8")
    (content / "regions").mkdir()
    (content / "regions/eastern-europe.md").write_text("---\ndescription: East\n---\n", encoding="utf-8")

    status, checked = check_lines()
    built = build(repo)

    assert status == 1 and built.returncode == 1, built.stdout + built.stderr
    assert problem_lines(built.stdout + built.stderr) == checked
    expected = [
        f"content/briefings/minsk-talks.md:{line_of(talks, 'See [gone]')}: warning: link "
        "{filename}/briefings/gone.md points nowhere: there is no file '/briefings/gone.md'",
        f"content/briefings/minsk-talks.md:{line_of(talks, 'Again [gone]')}: warning: link "
        "{filename}/briefings/gone.md points nowhere: there is no file '/briefings/gone.md'",
        f"content/briefings/minsk-talks.md:{line_of(talks, 'See [gone]')}: warning: link /briefing/minsk-talk/ "
        "points nowhere: no briefing has slug 'minsk-talk' (did you mean 'minsk-talks'?)",
        f"content/briefings/minsk-talks.md:{line_of(talks, 'See [gone]')}: warning: link /tag/kosovo/ points nowhere: "
        "no published briefing has the tag 'kosovo'",
        f"content/briefings/minsk-talks.md:{line_of(talks, '<script>')}: error: unsafe raw HTML <script> element",
        f"content/briefings/minsk-talks.md:{line_of(talks, 'Click')}: error: unsafe 'javascript:' URL in href= on <a>",
        f"content/briefings/empty.md:{closing_line(empty) + 1}: warning: the briefing has no text "
        "below its front matter",
        f"content/briefings/headline.md:{closing_line(headline) + 2}: warning: the text only repeats the title; "
        "write the briefing",
        f"content/briefings/odd.md:{line_of(odd, '- Western Europe')}: warning: region 'Western Europe' holds none "
        "of this briefing's countries (Belarus)",
        f"content/briefings/odd.md:{line_of(odd, 'summary:')}: warning: 'summary' is 1000 characters long; "
        "keep it under 600",
        "content/regions/eastern-europe.md:4: warning: the briefing has no text below its front matter",
        "content/tags/nato.md:1: error: unsafe raw HTML <script> element",
    ]
    assert sorted(expected) == checked
    assert "3 errors, 9 warnings" in built.stderr
    # Pelican's own line about the link (no file, no line) is left to the report.
    assert "Unable to find" not in built.stdout + built.stderr
    # The page is still written, without the script.
    page = (repo / "output/briefing/minsk-talks/index.html").read_text(encoding="utf-8")
    assert "alert(1)" not in page and "alert(3)" not in (repo / "output/tag/nato/index.html").read_text()

    # An incremental build that reads nothing again still reports them all.
    again = build(repo)
    assert "0 briefing(s) read" in again.stdout + again.stderr
    assert problem_lines(again.stdout + again.stderr) == checked


def test_a_text_only_edit_that_adds_a_dead_link_is_reported_by_the_rebuild(repo):
    talks = repo / "content/briefings/minsk-talks.md"
    first = build(repo)
    assert first.returncode == 0 and "0 errors, 0 warnings" in first.stdout, first.stdout + first.stderr
    talks.write_text(talks.read_text().replace("More text.", "More text, reworded."))
    reworded = build(repo)
    assert "text-only" in reworded.stdout and "0 errors, 0 warnings" in reworded.stdout, reworded.stdout

    talks.write_text(talks.read_text().replace("reworded.", "reworded; see [gone]({filename}/briefings/gone.md)."))
    status, checked = check_lines()
    linked = build(repo)
    printed = linked.stdout + linked.stderr
    assert status == 0 and linked.returncode == 0, printed
    assert checked == [f"content/briefings/minsk-talks.md:{line_of(talks, 'see [gone]')}: warning: link "
                       "{filename}/briefings/gone.md points nowhere: there is no file '/briefings/gone.md'"]
    assert problem_lines(printed) == checked and "0 errors, 1 warning" in printed

    # The hosted build (strict) fails on it.
    strict = build(repo, "-s", str(ROOT / "publishconf.py"))
    assert strict.returncode == 1 and "error: link {filename}/briefings/gone.md points nowhere" in strict.stderr


def test_a_strict_build_fails_on_what_would_be_wrong_on_the_public_site_only(repo, capsys):
    """The hosted build (strict): a dead link or a published placeholder is an error; a long summary
    stays a warning, and a draft (which the hosted site leaves out) may keep its placeholders."""
    from briefing.plugin.problems import BuildFailed
    from briefing.scaffold import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY
    from conftest import build_site

    content = repo / "content"
    long = write_ingested(content, "long", "Long summary", ["Belarus"], ["Eastern Europe"], summary="word " * 200)
    draft = write_ingested(content, "draft", "Draft", ["Belarus"], ["Eastern Europe"], body=PLACEHOLDER_BODY,
                           summary=PLACEHOLDER_SUMMARY, status="draft")
    talks = content / "briefings/minsk-talks.md"
    talks.write_text(talks.read_text().replace("More text.", "See [gone]({filename}/briefings/gone.md)."))
    with pytest.raises(BuildFailed):
        build_site(content, repo / "strict", BRIEFING_STRICT=True)
    printed = problem_lines(capsys.readouterr().err)
    assert [line.split(": ", 2)[1] for line in printed if "minsk-talks.md" in line] == ["error"]
    assert [line.split(": ", 2)[1] for line in printed if "long.md" in line] == ["warning"]
    assert [line.split(": ", 2)[1] for line in printed if "draft.md" in line] == ["warning", "warning"]
    assert {line.split(":", 1)[0] for line in printed} == {talks.relative_to(repo).as_posix(),
                                                           long.relative_to(repo).as_posix(),
                                                           draft.relative_to(repo).as_posix()}
