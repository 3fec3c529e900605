"""A build that fails loudly: briefings left out, and tags or regions outside the taxonomy.

Trial case: with broken YAML in one briefing, ``make html`` exited 0 and the
briefing was simply gone; a typo tag ("Veitnam") made a live ``/tag/veitnam/``.
At the end of every build this module compares the briefing files on disk with
the briefings Pelican read, and every briefing's tags and regions with the
taxonomy, and prints each problem as ``briefing check`` does
(``PATH:LINE: severity: message``, one plain line each, repeated warnings
collapsed), then a one-line summary.

* A briefing the build could not read or had to leave out is an error: the
  build exits non-zero (after writing the rest, so the site can be looked at).
* A tag or region outside the taxonomy is a warning, and an error (as are dead
  links and unfinished text, :data:`STRICT_PROBLEMS`, outside drafts) when
  ``BRIEFING_STRICT`` is set (``publishconf.py`` sets it; ``pelicanconf.py``
  when ``STRICT=1`` is in the environment, as in ``make html STRICT=1``).
* What ``briefing check`` finds in a briefing's or page's fields and text, by
  the same functions and with the same severity: a placeholder or overlong
  summary, a region holding none of the countries, no text, the placeholder
  text, unsafe HTML (an error), and a link to this site that points nowhere (a ``{filename}``
  link, ``/briefing/<slug>/``...: a warning, an error when strict). The reader
  found them as it read each file (:mod:`briefing.plugin.reader`); links are
  resolved here, once every briefing is known. A tag or region intro is read
  by ``briefing check``'s own code (there are a few hundred at most).

QA trial: a dead ``{filename}`` link made Pelican log a warning (or nothing at
all, in a render worker) while the build's summary said "0 warnings"; an
intro with a ``<script>`` and a briefing with no text built silently while
``briefing check`` reported both.

The comparison is a set difference over source paths, and only the few files
with a problem are read again (by :func:`briefing.check.check_files`), so the
cost stays linear in the number of briefings.
"""

from __future__ import annotations

import logging
import os
import sys
from collections import Counter
from pathlib import Path

from pelican import signals

from ..check import ERROR, WARNING, CheckReport, Problem, check_files, counted, format_text

_reports: dict[int, dict] = {}
SUMMARY_SETTING = "BRIEFING_SUMMARY_LINE"
"""False when the caller prints the summary itself (``briefing build`` does, in its one closing line)."""
# Reported for a briefing whose tags or regions are not all in the taxonomy: a typo, or a name
# the taxonomy lacks. (A line of names, "tags: Belarus, Russia", is two tags in the build and in
# `briefing check` alike: frontmatter.name_list.)
TERM_PROBLEMS = ("unknown tag ", "unknown region ", "'tags' must be a list", "'regions' must be a list")
STRICT_PROBLEMS = TERM_PROBLEMS + ("link ", "links to a draft", "the briefing has no text",
                                   "the text is still the placeholder", "'summary' is still the placeholder")
"""Warnings a strict (hosted) build fails on: what would put a wrong page, a dead link or unfinished text
on the public site. A long summary or a region none of the countries belong to stays a warning there."""


class BuildFailed(SystemExit):
    """The build wrote what it could but must not pass; ``problems`` says why.

    A ``SystemExit`` (code 1) so that ``pelican`` exits non-zero without a
    traceback: its command line catches every ``Exception`` and logs it whole.
    """

    def __init__(self, problems: list[Problem]):
        super().__init__(1)
        self.problems = problems


def shown(path: str | Path) -> str:
    """A path as people type it: relative to the current folder when inside it."""
    relative = os.path.relpath(path)
    return Path(path).as_posix() if relative.startswith("..") else Path(relative).as_posix()


