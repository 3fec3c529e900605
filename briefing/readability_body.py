"""readability-lxml's article, as a body tree in trafilatura's vocabulary.

readability-lxml scores containers by their paragraphs and commas and keeps
the best one with its siblings: a different method from trafilatura's, with
different mistakes, which is what an ensemble needs (see ``ensemble``). Its
HTML is converted here to the tags ``markdown_body`` writes (``<p>``,
``<head>``, ``<list>``, ``<quote>``, ``<table>``, ``<ref>``, ``<hi>``), so both
candidates are cleaned and written by the same code.
"""

from __future__ import annotations

import contextlib
import logging
import re

import readability.readability as readability_module
from lxml import etree, html as lxml_html
from readability import Document

ATTRIBUTE_WORD_SPLIT = re.compile(r"[\s_\-]+")
HEADINGS = {f"h{level}": f"h{level}" for level in range(1, 7)}
EMPHASIS = {"b": "#b", "strong": "#b", "i": "#i", "em": "#i", "code": "#t", "tt": "#t"}
LISTS = {"ul": "ul", "ol": "ol"}
# Block containers whose own text is a paragraph when no block sits inside.
CONTAINERS = frozenset({"div", "section", "article", "main", "td", "th", "dd", "dt", "center", "header", "footer"})
# Captions belong to images, which briefings do not carry.
DROPPED = frozenset({"figure", "figcaption", "head", "title", "meta", "link", "script", "style", "noscript", "button", "form", "select", "svg", "iframe", "object", "img", "picture", "video", "audio"})
NEVER_TEXT = ("script", "style", "noscript", "svg", "template")
BLOCK_TAGS = frozenset(HEADINGS) | frozenset(LISTS) | {"p", "li", "blockquote", "pre", "table", "tr", "hr", "dl"} | CONTAINERS
# readability's clean() in one pass: long whitespace runs, runs holding a
# newline, a tab, runs of spaces and tabs (its three regexes, in its order).
CLEANED_WHITESPACE = re.compile(r"\s{255,}|\s*\n\s*|\t|[ \t]{2,}")
# Class or id words of captions and credits laid out as paragraphs.
CAPTION_WORDS = frozenset({"caption", "captions", "credit", "credits", "photo", "image", "gallery", "slideshow"})


class CleanedTreeDocument(Document):
    """readability's ``Document`` for a tree already cleaned by the project.

    ``Document._parse`` runs lxml's HTML cleaner over the whole page (a third
    of readability's time on a long page) to drop scripts, styles, comments and
    hidden elements; ``readability_body`` and ``prune_furniture`` have removed
    them already, so only the ``<base href>`` resolution is kept.
    """

    def _parse(self, input):  # noqa: A002 - readability's parameter name
        self.encoding = "utf-8"
        input.resolve_base_href(handle_failures=self.handle_failures)
        return input


def text_length(element) -> int:
    """readability's ``text_length`` (length of the text after its ``clean``), with one regex pass instead of three.

    Each replaced run becomes one character in both, so the lengths are equal
    (``tests/test_extract.py`` checks it); readability measures every
    candidate's text this way, a third of its time on a long page.
    """
    return len(CLEANED_WHITESPACE.sub(" ", element.text_content() or "").strip())


@contextlib.contextmanager
def one_pass_text_length():
    """Let readability measure text with ``text_length`` while the block runs.

    Swapped in only for our own call, so anything else using readability in
    the process (the benchmark's plain readability-lxml run) gets it unchanged.
    """
    original = readability_module.text_length
    readability_module.text_length = text_length
    try:
        yield
    finally:
        readability_module.text_length = original


def readability_body(page):
    """The article readability-lxml finds in a page, as a trafilatura-style ``<body>``; None if none.

    ``page`` is HTML text or a parsed ``lxml.html`` tree (which readability changes).
    """
    # readability-lxml logs every unparseable page at ERROR; a batch reports its own failures.
    logging.getLogger("readability.readability").setLevel(logging.CRITICAL)
    document_class = Document
    if not isinstance(page, str):
        # What readability's cleaner would remove, removed faster in C; hidden
        # elements went in boilerplate.prune_furniture (all but MathML, which is
        # a formula's text), so its cleaner has nothing left to do.
        etree.strip_elements(page, *NEVER_TEXT, etree.Comment, etree.ProcessingInstruction, with_tail=False)
        document_class = CleanedTreeDocument
    try:
        with one_pass_text_length():
            summary = document_class(page).summary(html_partial=True)
    except Exception:  # noqa: BLE001 - readability raises bare Exceptions on odd pages: no candidate
        return None
    if not summary or not summary.strip():
        return None
    try:
        root = lxml_html.fromstring(summary)
    except (etree.ParserError, ValueError):
        return None
    body = etree.Element("body")
    convert_children(root, body)
    return body if len(body) else None


