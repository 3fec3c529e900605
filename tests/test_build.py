"""`briefing build`: an incremental build gives, byte for byte, what a clean full build gives.

A generated site (briefings sharing tags and regions, an about page, tag and
region intros, its own copy of the theme, settings and taxonomy) goes through
random sequences of edits. After each step the site is built incrementally
(reusing the cache and output of the step before) and from scratch, each in its
own process as ``make html`` runs it, and the two output folders must hold the
same files with the same bytes. The search index is left out here: Pagefind
itself writes its filter files in a different order on every run.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from briefing import frontmatter
from conftest import ROOT

BRIEFING_COMMAND = str(Path(sys.executable).with_name("briefing"))
TAGS = ["Belarus", "Poland", "Lithuania", "China", "Russia", "NATO", "EU", "Japan"]
REGIONS = {"Belarus": "Eastern Europe", "Poland": "Eastern Europe", "Lithuania": "Northern Europe",
           "China": "Eastern Asia", "Russia": "Eastern Europe", "Japan": "Eastern Asia"}
PLACES = [  # (name, country, lat, lon): briefings get one or two, so locators (and their cache) are built
    ("Minsk", "BY", 53.9, 27.567), ("Brest", "BY", 52.098, 23.687), ("Warsaw", "PL", 52.23, 21.011),
    ("Vilnius", "LT", 54.687, 25.28), ("Beijing", "CN", 39.907, 116.397), ("Tokyo", "JP", 35.69, 139.692),
]
BODY = (
    "MINSK, July 8 - Officials from {tags} met on July 8, 2024 to discuss the border.\n\n"
    "## Background\n\nThe talks in Brest followed months of tension. {extra}\n"
)
CHINESE_BODY = "明斯克7月8日电 白俄罗斯和波兰官员在布列斯特会谈，讨论边境局势。\n\n## 背景\n\n会谈是在数月紧张之后举行的。\n"
STEPS = 6
SEQUENCES = (11, 29)
"""Random seeds: each is one sequence of STEPS steps of one to three edits."""


class Site:
    """A generated site in ``root``: content, theme, taxonomy and settings the edits may change."""

    def __init__(self, root: Path, rng: random.Random):
        self.root, self.rng = root, rng
        self.content = root / "content"
        self.briefings = self.content / "briefings"
        self.briefings.mkdir(parents=True)
        (self.content / "pages").mkdir()
        (self.content / "pages" / "about.md").write_text("---\ntitle: About\n---\nWho we are.\n", encoding="utf-8")
        for folder in ("tags", "regions"):
            (self.content / folder).mkdir()
        self.theme = root / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        self.taxonomy = root / "taxonomy.yaml"
        shutil.copy(ROOT / "briefing" / "data" / "taxonomy.yaml", self.taxonomy)
        self.settings = root / "settings.py"
        self.subtitle = "Generated for the build test"
        self.write_settings()
        self.count = 0
        for _ in range(14):
            self.add()

    def write_settings(self) -> None:
        self.settings.write_text(
            "import runpy\n"
            f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r}).items() if k.isupper()}})\n"
            f"THEME = {str(self.theme)!r}\nTAXONOMY_PATH = {str(self.taxonomy)!r}\n"
            f"DEFAULT_PAGINATION = 3\nSITESUBTITLE = {self.subtitle!r}\n",
            encoding="utf-8",
        )

    def files(self) -> list[Path]:
        return sorted(self.briefings.glob("*.md"))

    def read(self, path: Path) -> tuple[dict, str]:
        return frontmatter.parse(path.read_text(encoding="utf-8"), path)

    def write(self, path: Path, meta: dict, body: str) -> None:
        path.write_text(frontmatter.render(meta, body), encoding="utf-8")

    # The edits. Each picks its briefing at random and changes the files as an editor would.
    def add(self) -> None:
        self.count += 1
        tags = self.rng.sample(TAGS, self.rng.randint(1, 3))
        meta = {
            "title": f"Talks number {self.count} on {' and '.join(tags)}",
            "slug": f"talks-{self.count}",
            "date": dt.date(2024, 6, 1) + dt.timedelta(days=self.rng.randint(0, 40)),
            "summary": f"Summary of talks {self.count}.",
            "tags": tags,
            "regions": sorted({REGIONS[t] for t in tags if t in REGIONS}),
            "source": {"url": f"https://example.org/news/{self.count}", "site_name": "Example News"},
            "places": self.some_places(),
        }
        kind = self.count % 5  # every fifth has no summary (cards cut one from the text), every fifth is in Chinese
        if kind == 3:
            del meta["summary"]
        body = BODY.format(tags=", ".join(tags), extra="")
        if kind == 4:
            meta["lang"] = "zh"
            body = CHINESE_BODY
        self.write(self.briefings / f"talks-{self.count}.md", meta, body)

    def some_places(self) -> list[dict]:
        return [{"name": name, "country": country, "lat": lat, "lon": lon}
                for name, country, lat, lon in self.rng.sample(PLACES, self.rng.randint(1, 2))]

    def pick(self) -> Path | None:
        files = self.files()
        return self.rng.choice(files) if files else None

    def edit(self, change) -> None:
        path = self.pick()
        if path is not None:
            meta, body = self.read(path)
            body = change(meta, body)
            self.write(path, meta, body)

    def edit_body(self) -> None:
        self.edit_text(lambda meta: True, "One more sentence")

    # Edits of the text alone, each of a briefing of another kind: what a text-only rebuild must get right.
    def edit_body_of_unsummarised(self) -> None:
        """The text of a briefing without a summary: list cards show the start of its text."""
        self.edit_text(lambda meta: "summary" not in meta, "A first sentence", prepend=True)

    def edit_body_of_foreign(self) -> None:
        """The text of a briefing in Chinese: its search terms (every suffix of its words) come from the text."""
        self.edit_text(lambda meta: meta.get("lang") == "zh", "会谈在布列斯特持续了很久")

    def edit_body_of_draft(self) -> None:
        self.edit_text(lambda meta: meta.get("status") == "draft", "A draft sentence")

    def edit_body_dates(self) -> None:
        """A date in the text: the key facts worked out from the text change (the dates mentioned)."""
        self.edit_text(lambda meta: True, "The next round is set for March 3, 2025")

    def edit_body_lede(self) -> None:
        """The summary's words put at the head of the text: the page stops showing the lede twice."""
        path = self.rng.choice([p for p in self.files() if "summary" in self.read(p)[0]] or self.files())
        summary = self.read(path)[0].get("summary")
        if summary:
            text = path.read_text(encoding="utf-8")
            end = text.index("\n---\n", 4) + len("\n---\n")  # the front matter keeps its bytes, as in edit_text
            path.write_text(f"{text[:end]}\n{summary}\n\n{text[end:]}", encoding="utf-8")

    def edit_body_long(self) -> None:
        """A long passage added: the reading time on the briefing's cards in list pages changes (a published
        briefing with a summary of its own, so those pages do not show its text)."""
        self.edit_text(lambda meta: "summary" in meta and meta.get("status") != "draft", " ".join(["The delegations met again and talked at length."] * 60))

    def edit_body_link(self) -> None:
        """A {filename} link to another briefing in the text."""
        files = self.files()
        target = self.rng.choice(files) if files else None
        if target is not None:
            self.edit_text(lambda meta: True, f"See [the earlier talks]({{filename}}{target.name})")

    def edit_text(self, wanted, sentence: str, prepend: bool = False) -> None:
        """Add a sentence to the text of a briefing ``wanted(meta)`` accepts (any, if none does).

        In the file's text, as an editor does: the front matter keeps its bytes
        (rewriting it would stamp a new ingest checksum).
        """
        files = self.files()
        chosen = [path for path in files if wanted(self.read(path)[0])] or files
        if chosen:
            path = self.rng.choice(chosen)
            text = path.read_text(encoding="utf-8")
            sentence = f"{sentence}, note {self.rng.randint(0, 999)}."
            if prepend:
                end = text.index("\n---\n", 4) + len("\n---\n")
                text = f"{text[:end]}\n{sentence}\n{text[end:]}"
            else:
                text = f"{text}\n{sentence}\n"
            path.write_text(text, encoding="utf-8")

    def edit_title(self) -> None:
        def change(meta, body):
            meta["title"] = f"Retitled {self.rng.randint(0, 999)}: {meta['title']}"
            return body
        self.edit(change)

    def retag(self) -> None:
        def change(meta, body):
            meta["tags"] = self.rng.sample(TAGS, self.rng.randint(1, 3))
            meta["regions"] = sorted({REGIONS[t] for t in meta["tags"] if t in REGIONS})
            return body
        self.edit(change)

    def move_places(self) -> None:
        """New places: the briefing's locator (frame, dots, labels) changes; no other page does."""
        def change(meta, body):
            meta["places"] = self.some_places()
            return body
        self.edit(change)

    def change_date(self) -> None:
        def change(meta, body):
            meta["date"] = dt.date(2024, 5, 1) + dt.timedelta(days=self.rng.randint(0, 80))
            return body
        self.edit(change)

    def open_or_empty_month(self) -> None:
        """A month gains its first briefing or loses its last: the months either side link to it, or past it.

        If a published briefing is alone in its month, it moves back among the others (its month page
        goes); else one moves to a month no briefing has, between two that have or beyond them all.
        """
        published = {path: self.read(path)[0]["date"] for path in self.files() if self.read(path)[0].get("status") != "draft"}
        if not published:
            return
        months = Counter((date.year, date.month) for date in published.values())
        alone = [path for path, date in published.items() if months[(date.year, date.month)] == 1]
        path = self.rng.choice(alone or sorted(published))
        if alone:
            busiest = max(months, key=months.get)
            date = dt.date(*busiest, self.rng.randint(1, 28))
        else:
            empty = [(year, month) for year in (2023, 2024) for month in range(1, 13) if (year, month) not in months]
            date = dt.date(*self.rng.choice(empty), self.rng.randint(1, 28))
        meta, body = self.read(path)
        meta["date"] = date
        self.write(path, meta, body)

    def delete(self) -> None:
        path = self.pick()
        if path is not None and len(self.files()) > 3:
            path.unlink()

    def rename_slug(self) -> None:
        def change(meta, body):
            meta["slug"] = f"{meta['slug']}-r{self.rng.randint(0, 999)}"
            return body
        self.edit(change)

    def rename_keeping_the_old_address(self) -> None:
        """Rename a slug with the old one in ``aliases`` (a redirect page), or drop a briefing's aliases."""
        def change(meta, body):
            if meta.get("aliases") and self.rng.random() < 0.3:
                del meta["aliases"]
            else:
                meta["aliases"] = [*meta.get("aliases", []), meta["slug"]]
                meta["slug"] = f"{meta['slug']}-a{self.rng.randint(0, 999)}"
            return body
        self.edit(change)

    def draft_or_publish(self) -> None:
        def change(meta, body):
            if meta.pop("status", None) is None:
                meta["status"] = "draft"
            return body
        self.edit(change)

    def edit_taxonomy(self) -> None:
        """Put Poland in Northern Europe too, or take it out again (region pages list their countries)."""
        data = yaml.safe_load(self.taxonomy.read_text(encoding="utf-8"))
        poland = next(entry for entry in data["entries"] if entry["name"] == "Poland")
        regions = poland["regions"]
        poland["regions"] = [r for r in regions if r != "northern-europe"] if "northern-europe" in regions else [*regions, "northern-europe"]
        self.taxonomy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def edit_template(self) -> None:
        template = self.theme / "templates" / "article.html"
        text = re.sub(r"Related briefings[^<]*</h2>", f"Related briefings {self.rng.randint(0, 99)}</h2>",
                      template.read_text(encoding="utf-8"), count=1)
        template.write_text(text, encoding="utf-8")

    def edit_setting(self) -> None:
        self.subtitle = f"Generated for the build test, edition {self.rng.randint(0, 999)}"
        self.write_settings()

    def edit_intro(self) -> None:
        family, slug = self.rng.choice([("tags", "nato"), ("tags", "belarus"), ("regions", "eastern-europe")])
        intro = self.content / family / f"{slug}.md"
        if intro.exists() and self.rng.random() < 0.3:
            intro.unlink()
        else:
            intro.write_text(f"---\ndescription: About {slug}\n---\nIntro text {self.rng.randint(0, 999)}.\n",
                             encoding="utf-8")

    TEXT_EDITS = ("edit_body", "edit_body_of_unsummarised", "edit_body_of_foreign", "edit_body_of_draft",
                  "edit_body_dates", "edit_body_long", "edit_body_link")
    EDITS = ("add", "edit_body", "edit_title", "retag", "move_places", "change_date", "open_or_empty_month", "delete", "rename_slug", "draft_or_publish",
             "edit_taxonomy", "rename_keeping_the_old_address", "edit_template", "edit_setting", "edit_intro")


