"""Read a plain-text article (a seed like ``seeds/*.txt``) into an :class:`Article`.

The first line is the title. Section headings are recovered from short,
title-cased lines even when no blank line separates them from the paragraph
before. Site boilerplate (embedded-post residue, "Check Also" teasers and
everything after them) is removed before anything else sees the text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from pathlib import Path

from .article import Article
from .errors import SourceError
from .markdown_body import escape_block, escape_inline  # one escaping for text and pages
from .month_names import LOCAL_DATE_PATTERNS, LOCAL_MONTHS

MAX_SEED_BYTES = 2 * 1024 * 1024
"""Seeds larger than this are refused: no news article is 2 MB of text, a log or dump is."""

MAX_TITLE_CHARS = 300
MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 90
MAX_SUMMARY_CHARS = 400

# Where a site's teaser block starts, everything after it is other articles.
TEASER_MARKERS = re.compile(
    r"^\s*(check also|read also|also read|related( posts| articles| stories)?|"
    r"you may also like|more from [\w ]+|recommended( for you)?|read more|"
    r"most read|trending( now)?)\s*:?\s*$",
    re.IGNORECASE,
)
# A paragraph that is the residue of an embedded tweet or post.
EMBED_RESIDUE = re.compile(
    r"pic\.twitter\.com/\w+|^\s*[—–-]\s*.{1,80}\(@\w{1,15}\)\s+\w+ \d{1,2}, \d{4}\s*$",
    re.IGNORECASE,
)
# Small words that stay lower case in a title-cased heading.
HEADING_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of on or over the to under vs with".split()
)
SENTENCE_END = ('.', '!', '?', ':', ';', ',', '"', '”', '’', "'", ')')

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE_PATTERNS = [
    # 2024-07-08
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b"),
    # July 8, 2024 / July 8 to 19, 2024 / July 8–19, 2024
    # The lookahead only skips places where no month name can start: without it the engine tries
    # every month name at every character, the most part of reading a briefing's key facts.
    re.compile(
        r"(?=[" + "".join(sorted({name[0] for name in MONTHS})) + r"])" + _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
        r"(?:\s*(?:to|-|–|—|and)\s*[0-3]?\d(?:st|nd|rd|th)?)?,?\s+(?P<year>(?:19|20)\d\d)\b",
        re.IGNORECASE,
    ),
    # 8 July 2024
    re.compile(
        r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b",
        re.IGNORECASE,
    ),
    # Other languages: "8 июля 2024", "8 lipca 2024", "2024年7月8日" (briefing.month_names)
    *LOCAL_DATE_PATTERNS,
]


def read_text_article(path: str | Path) -> Article:
    """Read the plain-text article at ``path``.

    Raises :class:`SourceError` naming the file for an empty, binary, oversized
    or title-less file.
    """
    from .convert import read_bytes  # shared with the HTML reader: refuses pipes and devices
    from .decode import decode_text  # shared with the HTML reader

    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise SourceError(path, f"cannot read file ({error.strerror or error})") from error
    if size > MAX_SEED_BYTES:
        raise SourceError(
            # In bytes: "2.0 MB, over the 2 MB limit" (a QA trial's 2,108,267 bytes) did not look over it.
            path, f"file is {size:,} bytes, over the {MAX_SEED_BYTES // 1048576} MB limit ({MAX_SEED_BYTES:,} bytes)"
        )
    data = read_bytes(path)
    if not data.strip():
        raise SourceError(path, "file is empty")
    from .seedheader import apply_header, split_header  # an editor's publisher, URL, authors, date

    header, text = split_header(decode_text(data, path).replace("\r\n", "\n"), path)
    article = parse_text(text, path)
    article.source = {"path": path.as_posix(), "sha256": hashlib.sha256(data).hexdigest()}
    apply_header(article, header)
    return article


def parse_text(text: str, where: object = "<text>") -> Article:
    """Turn article text into an :class:`Article` (title, Markdown body, lede, date)."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = remove_boilerplate(lines)
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise SourceError(where, "no usable title: the file has no text")
    title = " ".join(lines.pop(0).split())
    if not is_usable_title(title):
        raise SourceError(where, f"no usable title: first line {title[:60]!r} is not a headline")
    blocks = split_blocks(lines)
    paragraphs = [text for kind, text in blocks if kind == "p"]
    if not paragraphs:
        raise SourceError(where, "no article text after the title")
    body = "\n\n".join(
        ("## " + escape_markdown(text)) if kind == "h" else escape_markdown(text)
        for kind, text in blocks
    )
    date, date_source = find_date(" ".join(paragraphs))
    return Article(
        title=title,
        body=body + "\n",
        summary=make_summary(paragraphs[0]),
        date=date,
        date_source=date_source,
    )