def convert_children(source, target) -> None:
    """Append the blocks of ``source``'s children (and loose text) to ``target``."""
    loose = None
    if source.text and source.text.strip():
        loose = etree.SubElement(target, "p")
        loose.text = source.text
    for child in source:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in DROPPED or not tag or is_caption(child):
            pass
        elif tag in BLOCK_TAGS or has_block(child):
            loose = None
            convert_block(child, target)
        else:
            if loose is None:
                loose = etree.SubElement(target, "p")
            convert_inline(child, loose)
        if child.tail and child.tail.strip():
            if loose is None:
                loose = etree.SubElement(target, "p")
            append_text(loose, child.tail)


def convert_block(element, target) -> None:
    """One block element as its trafilatura equivalent under ``target``."""
    tag = element.tag
    if tag in HEADINGS:
        block = etree.SubElement(target, "head", rend=HEADINGS[tag])
        fill_inline(element, block)
    elif tag in LISTS:
        block = etree.SubElement(target, "list", rend=LISTS[tag])
        for item in element:
            if isinstance(item.tag, str) and item.tag == "li":
                entry = etree.SubElement(block, "item")
                fill_inline(item, entry)
    elif tag == "li":
        fill_inline(element, etree.SubElement(target, "p"))
    elif tag == "blockquote":
        quote = etree.SubElement(target, "quote")
        convert_children(element, quote)
    elif tag == "pre":
        etree.SubElement(target, "code").text = element.text_content()
    elif tag == "table":
        convert_table(element, target)
    elif tag == "p" and not has_block(element):
        fill_inline(element, etree.SubElement(target, "p"))
    elif tag == "hr":
        return
    else:  # a container: its blocks in order, loose text as paragraphs
        convert_children(element, target)
    drop_if_empty(target)


def convert_table(element, target) -> None:
    """A table as ``<table><row><cell>``; layout tables holding blocks are flattened."""
    if any(has_block(cell) for cell in element.iter("td", "th")):
        for cell in element.iter("td", "th"):
            convert_children(cell, target)
        return
    table = etree.SubElement(target, "table")
    for row in element.iter("tr"):
        row_element = etree.SubElement(table, "row")
        for cell in row:
            if isinstance(cell.tag, str) and cell.tag in ("td", "th"):
                cell_element = etree.SubElement(row_element, "cell")
                if cell.tag == "th":
                    cell_element.set("role", "head")
                fill_inline(cell, cell_element)


def fill_inline(source, target) -> None:
    """Copy ``source``'s text and inline children into ``target``."""
    append_text(target, source.text)
    for child in source:
        if isinstance(child.tag, str) and child.tag not in DROPPED:
            convert_inline(child, target)
        append_text(target, child.tail)


def convert_inline(element, target) -> None:
    """One inline element (link, emphasis, line break) appended to ``target``."""
    tag = element.tag
    if tag in DROPPED:
        return
    if tag == "br":
        etree.SubElement(target, "lb")
        return
    if tag == "a" and element.get("href"):
        inline = etree.SubElement(target, "ref", target=element.get("href"))
    elif tag in EMPHASIS:
        inline = etree.SubElement(target, "hi", rend=EMPHASIS[tag])
    else:
        inline = target  # another inline element: its text and children, unwrapped
    fill_inline(element, inline)


def is_caption(element) -> bool:
    """Tell whether an element's class or id names it a caption, credit or gallery."""
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return not CAPTION_WORDS.isdisjoint(ATTRIBUTE_WORD_SPLIT.split(names))


def append_text(element, text: str | None) -> None:
    """Add text at the end of an element's content."""
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def has_block(element) -> bool:
    """Tell whether an element holds block elements (so it is not one paragraph)."""
    return any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in element.iterdescendants())


def drop_if_empty(target) -> None:
    """Remove the block just added to ``target`` if it holds no text."""
    if len(target) and not "".join(target[-1].itertext()).strip():
        target.remove(target[-1])