def run_build(site: Site, output: Path, cache: Path, *extra: str, search: bool = False) -> str:
    """``briefing build`` in its own process, as ``make html`` runs it; its standard output."""
    result = subprocess.run(
        [BRIEFING_COMMAND, "build", "-s", str(site.settings), "--content", str(site.content), "-o", str(output),
         "--cache", str(cache), *([] if search else ["--no-search"]), *extra],
        capture_output=True, text=True, cwd=site.root, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def assert_same_tree(incremental: Path, full: Path, step: str) -> None:
    built, expected = tree(incremental), tree(full)
    assert sorted(built) == sorted(expected), f"{step}: different files"
    different = [name for name in expected if built[name] != expected[name]]
    assert not different, f"{step}: {len(different)} file(s) differ from a clean build, e.g. {different[:5]}"


@pytest.mark.parametrize("seed", SEQUENCES)
def test_incremental_build_equals_a_clean_build_after_random_edits(tmp_path, seed):
    rng = random.Random(seed)
    site = Site(tmp_path, rng)
    incremental, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, incremental, cache)
    edits = list(Site.EDITS)
    rng.shuffle(edits)  # every kind of edit comes up in each sequence, then more at random
    for step in range(STEPS):
        applied = [edits.pop()] if edits else []
        applied += rng.sample(Site.EDITS, rng.randint(0, 2))
        if step == STEPS - 1:
            applied += edits  # whatever has not come up yet
        for edit in applied:
            getattr(site, edit)()
        report = run_build(site, incremental, cache)
        full = tmp_path / f"full-{step}"
        run_build(site, full, tmp_path / f"full-cache-{step}", "--full")
        assert_same_tree(incremental, full, f"seed {seed}, step {step} ({', '.join(applied)}); {report.strip()}")
        shutil.rmtree(full)


