"""Write trafilatura's extracted article tree as Markdown.

trafilatura's own Markdown output cannot be checked link by link, so the
tree it extracts (``<p>``, ``<head>``, ``<list>``, ``<quote>``, ``<table>``,
``<hi>``, ``<ref>``...) is converted here, one small function per tag. Text is
escaped so that nothing in it can become Markdown syntax or raw HTML, and
every link and image address passes ``safety.safe_url``.
"""

from __future__ import annotations

import re
import urllib.parse

from briefing.safety import safe_url

MIN_HEADING_LEVEL = 2  # the page template shows the title as the only <h1>
MAX_HEADING_LEVEL = 6
LIST_INDENT = "    "  # Python-Markdown nests lists by four spaces
MIN_FENCE = 3  # backticks around a fenced code block
WHITESPACE = re.compile(r"\s+")
# Characters that start Markdown inline syntax anywhere in a line.
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
ENTITY_LIKE = re.compile(r"&(?=#?[a-zA-Z0-9]+;)")
# What would make a line's first characters a heading, list item or rule
# (Python-Markdown takes "#word" as a heading too, so '#' always counts; a
# leading "--" starts a rule or a setext underline).
LINE_START_MARKER = re.compile(r"^(\s*)([+\-*](?=\s|$)|#|-(?=-))")
LINE_START_NUMBER = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")
# "=" has no backslash escape in Python-Markdown: a leading one (a setext
# underline) is written as its character reference instead.
LINE_START_EQUALS = re.compile(r"^(\s*)=", re.MULTILINE)
# Nor have ":" and "|" a dependable one: after a line of text, a leading ":"
# starts a definition list in Markdown Extra (which ate the colon) and lines of
# pipes a table (which ate them): found by the Markdown writer's property test.
LINE_START_TABLE_OR_DEFINITION = re.compile(r"^(\s*)([:|])", re.MULTILINE)
URL_UNSAFE = re.compile(r"[\s\"'()<>\\]")
EMPHASIS = {"#b": "**", "#i": "*", "#u": "", "#sub": "", "#sup": "", "#t": "`"}


