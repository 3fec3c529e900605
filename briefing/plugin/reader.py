"""Front matter read with libyaml, and checked before Pelican sees it.

pelican-yaml-metadata parses with ``yaml.safe_load``, the pure-Python parser,
which was a third of a 1,000-briefing build. This reader is that plugin's
reader with the C ``CSafeLoader`` where PyYAML was built with libyaml; the
result is the same data.

Front matter comes from untrusted pages and from editors, so before Pelican
turns it into metadata the reader:

* removes control characters (they make feeds and sitemaps invalid XML);
* leaves out a file whose fields have the wrong shape (a list as title, a
  mapping as summary, ``yes``/``no`` as a tag) with one error line naming the
  file and the fields; numbers are taken as text (``title: 1984``);
* keeps a ``slug`` to one path segment (``slug: ..`` would write over the home page);
* ignores ``save_as``, ``url`` and ``template``: where a page is written and
  how it looks come from the settings, never from a file.

It also looks at the fields and the Markdown text as ``briefing check`` does,
with check's own functions (a placeholder or overlong summary, no text, unsafe
HTML, links to this site...) and keeps what it found on the briefing
(``check_problems``, ``internal_links``), so the end-of-build report
(:mod:`briefing.plugin.problems`) says what check says without reading any
file again; a cached briefing keeps them too.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re

import yaml
from pelican import signals
from pelican.plugins.yaml_metadata.yaml_metadata import HEADER_RE, YAMLMetadataReader, _convert_py_to_meta
from pelican.utils import pelican_open, slugify

from ..frontmatter import SAFE_LOADER, name_list

logger = logging.getLogger(__name__)

# C0 and C1 controls except tab and newlines, and lone surrogates (unwritable as UTF-8).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
TEXT_FIELDS = ("title", "summary", "slug", "status", "lang", "date_source", "author", "category", "description", "genre")
LIST_FIELDS = ("tags", "regions", "authors")
NAME_FIELDS = ("tags", "regions")
"""Lists that may be written as one line of names separated by commas (an author's name may hold a comma)."""
DATE_FIELDS = ("date", "modified")
SOURCE_TEXT_FIELDS = ("url", "canonical_url", "site_name", "name", "description", "language", "path", "genre")
IGNORED_FIELDS = ("save_as", "url", "template")
MAX_SLUG_CHARS = 80
"""A slug made from a long title is cut to this, at a hyphen (as ingest cuts the slugs it writes)."""
# One path segment of letters, digits, "_" and "-": nothing a URL or a file path treats specially.
PLAIN_SLUG = re.compile(r"^[\w-]+$")


def without_controls(value):
    """``value`` with control characters removed from every string in it, keys included."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, list):
        return [without_controls(item) for item in value]
    if isinstance(value, dict):
        return {without_controls(key): without_controls(item) for key, item in value.items()}
    return value


def _is_text(value) -> bool:
    """Text, or a number YAML read from unquoted digits; not a yes/no (YAML reads ``NO`` as false)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _describe(value) -> str:
    if isinstance(value, bool):
        return f"yes/no value {value!r} (quote it)"
    return {list: "a list", dict: "a mapping"}.get(type(value), f"a {type(value).__name__}")


def shape_problems(metadata: dict) -> list[str]:
    """What is wrong with the shape of the fields, e.g. ``["'title' is a list, not text"]``."""
    problems = []
    if metadata.get("title") in (None, ""):
        # Left out here, as `briefing check` says; else Pelican prints its own wrapped line about it.
        problems.append("required field 'title' is missing")
    for name in TEXT_FIELDS:
        value = metadata.get(name)
        if value is not None and not _is_text(value):
            problems.append(f"'{name}' is {_describe(value)}, not text")
    for name in LIST_FIELDS:
        value = metadata.get(name)
        items = value if isinstance(value, list) else [value]
        bad = [item for item in items if item is not None and not _is_text(item)]
        if bad:
            problems.append(f"'{name}' holds {_describe(bad[0])}, not names")
    for name in DATE_FIELDS:
        value = metadata.get(name)
        if value is not None and not isinstance(value, (str, dt.date)):
            problems.append(f"'{name}' is {_describe(value)}, not a date")
    source = metadata.get("source")
    if source is not None and not isinstance(source, dict):
        problems.append(f"'source' is {_describe(source)}, not a mapping")
    elif source:
        for name in SOURCE_TEXT_FIELDS:
            value = source.get(name)
            if value is not None and not _is_text(value):
                problems.append(f"'source.{name}' is {_describe(value)}, not text")
        authors = source.get("authors")
        if authors is not None and not all(_is_text(a) for a in (authors if isinstance(authors, list) else [authors])):
            problems.append("'source.authors' must be a name or a list of names")
    places = metadata.get("places")
    if places is not None and not (isinstance(places, list) and all(isinstance(p, (str, dict)) for p in places)):
        problems.append("'places' must be a list of places")
    return problems


def as_text(metadata: dict) -> dict:
    """Numbers in text and list fields as strings, so ``title: 1984`` is the title "1984"."""
    for name in TEXT_FIELDS:
        if name in metadata and metadata[name] is not None:
            metadata[name] = str(metadata[name])
    for name in LIST_FIELDS:
        value = metadata.get(name)
        if name in NAME_FIELDS and value is not None:
            value = name_list(value)  # "tags: Belarus, Poland": two tags, as `briefing check` reads them
        if isinstance(value, list):
            metadata[name] = [str(item) for item in value if item is not None]
        elif value is not None:
            metadata[name] = str(value)
    return metadata


def pelican_slug(text: str, settings: dict) -> str:
    """The slug Pelican makes from ``text`` with the site's slug settings ("" if none can be)."""
    return slugify(
        str(text),
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    ).strip("-")


def plain_slug(slug: str, settings: dict) -> str:
    """``slug`` if it is one plain path segment, else the slug made from it ("" if none can be)."""
    slug = slug.strip()
    return slug if PLAIN_SLUG.match(slug) else pelican_slug(slug, settings)


def title_slug(title: str, settings: dict) -> str:
    """The slug the build gives a briefing without one: Pelican's from the title, cut at a hyphen
    to :data:`MAX_SLUG_CHARS` (as ingest cuts the slugs it writes); ``briefing check`` uses it too."""
    slug = pelican_slug(title, settings)
    return slug[:MAX_SLUG_CHARS].rsplit("-", 1)[0] if len(slug) > MAX_SLUG_CHARS else slug


_index_memo: dict = {}


def taxonomy_index(path):
    """``briefing check``'s view of the taxonomy, made once per taxonomy (``load_taxonomy`` is cached per path)."""
    from ..check import TaxonomyIndex
    from ..taxonomy import load_taxonomy

    taxonomy = load_taxonomy(path)
    if _index_memo.get("taxonomy") is not taxonomy:
        _index_memo.update(taxonomy=taxonomy, index=TaxonomyIndex.of(taxonomy))
    return _index_memo["index"]


CHECK_PROBLEMS = "check_problems"
"""Metadata key: ``(line, severity, message)`` of each problem ``briefing check`` finds in the file by itself."""
INTERNAL_LINKS = "internal_links"
"""Metadata key: the targets of the text's links to this site, which the build resolves once all files are known."""


def look_at_file(text: str, match: re.Match, metadata: dict, source_path: str, settings: dict) -> dict:
    """What ``briefing check`` would say about this file's fields and text (see the module docstring)."""
    from ..check import WARNING, Problem, field_problems, internal_links, region_mismatches, text_problems
    from ..check_body import scan_body
    from ..ingest import BRIEFINGS_DIR

    written = match["metadata"].lstrip("\n").split("\n")
    first = text.count("\n", 0, match.start("metadata")) + 2  # the line after the opening '---'

    def line(key: str, item: str | None = None) -> int:
        """The line of ``key`` (or of ``item`` in its list, at or after it), as check's YAML marks give it."""
        at = next((number for number, row in enumerate(written, first) if row.lower().startswith(f"{key}:")), None)
        if at is None:
            return 2
        return next((number for number, row in enumerate(written[at - first:], at) if item in row), at) if item else at

    # The body begins after the newline ending the closing '---' line, as check reads it.
    content_start = match.start("content")
    body = text[content_start:]
    body = body[1:] if body.startswith("\n") else body
    body_line = text.count("\n", 0, content_start) + 2
    findings = scan_body(body)
    is_briefing = os.path.relpath(source_path, settings["PATH"]).split(os.sep)[0] == BRIEFINGS_DIR
    problems = field_problems(source_path, metadata, line, is_briefing) + \
        text_problems(source_path, body, body_line, findings, metadata.get("title"))
    tags, regions = (name_list(metadata.get(key)) if metadata.get(key) is not None else [] for key in ("tags", "regions"))
    if regions and all(isinstance(name, str) for name in tags + regions):
        for region, message in region_mismatches(tags, regions, taxonomy_index(settings.get("TAXONOMY_PATH"))):
            problems.append(Problem(source_path, line("regions", region), WARNING, message))
    return {
        CHECK_PROBLEMS: [(p.line, p.severity, p.message) for p in problems],
        INTERNAL_LINKS: internal_links(body, findings),
    }


class BriefingReader(YAMLMetadataReader):
    """Markdown with YAML front matter, parsed by libyaml and checked (see the module docstring)."""

    def read(self, source_path):
        """``(html, metadata)`` as pelican-yaml-metadata reads them, plus what the text holds for the report."""
        with pelican_open(source_path) as text:
            match = HEADER_RE.fullmatch(text)
        if not match:
            return super().read(source_path)  # no front matter: Markdown's own metadata
        self._checked = None
        metadata = self._load_yaml_metadata(match["metadata"], source_path)
        self._md.Meta = {key: _convert_py_to_meta(value) for key, value in metadata.items()}
        if metadata.get("status") != "skip" and self._checked is not None:
            metadata.update(look_at_file(text, match, self._checked, source_path, self.settings))
        return self._md.reset().convert(match["content"]), metadata

    def _load_yaml_metadata(self, text, source_path):
        try:
            metadata = yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
        except yaml.YAMLError as error:
            # Left out without Pelican's own (wrapped, line-less) error; the end-of-build
            # report (plugin.problems) names the file and line and fails the build.
            logger.debug("%s: front matter is not valid YAML (%s)", source_path, str(error).splitlines()[0])
            return {"status": "skip"}
        except ValueError as error:  # well-formed but impossible, e.g. date: 2024-13-45
            logger.debug("%s: front matter has an impossible date (%s)", source_path, error)
            return {"status": "skip"}
        if not isinstance(metadata, dict):
            logger.debug("%s: front matter is not a mapping of fields", source_path)
            return {"status": "skip"}
        metadata = without_controls({str(key).lower(): value for key, value in metadata.items()})
        self._checked = dict(metadata)  # as written, for briefing check's field checks (read())
        problems = shape_problems(metadata)
        if problems:
            # Pelican leaves out a file whose status is "skip" without a traceback; the
            # end-of-build report (plugin.problems) says why and fails the build.
            logger.debug("%s: left out of the site: %s", source_path, "; ".join(problems))
            return {"status": "skip"}
        for name in IGNORED_FIELDS:
            if metadata.pop(name, None) is not None:
                logger.warning("%s: '%s' in front matter is ignored; the site's settings decide it", source_path, name)
        metadata = as_text(metadata)
        if metadata.get("slug") is not None:
            slug = plain_slug(metadata["slug"], self.settings)
            if slug != metadata["slug"]:
                logger.warning("%s: slug %r is not a plain slug; using %r", source_path, metadata["slug"], slug)
            metadata["slug"] = slug or None  # none left: Pelican makes one from the title
        if not metadata.get("slug") and len(str(metadata.get("title", ""))) > MAX_SLUG_CHARS:
            # QA trial: a 15,000-character title and no slug made a file name the system refused, and
            # the whole build stopped with a traceback. Pelican's own slug, cut as ingest cuts its slugs.
            metadata["slug"] = title_slug(metadata["title"], self.settings) or None
        return self._parse_yaml_metadata(metadata, source_path)


def use_briefing_reader(readers) -> None:
    """``readers_init`` receiver: read Markdown files with :class:`BriefingReader`."""
    for extension in BriefingReader.file_extensions:
        readers.reader_classes[extension] = BriefingReader


def register():
    """Connect the reader (Pelican calls this when it loads the plugin)."""
    signals.readers_init.connect(use_briefing_reader)