@pytest.mark.parametrize("seed", (41,))
def test_text_only_rebuilds_equal_a_clean_build(tmp_path, seed):
    """Edits of briefings' text alone take the text-only rebuild, which must still give a clean build's bytes.

    Every kind of text edit comes up: a plain sentence, the text of a briefing
    whose cards cut their summary from it, of one in another language (search
    terms made from the text), of a draft, a date in the text (key facts change:
    the whole pipeline), a link into the site; with now and then another edit
    between them (a retitle, a draft published), so text-only rebuilds also
    start from a snapshot taken after a text-only one.
    """
    rng = random.Random(seed)
    site = Site(tmp_path, rng)
    site.draft_or_publish()
    incremental, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, incremental, cache)
    text_only, reports = 0, []
    edits = [*Site.TEXT_EDITS, *Site.TEXT_EDITS]
    rng.shuffle(edits)
    for step, edit in enumerate(edits):
        applied = [edit, *(rng.sample(Site.TEXT_EDITS, 1) if rng.random() < 0.3 else [])]
        if rng.random() < 0.15:
            applied.append(rng.choice(["edit_title", "draft_or_publish", "retag"]))
        for name in applied:
            getattr(site, name)()
        report = run_build(site, incremental, cache)
        text_only += "text-only incremental build of" in report
        reports.append(f"{', '.join(applied)}: {report.strip().splitlines()[-1]}")
        full = tmp_path / f"full-{step}"
        run_build(site, full, tmp_path / f"full-cache-{step}", "--full")
        assert_same_tree(incremental, full, f"seed {seed}, step {step} ({', '.join(applied)}); {report.strip()}")
        shutil.rmtree(full)
    assert text_only >= len(edits) // 3, f"only {text_only} of {len(edits)} rebuilds were text-only: {reports}"


