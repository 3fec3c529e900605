"""A renamed briefing keeps its old address: front matter ``aliases`` become redirect pages.

QA trial: readers bookmark and share briefing URLs; an editor renamed a slug in a
pull request and every shared link gave 404. Hugo's ``aliases`` is what users expect.
"""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import frontmatter
from browser_support import chromium, require_chromium, serve
from conftest import build_site
from editorial import line_of

BODY = "Officials from Belarus and Poland met in Brest to discuss the border.\n"


def write_briefing(content: Path, name: str, **meta) -> Path:
    path = content / "briefings" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = {"title": f"Border talks {name}", "slug": name, "date": "2024-07-08", "summary": "The lede.",
              "tags": ["Belarus", "Poland"], "regions": ["Eastern Europe"], **meta}
    path.write_text(frontmatter.render(fields, BODY), encoding="utf-8")
    return path


def check(content: Path, *options: str) -> tuple[int, str]:
    from briefing.cli import main

    result = CliRunner().invoke(main, ["check", "--content", str(content), *options])
    return result.exit_code, result.output


@pytest.fixture
def renamed_site(tmp_path):
    content = tmp_path / "content"
    write_briefing(content, "minsk-warsaw-border-talks",
                   aliases=["minsk-border-talks", "/2024/07/border.html"])
    write_briefing(content, "other-talks")
    return content


def test_old_addresses_redirect_to_the_renamed_briefing(renamed_site, tmp_path):
    output = build_site(renamed_site, tmp_path / "output")
    page = (output / "briefing" / "minsk-border-talks" / "index.html").read_text(encoding="utf-8")
    # Relative, as the rest of the local build's links are.
    assert '<meta http-equiv="refresh" content="0; url=../../briefing/minsk-warsaw-border-talks/">' in page
    assert '<link rel="canonical" href="../../briefing/minsk-warsaw-border-talks/">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert '<a href="../../briefing/minsk-warsaw-border-talks/">Border talks minsk-warsaw-border-talks</a>' in page
    assert "<script" not in page.lower()
    old_path = (output / "2024" / "07" / "border.html").read_text(encoding="utf-8")
    assert 'url=../../briefing/minsk-warsaw-border-talks/"' in old_path
    assert (output / "briefing" / "minsk-warsaw-border-talks" / "index.html").is_file()
    assert not (output / "briefing" / "other-talks" / "index.html").read_text(encoding="utf-8").count("refresh")
    # Not a briefing: not in feeds or search.
    assert "data-pagefind-body" not in page
    feeds = "".join(path.read_text(encoding="utf-8") for path in output.rglob("*.xml"))
    assert "minsk-border-talks/" not in feeds and "border.html" not in feeds


def test_a_hosted_build_s_redirect_is_absolute_and_not_in_the_sitemap(renamed_site, tmp_path):
    output = build_site(renamed_site, tmp_path / "output", RELATIVE_URLS=False, SITEURL="https://example.org/news")
    page = (output / "briefing" / "minsk-border-talks" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/news/briefing/minsk-warsaw-border-talks/">' in page
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "minsk-warsaw-border-talks/" in sitemap
    assert "minsk-border-talks/" not in sitemap and "border.html" not in sitemap


@pytest.mark.parametrize(("alias", "reason"), [
    ("https://evil.example/x", "without a scheme or host"),
    ("javascript:alert(1)", "without a scheme or host"),
    ("//evil.example/x", "without a scheme or host"),
    ("/briefing/../../etc/passwd", "'..'"),
    ("/old page/", "must not hold spaces"),
    ("", "must be an old slug"),
])
def test_a_bad_alias_is_one_error_line_naming_the_file_in_check_and_build(tmp_path, alias, reason):
    from briefing.plugin.problems import BuildFailed

    content = tmp_path / "content"
    path = write_briefing(content, "renamed", aliases=[alias])
    code, output = check(content)
    line = next(line for line in output.splitlines() if "alias" in line)
    assert code != 0
    assert re.match(rf"{re.escape(path.as_posix())}:\d+: error: alias .*{re.escape(reason)}", line), output
    with pytest.raises(BuildFailed) as failed:
        build_site(content, tmp_path / "output")
    built = [p for p in failed.value.problems if "alias" in p.message]
    assert [(p.severity, p.message) for p in built] == [("error", line.split(": error: ", 1)[1])]
    assert not any("evil" in str(p) or "passwd" in str(p) for p in (tmp_path / "output").rglob("*"))


def test_an_alias_that_is_a_page_of_the_site_or_another_s_alias_is_an_error(tmp_path):
    from briefing.plugin.problems import BuildFailed

    content = tmp_path / "content"
    write_briefing(content, "first", aliases=["second", "shared-old"])
    write_briefing(content, "second")
    write_briefing(content, "third", aliases=["shared-old", "/tag/belarus/"])
    code, output = check(content)
    assert code != 0
    errors = sorted(line.split(": error: ", 1)[1] for line in output.splitlines() if ": error: " in line)
    assert errors == [
        "alias '/tag/belarus/' is a page of the site (tag/belarus/index.html); an old address must not be a page that exists",
        "alias 'second' is a page of the site (briefing/second/index.html); an old address must not be a page that exists",
        f"alias 'shared-old' is also an alias of {(content / 'briefings' / 'first.md').as_posix()}",
    ]
    with pytest.raises(BuildFailed) as failed:
        build_site(content, tmp_path / "output")
    assert sorted(p.message for p in failed.value.problems if "alias" in p.message) == errors
    # The real pages stay what they are; the first claimant keeps the shared old address.
    second = (tmp_path / "output" / "briefing" / "second" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' not in second
    shared = (tmp_path / "output" / "briefing" / "shared-old" / "index.html").read_text(encoding="utf-8")
    assert "briefing/first/" in shared


def test_an_incremental_build_adds_and_removes_redirects_as_a_clean_build_does(tmp_path):
    from test_build import Site, assert_same_tree, run_build

    site = Site(tmp_path, random.Random(3))
    incremental, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, incremental, cache)
    for step in range(3):
        site.rename_keeping_the_old_address()
        run_build(site, incremental, cache)
        full = tmp_path / f"full-{step}"
        run_build(site, full, tmp_path / f"full-cache-{step}", "--full")
        assert_same_tree(incremental, full, f"step {step}")
    assert list(incremental.glob("briefing/*/index.html"))
    redirects = [p for p in incremental.glob("briefing/*/index.html") if b'http-equiv="refresh"' in p.read_bytes()]
    assert redirects


def test_an_alias_added_alone_is_not_skipped_by_a_text_only_rebuild(tmp_path):
    """Only the front matter's aliases change: the rebuild must take the whole pipeline and write the redirect."""
    from test_build import Site, assert_same_tree, run_build

    site = Site(tmp_path, random.Random(5))
    incremental, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, incremental, cache)
    path = site.files()[0]
    meta, body = site.read(path)
    meta["aliases"] = ["an-old-address"]
    site.write(path, meta, body)
    report = run_build(site, incremental, cache)
    assert not report.startswith("text-only"), report
    redirect = incremental / "briefing" / "an-old-address" / "index.html"
    assert f'url=../../briefing/{meta["slug"]}/"'.encode() in redirect.read_bytes()
    run_build(site, tmp_path / "full", tmp_path / "full-cache", "--full")
    assert_same_tree(incremental, tmp_path / "full", "an alias added")


