"""Validate every briefing in a content folder and report all problems at once.

``check_content`` reads each Markdown file once, collects a :class:`Problem`
(path, line, severity, message) for everything wrong, and only then looks
across files (duplicate slugs, the same source twice, links to briefings,
tags or regions that do not exist). Line numbers point at the offending key,
list item or body line, so ``PATH:LINE`` opens the editor in the right place.
The taxonomy is loaded once; the work is linear in the number of files.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from .aliases import (ALIASES_FIELD, SITE_DEFAULTS, Listed, alias_collisions, alias_problems, alias_save_as,
                      site_addresses, valid_aliases)
from .check_body import scan_body
from .frontmatter import FRONT_MATTER, name_list
from .ingest import BRIEFINGS_DIR, source_key
from .scaffold import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY
from .text import MAX_SUMMARY_CHARS as INGEST_SUMMARY_CHARS

ERROR, WARNING = "error", "warning"
REQUIRED_FIELDS = ("title", "date")
"""What the build cannot do without. A hand-written briefing may leave out ``slug`` (made from the
title, as the build makes it), ``tags``, ``regions`` and ``source``, which only ingest records."""
STATUSES = ("published", "draft", "hidden")
# Lower-case words joined by hyphens; a new Arabic or Japanese briefing keeps its own script (briefing.slugs).
SLUG = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")
# Ingest cuts ledes at 400 characters; escapes and an editor's touch may add some.
MAX_SUMMARY_CHARS = INGEST_SUMMARY_CHARS + 200
MAX_TITLE_CHARS = 300
WORD = re.compile(r"\w+")
"""A headline longer than this is a paste gone wrong (QA trial: a 15,000-character title)."""
# Site-absolute links the check can resolve: /briefing/<slug>/, /tag/<slug>/, /region/<slug>/.
SITE_LINK = re.compile(r"^/(?P<family>briefing|tag|region)/(?P<slug>[^/?#]+)/?(?:[?#].*)?$")
FILE_LINK = re.compile(r"^\{(?P<kind>filename|static|attach)\}(?P<target>[^?#]*)")
# Identical warnings in more files than this are shown as one line with a count.
COLLAPSE_AFTER = 3

try:  # libyaml is ten times faster on a big site; the pure-Python loader gives the same nodes
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file; ``line`` is 1-based, ``severity`` is "error" or "warning"."""

    path: str
    line: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass
class Briefing:
    """What the cross-file checks need to know about one parsed file."""

    path: Path
    shown: str
    meta: dict
    lines: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    selected: bool = True
    findings: list | None = None

    def scan(self) -> list:
        """Unsafe HTML and links in the body, scanned once."""
        if self.findings is None:
            self.findings = scan_body(self.body)
        return self.findings


@dataclass
class CheckReport:
    """The problems found, and how many files were looked at."""

    problems: list[Problem]
    files: int

    @property
    def errors(self) -> int:
        return sum(problem.severity == ERROR for problem in self.problems)

    @property
    def warnings(self) -> int:
        return sum(problem.severity == WARNING for problem in self.problems)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def summary(self) -> str:
        return f"check: {counted(self.files, 'file')}, {counted(self.errors, 'error')}, {counted(self.warnings, 'warning')}"