def test_an_edit_that_changes_key_facts_stays_text_only_and_renders_the_pages_showing_them(tmp_path):
    """What plugins work out from the text (the dates mentioned, whether the lede opens the text, a Chinese
    briefing's search terms) sent such an edit down the whole pipeline; now the text-only rebuild renders the
    pages recorded as showing them, and the site equals a clean build byte for byte. A change of reading time
    (shown on every list page's card) still takes the whole pipeline, and still equals a clean build."""
    site = Site(tmp_path, random.Random(47))
    assert any(site.read(path)[0].get("lang") == "zh" for path in site.files())
    output, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, output, cache)
    for step, (edit, text_only) in enumerate((("edit_body_dates", True), ("edit_body_lede", True),
                                              ("edit_body_of_foreign", True), ("edit_body_long", False))):
        getattr(site, edit)()
        report = run_build(site, output, cache)
        assert ("text-only incremental build of" in report) == text_only, report
        full = tmp_path / f"full-{step}"
        run_build(site, full, tmp_path / f"full-cache-{step}", "--full")
        assert_same_tree(output, full, edit)


def rendered_of(report: str) -> tuple[int, int]:
    """``(files rendered, files in the site)`` from a build's summary line."""
    return tuple(int(n) for n in re.search(r"(\d+) of (\d+) file\(s\) rendered", report).groups())


def test_an_unchanged_site_renders_nothing_and_an_edit_renders_only_what_shows_it(tmp_path):
    site = Site(tmp_path, random.Random(3))
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert "full build" in run_build(site, output, cache)
    again = run_build(site, output, cache)
    assert "0 briefing(s) read" in again and rendered_of(again)[0] == 0, again
    path = site.files()[0]
    meta, body = site.read(path)
    site.write(path, meta, body + "\nA sentence added.\n")
    report = run_build(site, output, cache)
    assert "incremental build" in report and "1 briefing(s) read" in report
    # One closing line says it all (it replaced Pelican's "Done: Processed" and the problems summary).
    assert "Done:" not in report and "build: " not in report, report
    [closing] = [line for line in report.splitlines() if "build of" in line]
    assert closing == report.strip().splitlines()[-1], report
    # It says what came out (the site's pages and feeds, as found in output/), not "0 pages" at scale.
    pages = [path for path in output.rglob("*.html") if "pagefind" not in path.parts]
    feeds = [path for path in output.rglob("*.xml") if "feeds" in path.parts]
    assert pages and feeds
    assert (f"{len(site.files())} briefings and 1 static page made {len(pages)} pages and {len(feeds)} feeds; "
            "1 briefing(s) read") in closing, closing
    assert closing.endswith("; 0 errors, 0 warnings"), closing
    rendered, total = rendered_of(report)
    assert 0 < rendered < total, report
    assert "A sentence added." in (output / "briefing" / meta["slug"] / "index.html").read_text(encoding="utf-8")
    site.edit_body()  # in the file, as an editor does: a text-only rebuild, which says the same of the site
    [closing] = [line for line in run_build(site, output, cache).splitlines() if "build of" in line]
    assert closing.startswith("text-only incremental build of"), closing
    assert (f"{len(site.files())} briefings and 1 static page made {len(pages)} pages and {len(feeds)} feeds; "
            "1 briefing(s) read") in closing, closing