def remove_boilerplate(lines: list[str]) -> list[str]:
    """Drop embedded-post residue and cut at the first teaser marker ("Check Also")."""
    kept = []
    for line in lines:
        if TEASER_MARKERS.match(line) and kept:
            break
        if EMBED_RESIDUE.search(line):
            continue
        kept.append(line)
    return kept


def is_usable_title(title: str) -> bool:
    """A headline has letters, is not a sentence-long paragraph and is not a URL."""
    letters = sum(ch.isalpha() for ch in title)
    return (
        letters >= 3
        and len(title) <= MAX_TITLE_CHARS
        and not re.match(r"^(https?://|www\.)", title, re.IGNORECASE)
    )


def is_heading(line: str, previous: str, following: str) -> bool:
    """Whether ``line`` is a section heading, judged by its own shape.

    Blank lines are not required around it: the seed glues a heading to the end
    of the previous paragraph. What is required is that the previous line ended
    a sentence (so a hard-wrapped paragraph's next line is not taken for one)
    and that text follows.
    """
    words = line.split()
    if not words or len(words) > MAX_HEADING_WORDS or len(line) > MAX_HEADING_CHARS:
        return False
    if line.rstrip().endswith(SENTENCE_END) or not following.strip():
        return False
    if previous.strip() and not previous.rstrip().endswith(SENTENCE_END):
        return False
    if not words[0][0].isupper():
        return False
    significant = [w for w in words if w.lower() not in HEADING_SMALL_WORDS]
    capitalised = sum(1 for w in significant if w[0].isupper() or w[0].isdigit())
    return capitalised == len(significant) and len(significant) >= 1 and (
        len(words) >= 2 or previous.strip() == ""
    )


def split_blocks(lines: list[str]) -> list[tuple[str, str]]:
    """Group lines into ``("h", heading)`` and ``("p", paragraph)`` blocks."""
    blocks: list[tuple[str, str]] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            blocks.append(("p", " ".join(" ".join(paragraph).split())))
            paragraph.clear()

    for index, line in enumerate(lines):
        if not line.strip():
            flush()
            continue
        previous = lines[index - 1] if index else ""
        following = next((l for l in lines[index + 1 :] if l.strip()), "")
        if is_heading(line.strip(), previous, following):
            flush()
            blocks.append(("h", " ".join(line.split())))
        else:
            paragraph.append(line.strip())
    flush()
    return blocks


LINE_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Escape text so Markdown shows it literally (and raw HTML stays text).

    The same escaping as text extracted from web pages (``markdown_body``).
    Control characters are dropped, as the readers drop them: they are
    invalid in the feeds' XML, and Python-Markdown uses two of them (STX,
    ETX) as its own placeholders, so "\x03" vanished from the page (found by
    the property test of the Markdown writer).
    An indented line would start a code block, which shows its escapes
    ("&lt;") literally; the indentation says nothing in a paragraph, so it goes.
    """
    from .decode import strip_control_chars

    # Markdown breaks lines at "\r" too; the line-start escapes must see the same lines.
    text = strip_control_chars(text.replace("\r\n", "\n").replace("\r", "\n"))
    return escape_block(escape_inline(LINE_INDENT.sub("", text)))


_BACKSLASH_ESCAPE = re.compile(r"\\([\\`*_\[\]#+\-.)])")


def unescape_markdown(text: str) -> str:
    """The text :func:`escape_markdown` was given (retag feeds a stored lede back to the tagger)."""
    return html.unescape(_BACKSLASH_ESCAPE.sub(r"\1", text))


def make_summary(lede: str) -> str:
    """The lede, cut at a sentence end when it is longer than a summary should be."""
    if len(lede) <= MAX_SUMMARY_CHARS:
        return lede
    cut = lede[:MAX_SUMMARY_CHARS]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    return cut[: end + 1] if end > 80 else cut.rsplit(" ", 1)[0] + "…"


def iter_dates(text: str):
    """Every full date written in ``text``, in reading order: ``(start, phrase, date)``.

    ``phrase`` is the date as written ("July 8 to 19, 2024"), ``date`` the first
    day it names. Overlapping matches of the patterns count once; impossible
    dates ("31 February 2024") are skipped.
    """
    found: list[tuple[int, str, dt.datetime]] = []
    taken: list[range] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            span = range(match.start(), match.end())
            if any(span.start < other.stop and other.start < span.stop for other in taken):
                continue
            parts = match.groupdict()
            month = int(parts["mnum"]) if parts.get("mnum") else (
                MONTHS.get(parts["month"].lower()) or LOCAL_MONTHS[parts["month"].lower()])
            try:
                date = dt.datetime(int(parts["year"]), month, int(parts["day"]))
            except ValueError:
                continue
            taken.append(span)
            found.append((match.start(), " ".join(match.group(0).split()), date))
    return sorted(found, key=lambda item: item[0])


def find_date(text: str) -> tuple[dt.datetime, str]:
    """The first full date written in ``text``, else now; with where it came from."""
    for _, _, date in iter_dates(text):
        return date, "text"
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0), "ingest"