def test_the_old_url_lands_on_the_new_page_in_chromium(renamed_site, tmp_path):
    require_chromium()
    output = build_site(renamed_site, tmp_path / "output")
    with serve(output) as base, chromium() as browser:
        page = browser.new_page()
        for old in ("briefing/minsk-border-talks/", "2024/07/border.html"):
            page.goto(base + old)
            page.wait_for_url(base + "briefing/minsk-warsaw-border-talks/")
            assert page.locator("h1").inner_text() == "Border talks minsk-warsaw-border-talks"
        page.close()


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
                   cwd=root, check=True, capture_output=True)


def test_check_warns_when_a_slug_is_renamed_without_keeping_the_old_address(tmp_path):
    root = tmp_path / "repo"
    content = root / "content"
    write_briefing(content, "minsk-border-talks")
    write_briefing(content, "unrenamed")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    # Renamed in the working tree (what a commit hook sees): slug and file name both.
    old = content / "briefings" / "minsk-border-talks.md"
    meta, body = frontmatter.parse(old.read_text(encoding="utf-8"), old)
    meta["slug"] = "minsk-warsaw-border-talks"
    new = content / "briefings" / "minsk-warsaw-border-talks.md"
    new.write_text(frontmatter.render(meta, body), encoding="utf-8")
    old.unlink()
    git(root, "add", "-A")
    code, output = check(content)
    warnings = [line for line in output.splitlines() if ": warning: " in line]
    assert code == 0
    assert warnings == [f"{new.as_posix()}:3: warning: slug renamed from 'minsk-border-talks' since HEAD: add it to "
                        "'aliases' (aliases: [minsk-border-talks]) or its old address gives 404"], output
    # In a pull request the rename is committed: CI compares with the base branch.
    git(root, "checkout", "-qb", "rename")
    git(root, "commit", "-qm", "rename")
    assert not [line for line in check(content)[1].splitlines() if "renamed" in line]
    assert [line for line in check(content, "--since", "main")[1].splitlines() if "renamed" in line] == [
        warnings[0].replace("since HEAD", "since main")]
    code, output = check(content, "--since", "no-such-branch")
    assert code != 0 and "--since no-such-branch: git cannot compare with it" in output
    meta["aliases"] = ["/briefing/minsk-border-talks/"]
    new.write_text(frontmatter.render(meta, body), encoding="utf-8")
    assert "renamed" not in check(content, "--since", "main")[1]