def test_a_retitled_and_redated_briefing_reaches_its_neighbours_pages(tmp_path):
    """The pages that show a briefing elsewhere (neighbours' previous/next links) follow its edits.

    A briefing's own page is fingerprinted by its file's stamp; what other pages
    show of it comes through the links the plugins set after reading, which the
    fingerprint walks: a title or date edit must reach them.
    """
    site = Site(tmp_path, random.Random(7))
    output, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, output, cache)
    dated = sorted((site.read(path)[0]["date"], site.read(path)[0]["slug"], path) for path in site.files())
    _, _, middle = dated[len(dated) // 2]
    older_slug, newer_slug = dated[len(dated) // 2 - 1][1], dated[len(dated) // 2 + 1][1]
    meta, body = site.read(middle)
    meta["title"] = "Retitled: the zeppelin talks"
    site.write(middle, meta, body)
    run_build(site, output, cache)
    for slug in (older_slug, newer_slug):
        assert "Retitled: the zeppelin talks" in (output / "briefing" / slug / "index.html").read_text(encoding="utf-8")
    meta["date"] = dated[0][0] - dt.timedelta(days=1)  # now the oldest: its old neighbours link to each other
    site.write(middle, meta, body)
    run_build(site, output, cache)
    older_page = (output / "briefing" / older_slug / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a rel="next" href="[^"]*/briefing/([^/"]+)/"', older_page).group(1) == newer_slug
    run_build(site, tmp_path / "full", tmp_path / "full-cache", "--full")
    assert_same_tree(output, tmp_path / "full", "retitle, then redate")


def month_links(output: Path, year: int, month: int) -> dict[str, str]:
    """``{"prev": "archives/YYYY/MM/", "next": ...}``: the earlier and later months a month page links to."""
    page = (output / "archives" / f"{year}" / f"{month:02d}" / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="prev-next" aria-label="Earlier and later months">(.*?)</nav>', page, re.S)
    found = re.findall(r'<a rel="(prev|next)" href="[^"]*?/?(archives/\d{4}/\d{2}/)"', nav.group(1)) if nav else []
    return dict(found)


def test_a_month_gaining_its_first_briefing_or_losing_its_last_relinks_the_months_around_it(tmp_path):
    """A reader following a story month by month: each month page links to the nearest earlier and later
    month that has briefings, and an incremental build follows a month that appears or empties."""
    site = Site(tmp_path, random.Random(3))  # briefings in June and July 2024
    output, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, output, cache)
    assert month_links(output, 2024, 6) == {"next": "archives/2024/07/"}
    assert month_links(output, 2024, 7) == {"prev": "archives/2024/06/"}
    # From July to March (April and May stay empty): June's own list is as it was, only its links change.
    moved = next(path for path in site.files() if site.read(path)[0]["date"].month == 7)
    meta, body = site.read(moved)
    meta["date"] = dt.date(2024, 3, 9)
    site.write(moved, meta, body)
    run_build(site, output, cache)
    assert month_links(output, 2024, 3) == {"next": "archives/2024/06/"}
    assert month_links(output, 2024, 6) == {"prev": "archives/2024/03/", "next": "archives/2024/07/"}
    run_build(site, tmp_path / "full", tmp_path / "full-cache", "--full")
    assert_same_tree(output, tmp_path / "full", "a briefing moved to an empty month")
    moved.unlink()  # March empties again: June's list is still as it was
    run_build(site, output, cache)
    assert not (output / "archives" / "2024" / "03").exists()
    assert month_links(output, 2024, 6) == {"next": "archives/2024/07/"}
    shutil.rmtree(tmp_path / "full")
    run_build(site, tmp_path / "full", tmp_path / "full-cache-2", "--full")
    assert_same_tree(output, tmp_path / "full", "the month emptied again")


def test_a_briefing_s_fingerprint_is_its_file_s_stamp_and_what_was_set_after_reading():
    """A briefing is fingerprinted by its file's stamp plus what Pelican and the plugins set afterwards.

    The stamp stands for everything the reader made of the file; an attribute set
    or replaced later (a locator, a related list) or a key of a dict attribute
    changed in place (a sanitised summary) must still change the fingerprint.
    """
    import copy

    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    from briefing.build.fingerprint import Fingerprinter, ReadState

    def read(stamp):
        article = Article("<p>Body</p>", metadata={"title": "Talks", "summary": "<p>Short</p>", "slug": "talks"},
                          settings=copy.deepcopy(DEFAULT_CONFIG), source_path="/site/content/briefings/talks.md")
        return article, ReadState(article, stamp)

    def fingerprint(article, state):
        return Fingerprinter({article.source_path: state}).of(article)

    article, state = read("stamp-1")
    as_read = fingerprint(article, state)
    assert fingerprint(*read("stamp-1")) == as_read  # the same file read again: the same fingerprint
    assert fingerprint(*read("stamp-2")) != as_read  # another file's bytes
    article.locator = {"file": "maps/locator-a.svg"}
    with_locator = fingerprint(article, state)
    assert with_locator != as_read
    article.locator = {"file": "maps/locator-b.svg"}
    assert fingerprint(article, state) != with_locator
    before = fingerprint(article, state)
    article.metadata["summary"] = "<p>Sanitised</p>"  # changed in place, as Pelican's refresh does
    assert fingerprint(article, state) != before


def test_moved_places_redraw_the_locator(tmp_path):
    """A briefing's locator is kept in the cache by its places and tags: new places draw it again."""
    site = Site(tmp_path, random.Random(23))
    output, cache = tmp_path / "output", tmp_path / "cache"
    path = site.files()[0]
    meta, body = site.read(path)
    meta["places"] = [{"name": "Minsk", "country": "BY", "lat": 53.9, "lon": 27.567}]
    site.write(path, meta, body)
    run_build(site, output, cache)
    page = output / "briefing" / meta["slug"] / "index.html"
    assert "Minsk" in page.read_text(encoding="utf-8")
    meta["places"] = [{"name": "Tokyo", "country": "JP", "lat": 35.69, "lon": 139.692}]
    site.write(path, meta, body)
    run_build(site, output, cache)
    locator = re.search(r'<figure class="locator">.*?</figure>', page.read_text(encoding="utf-8"), re.S).group(0)
    assert "Tokyo" in locator and "Minsk" not in locator
    run_build(site, tmp_path / "full", tmp_path / "full-cache", "--full")
    assert_same_tree(output, tmp_path / "full", "places moved")


def test_the_first_rebuild_after_a_full_build_on_two_cores_renders_nothing(tmp_path):
    """Regression: the first rebuild after a full build rendered half the site again, bytes unchanged.

    With enough briefings to share the reading with a worker process, the full
    build had them in another order than a rebuild (read from the cache), and
    fingerprints depended on that order.
    """
    from briefing.build.reading import PARALLEL_MINIMUM

    site = Site(tmp_path, random.Random(31))
    while len(site.files()) < PARALLEL_MINIMUM + 2:
        site.add()
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert "full build" in run_build(site, output, cache, "--jobs", "2")
    again = run_build(site, output, cache, "--jobs", "2")
    assert rendered_of(again)[0] == 0, again


def test_deleted_and_renamed_briefings_leave_no_page_behind(tmp_path):
    site = Site(tmp_path, random.Random(5))
    output, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, output, cache)
    gone, renamed = site.files()[:2]
    gone_slug = site.read(gone)[0]["slug"]
    meta, body = site.read(renamed)
    old_slug = meta["slug"]
    meta["slug"] = "a-new-name"
    site.write(renamed, meta, body)
    gone.unlink()
    run_build(site, output, cache)
    assert not (output / "briefing" / gone_slug).exists()
    assert not (output / "briefing" / old_slug).exists()
    assert (output / "briefing" / "a-new-name" / "index.html").exists()


def test_a_deleted_briefing_s_locator_map_goes_with_it(tmp_path):
    """QA trial: the locator frame only a deleted briefing used stayed in output/maps/ after an incremental
    build (the maps plugin writes those files itself, outside the build's list of outputs)."""
    site = Site(tmp_path, random.Random(5))
    output, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, output, cache)
    before = {path.name for path in (output / "maps").glob("locator-*.svg")}
    far = site.files()[0]
    meta, body = site.read(far)
    meta["places"] = [{"name": "Sapporo", "country": "JP", "lat": 43.06, "lon": 141.35}]
    meta["tags"], meta["regions"] = ["Japan"], ["Eastern Asia"]
    site.write(far, meta, body)
    run_build(site, output, cache)
    own = {path.name for path in (output / "maps").glob("locator-*.svg")} - before
    assert own, "a briefing placed in Japan alone has a frame no other briefing uses"
    far.unlink()
    run_build(site, output, cache)
    assert not own & {path.name for path in (output / "maps").glob("locator-*.svg")}


def test_a_corrupt_cache_is_discarded_with_one_line(tmp_path):
    site = Site(tmp_path, random.Random(7))
    output, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, output, cache)
    (cache / "briefings.pickle").write_bytes(b"not a pickle")
    report = run_build(site, output, cache)
    notices = [line for line in report.splitlines() if line.startswith("notice:")]
    assert len(notices) == 1 and "unreadable" in notices[0] and str(cache) in notices[0], report
    assert "full build" in report
    full = tmp_path / "full"
    run_build(site, full, tmp_path / "full-cache", "--full")
    assert_same_tree(output, full, "after a corrupt cache")


def test_a_snapshot_cut_short_is_not_trusted_and_a_whole_snapshot_is(tmp_path):
    """The snapshot is written entry by entry; a file that stops before its last record means the whole pipeline."""
    site = Site(tmp_path, random.Random(7))
    output, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, output, cache)
    site.edit_body()
    assert "text-only incremental build of" in run_build(site, output, cache)
    snapshot = cache / "snapshot.pickle"
    whole = snapshot.read_bytes()
    snapshot.write_bytes(whole[: len(whole) // 2])  # its last records lost, as in a full disk
    site.edit_body()
    report = run_build(site, output, cache)
    assert "text-only incremental build of" not in report and "incremental build of" in report, report
    full = tmp_path / "full"
    run_build(site, full, tmp_path / "full-cache", "--full")
    assert_same_tree(output, full, "after a snapshot cut short")


def test_a_changed_setting_means_a_full_build(tmp_path):
    site = Site(tmp_path, random.Random(9))
    output, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, output, cache)
    site.edit_setting()
    report = run_build(site, output, cache)
    assert "settings, theme, plugin code, taxonomy or packages changed" in report
    assert "full build" in report and site.subtitle in (output / "index.html").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_stray_environment(monkeypatch):
    # Builds run in their own processes; make sure they use this checkout's package.
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def test_serve_rebuilds_a_saved_briefing_and_says_what_it_did(tmp_path):
    import queue
    import threading
    import urllib.request

    site = Site(tmp_path, random.Random(13))
    path = site.files()[0]
    meta, body = site.read(path)
    server = subprocess.Popen(
        [BRIEFING_COMMAND, "serve", "-s", str(site.settings), "--content", str(site.content),
         "-o", str(tmp_path / "output"), "--cache", str(tmp_path / "cache"), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stdout], daemon=True).start()

    def wait_for(fragment: str) -> str:
        seen = []
        while True:
            try:
                line = lines.get(timeout=180)
            except queue.Empty:
                raise AssertionError(f"no line with {fragment!r}; saw {seen}") from None
            seen.append(line)
            if fragment in line:
                return line

    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/", wait_for("Serving")).group(0)
        page = f"{url}briefing/{meta['slug']}/"
        assert meta["title"] in urllib.request.urlopen(page, timeout=30).read().decode()
        meta["title"] = "A title saved while serving"
        site.write(path, meta, body)
        assert "talks" in wait_for("changed:")
        rebuilt = wait_for("build of")
        assert "incremental build" in rebuilt and "1 briefing(s) read" in rebuilt and " s:" in rebuilt
        assert "A title saved while serving" in urllib.request.urlopen(page, timeout=30).read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_does_not_name_an_editors_temporary_files():
    """QA trial: `sed -i` on an intro showed "changed: content/regions/eastern-europe.md, content/regions/sedzyIUwz"."""
    from watchfiles import Change

    from briefing.build.serve import shown_changes

    intro, temporary, gone = Path("content/regions/eastern-europe.md"), Path("content/regions/sedzyIUwz"), Path("content/x.md")
    changes = {(Change.modified, str(intro.resolve())), (Change.added, str(temporary.resolve())),
               (Change.deleted, str(temporary.resolve())), (Change.deleted, str(gone.resolve()))}
    assert shown_changes(changes) == [str(intro), str(gone)]
    assert shown_changes({(Change.added, str(temporary.resolve())), (Change.deleted, str(temporary.resolve()))}) == []


def test_serve_shows_the_builds_problem_lines(tmp_path):
    """QA trial: under `make serve` a typo tag showed only as "1 warning", not which file and tag."""
    from briefing.build.serve import build_command, rebuild

    site = Site(tmp_path, random.Random(13))
    path = site.files()[0]
    meta, body = site.read(path)
    meta["tags"] = list(meta.get("tags") or []) + ["Veitnam"]
    site.write(path, meta, body)
    shown: list[str] = []
    assert rebuild(build_command(site.settings, tmp_path / "output", tmp_path / "cache", site.content), shown.append)
    assert any(line.endswith("warning: unknown tag 'Veitnam' (did you mean 'Vietnam'?)") and path.name in line
               for line in shown), shown
    assert "1 warning" in shown[-1]


def test_search_index_is_rebuilt_only_when_an_indexed_page_changes_and_finds_the_edit(tmp_path):
    from browser_support import chromium, require_chromium, serve

    require_chromium()
    from playwright.sync_api import expect

    site = Site(tmp_path, random.Random(17))
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert "search index rebuilt" in run_build(site, output, cache, search=True)
    assert "search index unchanged" in run_build(site, output, cache, search=True)
    site.edit_intro()  # tag and region pages change; no page the search indexes does
    report = run_build(site, output, cache, search=True)
    assert rendered_of(report)[0] > 0 and "search index unchanged" in report, report
    path = site.files()[0]
    meta, body = site.read(path)
    site.write(path, meta, body + "\nThe quartermaster counted zeppelins.\n")
    assert "search index rebuilt" in run_build(site, output, cache, search=True)
    assert not list(output.glob(".pagefind*")) and not (output / "pagefind.new").exists()
    with serve(output) as base_url, chromium() as browser:
        page = browser.new_page()
        page.goto(base_url + "search/?q=zeppelins")
        expect(page.locator(".search-result")).to_have_count(1)
        expect(page.locator(".search-result").first).to_contain_text(meta["title"])


class _AnyName(dict):
    """Filters and tests by any name: which variables a template reads does not depend on what they do."""

    def __contains__(self, name):
        return True

    def get(self, name, default=None):
        return super().get(name) or (lambda *args, **kwargs: None)


def test_a_briefing_page_reads_no_list_of_the_whole_site():
    """Regression: a one-sentence edit re-rendered 10,121 of 13,954 files at 10,000 briefings.

    article.html set a local ``tags`` inside an ``{% if %}``, so Jinja counted the
    context's ``tags`` (every tag with all its briefings) among the page's inputs,
    and any briefing's edit changed every briefing page's fingerprint.
    """
    from types import SimpleNamespace

    from jinja2 import Environment, FileSystemLoader

    from briefing.build.fingerprint import template_variables

    environment = Environment(loader=FileSystemLoader(str(ROOT / "theme" / "templates")))
    environment.filters, environment.tests = _AnyName(environment.filters), _AnyName(environment.tests)
    names = template_variables(SimpleNamespace(environment=environment, name="article.html"))
    assert names is not None and "article" in names
    assert not names & {"tags", "regions", "articles", "dates", "all_articles"}, sorted(names)


def test_a_link_to_another_briefing_follows_its_renamed_slug(tmp_path):
    """A briefing linking to another with ``{filename}`` gets the new URL when the other's slug changes.

    The linking briefing's file is unchanged, so its stamp alone would keep its
    page, with a link to a page that no longer exists.
    """
    site = Site(tmp_path, random.Random(3))
    files = site.files()
    linking, target = files[0], files[len(files) // 2]  # far apart: not each other's neighbours
    meta, body = site.read(linking)
    site.write(linking, meta, body + f"\n\nSee [the other briefing]({{filename}}{target.name}).\n")
    output, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, output, cache)
    target_meta, target_body = site.read(target)
    target_meta["slug"] = "renamed-target-slug"
    site.write(target, target_meta, target_body)
    run_build(site, output, cache)
    page = (output / "briefing" / meta["slug"] / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="[^"]*/briefing/renamed-target-slug/"[^>]*>the other briefing</a>', page)
    run_build(site, tmp_path / "full", tmp_path / "full-cache", "--full")
    assert_same_tree(output, tmp_path / "full", "rename a linked briefing")


def content_repository(root: Path):
    """A function running git in ``root`` as an editor would, each commit on a day of its own (dates show)."""
    environment = dict(os.environ, GIT_AUTHOR_NAME="Desk", GIT_AUTHOR_EMAIL="desk@example.org",
                       GIT_COMMITTER_NAME="Desk", GIT_COMMITTER_EMAIL="desk@example.org")
    moments = iter(range(1, 100))

    def git(*arguments):
        moment = f"2025-03-{next(moments):02d}T09:00:00+00:00"
        subprocess.run(["git", "-C", str(root), *arguments], check=True, capture_output=True,
                       env=dict(environment, GIT_AUTHOR_DATE=moment, GIT_COMMITTER_DATE=moment))

    return git


def test_the_first_rebuild_after_a_commit_renders_only_the_pages_whose_history_changed(tmp_path):
    """Revision histories come from git: every commit used to take the whole pipeline, the first rebuild an
    editor makes after committing. Now the text-only rebuild reads the history again (one git call) and
    renders the pages that show a history that changed, and the site equals a clean build byte for byte:
    after a commit of an edit already built, a commit of an edit not yet built, and a briefing's first commit."""
    site = Site(tmp_path, random.Random(43))
    git = content_repository(tmp_path)
    git("init", "-q")
    uncommitted = site.files()[-1]
    git("add", "content")
    git("reset", "-q", str(uncommitted))
    git("commit", "-qm", "briefings")
    output, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, output, cache)
    full_count = 0

    def equals_a_clean_build(step: str) -> None:
        nonlocal full_count
        full_count += 1
        full = tmp_path / f"full-{full_count}"
        run_build(site, full, tmp_path / f"full-cache-{full_count}", "--full")
        assert_same_tree(output, full, step)
        shutil.rmtree(full)

    site.edit_body()
    assert "text-only incremental build of" in run_build(site, output, cache)
    git("commit", "-qam", "a sentence added")
    report = run_build(site, output, cache)
    assert "text-only incremental build of" in report, report
    rendered, pages = rendered_of(report)
    assert 1 <= rendered < pages // 4, report
    equals_a_clean_build("a commit of an edit already built")

    site.edit_body()
    git("commit", "-qam", "another sentence")
    assert "text-only incremental build of" in run_build(site, output, cache)
    equals_a_clean_build("a commit of an edit not yet built")

    def dated_pages() -> int:
        return sum('class="last-updated"' in page.read_text(encoding="utf-8") for page in output.rglob("*.html"))

    dated = dated_pages()
    git("add", str(uncommitted))
    git("commit", "-qm", "the last briefing, committed at last")
    assert "text-only incremental build of" in run_build(site, output, cache)
    assert dated_pages() == dated + 1  # its page shows the history box it had not had
    equals_a_clean_build("a briefing's first commit")


