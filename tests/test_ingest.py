"""`briefing ingest`: front matter, re-ingest safety, bad input, atomic writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefing import frontmatter
from briefing.cli import main
from briefing.text import MAX_SEED_BYTES


def run_ingest(*args: str):
    return CliRunner().invoke(main, ["ingest", "--no-progress", "--jobs", "1", *args], catch_exceptions=False)


def read_briefing(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


@pytest.fixture
def ingested(tmp_path, seed_dir):
    content = tmp_path / "content"
    result = run_ingest(str(seed_dir), "--content", str(content))
    assert result.exit_code == 0, result.output
    [path] = sorted((content / "briefings").glob("*.md"))
    return content, path, result


def test_seed_front_matter_reads_back(ingested, seed_dir):
    _, path, _ = ingested
    meta, body = read_briefing(path)
    assert path.name == "china-and-belarus-conduct-joint-military-training-on-natos-doorstep.md"
    assert meta["title"] == "China and Belarus Conduct Joint Military Training on NATO’s Doorstep"
    assert meta["slug"] == path.stem
    assert meta["date"] == dt.date(2024, 7, 8)
    assert meta["date_source"] == "text"
    assert meta["summary"].startswith("In a significant display")
    assert {"Belarus", "China", "NATO"} <= set(meta["tags"])
    assert "Kosovo" not in meta["tags"]
    assert {"Eastern Europe", "Eastern Asia"} <= set(meta["regions"])
    assert meta["source"]["path"] == "seeds/000_3f17409f55e5a4b4.txt"  # from the site's folder
    assert len(meta["source"]["sha256"]) == 64
    assert meta["ingest"]["tags"] == meta["tags"]
    assert "## Geopolitical Implications" in body
    assert "Kosovo" not in body


def test_output_names_each_file_and_summarises(ingested):
    _, path, result = ingested
    assert f"added     {path.as_posix()}" in result.output
    assert "ingest: 1 added, 0 failed" in result.output


def test_reingest_leaves_unchanged_files_alone(ingested, seed_dir):
    content, path, _ = ingested
    before = path.stat().st_mtime_ns
    result = run_ingest(str(seed_dir), "--content", str(content))
    assert result.exit_code == 0
    assert "1 unchanged" in result.output
    assert path.stat().st_mtime_ns == before


def test_reingest_never_clobbers_an_edited_briefing(ingested, seed_dir):
    content, path, _ = ingested
    edited = path.read_text(encoding="utf-8").replace("## Background and Objectives", "## Background (editor's words)")
    path.write_text(edited, encoding="utf-8")
    (seed_dir / "000_3f17409f55e5a4b4.txt").write_text("Changed headline\n\nChanged text about Poland.\n", encoding="utf-8")
    result = run_ingest(str(seed_dir), "--content", str(content))
    assert "kept" in result.output and "edited since ingest" in result.output
    assert path.read_text(encoding="utf-8") == edited


def test_changed_seed_updates_an_untouched_briefing(ingested, seed_dir):
    content, path, _ = ingested
    seed = seed_dir / "000_3f17409f55e5a4b4.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("hundreds of", "several hundred"), encoding="utf-8")
    result = run_ingest(str(seed_dir), "--content", str(content))
    assert "1 updated" in result.output
    assert "several hundred Chinese soldiers" in path.read_text(encoding="utf-8")


def test_new_seed_is_added_beside_existing(ingested, seed_dir):
    content, _, _ = ingested
    (seed_dir / "poland.txt").write_text("Poland Moves Troops East\n\nPoland sent troops to its eastern border on 2 May 2024.\n", encoding="utf-8")
    result = run_ingest(str(seed_dir), "--content", str(content))
    assert "1 added" in result.output and "1 unchanged" in result.output
    assert (content / "briefings" / "poland-moves-troops-east.md").exists()


def test_checksum_detects_any_change():
    text = frontmatter.render({"title": "T", "ingest": {"tags": []}}, "Body.")
    assert not frontmatter.is_edited(text)
    assert frontmatter.is_edited(text.replace("Body.", "Body!"))
    assert frontmatter.is_edited(text.replace("title: T", "title: U"))


def test_yaml_is_written_safely_for_awkward_titles(tmp_path):
    title = 'Talks: "Minsk II" — #1 & {braces}: yes/no'
    text = frontmatter.render({"title": title, "tags": ["Belarus"], "ingest": {}}, "x")
    meta, _ = frontmatter.parse(text)
    assert meta["title"] == title


HUGE_SEED = b"Big headline\n\n" + b"word " * (MAX_SEED_BYTES // 5 + 10)
BAD_SEEDS = {
    "empty.txt": (b"", "file is empty"),
    "binary.txt": (bytes(range(256)) * 8, "binary"),
    # Just over: the size is shown in bytes, so it reads as over ("2.0 MB, over the 2 MB limit" did not).
    "huge.txt": (HUGE_SEED, f"file is {len(HUGE_SEED):,} bytes, over the 2 MB limit ({MAX_SEED_BYTES:,} bytes)"),
    "untitled.txt": (b"...\n\n!!!\n", "no usable title"),
}


def test_bad_inputs_each_get_one_line_and_the_batch_goes_on(tmp_path, seed_dir):
    for name, (data, _) in BAD_SEEDS.items():
        (seed_dir / name).write_bytes(data)
    content = tmp_path / "content"
    result = CliRunner().invoke(main, ["ingest", "--no-progress", "--jobs", "1", str(seed_dir), "--content", str(content)])
    assert result.exit_code == 1
    output = result.output
    for name, (_, reason) in BAD_SEEDS.items():
        [line] = [line for line in output.splitlines() if name in line]
        assert reason in line, line
    assert "1 added" in output and "4 failed" in output
    assert len(list((content / "briefings").glob("*.md"))) == 1


@pytest.mark.parametrize(
    "encoding, text, expected_title",
    [
        ("cp1251", "Учения в Бресте\n\nБелорусские и китайские военные провели учения в Бресте у польской границы.\n", "Учения в Бресте"),
        ("koi8-r", "Учения в Бресте\n\nБелорусские и китайские военные провели учения в Бресте у польской границы.\n", "Учения в Бресте"),
        ("latin-1", "Tensions à la frontière\n\nLes soldats français et allemands sont arrivés à Varsovie, a déclaré le ministère.\n", "Tensions à la frontière"),
    ],
)
def test_legacy_encodings_are_decoded(tmp_path, encoding, text, expected_title):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "article.txt").write_bytes(text.encode(encoding))
    result = run_ingest(str(seeds), "--content", str(tmp_path / "content"))
    assert result.exit_code == 0, result.output
    [path] = (tmp_path / "content" / "briefings").glob("*.md")
    meta, body = read_briefing(path)
    assert meta["title"] == expected_title
    assert text.split("\n\n")[1].strip() in body


def test_no_temporary_files_left_behind(ingested):
    content, _, _ = ingested
    assert [p.name for p in (content / "briefings").iterdir()] == [p.name for p in (content / "briefings").glob("*.md")]


def test_unchanged_seeds_are_not_converted_again_unless_refreshed(ingested, seed_dir, tmp_path):
    """A later taxonomy only reaches an unchanged seed's briefing with --refresh (or `briefing retag`)."""
    from briefing.ingest import ingest
    from briefing.tag import Tagger
    from briefing.taxonomy import DEFAULT_PATH, load_taxonomy

    content, path, _ = ingested
    taxonomy = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    for entry in taxonomy["entries"]:
        if entry["name"] == "Belarus":
            entry["name"] = "Republic of Belarus"
    changed = tmp_path / "taxonomy.yaml"
    changed.write_text(yaml.safe_dump(taxonomy, allow_unicode=True), encoding="utf-8")
    tagger = Tagger(load_taxonomy(changed))
    lines = []
    report = ingest([seed_dir], content, tagger=tagger, echo=lines.append, jobs=1)
    assert report.counts["unchanged"] == 1 and "Belarus" in read_briefing(path)[0]["tags"]
    report = ingest([seed_dir], content, tagger=tagger, echo=lines.append, jobs=1, refresh=True)
    assert report.counts["updated"] == 1
    assert "Republic of Belarus" in read_briefing(path)[0]["tags"]