def left_out(article_generator) -> list[str]:
    """Briefing files under the article paths that Pelican did not make into a briefing or draft.

    Paths are compared as text (joined and normalised as Pelican joins them),
    not resolved on disk: a ``realpath`` per briefing was most of the cost.
    """
    settings = article_generator.settings
    base = article_generator.path
    files = article_generator.get_files(settings["ARTICLE_PATHS"], exclude=settings.get("ARTICLE_EXCLUDES", []))
    read = {
        os.path.normpath(article.source_path)
        for group in ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations")
        for article in getattr(article_generator, group, [])
    }
    return sorted(path for path in (os.path.normpath(os.path.join(base, name)) for name in files if name.endswith(".md"))
                  if path not in read)


def unknown_terms(article_generator, taxonomy) -> list[str]:
    """Briefing files naming a tag or region the taxonomy lacks."""
    return sorted(article.source_path
                  for article in article_generator.articles + article_generator.drafts + article_generator.hidden_articles
                  if names_unknown_terms(article, taxonomy))


def names_unknown_terms(briefing, taxonomy) -> bool:
    """Whether a briefing names a tag or region the taxonomy lacks."""
    return any(str(tag) not in taxonomy.by_name for tag in getattr(briefing, "tags", None) or []) or \
        any(str(region) not in taxonomy.regions_by_name for region in getattr(briefing, "regions", None) or [])


def find_problems(article_generator) -> list[Problem]:
    """Every left-out briefing (an error) and unknown tag or region (a warning), at its line."""
    from ..taxonomy import load_taxonomy

    settings = article_generator.settings
    taxonomy = load_taxonomy(settings.get("TAXONOMY_PATH"))
    content = settings["PATH"]
    problems: list[Problem] = []
    missing = left_out(article_generator)
    found = check_files(content, missing, taxonomy)
    for path in missing:
        # The reader's own reason first (why it skipped the file); else what `briefing check` finds.
        reasons = reader_problems(path) or [
            p for p in found if p.path == Path(path).as_posix() and p.severity == ERROR
            and not p.message.startswith(TERM_PROBLEMS)
        ] or [Problem(path, 1, ERROR, "run `briefing check` on it")]
        problems += [Problem(shown(p.path), p.line, ERROR, f"left out of the site: {p.message}") for p in reasons]
    problems += term_problems(content, unknown_terms(article_generator, taxonomy), taxonomy)
    briefings = article_generator.articles + article_generator.drafts + article_generator.hidden_articles
    return problems + shared_slugs(article_generator) + text_problems(article_generator, briefings) \
        + intro_problems(settings, taxonomy)


def term_problems(content_dir, paths: list[str], taxonomy) -> list[Problem]:
    """The tags and regions outside the taxonomy in the briefings at ``paths``, each a warning at its line."""
    return [Problem(shown(problem.path), problem.line, WARNING, problem.message)
            for problem in check_files(content_dir, paths, taxonomy) if problem.message.startswith(TERM_PROBLEMS)]


def text_problems(generator, contents) -> list[Problem]:
    """What ``briefing check`` finds in the text of ``contents`` (briefings or pages), each at its line.

    The reader kept each file's text problems and links to this site; a link is
    resolved against every briefing's slug and the tags and regions of published ones.
    """
    from .reader import INTERNAL_LINKS

    problems = []
    linking = []
    for content in contents:
        problems += own_problems(content)
        if getattr(content, INTERNAL_LINKS, None):
            linking.append(content)
    if not linking:
        return problems
    links = site_links(generator.context)
    base = Path(generator.settings["PATH"])
    for content in linking:
        problems += link_problems(content, base, links)
    return problems


def own_problems(content) -> list[Problem]:
    """The text problems the reader found in ``content`` as it read it, each at its line."""
    from .reader import CHECK_PROBLEMS

    found = getattr(content, CHECK_PROBLEMS, None)
    if not found:
        return []  # shown() is a relpath: a tenth of a second a thousand briefings, for nothing
    path = shown(content.source_path)
    return [Problem(path, line, severity, message) for line, severity, message in found]