def problem_lines(report: str) -> list[str]:
    """The ``PATH:LINE: severity: message`` lines a build printed."""
    return [line for line in report.splitlines() if re.match(r"\S+:\d+: (warning|error): ", line)]


def test_a_site_with_a_warning_keeps_text_only_rebuilds_and_reports_the_warning_as_a_clean_build(tmp_path):
    """Any warning in the last build sent every later edit down the whole pipeline: a site with one dead link
    never had a fast rebuild. Now an edit that leaves the warnings as they were stays text-only, prints the
    same problem lines and closing counts as a clean build, and gives its bytes; an edit that moves a warning
    (a line added above the dead link) takes the whole pipeline, which reports the new line."""
    site = Site(tmp_path, random.Random(5))
    files = site.files()
    dead, other = files[2], files[7]
    meta, body = site.read(dead)
    site.write(dead, meta, body + "\nSee [the old report]({filename}no-such-report.md).\n")
    output, cache = tmp_path / "output", tmp_path / "cache"
    first = run_build(site, output, cache)
    assert len(problem_lines(first)) == 1 and "no-such-report.md" in problem_lines(first)[0], first

    def equals_a_clean_build(step: str, report: str) -> None:
        full = tmp_path / f"full-{step}"
        clean = run_build(site, full, tmp_path / f"full-cache-{step}", "--full")
        assert problem_lines(report) == problem_lines(clean), (report, clean)
        [closing] = [line for line in report.splitlines() if " build of " in line]
        assert closing.endswith("; 0 errors, 1 warning"), report
        assert_same_tree(output, full, step)
        shutil.rmtree(full)

    for step, path in enumerate((other, dead)):  # another briefing's text, then the warned one's
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        report = run_build(site, output, cache)
        assert "text-only incremental build of" in report, report
        equals_a_clean_build(f"text edit {step}", report)
    text = dead.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + len("\n---\n")
    dead.write_text(f"{text[:end]}A new first paragraph.\n\n{text[end:]}", encoding="utf-8")
    report = run_build(site, output, cache)
    assert "text-only incremental build of" not in report and "incremental build of" in report, report
    equals_a_clean_build("the warning's line moved", report)