def test_source_path_never_records_a_machine_path(tmp_path, monkeypatch):
    """Trial case: ingesting /tmp/…/page.html.gz wrote that absolute path into committed front matter."""
    repo = tmp_path / "site"
    (repo / ".git").mkdir(parents=True)
    (repo / "seeds" / "desk").mkdir(parents=True)
    inside = repo / "seeds" / "desk" / "minsk.txt"
    inside.write_text("Border talks resume in Minsk\n\n" + "Belarus and Poland met in Minsk on 8 July 2024. " * 5)
    outside = tmp_path / "downloads" / "minsk.txt"
    outside.parent.mkdir()
    outside.write_text("Talks on the Polish border\n\n" + "Poland and Lithuania met in Vilnius on 9 July 2024. " * 5)
    content = repo / "content"
    result = run_ingest(str(inside.resolve()), str(outside.resolve()), "--content", str(content))
    assert result.exit_code == 0, result.output
    recorded = sorted(read_briefing(path)[0]["source"]["path"] for path in (content / "briefings").glob("*.md"))
    assert recorded == ["minsk.txt", "seeds/desk/minsk.txt"]
    for path in (content / "briefings").glob("*.md"):
        assert str(tmp_path) not in path.read_text()

    # The same seeds named another way (relative, from inside the repository) are the same sources.
    monkeypatch.chdir(repo)
    result = run_ingest("seeds/desk/minsk.txt", str(outside), "--content", "content")
    assert result.exit_code == 0, result.output
    assert "2 unchanged" in result.output