def counted(number: int, noun: str) -> str:
    """``"1 error"``, ``"2 errors"``: a count with its noun in the right number."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def check_content(content_dir: str | Path = "content", paths: Iterable[str | Path] | None = None,
                  taxonomy=None, since: str | None = None, settings=None) -> CheckReport:
    """Check ``paths`` (default: every ``.md`` file under ``content_dir``) and return every problem.

    The whole content folder is always read, so duplicate slugs and links are
    checked against all briefings even when only a few files are named. With
    ``since`` (a git revision), a slug renamed since then without its old one
    in ``aliases`` is a warning (:mod:`briefing.renames`). ``settings`` (the
    build's, e.g. from ``pelicanconf.py``; default :data:`briefing.aliases.SITE_DEFAULTS`)
    say where the site writes its pages, which an alias must not be.
    """
    from .taxonomy import load_taxonomy

    content_dir = Path(content_dir)
    taxonomy = taxonomy or load_taxonomy()
    every_file = markdown_files(content_dir)
    checker = _Checker(content_dir, TaxonomyIndex.of(taxonomy), settings or SITE_DEFAULTS)
    if paths is None:
        briefings = [checker.read(path, True) for path in every_file]
        count = len(every_file)
    else:
        selected = select(paths)
        briefings = [checker.read(path, path.resolve() in selected) for path in every_file]
        for path in sorted(selected - {path.resolve() for path in every_file}):
            checker.read(path, True)  # named, but outside the content folder
        count = len(selected)
    checker.across([briefing for briefing in briefings if briefing is not None])
    if since:
        from .renames import renamed_slugs

        checker.renamed([briefing for briefing in briefings if briefing is not None],
                        renamed_slugs(content_dir, since), since)
    return CheckReport(sorted(set(checker.problems)), count)


def check_files(content_dir: str | Path, paths: Iterable[str | Path], taxonomy=None) -> list[Problem]:
    """Each named file's own problems, without the checks across files (for a build's report).

    Only the named files are read, so a build can ask about the few briefings
    it left out or found an unknown tag in without reading the whole folder.
    """
    from .taxonomy import load_taxonomy

    checker = _Checker(Path(content_dir), TaxonomyIndex.of(taxonomy or load_taxonomy()))
    for path in paths:
        checker.read(Path(path), True)
    return sorted(set(checker.problems))


def markdown_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` that the build reads as Markdown (``.md``, ``.markdown``, ``.mkd``, ``.mdown``).

    QA trial: a briefing saved as ``.markdown`` was published by the build, script and all reported,
    while `briefing check` never looked at it.
    """
    from pelican.readers import MarkdownReader

    extensions = set(MarkdownReader.file_extensions)  # compared as Pelican does, case and all
    return sorted(path for path in folder.rglob("*") if path.suffix[1:] in extensions and path.is_file())


def select(paths) -> set[Path]:
    """The resolved files to report on: those named, folders expanded."""
    chosen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            chosen.update(child.resolve() for child in markdown_files(path))
        else:
            chosen.add(path.resolve())
    return chosen


@dataclass(frozen=True)
class TaxonomyIndex:
    """Tag and region names, and the lookups "did you mean" needs, built once per check."""

    entries: dict
    regions: dict  # display name -> region id
    aliases: dict  # casefolded alias or name -> entry name

    @classmethod
    def of(cls, taxonomy) -> "TaxonomyIndex":
        aliases = {}
        for entry in taxonomy.entries:
            for _, alias in entry.alias_lists():
                aliases.setdefault(alias.casefold(), entry.name)
            aliases[entry.name.casefold()] = entry.name
        # A region's UN M49 name ("Northern America") still names it, as on the site.
        regions = {name: region.id for name, region in taxonomy.regions_by_name.items()}
        return cls({entry.name: entry for entry in taxonomy.entries}, regions, aliases)

    @functools.lru_cache(maxsize=4096)
    def suggest_tag(self, tag: str) -> str | None:
        if tag.casefold() in self.aliases:
            return self.aliases[tag.casefold()]
        return closest(tag, self.entries)

    @functools.lru_cache(maxsize=1024)
    def suggest_region(self, region: str) -> str | None:
        by_id = {region_id: name for name, region_id in self.regions.items()}
        return by_id.get(region) or closest(region, self.regions)

    def __hash__(self) -> int:
        return id(self)


def closest(word: str, choices) -> str | None:
    lowered = {choice.casefold(): choice for choice in choices}
    if word.casefold() in lowered:
        return lowered[word.casefold()]
    match = difflib.get_close_matches(word.casefold(), list(lowered), n=1, cutoff=0.75)
    return lowered[match[0]] if match else None


def did_you_mean(suggestion: str | None) -> str:
    return f" (did you mean '{suggestion}'?)" if suggestion else ""