def link_problems(content, base: Path, links: tuple[dict, dict]) -> list[Problem]:
    """Each link to this site in ``content`` that points nowhere, at its line (``links`` from :func:`site_links`)."""
    from ..check import dead_link
    from .reader import INTERNAL_LINKS

    pages, terms = links
    problems = []
    draft = getattr(content, "status", "published") == "draft"
    targets = Counter(getattr(content, INTERNAL_LINKS, None) or ())
    for target, count in targets.items():
        dead = dead_link(target, Path(content.source_path), base, pages, terms, draft)
        if dead:
            problems += [Problem(shown(content.source_path), line, *dead)
                         for line in body_lines(content.source_path, target, count)]
    return problems


def briefing_problems(briefing, settings: dict, links: tuple[dict, dict]) -> list[Problem]:
    """What the build reports of one briefing read by itself, the rest of the site as ``links`` describes it:
    its text problems, dead links and unknown tags or regions, strict as the build is.

    A text-only rebuild compares these with what the last build reported of the
    briefing before it edited it (:mod:`briefing.build.fastpath`). What the build
    finds only over the whole site (a slug two briefings share, a briefing left
    out) is an error, after which no such rebuild is attempted.
    """
    from ..taxonomy import load_taxonomy

    taxonomy = load_taxonomy(settings.get("TAXONOMY_PATH"))
    found = own_problems(briefing) + link_problems(briefing, Path(settings["PATH"]), links)
    if names_unknown_terms(briefing, taxonomy):
        found += term_problems(settings["PATH"], [briefing.source_path], taxonomy)
    drafts = {shown(briefing.source_path)} if getattr(briefing, "status", "published") == "draft" else set()
    return sorted(as_strict(found, drafts) if settings.get("BRIEFING_STRICT") else found)


def as_strict(problems: list[Problem], drafts: set[str]) -> list[Problem]:
    """``problems`` as a strict (hosted) build reports them: the :data:`STRICT_PROBLEMS` errors outside ``drafts``."""
    # A draft is not on the strict (hosted) site: a placeholder in it is work in progress, not a fault.
    return [Problem(p.path, p.line, ERROR, p.message)
            if p.severity == WARNING and p.path not in drafts and p.message.startswith(STRICT_PROBLEMS) else p
            for p in problems]


def print_problems(problems: list[Problem]) -> None:
    """Print ``problems`` as the build reports them, ``PATH:LINE: severity: message``, repeats collapsed."""
    for line in format_text(CheckReport(problems, 0)):
        print(line, file=sys.stderr)


def site_links(context: dict) -> tuple[dict, dict]:
    """``(pages, published terms)`` for :func:`briefing.check.dead_link`, from the briefings in a build's context."""
    from ..check import term_slug

    articles = context.get("articles", []) + context.get("hidden_articles", [])
    pages = {article.slug: True for article in articles}
    for draft in context.get("drafts", []):
        pages.setdefault(draft.slug, False)
    terms = {"tag": set(), "region": set()}
    for article in context.get("articles", []):
        for family, key in (("tag", "tags"), ("region", "regions")):
            terms[family].update(term_slug(str(name)) for name in getattr(article, key, None) or ())
    return pages, terms


def body_lines(path: str, text: str, count: int) -> list[int]:
    """The lines of the first ``count`` times ``text`` is written below the front matter (where each link is).

    Read again only for a briefing with a dead link: the reader keeps links without their
    lines, so moving a paragraph does not make the briefing's read differ.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return [1] * count
    closing = [number for number, line in enumerate(lines, 1) if line in ("---", "...")][1:2] or [0]
    found = [number for number, line in enumerate(lines, 1) if number > closing[0] for _ in range(line.count(text))]
    return (found + [found[-1] if found else 1] * count)[:count]


def intro_problems(settings: dict, taxonomy) -> list[Problem]:
    """``briefing check``'s problems in the tag and region intros (``content/tags/<slug>.md``...)."""
    from .intros import DEFAULT_INTRO_PATHS

    content = Path(settings["PATH"])
    intros = [path for folder in settings.get("INTRO_PATHS", DEFAULT_INTRO_PATHS).values() if folder
              for path in sorted((content / folder).glob("*.md"))]
    return [Problem(shown(p.path), p.line, p.severity, p.message) for p in check_files(content, intros, taxonomy)]