class Renderer:
    """Converts one extracted tree; ``base`` resolves relative links."""

    def __init__(self, base_url: str | None = None):
        self.base_url = base_url
        self.in_emphasis = 0
        self.in_quote = 0

    def render(self, body) -> str:
        """Markdown for a whole ``<body>`` (or ``<main>``/``<doc>``) element."""
        merge_adjacent_emphasis(body)
        return "\n\n".join(block for block in self.blocks(body) if block.strip()).strip()

    def blocks(self, element) -> list[str]:
        """The Markdown blocks for the children of a container element."""
        found = []
        # Loose text between blocks is text like any other: escaped inline too.
        leading = clean_inline(element.text)
        if leading.strip():
            found.append(escape_block(escape_inline(leading.strip())))
        for child in element:
            handler = BLOCK_HANDLERS.get(child.tag)
            if handler is not None:
                found.append(handler(self, child))
            elif child.tag in INLINE_HANDLERS:
                found.append(escape_block(collapse(INLINE_HANDLERS[child.tag](self, child))))
            else:
                found.extend(self.blocks(child))
            tail = clean_inline(child.tail)
            if tail.strip():
                found.append(escape_block(escape_inline(tail.strip())))
        return found

    def inline(self, element) -> str:
        """The inline Markdown of an element's text and children."""
        parts = [escape_inline(clean_inline(element.text))]
        for child in element:
            handler = INLINE_HANDLERS.get(child.tag, Renderer.inline_plain)
            parts.append(handler(self, child))
            parts.append(link_tail(child, escape_inline(clean_inline(child.tail))))
        return "".join(parts)

    def inline_plain(self, element) -> str:
        """Unknown inline tags keep their text only."""
        return self.inline(element)

    def paragraph(self, element) -> str:
        """``<p>``: one paragraph; line breaks inside it are kept."""
        return escape_block(collapse(self.inline(element)))

    def heading(self, element) -> str:
        """``<head rend="hN">``: an ATX heading, on one line."""
        level = heading_level(element.get("rend"))
        text = collapse(self.inline(element)).replace("\n", " ")
        return f"{'#' * level} {text}" if text else ""

    def quote(self, element) -> str:
        """``<quote>``: its blocks, each line prefixed with ``>``."""
        self.in_quote += 1
        try:
            inner = self.render(element) if len(element) else self.paragraph(element)
        finally:
            self.in_quote -= 1
        return "\n".join(f"> {line}" if line else ">" for line in inner.splitlines())

    def code_block(self, element) -> str:
        """Block ``<code>``: a fenced code block, text left verbatim.

        Fenced, not indented: an indented block right after a list becomes
        part of the list item, and its text raw HTML. Fences do not work
        inside a quote, so there the code is written as escaped text.
        """
        text = "".join(element.itertext()).strip("\n")
        if not text.strip():
            return ""
        if self.in_quote:
            lines = (escape_inline(clean_inline(line).strip()) for line in text.splitlines())
            return escape_block("\n".join(line for line in lines if line))
        fence = "`" * max(MIN_FENCE, longest_run(text, "`") + 1)
        return f"{fence}\n{text}\n{fence}"

    def list_block(self, element) -> str:
        """``<list rend="ul|ol">``: items, nested lists indented four spaces."""
        ordered = element.get("rend", "").lower() in ("ol", "#ol")
        lines = []
        number = 1
        for item in element:
            if item.tag != "item":
                continue
            marker = f"{number}. " if ordered else "- "
            number += 1
            text, nested = self.item_parts(item)
            if not text and not nested:
                continue
            # Continuation lines of an item must be indented to stay in it.
            lines.append(marker + text.replace("\n", "\n" + LIST_INDENT))
            lines.extend(LIST_INDENT + line if line else "" for line in nested.splitlines())
        return "\n".join(lines)

    def item_parts(self, item) -> tuple[str, str]:
        """An item's own inline text, and its nested lists as Markdown."""
        parts = [escape_inline(clean_inline(item.text))]
        nested = []
        for child in item:
            if child.tag == "list":
                nested.append(self.list_block(child))
            elif child.tag in BLOCK_HANDLERS:
                parts.append(" " + collapse(self.inline(child)) + " ")
            else:
                parts.append(INLINE_HANDLERS.get(child.tag, Renderer.inline_plain)(self, child))
            parts.append(link_tail(child, escape_inline(clean_inline(child.tail))))
        return escape_line_start(collapse("".join(parts))), "\n".join(nested)

    def table(self, element) -> str:
        """``<table>``: a pipe table; the first row is the header row."""
        rows = [
            [table_cell(self.inline(cell)) for cell in row if cell.tag == "cell"]
            for row in element.iter("row")
        ]
        rows = [row for row in rows if any(row)]
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
        return "\n".join(lines)

    def graphic(self, element) -> str:
        """``<graphic>``: an image, only if its source is a safe http(s) URL."""
        src = safe_url(element.get("src"), self.base_url, image=True)
        if not src:
            return ""
        alt = escape_inline(collapse(element.get("alt") or element.get("title") or ""))
        return f"![{alt}]({escape_url(src)})"

    def emphasis(self, element) -> str:
        """``<hi rend="#b|#i|#t">``: bold, italic or code; others plain."""
        marker = EMPHASIS.get(element.get("rend", ""), "")
        if marker == "`":
            return code_span("".join(element.itertext()))
        # Nested or link-wrapping emphasis ("*by*[*Karl*](u)*),*") confuses
        # Markdown parsers into leaking their placeholders, so only the
        # outermost emphasis of plain text is marked.
        if self.in_emphasis or element.find("hi") is not None or element.find("ref") is not None:
            marker = ""
        self.in_emphasis += 1
        try:
            text = self.inline(element)
        finally:
            self.in_emphasis -= 1
        stripped = text.strip()
        if not stripped or not marker or not is_markable(stripped):
            return text
        # Emphasis markers must hug the text, so surrounding spaces move outside.
        before = text[: len(text) - len(text.lstrip())]
        after = text[len(text.rstrip()):]
        return f"{before}{marker}{stripped}{marker}{after}"

    def link(self, element) -> str:
        """``<ref target>``: a link if the target is safe, else just its text."""
        text = self.inline(element)
        target = safe_url(element.get("target"), self.base_url)
        if not target or not text.strip():
            return text
        # trafilatura keeps the space before a link inside it (" wrote");
        # it belongs outside the brackets.
        before = " " if text[:1].isspace() else ""
        after = " " if text[-1:].isspace() else ""
        return f"{before}[{text.strip()}]({escape_url(target)}){after}"

    def line_break(self, element) -> str:
        """``<lb>``: a line break (a soft break in Markdown)."""
        return "\n"

    def inline_code(self, element) -> str:
        """Inline ``<code>``: a code span."""
        return code_span("".join(element.itertext()))