class _Checker:
    def __init__(self, content_dir: Path, taxonomy: TaxonomyIndex, settings=SITE_DEFAULTS):
        self.content_dir = content_dir
        self.taxonomy = taxonomy
        self.settings = settings
        self.problems: list[Problem] = []

    def add(self, briefing_or_path, line: int, severity: str, message: str) -> None:
        shown = briefing_or_path.shown if isinstance(briefing_or_path, Briefing) else briefing_or_path
        self.problems.append(Problem(shown, line, severity, message))

    # -- one file ---------------------------------------------------------------------------

    def is_intro(self, path: Path) -> bool:
        """Whether ``path`` is a tag or region page's intro (``content/tags/<slug>.md``)."""
        from .plugin.intros import DEFAULT_INTRO_PATHS

        if not path.is_relative_to(self.content_dir):
            return False
        parts = path.relative_to(self.content_dir).parts
        return len(parts) == 2 and parts[0] in DEFAULT_INTRO_PATHS.values()

    def read(self, path: Path, selected: bool) -> Briefing | None:
        """Parse one file, reporting its own problems when it is selected."""
        shown = path.as_posix()
        report = self.add if selected else (lambda *args: None)
        try:
            # utf-8-sig: a BOM a Windows editor saves is no part of the text, as for the build's reader
            # (QA trial: check called such a briefing one with no front matter; the build read it).
            text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError) as error:
            report(shown, 1, ERROR, f"cannot read the file ({error})")
            return None
        match = FRONT_MATTER.match(text)
        if not match and self.is_intro(path):
            # A tag or region intro may be Markdown alone, as the build reads it (plugin.intros);
            # QA trial: check called the project's own content/tags/nato.md an error.
            briefing = Briefing(path, shown, {}, body=text.lstrip("\ufeff"), body_line=1, selected=selected)
            if selected:
                self.body(briefing)
            return briefing
        if not match:
            report(shown, 1, ERROR, "no YAML front matter (the file must start with a '---' line)")
            return None
        body_line = text.count("\n", 0, match.start("body")) + 1
        briefing = Briefing(path, shown, {}, body=match["body"], body_line=body_line, selected=selected)
        meta, node = None, None
        try:
            loader = _Loader(match["meta"])
            try:
                node = loader.get_single_node()
                meta = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
        except yaml.YAMLError as error:
            line, problem = yaml_error_line(error)
            report(shown, line, ERROR, f"front matter is not valid YAML: {problem}")
            meta, node = None, None
        except ValueError as error:  # a well-formed but impossible value, e.g. date: 2024-13-45
            report(shown, bad_timestamp_line(node), ERROR, f"front matter has an impossible date: {error}")
            meta, node = None, None
        if node is not None and not isinstance(meta, dict):
            report(shown, 2, ERROR, "front matter is not a mapping of fields")
        if isinstance(meta, dict) and node is not None:
            briefing.meta = meta
            briefing.lines = key_lines(node)
            if selected:
                self.fields(briefing)
        elif selected:
            self.body(briefing)
        return briefing

    def fields(self, briefing: Briefing) -> None:
        lines = briefing.lines
        is_briefing = BRIEFINGS_DIR in briefing.path.relative_to(self.content_dir).parts[:1] \
            if briefing.path.is_relative_to(self.content_dir) else True
        self.problems += field_problems(briefing.shown, briefing.meta, lambda key: lines.get(key, (2, []))[0],
                                        is_briefing)
        tags = self.names(briefing, "tags")
        regions = self.names(briefing, "regions")
        self.taxonomy_terms(briefing, tags, regions)
        self.problems += text_problems(briefing.shown, briefing.body, briefing.body_line, briefing.scan(),
                                       briefing.meta.get("title"))

    def names(self, briefing: Briefing, key: str) -> list[tuple[str, int]]:
        """The (name, line) items of a tags/regions list, reporting a malformed list."""
        if key not in briefing.meta or briefing.meta[key] is None:
            return []
        value = name_list(briefing.meta[key])  # as the build reads it: "tags: Belarus, Poland" is two tags
        line, item_lines = briefing.lines.get(key, (2, []))
        if not all(isinstance(item, str) and item.strip() for item in value):
            self.add(briefing, line, ERROR, f"'{key}' must be a list of names")
            return []
        return [(item, item_lines[i] if i < len(item_lines) else line) for i, item in enumerate(value)]

    def taxonomy_terms(self, briefing: Briefing, tags, regions) -> None:
        index = self.taxonomy
        for tag, line in tags:
            if tag not in index.entries:
                self.add(briefing, line, ERROR, f"unknown tag '{tag}'{did_you_mean(index.suggest_tag(tag))}")
        for region, line in regions:
            if region not in index.regions:
                self.add(briefing, line, ERROR, f"unknown region '{region}'{did_you_mean(index.suggest_region(region))}")
        lines = dict(reversed(regions))  # a region named twice: its first line
        for region, message in region_mismatches([tag for tag, _ in tags], [region for region, _ in regions], index):
            self.add(briefing, lines[region], WARNING, message)

    def body(self, briefing: Briefing) -> None:
        self.problems += unsafe_problems(briefing.shown, briefing.body, briefing.body_line, briefing.scan())

    # -- across files ---------------------------------------------------------------------

    def across(self, briefings: list[Briefing]) -> None:
        by_slug, by_source = defaultdict(list), defaultdict(list)
        published_terms: dict[str, set] = {"tag": set(), "region": set()}
        for briefing in briefings:
            meta = briefing.meta
            slug = built_slug(meta)
            if slug:
                by_slug[slug].append(briefing)
            if isinstance(meta.get("source"), dict) and source_key(meta["source"]):
                by_source[source_key(meta["source"])].append(briefing)
            if meta.get("status", "published") == "published":
                for family, key in (("tag", "tags"), ("region", "regions")):
                    if isinstance(meta.get(key), list):
                        published_terms[family].update(term_slug(name) for name in meta[key] if isinstance(name, str))
        for slug, group in by_slug.items():
            self.duplicates(group, "slug", f"slug '{slug}'")
        for key, group in by_source.items():
            self.duplicates(group, "source", f"source '{key}' was ingested twice:")
        pages = {slug: any(other.meta.get("status") != "draft" for other in group) for slug, group in by_slug.items()}
        claims = [(briefing.shown, briefing.meta.get(ALIASES_FIELD)) for briefing in briefings
                  if briefing.meta.get(ALIASES_FIELD) and briefing.meta.get("status") != "draft"]
        selected = {briefing.shown: briefing for briefing in briefings if briefing.selected}
        taken = site_addresses(self.settings, self.listed(briefings)) if claims else None
        for shown, alias, message in alias_collisions(claims, taken, self.settings.get("ARTICLE_SAVE_AS")):
            if shown in selected:
                self.add(selected[shown], selected[shown].lines.get(ALIASES_FIELD, (2, []))[0], ERROR, message)
        for briefing in briefings:
            if briefing.selected:
                self.links(briefing, pages, published_terms)

    def listed(self, briefings: list[Briefing]) -> list[Listed]:
        """The briefings and static pages as the build lists them, for :func:`briefing.aliases.site_addresses`."""
        families = {folder: "article" for folder in self.settings.get("ARTICLE_PATHS") or [BRIEFINGS_DIR]}
        families.update({folder: "page" for folder in self.settings.get("PAGE_PATHS") or ["pages"]})
        listed = []
        for briefing in briefings:
            meta, slug = briefing.meta, built_slug(briefing.meta)
            relative = briefing.path.relative_to(self.content_dir).as_posix() \
                if briefing.path.is_relative_to(self.content_dir) else ""
            family = next((kind for folder, kind in families.items() if relative.startswith(f"{folder}/")), None)
            if not slug or not family:
                continue
            date = meta.get("date")
            if isinstance(date, str) and valid_date(date):
                date = dt.datetime.fromisoformat(date.strip())
            regions = self.taxonomy.regions
            listed.append(Listed(
                family, slug, meta.get("status", "published"), date if valid_date(date) else None,
                tuple(term_slug(name) for name in name_list(meta.get("tags")) if isinstance(name, str)),
                tuple(regions.get(name) or term_slug(name) for name in name_list(meta.get("regions"))
                      if isinstance(name, str))))
        return listed

    def renamed(self, briefings: list[Briefing], before: dict, since: str) -> None:
        """Warn where a briefing's address moved since ``since`` (a new slug, or a new title that its
        slug is made from) and no alias keeps the old address."""
        if not before:
            return
        before = {path.resolve(): was for path, was in before.items()}
        article_save_as = self.settings.get("ARTICLE_SAVE_AS")
        for briefing in briefings:
            was = before.get(briefing.path.resolve()) if briefing.selected else None
            now = built_slug(briefing.meta)
            if was is None or now is None:
                continue
            if was.slug is not None:
                old = str(was.slug)
            elif was.slug_added or (was.title is not None and briefing.meta.get("slug") is None):
                old = built_slug({"title": str(was.title if was.title is not None else briefing.meta.get("title"))})
            else:
                continue
            kept = {alias_save_as(alias, article_save_as) for alias in valid_aliases(briefing.meta.get(ALIASES_FIELD))}
            if not old or old == now or alias_save_as(old, article_save_as) in kept:
                continue
            if was.slug is not None:
                self.add(briefing, briefing.lines.get("slug", (2, []))[0], WARNING,
                         f"slug renamed from '{old}' since {since}: add it to 'aliases' "
                         f"(aliases: [{old}]) or its old address gives 404")
            else:
                old_url, new_url = (address(article_save_as, slug) for slug in (old, now))
                key = "slug" if was.slug_added else "title"
                cause = "the new slug" if was.slug_added else "the new title (the slug is made from it)"
                self.add(briefing, briefing.lines.get(key, (2, []))[0], WARNING,
                         f"{cause} moved the briefing from {old_url} to {new_url} since {since}: add "
                         f"'aliases: [{old}]' or its old address gives 404")

    def duplicates(self, group: list[Briefing], key: str, what: str) -> None:
        if len(group) < 2:
            return
        for briefing in group:
            if briefing.selected:
                others = ", ".join(other.shown for other in group if other is not briefing)
                self.add(briefing, briefing.lines.get(key, (2, []))[0], ERROR, f"{what} also used by {others}")

    def links(self, briefing: Briefing, pages: dict, published_terms) -> None:
        starts = None
        draft = briefing.meta.get("status") == "draft"
        for finding in briefing.scan():
            if finding.kind != "link":
                continue
            dead = dead_link(finding.detail, briefing.path, self.content_dir, pages, published_terms, draft)
            if dead:
                starts = starts or line_starts(briefing.body)
                line = briefing.body_line + bisect_right(starts, finding.offset) - 1
                self.add(briefing, line, *dead)