def test_check_and_build_refuse_an_alias_at_any_file_the_build_writes(tmp_path):
    """QA trial: `briefing check` passed aliases at the About page and a month archive that the build then
    refused (and one at /feeds/all.atom.xml crashed the build). Both now work out the site's pages with
    briefing.aliases.site_addresses: an alias at every file a real build writes is one error in each."""
    from briefing.plugin.problems import BuildFailed
    from site_fixtures import TEST_PAGINATION, make_content

    content, _ = make_content(tmp_path / "site")
    write_briefing(content, "draft-talks", status="draft")
    first = build_site(content, tmp_path / "first", DEFAULT_PAGINATION=TEST_PAGINATION)
    written = sorted(path.relative_to(first).as_posix() for path in first.rglob("*") if path.is_file())
    assert {"about/index.html", "archives/2024/07/index.html", "page/2/index.html", "feeds/all.atom.xml",
            "drafts/draft-talks/index.html", "search/index.html", "robots.txt"} <= set(written)
    aliases = ["/" + name.removesuffix("index.html") for name in written]
    renamed = write_briefing(content, "renamed-talks", aliases=aliases)

    code, output = check(content)
    checked = sorted(line for line in output.splitlines() if "renamed-talks.md" in line and ": error: alias" in line)
    missed = [alias for alias in aliases if not any(f"alias {alias!r}" in line for line in checked)]
    assert code == 1 and not missed and len(checked) == len(written), output
    with pytest.raises(BuildFailed) as failed:
        build_site(content, tmp_path / "second", DEFAULT_PAGINATION=TEST_PAGINATION)
    built = sorted(str(problem) for problem in failed.value.problems if "alias" in problem.message)
    assert built == [line.replace(renamed.as_posix(), problem_path(failed, "renamed-talks.md")) for line in checked]
    assert not any(b'http-equiv="refresh"' in path.read_bytes() for path in (tmp_path / "second").rglob("*.html"))


def problem_path(failed, name: str) -> str:
    """How the build names the file ``name`` in its problem lines."""
    return next(problem.path for problem in failed.value.problems if problem.path.endswith(name))


def test_check_s_built_in_addresses_are_the_project_s_settings():
    """Without a settings file `briefing check` uses SITE_DEFAULTS; they must say what pelicanconf.py says."""
    from pelican.settings import read_settings

    from briefing.aliases import SITE_DEFAULTS, with_plugin_defaults
    from conftest import ROOT

    settings = with_plugin_defaults(read_settings(str(ROOT / "pelicanconf.py")))
    assert {key: settings[key] for key in SITE_DEFAULTS if key != "PAGINATION_PATTERNS"} == \
        {key: value for key, value in SITE_DEFAULTS.items() if key != "PAGINATION_PATTERNS"}
    assert [tuple(rule) for rule in settings["PAGINATION_PATTERNS"]] == list(SITE_DEFAULTS["PAGINATION_PATTERNS"])


def write_unslugged(content: Path, title: str, **meta) -> Path:
    """A hand-written briefing with no ``slug``: its address is made from its title."""
    path = content / "briefings" / "talks.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = {"title": title, "date": "2024-07-08", "tags": ["Belarus"], "regions": ["Eastern Europe"], **meta}
    path.write_text(frontmatter.render(fields, BODY), encoding="utf-8")
    return path


LONG_TITLE = ("Belarus and Poland agree to reopen the Kuźnica–Bruzgi crossing after months of talks held "
              "in Brest and Białystok")


@pytest.mark.parametrize("old_title", ["Minsk border talks", LONG_TITLE])
def test_check_warns_when_a_new_title_moves_a_briefing_without_a_slug(tmp_path, old_title):
    """QA trial: a retitled briefing without `slug:` moved to a new address (its slug is made from the
    title) and `briefing check --since` said nothing; only an explicit `slug:` line was compared.
    A title long enough to be folded over two YAML lines is read whole."""
    root = tmp_path / "repo"
    content = root / "content"
    path = write_unslugged(content, old_title)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    old_slug = check_slug(old_title)
    write_unslugged(content, "Minsk and Warsaw reopen the border")
    code, output = check(content, "--since", "main")
    assert code == 0
    assert [line for line in output.splitlines() if ": warning: " in line] == [
        f"{path.as_posix()}:2: warning: the new title (the slug is made from it) moved the briefing from "
        f"/briefing/{old_slug}/ to /briefing/minsk-and-warsaw-reopen-the-border/ since main: "
        f"add 'aliases: [{old_slug}]' or its old address gives 404"], output
    # The alias keeps the old address: nothing to say.
    write_unslugged(content, "Minsk and Warsaw reopen the border", aliases=[old_slug])
    assert ": warning: " not in check(content, "--since", "main")[1]
    # A slug given before retitling (as README advises) keeps the address ...
    write_unslugged(content, "Minsk and Warsaw reopen the border", slug=old_slug)
    assert ": warning: " not in check(content, "--since", "main")[1]
    # ... and one that differs from the title's moves it.
    write_unslugged(content, old_title, slug="border-talks")
    lines = [line for line in check(content, "--since", "main")[1].splitlines() if ": warning: " in line]
    assert lines == [f"{path.as_posix()}:{line_of(path, 'slug:')}: warning: the new slug moved the briefing from /briefing/{old_slug}/ "
                     f"to /briefing/border-talks/ since main: add 'aliases: [{old_slug}]' or its old address gives 404"]


def check_slug(title: str) -> str:
    from briefing.check import built_slug

    return built_slug({"title": title})
