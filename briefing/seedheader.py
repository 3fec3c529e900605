"""The optional header of a plain-text seed: where the article came from.

A text seed is the headline, then the text. Pasted from a site, it loses its
provenance, so an editor may put a front-matter-style header first::

    ---
    publisher: Belsat
    url: https://belsat.eu/en/news/minsk-talks
    author: Anna Kowalska          # or authors: [Anna Kowalska, Ivan Petrov]
    date: 2024-07-08
    genre: analysis                # optional: opinion, editorial, analysis...
    language: uk                   # optional: the text's language, when it is too short to tell
    ---
    Minsk hosts border talks

    The text...

The header is YAML (read with a YAML library). ``publisher``, ``url`` and the
authors go into the briefing's ``source``; ``date`` is the article's stated
date (``date_source: metadata``); ``genre`` labels opinion and analysis on
the page; ``language`` is recorded when detection is not sure (a three-word text). An unknown field, a non-http(s) URL or a bad date is an error naming
the file and line, so a typo is not silently dropped.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from .errors import SourceError
from .feeds import is_url
from .frontmatter import SAFE_LOADER
from .language import normalise_code

HEADER = re.compile(r"\A---[ \t]*\n(?P<fields>.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
FIELDS = ("publisher", "url", "author", "authors", "date", "genre", "language")


def split_header(text: str, where: object) -> tuple[dict, str]:
    """``(fields, the text after the header)``; without a header, ``({}, text)``."""
    match = HEADER.match(text)
    if not match:
        return {}, text
    try:
        fields = yaml.load(match["fields"] or "", Loader=SAFE_LOADER) or {}  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        raise SourceError(f"{where}:{line}", f"the header is not valid YAML ({getattr(error, 'problem', error)})") from None
    except ValueError as error:  # well-formed but impossible, e.g. date: 2024-13-45
        lines = (match["fields"] or "").splitlines()
        line = next((n for n, text in enumerate(lines, 2) if text.startswith("date:")), 2)
        raise SourceError(f"{where}:{line}", f"the header has an impossible date ({error})") from None
    if not isinstance(fields, dict):
        raise SourceError(f"{where}:2", f"the header must be fields like 'publisher: Name', one a line ({', '.join(FIELDS)})")
    return check_fields(fields, where, match["fields"] or ""), text[match.end():]


BRIEFING_ONLY = ("title", "slug", "tags", "regions", "summary")
"""Front-matter fields of a briefing that a seed's header never has."""


def check_fields(fields: dict, where: object, header: str) -> dict:
    """The header's fields, checked: known names, text values, an http(s) URL, a real date."""
    def fail(name, reason):
        number = next((n for n, line in enumerate(header.splitlines(), 2) if line.startswith(f"{name}:")), 2)
        raise SourceError(f"{where}:{number}", reason)

    checked = {}
    for name, value in fields.items():
        name = str(name)
        if name in BRIEFING_ONLY:
            # QA trial: an editor dropped a finished briefing into seeds/ and was told only that 'title'
            # is unknown.
            fail(name, f"'{name}' is a briefing's field, not a seed header's: a seed's title is the first line "
                       "below the header; a finished briefing with front matter goes in content/briefings/")
        if name not in FIELDS:
            fail(name, f"unknown header field '{name}' (known: {', '.join(FIELDS)})")
        if name == "date":
            checked["date"] = header_date(value) or fail(name, f"'date' {value!r} is not a date like 2024-07-08")
        elif name in ("author", "authors"):
            names = value if isinstance(value, list) else [value]
            if not all(isinstance(item, str) and item.strip() for item in names):
                fail(name, f"'{name}' must be a name or a list of names")
            checked.setdefault("authors", []).extend(" ".join(item.split()) for item in names)
        elif not isinstance(value, str) or not value.strip():
            fail(name, f"'{name}' must be text")
        elif name == "url" and not is_url(value.strip()):
            fail(name, f"'url' {value!r} is not an http(s) address")
        elif name == "language":
            checked["language"] = normalise_code(value) or fail(
                name, f"'language' {value!r} is not a language code like 'uk' or 'zh-Hans'")
        else:
            checked[name] = " ".join(value.split())
    return checked


def header_date(value) -> dt.datetime | None:
    """A header date as a datetime (midnight for a day), or None if it is not one."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def apply_header(article, fields: dict) -> None:
    """Put the header's fields on the article: its source, stated date and genre."""
    if "publisher" in fields:
        article.source["site_name"] = fields["publisher"]
    if "url" in fields:
        article.source["url"] = fields["url"]
    if fields.get("authors"):
        article.source["authors"] = fields["authors"]
    if "genre" in fields:
        article.source["genre"] = fields["genre"].lower()
    if "language" in fields:
        article.source["language"] = fields["language"]
    if "date" in fields:
        article.date, article.date_source = fields["date"], "metadata"