def test_two_outside_seeds_with_one_name_are_two_sources(tmp_path):
    """A bare file name is ambiguous (every site saves index.html): its sha256 tells them apart."""
    content = tmp_path / "site" / "content"
    for folder, text in (("a", "Border talks resume in Minsk\n\nBelarus and Poland met in Minsk on 8 July 2024. "),
                         ("b", "Hanoi hosts a regional summit\n\nVietnam and Laos met in Hanoi on 9 July 2024. ")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(text * 2 + "\n\n" + "Officials said more talks would follow soon. " * 4)
        result = run_ingest(str(tmp_path / folder / "index.txt"), "--content", str(content))
        assert result.exit_code == 0, result.output
        assert "1 added" in result.output
    briefings = sorted((content / "briefings").glob("*.md"))
    assert [read_briefing(path)[0]["source"]["path"] for path in briefings] == ["index.txt", "index.txt"]
    result = run_ingest(str(tmp_path / "a" / "index.txt"), str(tmp_path / "b" / "index.txt"), "--content", str(content))
    assert "2 unchanged" in result.output


def test_briefing_that_recorded_an_absolute_path_still_matches_its_seed(ingested, seed_dir):
    """Briefings written before paths were made relative keep matching their seeds (no duplicate, no churn)."""
    content, path, _ = ingested
    seed = (seed_dir / "000_3f17409f55e5a4b4.txt").resolve()
    meta, body = frontmatter.parse(path.read_text(encoding="utf-8"), path)
    meta["source"]["path"] = seed.as_posix()
    meta.pop("ingest")["checksum"] = None  # re-stamped by render: the file stays untouched by editors
    meta["ingest"] = {"tags": meta["tags"], "regions": meta["regions"]}
    frontmatter.write_atomic(path, frontmatter.render(meta, body))
    result = run_ingest(str(seed_dir), "--content", str(content))
    assert result.exit_code == 0, result.output
    assert "ingest: 1 unchanged, 0 failed" in result.output


def test_reingest_of_an_undated_seed_keeps_the_first_ingest_time(tmp_path):
    """Trial case: an undated seed got a new `date` every time it was converted again (a git diff, no change)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    seed = seeds / "undated.txt"
    seed.write_text("Border talks resume in Minsk\n\n" + "Belarus and Poland met in Minsk to talk about the border. " * 4)
    content = tmp_path / "content"
    assert run_ingest(str(seed), "--content", str(content)).exit_code == 0
    [path] = (content / "briefings").glob("*.md")
    meta, body = frontmatter.parse(path.read_text(encoding="utf-8"), path)
    assert meta["date_source"] == "ingest"
    # As if the first ingest ran long ago (re-stamped, so the file still counts as untouched).
    meta["date"] = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    meta["ingest"] = {"tags": meta["tags"], "regions": meta["regions"]}
    frontmatter.write_atomic(path, frontmatter.render(meta, body))
    first = path.read_text(encoding="utf-8")

    result = run_ingest(str(seed), "--content", str(content), "--refresh")
    assert "1 unchanged" in result.output
    assert path.read_text(encoding="utf-8") == first

    seed.write_text(seed.read_text() + "\n\nOfficials said more talks would follow.\n")
    result = run_ingest(str(seed), "--content", str(content))
    assert "1 updated" in result.output
    assert read_briefing(path)[0]["date"] == meta["date"]


def test_reingest_of_a_url_list_rewrites_nothing(tmp_path):
    """QA trial: each run re-fetched a URL list's pages and rewrote their briefings ('updated'),
    a git diff whose only change was `source.retrieved`."""
    import functools
    import http.server
    import shutil as sh

    from conftest import local_server

    site = tmp_path / "site"
    site.mkdir()
    sh.copy(Path(__file__).parent / "fixtures" / "html" / "news_article.html", site / "story.html")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    content = tmp_path / "content"
    with local_server(handler) as base:
        links = tmp_path / "links.txt"
        links.write_text(f"# today's links\n{base}/story.html\n")
        assert run_ingest(str(links), "--content", str(content)).exit_code == 0
        [path] = (content / "briefings").glob("*.md")
        first = path.read_text(encoding="utf-8")
        result = run_ingest(str(links), "--content", str(content))
    assert result.exit_code == 0, result.output
    # Not even fetched now: its URL is a briefing's source.url (see the feed test below).
    assert "1 skipped" in result.output and "updated" not in result.output
    assert path.read_text(encoding="utf-8") == first


def test_a_briefing_with_broken_yaml_is_not_duplicated_by_reingest(ingested, seed_dir):
    """QA trial: with a typo in one briefing's front matter, the next ingest silently wrote its
    seed again as `<slug>-2.md`, so fixing the typo left the story twice on the site."""
    content, path, _ = ingested
    broken = path.read_text(encoding="utf-8").replace("title: China", "title: 'China", 1)
    path.write_text(broken, encoding="utf-8")
    result = run_ingest(str(seed_dir), "--content", str(content))
    assert result.exit_code != 0
    assert [p.name for p in (content / "briefings").glob("*.md")] == [path.name]
    assert path.read_text(encoding="utf-8") == broken
    [line] = [line for line in result.output.splitlines() if path.name in line]
    assert line.startswith("error") and "YAML" in line and "seeds/000_3f17409f55e5a4b4.txt" in line


@pytest.mark.parametrize("command", ["ingest", "retag"])
def test_a_briefing_with_an_impossible_date_gets_one_line_not_a_traceback(ingested, seed_dir, command):
    """QA trial: `date: 2024-13-45` typed into a briefing made ingest and retag crash with a ValueError."""
    content, path, _ = ingested
    text = path.read_text(encoding="utf-8")
    broken = text.replace(text.split("\ndate: ", 1)[1].split("\n", 1)[0], "2024-13-45", 1)
    path.write_text(broken, encoding="utf-8")
    args = [str(seed_dir)] if command == "ingest" else []
    result = CliRunner().invoke(main, [command, *args, "--content", str(content)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code != 0
    assert any(path.name in line and "impossible date" in line for line in result.output.splitlines()), result.output
    assert [p.name for p in (content / "briefings").glob("*.md")] == [path.name]
    assert path.read_text(encoding="utf-8") == broken


def _recording_site(tmp_path, pages: dict[str, str]):
    """A folder served over HTTP whose handler records every path requested."""
    import functools
    import http.server

    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    for name, text in pages.items():
        (site / name).write_text(text, encoding="utf-8")
    requested: list[str] = []

    class Recording(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            requested.append(self.path)
            super().do_GET()

        def log_message(self, *args):
            pass

    return site, requested, functools.partial(Recording, directory=str(site))


def _page(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{text} Paragraph {n} adds more words so the story is long enough.</p>"
                         for n in range(6))
    return (f"<!doctype html><html lang='en'><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1>{paragraphs}</article></body></html>")


def _feed(base: str, links: list[str]) -> str:
    items = "".join(f"<item><title>Story {n}</title><link>{base}{link}</link></item>"
                    for n, link in enumerate(links))
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Feed</title>{items}</channel></rss>"


def test_feed_entries_already_ingested_are_not_fetched_again(tmp_path):
    """QA trial: every poll of a feed fetched all its entries' pages again, though their
    briefings were written; known URLs (normalised) are skipped, --refetch fetches them."""
    from conftest import local_server

    pages = {"one.html": _page("Minsk and Warsaw talk borders", "Belarus and Poland met in Brest."),
             "two.html": _page("Riga hosts Baltic ministers", "Latvia, Lithuania and Estonia met in Riga."),
             "three.html": _page("Vilnius opens a new bridge", "Lithuania opened a bridge in Vilnius.")}
    site, requested, handler = _recording_site(tmp_path, pages)
    content = tmp_path / "content"
    with local_server(handler) as base:
        feed = tmp_path / "news.xml"
        # The second run's feed writes a known link with tracking parameters and www-less host alike.
        feed.write_text(_feed(base, ["/one.html", "/two.html"]), encoding="utf-8")
        first = run_ingest(str(feed), "--content", str(content))
        assert first.exit_code == 0, first.output
        assert "2 added" in first.output
        feed.write_text(_feed(base, ["/one.html?utm_source=rss", "/two.html#top", "/three.html"]), encoding="utf-8")
        requested.clear()
        second = run_ingest(str(feed), "--content", str(content))
        assert second.exit_code == 0, second.output
        assert [path for path in requested if path.endswith(".html") or "?" in path] == ["/three.html"]
        assert "1 added" in second.output and "2 skipped" in second.output
        [line] = [line for line in second.output.splitlines() if line.startswith("skipped")]
        assert "2 " in line and "--refetch" in line
        requested.clear()
        third = run_ingest(str(feed), "--content", str(content), "--refetch")
        assert third.exit_code == 0, third.output
        assert sorted(p.split("?")[0] for p in requested if ".html" in p) == ["/one.html", "/three.html", "/two.html"]
        assert "skipped" not in third.output
    assert len(list((content / "briefings").glob("*.md"))) == 3


def test_a_listed_url_already_ingested_under_another_spelling_is_unchanged(tmp_path):
    """A URL seed known by its normalised form ("www.", tracking parameters, a trailing
    slash) is not fetched again."""
    from conftest import local_server

    site, requested, handler = _recording_site(
        tmp_path, {"story.html": _page("Minsk and Warsaw talk borders", "Belarus and Poland met in Brest.")})
    content = tmp_path / "content"
    with local_server(handler) as base:
        assert run_ingest(f"{base}/story.html", "--content", str(content)).exit_code == 0
        requested.clear()
        again = run_ingest(f"{base}/story.html?utm_campaign=x", "--content", str(content))
        assert again.exit_code == 0, again.output
        assert requested == [] and "1 unchanged" in again.output


def _text_seed(folder, name: str, title: str, date: str, text: str):
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"---\ndate: {date}\n---\n{title}\n\n{text}\n", encoding="utf-8")
    return path


def test_same_title_on_two_days_is_two_briefings_and_each_updates_itself(tmp_path):
    """Two different articles with one headline ("Storm warning") on different days share a
    slug: the second gets `-2`, each seed keeps updating its own file, none is lost."""
    seeds = tmp_path / "seeds"
    content = tmp_path / "content"
    _text_seed(seeds, "monday.txt", "Storm warning for Minsk", "2024-07-08",
               "Belarus warned of storms in Minsk and Brest on Monday.")
    _text_seed(seeds, "tuesday.txt", "Storm warning for Minsk", "2024-07-09",
               "A second storm front reached Belarus on Tuesday, closing roads near Hrodna.")
    result = run_ingest(str(seeds), "--content", str(content))
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (content / "briefings").glob("*.md"))
    assert files == ["storm-warning-for-minsk-2.md", "storm-warning-for-minsk.md"]
    by_date = {str(read_briefing(content / "briefings" / name)[0]["date"]): name for name in files}
    assert set(by_date) == {"2024-07-08", "2024-07-09"}
    # The same source again, changed: its own file is updated, no `-3` appears.
    _text_seed(seeds, "tuesday.txt", "Storm warning for Minsk", "2024-07-09",
               "A second storm front reached Belarus on Tuesday, closing roads near Hrodna and Brest.")
    again = run_ingest(str(seeds), "--content", str(content))
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in (content / "briefings").glob("*.md")) == files
    [updated] = [line for line in again.output.splitlines() if line.startswith("updated")]
    assert by_date["2024-07-09"] in updated and "tuesday.txt" in updated
    assert "Hrodna and Brest" in (content / "briefings" / by_date["2024-07-09"]).read_text(encoding="utf-8")


def test_a_broken_briefing_blocks_only_its_own_seed_not_another_story_with_its_title(tmp_path):
    """The guard against a `-2` twin of a briefing with broken YAML matched on the slug alone,
    so a different story with the same headline was refused too."""
    seeds = tmp_path / "seeds"
    content = tmp_path / "content"
    _text_seed(seeds, "monday.txt", "Storm warning for Minsk", "2024-07-08",
               "Belarus warned of storms in Minsk and Brest on Monday.")
    assert run_ingest(str(seeds), "--content", str(content)).exit_code == 0
    [path] = (content / "briefings").glob("*.md")
    broken = path.read_text(encoding="utf-8").replace("title: Storm", "title: 'Storm", 1)
    path.write_text(broken, encoding="utf-8")
    _text_seed(seeds, "tuesday.txt", "Storm warning for Minsk", "2024-07-09",
               "A second storm front reached Belarus on Tuesday, closing roads near Hrodna.")
    result = run_ingest(str(seeds), "--content", str(content))
    assert result.exit_code != 0  # monday.txt's own briefing is broken: reported, not duplicated
    [error] = [line for line in result.output.splitlines() if line.startswith("error") and path.name in line]
    assert "monday.txt" in error
    [added] = [line for line in result.output.splitlines() if line.startswith("added")]
    assert "storm-warning-for-minsk-2.md" in added and "tuesday.txt" in added
    assert path.read_text(encoding="utf-8") == broken


KEY_POINTS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Key points: Lithuania border crossings</title></head><body><article>
<h1>Key points: Lithuania border crossings</h1><ul>
<li>Lithuania will close the Šumskas and Tverečius checkpoints with Belarus from 1 August, the government decided on Wednesday.</li>
<li>The crossings at Medininkai and Raigardas stay open, Interior Minister Agnė Bilotaitė said after the cabinet meeting in Vilnius.</li>
<li>Belarusian officials called the decision unfriendly and said Minsk would consider a response.</li>
<li>Traffic at the two checkpoints has fallen by more than half since 2021, the State Border Guard Service said.</li>
</ul></article></body></html>"""


def test_an_article_with_no_lede_paragraph_gives_a_briefing_that_check_passes(tmp_path):
    """QA trial: a page whose article is one bulleted list has no lede, and ingest wrote `summary: ''`,
    which `briefing check` and the build then called an error in a briefing nobody had touched."""
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    (seeds / "key-points.html").write_text(KEY_POINTS_PAGE, encoding="utf-8")
    result = run_ingest(str(seeds), "--content", str(content))
    assert result.exit_code == 0, result.output
    [path] = (content / "briefings").glob("*.md")
    meta, body = read_briefing(path)
    assert "Medininkai" in body and "summary" not in meta
    checked = CliRunner().invoke(main, ["check", "--content", str(content), "--since", ""])
    assert checked.exit_code == 0 and "0 errors, 0 warnings" in checked.output, checked.output