def test_a_briefing_whose_cut_summary_holds_a_filename_link_stays_text_only(tmp_path):
    """A briefing without a summary of its own, its text opening with a ``{filename}`` link: the text-only
    rebuild read it with an empty context, Pelican looked the link up for the key facts' summary and failed
    (KeyError 'generated_content'), and every edit of it took the whole pipeline."""
    site = Site(tmp_path, random.Random(3))
    files = site.files()
    linking = next(path for path in files if "summary" not in site.read(path)[0])
    target = next(path for path in files if path != linking)
    meta, body = site.read(linking)
    site.write(linking, meta, f"See [the earlier talks]({{filename}}{target.name}) first. {body}")
    output, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, output, cache)
    linking.write_text(linking.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    report = run_build(site, output, cache)
    assert "text-only incremental build of" in report, report
    full = tmp_path / "full"
    run_build(site, full, tmp_path / "full-cache", "--full")
    assert_same_tree(output, full, "a text edit of a briefing whose cut summary links to another")
    page = (output / "briefing" / meta["slug"] / "index.html").read_text(encoding="utf-8")
    assert f'/briefing/{site.read(target)[0]["slug"]}/"' in page  # the link resolved, as in a clean build


def test_a_build_after_a_commit_runs_git_once_whichever_path_it_takes(tmp_path, monkeypatch):
    """The text-only rebuild reads the history after a commit; when it then declined (a retitled briefing),
    the whole pipeline ran ``git log`` again. Counted by a ``git`` on the PATH that logs each call."""
    site = Site(tmp_path, random.Random(13))
    git = content_repository(tmp_path)
    git("init", "-q")
    git("add", "content")
    git("commit", "-qm", "briefings")
    output, cache = tmp_path / "output", tmp_path / "cache"
    run_build(site, output, cache)
    calls, tools = tmp_path / "git-calls.log", tmp_path / "tools"
    tools.mkdir()
    (tools / "git").write_text(f'#!/bin/sh\necho "$*" >> {calls}\nexec {shutil.which("git")} "$@"\n', encoding="utf-8")
    (tools / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("BRIEFING_DEBUG_FASTPATH", "1")
    for step, edit in enumerate(("edit_body", "edit_title")):  # text-only, then the whole pipeline
        getattr(site, edit)()
        git("commit", "-qam", edit)
        calls.unlink(missing_ok=True)
        report = run_build(site, output, cache)
        assert ("text-only incremental build of" in report) == (edit == "edit_body"), report
        assert calls.read_text(encoding="utf-8").count("\n") == 1, (calls.read_text(encoding="utf-8"), report)
        full = tmp_path / f"full-{step}"
        run_build(site, full, tmp_path / f"full-cache-{step}", "--full")
        assert_same_tree(output, full, f"a commit after {edit}")