# -- what the build reports too (briefing.plugin.problems calls these) --------------------------


def field_problems(shown: str, meta: dict, line, is_briefing: bool = True) -> list[Problem]:
    """What is wrong with the front matter's fields, each at ``line(key)`` (called only for a problem).

    The build's reader calls this too, so ``make html`` and ``briefing check``
    report a placeholder or overlong summary, a malformed slug... alike.
    """
    problems = []
    add = lambda key, severity, message: problems.append(Problem(shown, line(key) if key else 2, severity, message))  # noqa: E731
    if is_briefing:
        for key in REQUIRED_FIELDS:
            if key not in meta:
                add(None, ERROR, f"required field '{key}' is missing")
    title = meta.get("title")
    if "title" in meta and not (is_text(title) and str(title).strip()):
        add("title", ERROR, "'title' must be non-empty text")
    if "date" in meta and not valid_date(meta["date"]):
        add("date", ERROR, f"'date' {meta['date']!r} is not a date like 2024-07-08")
    slug = meta.get("slug")
    if "slug" in meta and not (isinstance(slug, str) and SLUG.match(slug) and slug == slug.lower()):
        add("slug", ERROR, f"'slug' {slug!r} must be lower-case letters, digits and hyphens, like 'minsk-talks'")
    if "source" in meta:
        source = meta["source"]
        if not isinstance(source, dict) or not any(isinstance(source.get(k), str) and source[k].strip()
                                                   for k in ("url", "path", "name")):
            add("source", ERROR, "'source' must be a mapping with a 'url', 'path' or 'name'")
    for message in alias_problems(meta.get(ALIASES_FIELD)):
        add(ALIASES_FIELD, ERROR, message)
    if "status" in meta and meta["status"] not in STATUSES:
        add("status", ERROR, f"'status' {meta['status']!r} must be one of {', '.join(STATUSES)}")
    if "summary" in meta:
        summary = meta["summary"]
        if not isinstance(summary, str) or not summary.strip():
            add("summary", ERROR, "'summary' is empty; write the lede, or remove the field")
        elif len(summary) > MAX_SUMMARY_CHARS:
            add("summary", WARNING, f"'summary' is {len(summary)} characters long; keep it under {MAX_SUMMARY_CHARS}")
        elif summary.strip() == PLACEHOLDER_SUMMARY:
            add("summary", WARNING, "'summary' is still the placeholder `briefing new` wrote; write the lede")
    if isinstance(title, str) and len(title) > MAX_TITLE_CHARS:
        add("title", WARNING, f"'title' is {len(title)} characters long; keep the headline under {MAX_TITLE_CHARS}")
    return problems