def shared_slugs(article_generator) -> list[Problem]:
    """An error for each briefing whose page another briefing of the same slug writes over.

    QA trial: two files with ``slug: good-one`` built one page, and the other briefing was
    gone with only Pelican's wrapped notice. Grouped in one pass, as `briefing check` reports them.
    """
    by_slug: dict[tuple[str, str], list] = {}
    for group in ("articles", "drafts", "hidden_articles"):
        for article in getattr(article_generator, group, []):
            by_slug.setdefault((group == "drafts" and "draft" or "published", article.slug), []).append(article)
    problems, dropped = [], set()
    for (_, slug), briefings in by_slug.items():
        if len(briefings) < 2:
            continue
        # The first file (by path) keeps the page; the others are taken out before pages are written,
        # so Pelican neither writes one page twice nor stops at it (FileOverwriteFailedError).
        briefings.sort(key=lambda briefing: briefing.source_path)
        dropped.update(id(briefing) for briefing in briefings[1:])
        paths = [briefing.source_path for briefing in briefings]
        for path in paths:
            others = ", ".join(shown(other) for other in paths if other != path)
            problems.append(Problem(shown(path), field_line(path, "slug"), ERROR,
                                    f"slug '{slug}' also used by {others}: only one of them has a page"))
    if dropped:
        for group in ("articles", "drafts", "hidden_articles", "dates"):
            if getattr(article_generator, group, None) is not None:
                setattr(article_generator, group, [b for b in getattr(article_generator, group) if id(b) not in dropped])
    return problems