BLOCK_HANDLERS = {
    "p": Renderer.paragraph,
    "head": Renderer.heading,
    "quote": Renderer.quote,
    "code": Renderer.code_block,
    "list": Renderer.list_block,
    "table": Renderer.table,
    "graphic": Renderer.graphic,
}

INLINE_HANDLERS = {
    "hi": Renderer.emphasis,
    "ref": Renderer.link,
    "lb": Renderer.line_break,
    "graphic": Renderer.graphic,
    "code": Renderer.inline_code,
    "del": Renderer.inline_plain,
}


def render_markdown(body, base_url: str | None = None) -> str:
    """Convert a trafilatura body element to safe Markdown."""
    return Renderer(base_url).render(body)


def merge_adjacent_emphasis(body) -> None:
    """Join ``<hi>`` siblings of the same kind with nothing between them.

    Two adjacent italics would otherwise be written ``*a**b*``, which
    Markdown reads as bold.
    """
    for element in list(body.iter("hi")):
        previous = element.getprevious()
        if (
            previous is None
            or previous.tag != "hi"
            or previous.get("rend") != element.get("rend")
            or (previous.tail or "")
        ):
            continue
        if len(previous):
            last = previous[-1]
            last.tail = (last.tail or "") + (element.text or "")
        else:
            previous.text = (previous.text or "") + (element.text or "")
        previous.extend(list(element))
        previous.tail = element.tail
        element.getparent().remove(element)


def link_tail(element, tail: str) -> str:
    """The text after an element, with the space trafilatura lost after links.

    trafilatura strips the whitespace that follows a ``<ref>`` or ``<hi>``,
    which would glue its text to the next word ("reported</ref>that").
    """
    if element.tag in ("ref", "hi") and tail[:1].isalnum():
        return " " + tail
    return tail


def is_markable(text: str) -> bool:
    """Whether emphasis markers around text will parse as emphasis.

    Markdown ignores ``*`` next to whitespace, and escaped or punctuation
    edges make stray markers likely; such text is left unmarked.
    """
    return text[0].isalnum() and (text[-1].isalnum() or text[-1] in ".,!?\"'”’)")


def heading_level(rend: str | None) -> int:
    """The Markdown heading level for trafilatura's ``rend="h3"``."""
    match = re.fullmatch(r"h([1-6])", (rend or "").lower())
    level = int(match.group(1)) if match else MIN_HEADING_LEVEL
    return min(max(level, MIN_HEADING_LEVEL), MAX_HEADING_LEVEL)


def clean_inline(text: str | None) -> str:
    """Text with every run of whitespace (newlines too) made one space."""
    return WHITESPACE.sub(" ", text) if text else ""


def collapse(text: str) -> str:
    """Inline Markdown tidied: single spaces, trimmed; hard breaks kept."""
    lines = [WHITESPACE.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def escape_inline(text: str) -> str:
    """Escape text so Markdown shows it literally and never as HTML."""
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    text = ENTITY_LIKE.sub("&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def escape_line_start(text: str) -> str:
    """Escape what would turn the start of each line into block syntax."""
    lines = []
    for line in text.split("\n"):
        line = LINE_START_MARKER.sub(r"\1\\\2", line)
        lines.append(LINE_START_NUMBER.sub(r"\1\\\2", line))
    text = LINE_START_EQUALS.sub(r"\1&#61;", "\n".join(lines))
    return LINE_START_TABLE_OR_DEFINITION.sub(lambda match: f"{match[1]}&#{ord(match[2])};", text)


def escape_block(text: str) -> str:
    """Escape a whole paragraph that is already inline-escaped."""
    return escape_line_start(text)


def escape_url(url: str) -> str:
    """Make a URL safe inside Markdown's ``(...)``.

    Whitespace, quotes, parentheses and angle brackets are percent-encoded,
    so a URL can neither end the link early nor start a link title.
    """
    return URL_UNSAFE.sub(lambda match: urllib.parse.quote(match.group()), url)


def table_cell(text: str) -> str:
    """A cell's inline Markdown on one line, with its pipes escaped."""
    return collapse(text).replace("\n", " ").replace("|", "\\|")


def longest_run(text: str, char: str) -> int:
    """The length of the longest run of ``char`` in ``text``."""
    return max((len(run) for run in re.findall(f"{re.escape(char)}+", text)), default=0)


def code_span(text: str) -> str:
    """An inline code span that survives backticks inside it."""
    text = clean_inline(text).strip()
    if not text:
        return ""
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"