def is_text(value) -> bool:
    """Text, or a number YAML read from unquoted digits (``title: 1984``), as the build takes it; not yes/no."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def region_mismatches(tags: list[str], regions: list[str], index: "TaxonomyIndex") -> list[tuple[str, str]]:
    """``(region, message)`` for each known region that holds none of the briefing's country tags.

    None while a tag is unknown: that tag ("Veitnam") is the problem to report, and may be the country.
    """
    if any(tag not in index.entries for tag in tags):
        return []
    countries, country_regions = [], set()
    for tag in tags:
        entry = index.entries.get(tag)
        if entry is not None and entry.kind == "country":
            countries.append(tag)
            country_regions.update(entry.regions)
    named = ", ".join(countries) if countries else "it has no country tags"
    return [(region, f"region '{region}' holds none of this briefing's countries ({named})") for region in regions
            if region in index.regions and index.regions[region] not in country_regions]


def text_problems(shown: str, body: str, body_line: int, findings=None, title=None) -> list[Problem]:
    """A briefing's text alone: missing, only its ``title`` again, still the placeholder, or holding unsafe HTML.

    ``body`` is the Markdown below the front matter, starting at file line
    ``body_line``. ``briefing check`` and the build (whose reader calls this on
    each file it reads) report the same problems at the same lines.
    """
    problems = []
    if not body.strip():
        # QA trial: an empty text built a page with the lede alone, and nothing said so.
        problems.append(Problem(shown, body_line, WARNING, "the briefing has no text below its front matter"))
    elif isinstance(title, str) and set(WORD.findall(body.casefold())) <= set(WORD.findall(title.casefold())):
        # QA trial: a saved page holding only an <h1> became a briefing whose text was its headline again.
        problems.append(Problem(shown, body_line + len(body) - len(body.lstrip("\n")), WARNING,
                                "the text only repeats the title; write the briefing"))
    if PLACEHOLDER_BODY in body:
        problems.append(Problem(shown, body_line + body.count("\n", 0, body.index(PLACEHOLDER_BODY)), WARNING,
                                "the text is still the placeholder `briefing new` wrote; write the briefing"))
    return problems + unsafe_problems(shown, body, body_line, findings)


def unsafe_problems(shown: str, body: str, body_line: int, findings=None) -> list[Problem]:
    """An error for each script, event handler or ``javascript:`` URL in ``body`` (the site shows none of them)."""
    starts, problems = None, []
    for finding in scan_body(body) if findings is None else findings:
        if finding.kind == "unsafe":
            starts = starts or line_starts(body)
            line = body_line + bisect_right(starts, finding.offset) - 1
            problems.append(Problem(shown, line, ERROR, f"unsafe {finding.detail}"))
    return problems


def internal_links(body: str, findings=None) -> list[str]:
    """The link targets in ``body`` that name something of this site (a briefing, tag, region or file), in order,
    once per link (a link written twice is reported twice, as check reports each)."""
    return [finding.detail for finding in (scan_body(body) if findings is None else findings)
            if finding.kind == "link" and (SITE_LINK.match(finding.detail) or FILE_LINK.match(finding.detail))]


def dead_link(target: str, path: Path, content_dir: Path, pages: dict, published_terms: dict,
              draft: bool = False) -> tuple[str, str] | None:
    """``(severity, message)`` when ``target``, linked from the file at ``path``, points nowhere (else None).

    ``pages`` maps each briefing slug to whether a published (not draft) briefing has it;
    ``published_terms`` maps "tag" and "region" to the slugs of those pages the site has.
    A dead link is a warning: the page is still written, with the link going nowhere (as
    Pelican says of a ``{filename}`` link it cannot resolve); ``--strict`` and the hosted
    build make it an error.
    """
    site = SITE_LINK.match(target)
    if site:
        family, slug = site["family"], site["slug"]
        if family == "briefing":
            if slug not in pages:
                return WARNING, (f"link {target} points nowhere: no briefing has slug '{slug}'"
                                 f"{did_you_mean(closest(slug, pages))}")
            if not pages[slug] and not draft:
                return WARNING, f"links to a draft, {target}, which the published site leaves out"
            return None
        if slug not in published_terms[family]:
            return WARNING, (f"link {target} points nowhere: no published briefing has the {family} '{slug}'"
                             f"{did_you_mean(closest(slug, published_terms[family]))}")
        return None
    linked = FILE_LINK.match(target)
    if linked:
        relative = linked["target"]
        base = content_dir if relative.startswith("/") else path.parent
        if not (base / relative.lstrip("/")).exists():
            return WARNING, f"link {target} points nowhere: there is no file {relative!r}"
    return None


def yaml_error_line(error: yaml.YAMLError) -> tuple[int, str]:
    """The file line to blame for a YAML error, and the problem in words.

    For something left open (a quote, a ``[`` list) the parser notices only
    lines later; the line where it was opened is the one to fix.
    """
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    mark = getattr(error, "problem_mark", None)
    if context.startswith(("while parsing a flow", "while scanning a quoted")) and error.context_mark:
        mark = error.context_mark
        problem = f"{problem} ({context} opened on this line)"
    # +1 because marks count from 0, +1 for the opening '---' line
    return (mark.line + 2 if mark else 2), problem


def bad_timestamp_line(node) -> int:
    for key_node, value_node in getattr(node, "value", None) or []:
        if isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":timestamp"):
            try:
                dt.date.fromisoformat(value_node.value[:10])
            except ValueError:
                return key_node.start_mark.line + 2
    return 2


def key_lines(node) -> dict:
    """``{key: (line, [item lines])}`` for each top-level front-matter key, 1-based in the file."""
    lines = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        items = [item.start_mark.line + 2 for item in value_node.value] \
            if isinstance(value_node, yaml.SequenceNode) else []
        lines[str(key_node.value)] = (key_node.start_mark.line + 2, items)
    return lines


def line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer("\n", text)]


def valid_date(value) -> bool:
    if isinstance(value, (dt.date, dt.datetime)):
        return True
    if isinstance(value, str):
        try:
            dt.datetime.fromisoformat(value.strip())
            return True
        except ValueError:
            return False
    return False


def address(save_as: str, slug: str) -> str:
    """A briefing's address on the site, as a reader types it after the host: ``/briefing/minsk-talks/``."""
    path = save_as.format(slug=slug)
    return "/" + path.removesuffix("index.html")


def built_slug(meta: dict) -> str | None:
    """The slug the build gives a briefing: its ``slug``, else the one made from its title (None if neither)."""
    slug = meta.get("slug")
    if isinstance(slug, str):
        return slug
    if slug is None and isinstance(meta.get("title"), str) and meta["title"].strip():
        from pelican.settings import DEFAULT_CONFIG

        from .plugin.reader import title_slug

        return title_slug(meta["title"], DEFAULT_CONFIG) or None
    return None


@functools.lru_cache(maxsize=65536)
def term_slug(name: str) -> str:
    """The URL slug Pelican gives a tag or region page."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.urlwrappers import Tag

    return Tag(name, DEFAULT_CONFIG).slug


# -- reports ----------------------------------------------------------------------------------


def format_text(report: CheckReport) -> list[str]:
    """One ``PATH:LINE: severity: message`` line per problem; a problem seen in many files is one line."""
    files = defaultdict(set)
    for problem in report.problems:
        files[(problem.severity, problem.message)].add(problem.path)
    # Only a problem repeated across files: one file's repeats are each at their own line.
    collapsed = {key for key, paths in files.items() if len(paths) > COLLAPSE_AFTER}
    lines, shown = [], set()
    for problem in report.problems:
        key = (problem.severity, problem.message)
        if key not in collapsed:
            lines.append(str(problem))
        elif key not in shown:
            shown.add(key)
            others = len(files[key] - {problem.path})
            lines.append(f"{problem.path}:{problem.line}: {problem.severity}: {problem.message} "
                         f"(and the same in {others} more files)")
    return lines


def format_github(report: CheckReport) -> list[str]:
    """GitHub Actions workflow commands, shown as annotations on the pull request's files."""
    return [
        f"::{p.severity} file={_escape_property(p.path)},line={p.line},title=briefing check::{_escape_data(p.message)}"
        for p in report.problems
    ]


def format_json(report: CheckReport) -> str:
    return json.dumps({
        "files": report.files, "errors": report.errors, "warnings": report.warnings,
        "problems": [asdict(problem) for problem in report.problems],
    }, indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
