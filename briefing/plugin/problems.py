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
* A tag or region outside the taxonomy is a warning, and an error when
  ``BRIEFING_STRICT`` is set (``publishconf.py`` sets it; ``pelicanconf.py``
  when ``STRICT=1`` is in the environment, as in ``make html STRICT=1``).

The comparison is a set difference over source paths, and only the few files
with a problem are read again (by :func:`briefing.check.check_files`), so the
cost stays linear in the number of briefings.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pelican import signals

from ..check import ERROR, WARNING, CheckReport, Problem, check_files, counted, format_text

_reports: dict[int, dict] = {}
# Reported for a briefing whose tags or regions are not all in the taxonomy: a typo, or a name
# the taxonomy lacks. (A line of names, "tags: Belarus, Russia", is two tags in the build and in
# `briefing check` alike: frontmatter.name_list.)
TERM_PROBLEMS = ("unknown tag ", "unknown region ", "'tags' must be a list", "'regions' must be a list")


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
    tags = {entry.name for entry in taxonomy.entries}
    regions = set(taxonomy.regions_by_name)
    paths = []
    for article in article_generator.articles + article_generator.drafts + article_generator.hidden_articles:
        if any(str(tag) not in tags for tag in getattr(article, "tags", None) or []) or \
                any(str(region) not in regions for region in getattr(article, "regions", None) or []):
            paths.append(article.source_path)
    return sorted(paths)


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
    for problem in check_files(content, unknown_terms(article_generator, taxonomy), taxonomy):
        if problem.message.startswith(TERM_PROBLEMS):
            problems.append(Problem(shown(problem.path), problem.line, WARNING, problem.message))
    return problems


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
    lines = text.splitlines()
    problems = []
    for message in shape_problems({str(k).lower(): v for k, v in meta.items()}):
        field = message.split("'")[1].split(".")[0]
        line = next((n for n, line in enumerate(lines, 1) if line.startswith(f"{field}:")), 2)
        problems.append(Problem(Path(path).as_posix(), line, ERROR, message))
    return problems


def collect(article_generator) -> None:
    """``article_generator_finalized`` receiver: find the problems and the counts for the summary."""
    _reports[id(article_generator.settings)] = {
        "problems": find_problems(article_generator),
        "briefings": len(article_generator.articles),
        "drafts": len(article_generator.drafts),
    }


def count_pages(page_generator) -> None:
    report = _reports.setdefault(id(page_generator.settings), {})
    report["pages"] = len(page_generator.pages)


def report(pelican_object) -> None:
    """``finalized`` receiver: print the problems and a summary; fail the build if it must."""
    settings = pelican_object.settings
    found = _reports.pop(id(settings), {})
    problems = sorted(found.get("problems", []))
    strict = bool(settings.get("BRIEFING_STRICT"))
    if strict:
        problems = [Problem(p.path, p.line, ERROR, p.message) if p.severity == WARNING else p for p in problems]
    lines = format_text(CheckReport(problems, 0))
    for line in lines:
        print(line, file=sys.stderr)
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    drafts = f" and {counted(found['drafts'], 'draft')}" if found.get("drafts") else ""
    print(f"build: {counted(found.get('briefings', 0), 'briefing')}{drafts}, {counted(found.get('pages', 0), 'page')}; "
          f"{counted(errors, 'error')}, {counted(warnings, 'warning')}; site in {shown(pelican_object.output_path)}/"
          + (" (strict: unknown tags and regions are errors)" if strict and errors else ""),
          file=sys.stderr if errors else sys.stdout)
    if errors:
        raise BuildFailed(problems)


def register():
    signals.article_generator_finalized.connect(collect)
    signals.page_generator_finalized.connect(count_pages)
    signals.finalized.connect(report)