def field_line(path: str, field: str) -> int:
    """The line of a top-level front-matter ``field`` in ``path`` (2, the first field's, if it is not there)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((number for number, line in enumerate(lines, 1) if line.startswith(f"{field}:")), 2)


def reader_problems(path: str) -> list[Problem]:
    """Why the plugin's reader left a file out for the shape of its fields, each at its field's line."""
    import yaml

    from ..frontmatter import FRONT_MATTER, SAFE_LOADER
    from .reader import shape_problems

    try:
        text = Path(path).read_text(encoding="utf-8").replace("\r\n", "\n")
        match = FRONT_MATTER.match(text)
        meta = yaml.load(match["meta"], Loader=SAFE_LOADER) if match else None  # noqa: S506 - a safe loader
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):  # ValueError: date: 2024-13-45
        return []  # `briefing check` below names the line
    if not isinstance(meta, dict):
        return []
    problems = []
    for message in shape_problems({str(k).lower(): v for k, v in meta.items()}):
        field = message.split("'")[1].split(".")[0]
        problems.append(Problem(Path(path).as_posix(), field_line(path, field), ERROR, message))
    return problems


def collect(article_generator) -> None:
    """``article_generator_finalized`` receiver: find the problems and the counts for the summary."""
    _reports[id(article_generator.settings)] = {
        "problems": find_problems(article_generator),
        "briefings": len(article_generator.articles),
        "drafts": len(article_generator.drafts),
        "draft_paths": {shown(draft.source_path) for draft in article_generator.drafts},
    }


def add_problems(settings: dict, problems: list[Problem]) -> None:
    """Problems a later generator finds (an alias that is a page of the site), reported with the rest."""
    _reports.setdefault(id(settings), {}).setdefault("problems", []).extend(problems)


def count_pages(page_generator) -> None:
    """``page_generator_finalized`` receiver: count the pages, and report what check finds in their text."""
    report = _reports.setdefault(id(page_generator.settings), {})
    report["pages"] = len(page_generator.pages)
    pages = page_generator.pages + page_generator.hidden_pages + page_generator.draft_pages
    report.setdefault("problems", []).extend(text_problems(page_generator, pages))


def report(pelican_object) -> None:
    """``finalized`` receiver: print the problems and a summary; fail the build if it must."""
    settings = pelican_object.settings
    found = _reports.pop(id(settings), {})
    problems = sorted(found.get("problems", []))
    strict = bool(settings.get("BRIEFING_STRICT"))
    if strict:
        problems = as_strict(problems, found.get("draft_paths", set()))
    print_problems(problems)
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    strictly = " (strict: unknown names, dead links and unfinished text are errors)" if strict and errors else ""
    # `briefing build` prints these counts in its own closing line (one line per build, not three).
    pelican_object.briefing_counts = {
        "briefings": found.get("briefings", 0), "drafts": found.get("drafts", 0), "pages": found.get("pages", 0),
        "errors": errors, "warnings": warnings, "strict": strictly,
    }
    pelican_object.briefing_problems = problems  # what a text-only rebuild reports again (briefing.build.fastpath)
    if settings.get(SUMMARY_SETTING, True):
        drafts = f" and {counted(found['drafts'], 'draft')}" if found.get("drafts") else ""
        print(f"build: {counted(found.get('briefings', 0), 'briefing')}{drafts}, {counted(found.get('pages', 0), 'page')}; "
              f"{counted(errors, 'error')}, {counted(warnings, 'warning')}; site in {shown(pelican_object.output_path)}/"
              + strictly, file=sys.stderr if errors else sys.stdout)
    if errors:
        raise BuildFailed(problems)


class ReportedBelow(logging.Filter):
    """Drops Pelican's own lines about a briefing this module reports anyway, at its line and with the reason.

    Pelican says "Could not process briefings/x.md" (no reason), "Skipping <Article>: could not
    find information about 'date'" and "There are 2 original (not translated) items with slug ..."
    over several lines; the end-of-build report names the same files as ``PATH:LINE: error: reason``.
    Lines about pages (outside the article paths), which the report does not cover, are kept.
    """

    MESSAGES = ("Could not process %s", "Skipping %s: could not find information about", "There are %s ",
                "Unknown status '%s' for file %s")

    UNRESOLVED = "Unable to find '%s', skipping url replacement."

    def __init__(self):
        super().__init__()
        self.base, self.roots = "", ()

    def briefing_path(self, value) -> bool:
        """Whether a path (absolute, or from the content folder as Pelican logs it) is under the article paths."""
        path = str(getattr(value, "source_path", value))
        return os.path.normpath(os.path.join(self.base, path)).startswith(self.roots)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == self.UNRESOLVED:
            # The report names each dead link with its file and line. Pelican's own line names
            # neither, and is logged too for links that do resolve: a plugin that renders a summary
            # while the briefings are read asks before the other files are known.
            return False
        if not self.roots or not isinstance(record.msg, str) or not record.msg.startswith(self.MESSAGES):
            return True
        paths = [arg for arg in record.args or () if hasattr(arg, "source_path") or str(arg).endswith(".md")]
        return not (paths and all(self.briefing_path(path) for path in paths))

    def watch(self, settings: dict) -> None:
        """Cover this build's article paths (one filter per process, on the loggers Pelican uses)."""
        self.base = os.path.normpath(settings["PATH"])
        self.roots = tuple(os.path.join(self.base, path) + os.sep for path in settings.get("ARTICLE_PATHS", []))
        for name in ("pelican.generators", "pelican.contents", "pelican.utils"):
            if self not in logging.getLogger(name).filters:
                logging.getLogger(name).addFilter(self)


REPORTED_BELOW = ReportedBelow()


def quiet_pelican(pelican_object) -> None:
    """``initialized`` receiver: leave the lines about left-out briefings to the report."""
    REPORTED_BELOW.watch(pelican_object.settings)


def register():
    signals.initialized.connect(quiet_pelican)
    signals.article_generator_finalized.connect(collect)
    signals.page_generator_finalized.connect(count_pages)
    signals.finalized.connect(report)
