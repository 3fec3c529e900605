"""Recognise page furniture that extraction lets through.

``prune_furniture`` removes known furniture (cookie banners, share bars,
newsletter boxes, related-story teasers, hidden elements, links without
text) from the page before extraction, by element: its tag, role and
class/id words, never by what one site's text says.
"""

from __future__ import annotations

import re

from lxml import etree

# What reads as prose: the same measure as the ensemble's.
from briefing.ensemble import MAX_LINK_DENSITY, MIN_PROSE_WORDS, WORD

# Class/id words of page furniture. Matched as whole words of the attribute
# (split at spaces, hyphens and underscores) so that "shared-content" does
# not match "share"; "ad slot" matches "ad-slot" and "ad_slot".
FURNITURE_WORDS = (
    "cookie", "cookies", "consent", "gdpr", "newsletter", "subscribe",
    "subscription", "share", "sharing", "social", "related", "recommended",
    "promo", "advert", "advertisement", "ad slot", "outbrain", "taboola",
    "paywall", "signup", "sign up", "breadcrumb", "breadcrumbs", "sidebar",
    # Hover cards inside the text ("Ilhan Omar" + photo + her latest stories).
    "tooltip", "popover", "hovercard",
)
FURNITURE_TAGS = frozenset({"aside"})
FURNITURE_ROLES = frozenset({"complementary", "navigation"})
MARKED_XPATH = " | ".join(["//*[@class or @id or @role or @style or @hidden]", *(f"//{tag}" for tag in sorted(FURNITURE_TAGS))])
# The article container itself is never pruned, whatever its class says.
ARTICLE_BODY_XPATH = "//*[@itemprop='articleBody']"
KEPT_TAGS = frozenset({"html", "body", "article", "main"})
# What a browser does not show; readers never see it either.
HIDDEN_STYLE = re.compile(r"(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.IGNORECASE)
ATTRIBUTE_SEPARATOR = r"[\s_\-]"
# Any furniture word, whole, in a class/id string: one search instead of a loop over the words.
FURNITURE_NAME = re.compile(
    rf"(?:^|{ATTRIBUTE_SEPARATOR})(?:"
    + "|".join(re.escape(word).replace(r"\ ", f"{ATTRIBUTE_SEPARATOR}+") for word in FURNITURE_WORDS)
    + rf")(?=$|{ATTRIBUTE_SEPARATOR})",
    re.IGNORECASE,
)
# Some sites wrap the whole page in one "share"-classed element or form; a
# match holding more than this share of the page's text is not furniture.
MAX_PRUNED_SHARE = 0.3
NON_TEXT_TAGS = ("style", "svg", "template")
JSON_LD = "application/ld+json"
# Sibling divs that read as paragraphs, this many under one parent, are the text.
MIN_PARAGRAPH_DIVS = 3
# What makes a div more than one paragraph.
BLOCK_TAGS = frozenset({
    "p", "div", "ul", "ol", "li", "dl", "table", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "section", "article", "main", "header", "footer", "nav", "aside", "form", "figure", "hr", "details",
    "fieldset", "address", "center", "menu", "iframe", "video", "audio", "canvas", "noscript", "select",
    "textarea", "picture", "img",
})
LINK_FORMATTING = ("em", "i", "b", "strong", "u")
# A classed span in a paragraph holding one link and no text of its own.
LINK_SPAN_XPATH = "//p//span[@class or @id][count(*) = 1][a][not(normalize-space(text()))]"
UNWRAPPED = "briefing-unwrapped"  # a temporary tag name, for stripping chosen elements only
# Where text split by <br><br> is a run of paragraphs (not inside a paragraph or a link).
LINE_BREAK_CONTAINERS = frozenset({"div", "td", "th", "article", "section", "main", "body", "blockquote", "center", "dd", "font", "span"})
# Siblings of one tag and class, this many, each of this many elements, are records (comments, slides).
MIN_RECORDS = 5
MIN_RECORD_PARTS = 2
# Items of a list or rows of a table are the text's own structure, not records.
NOT_RECORD_TAGS = frozenset({"li", "tr", "td", "th", "dt", "dd", "thead", "tbody", "option", "p"})
MIN_LAYOUT_CELL_CHARS = 1000
LAYOUT_TABLE_PARTS = ("thead", "tbody", "tfoot", "tr", "td", "th")
# Blocks that a data table's cell can be wrapped in whole.
CELL_WRAPPERS = frozenset({"div", "p"})
# An element whose text is mostly this many paragraphs of prose is text, not furniture.
MIN_PROSE_PARAGRAPHS = 2
MIN_PROSE_SHARE = 0.7
# Furniture-named parts holding more than this share of the main block's text are the theme's labels.
MAX_LABELLED_MAIN_SHARE = 0.5
# A paragraph's own wrapper (and the wrapper of that), up to this many, stand for the paragraph.
WRAPPER_TAGS = frozenset({"div", "section", "span"})
MAX_WRAPPER_DEPTH = 3


def prune_furniture(tree):
    """Remove known page furniture from a parsed page, in place.

    Returns the block holding most of the page's paragraph text (see
    ``main_text_block``), which pruning kept whole, or None.
    """
    # Only elements with these attributes (or an <aside>) can be furniture or hidden.
    marked = tree.xpath(MARKED_XPATH)
    for element in [element for element in marked if is_hidden(element)]:
        if element.getparent() is not None:
            remove_keeping_tail(element)
    inline_math(tree)
    unwrap_layout_tables(tree)
    unwrap_cell_wrappers(tree)
    paragraphs_from_line_breaks(tree)
    mark_paragraph_divs(tree)
    drop_textless_links(tree)
    unwrap_link_formatting(tree)
    unwrap_link_spans(tree)
    total = text_length(tree) or 1
    # Blog and CMS containers carry category and tag words in their classes
    # ("entry-category-social_media", "tag-share"): whatever its class, the
    # block holding most of the page's paragraph text is the article.
    main = main_text_block(tree)
    prune_repeated_records(tree, main)
    protected = set()
    # The page's own mark of its article body (schema.org microdata) is kept too.
    for block in [main, *tree.xpath(ARTICLE_BODY_XPATH)]:
        if block is not None:
            protected.update((block, *block.iterancestors()))
    for block in protected:
        lift_furniture_marks(block)
    main_total = text_length(main) if main is not None else 0
    furniture = [element for element in marked if is_furniture_element(element)]
    protected.update(theme_labelled_parts(furniture, main, main_total))
    for element in furniture:
        if element in protected or element.getparent() is None:
            continue
        length = text_length(element)
        if length > MAX_PRUNED_SHARE * total:
            # Too much of the page to be furniture, so not for the extractors
            # to drop either: a post in an <aside> whose text is in lists or
            # written straight in it, not in the <p> that make the main block.
            lift_furniture_marks(element)
            continue
        if is_named_furniture(element) and reads_as_text(element):
            lift_furniture_marks(element)
            continue
        # Inside the main block, a "furniture" element holding much of its text is
        # part of the story (an <ol> of the post's points classed "category-…").
        if length > MAX_PRUNED_SHARE * main_total and main in element.iterancestors():
            lift_furniture_marks(element)
            continue
        remove_keeping_tail(element)
    return main


def theme_labelled_parts(furniture: list, main, main_total: int) -> list:
    """The elements inside the main block that furniture-named parts of it are, when those parts hold most of it.

    A CMS theme can put category, tag and share words on every wrapper of
    the story ("entry-category-social_media", "tag-share", "post-promo-block",
    the stress benchmark's cms-classes pages): class words on most of the
    main block's text label the story, they do not mark furniture. Those
    parts get their marks lifted (so no extractor drops them by name) and
    are returned, with everything inside them, to be kept.
    """
    if main is None:
        return []
    inside = outermost([element for element in furniture if main in element.iterancestors()])
    if sum(map(text_length, inside)) <= MAX_LABELLED_MAIN_SHARE * main_total:
        return []
    kept = []
    for part in inside:
        for element in part.iter():
            if isinstance(element.tag, str):
                lift_furniture_marks(element)
                kept.append(element)
    return kept


def outermost(elements: list) -> list:
    """Those of ``elements`` that are not inside another of them."""
    chosen = set(elements)
    return [element for element in elements if not any(ancestor in chosen for ancestor in element.iterancestors())]


def lift_furniture_marks(block) -> None:
    """Make a block that pruning keeps plain to the extractors: no ``<aside>`` tag, no navigation role, no furniture words.

    trafilatura drops every ``<aside>`` (a blog post set in ``<aside
    class="blogPost">``, the stress benchmark's aside-post pages), and every
    element whose class or id holds one of its own furniture words, whatever
    pruning decided: an ``<article class="… url-breadcrumb">`` or a
    ``<div class="post category-social-media">`` holding the story would go
    whole. Only the furniture words are taken off; the other class words
    stay, as extractors also read them as a sign of content ("article-body").
    """
    if block.tag in FURNITURE_TAGS:
        block.tag = "div"
    if block.get("role") in FURNITURE_ROLES:
        del block.attrib["role"]
    for attribute in ("class", "id"):
        value = block.get(attribute)
        if value and FURNITURE_NAME.search(value):
            block.set(attribute, " ".join(word for word in value.split() if not FURNITURE_NAME.search(word)))


def prune_repeated_records(tree, main) -> None:
    """Remove runs of repeated records (comments, gallery slides, teaser cards) outside the main block, in place.

    Reader comments ("Posted by … Report this comment") and the captions of a
    gallery are records: five or more siblings of one tag and class, each
    built of several elements (who and when, text, links; image and caption).
    Their words read as prose, so neither extractor leaves them out by
    density alone (the stress benchmark's comments, gallery and blog pages).
    The story is never inside such a run: a parent holding the main text
    block is skipped, and so is anything inside that block.
    """
    around = set() if main is None else {main, *main.iterancestors(), *main.iterdescendants()}
    runs = []
    for parent in tree.iter():
        if parent in around or not isinstance(parent.tag, str) or len(parent) < MIN_RECORDS:
            continue
        groups: dict = {}
        for child in parent:
            if isinstance(child.tag, str) and child.tag not in NOT_RECORD_TAGS:
                groups.setdefault((child.tag, child.get("class")), []).append(child)
        for records in groups.values():
            if len(records) >= MIN_RECORDS and all(is_record(record) for record in records):
                runs.append(records)
    for records in runs:
        for record in records:
            if record.getparent() is not None:
                remove_keeping_tail(record)


def is_record(element) -> bool:
    """Tell whether an element is built of several blocks (a record), not one paragraph."""
    return sum(1 for child in element if isinstance(child.tag, str) and child.tag in BLOCK_TAGS) >= MIN_RECORD_PARTS


def reads_as_text(element) -> bool:
    """Tell whether an element is mostly paragraphs of prose, whatever its class says.

    Share bars, menus, teasers and sign-up boxes are links and short lines; a
    CMS section of the story classed "share_wrapper" or "category-related"
    is paragraphs of prose (the stress benchmark's cms-classes pages).
    """
    prose = [len(" ".join(p.text_content().split())) for p in element.iter("p") if is_prose_div(p)]
    return len(prose) >= MIN_PROSE_PARAGRAPHS and sum(prose) >= MIN_PROSE_SHARE * (text_length(element) or 1)


def strip_non_text(tree) -> None:
    """Remove what never holds article text (styles, SVG, templates, comments, scripts), in place.

    Every reader after this (metadata, pruning, both extractors) walks the
    whole tree, and an icon-heavy page is mostly SVG paths and scripts.
    JSON-LD scripts stay: they hold the page's metadata.
    """
    scripts = [script for script in tree.iter("script") if (script.get("type") or "").strip().lower() != JSON_LD]
    for script in scripts:
        if script.getparent() is not None:
            remove_keeping_tail(script)
    etree.strip_elements(tree, *NON_TEXT_TAGS, etree.Comment, etree.ProcessingInstruction, with_tail=False)


def paragraphs_from_line_breaks(tree) -> None:
    """Make text split by runs of ``<br>`` into ``<p>`` elements, in place (as Readability.js does).

    Older markup writes paragraphs as text separated by ``<br><br>``. trafilatura
    reads such a container in pieces: it loses a paragraph's words after its
    first link, and the first paragraph itself (the stress benchmark's
    br-paragraphs and old-page pages).
    """
    parents = [line_break.getparent() for line_break in tree.iter("br") if starts_break_run(line_break)]
    for parent in dict.fromkeys(parents):
        if parent is not None and parent.tag in LINE_BREAK_CONTAINERS:
            split_at_break_runs(parent)


def starts_break_run(line_break) -> bool:
    """Tell whether a ``<br>`` is followed, with only blank text between, by another."""
    following = line_break.getnext()
    return following is not None and following.tag == "br" and not (line_break.tail or "").strip()


class Stretch:
    """Text and inline elements of a container between two of its block children or runs of ``<br>``."""

    def __init__(self, text: str | None, after_run: bool = False):
        self.text, self.inline, self.beside_run = text, [], after_run

    def has_text(self) -> bool:
        """Tell whether the stretch holds words (an inline element's include its tail: the words after a linked image)."""
        return bool(self.text and self.text.strip()) or any(
            has_text(element) or (element.tail or "").strip() for element in self.inline)


def split_at_break_runs(parent) -> None:
    """Wrap the stretches of a container's text beside a run of ``<br>`` in ``<p>`` elements, in place.

    A stretch ends at a run of ``<br>`` or a block child; one between two
    blocks, with no run beside it, is left as it is (a line under a heading).
    """
    children = list(parent)
    current = Stretch(parent.text)
    items = [current]  # block children and stretches, in order
    in_run = False
    for child in children:
        if child.tag == "br" and (in_run or starts_break_run(child)):
            if not in_run:
                current.beside_run = True
                current = Stretch(None, after_run=True)
                items.append(current)
            in_run = starts_break_run(child)
            current.text = (current.text or "") + (child.tail or "")
            continue
        in_run = False
        if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
            tail, child.tail = child.tail, None
            current = Stretch(tail)
            items += [child, current]
        else:
            current.inline.append(child)
    parent.text = None
    for child in children:
        if child.getparent() is parent:
            parent.remove(child)
    for item in items:
        if not isinstance(item, Stretch):
            parent.append(item)
        elif item.beside_run and item.has_text():
            paragraph = etree.SubElement(parent, "p")
            paragraph.text = item.text
            paragraph.extend(item.inline)
        else:
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + (item.text or "")
            else:
                parent.text = (parent.text or "") + (item.text or "")
            parent.extend(item.inline)


def mark_paragraph_divs(tree) -> None:
    """Make runs of paragraph-like ``<div>`` siblings ``<p>`` elements, in place.

    Some sites write the story as sibling divs of prose (no block inside,
    12+ words, little link text). trafilatura, finding ``<p>`` elements
    elsewhere on the page, then reads such a div only in fragments: the text
    after each link, with words glued together ("reportedthat"). A run of
    ``MIN_PARAGRAPH_DIVS`` of them under one parent is the text; a lone one
    (a caption, a standfirst) is left alone.
    """
    runs: dict = {}
    for div in tree.iter("div"):
        parent = div.getparent()
        if parent is not None and is_prose_div(div):
            runs.setdefault(parent, []).append(div)
    for divs in runs.values():
        if len(divs) >= MIN_PARAGRAPH_DIVS:
            for div in divs:
                div.tag = "p"


def is_prose_div(div) -> bool:
    """Tell whether a div reads as one paragraph: no block inside, 12+ words, under 30% link text."""
    if any(isinstance(element.tag, str) and element.tag in BLOCK_TAGS for element in div.iterdescendants()):
        return False
    text = " ".join(div.text_content().split())
    if len(WORD.findall(text)) < MIN_PROSE_WORDS:
        return False
    linked = sum(len(" ".join(link.text_content().split())) for link in div.iter("a"))
    return linked <= MAX_LINK_DENSITY * len(text)


def unwrap_layout_tables(tree) -> None:
    """Make tables used for page layout plain blocks (``<div>``), in place.

    A 2008-style page sets header, menu column, story and footer in nested
    table cells. trafilatura reads such a table as data and writes every cell,
    menu and address included, as one table (the stress benchmark's
    table-layout pages). A table is layout when a cell holds another table or
    a paragraph of prose; data tables keep their rows and cells.
    """
    layout = [table for table in tree.iter("table") if is_layout_table(table)]
    # A table's own rows and cells, not those of a data table inside a cell;
    # collected before any tag changes.
    parts = [part for table in layout for part in table.iter(*LAYOUT_TABLE_PARTS)
             if next(part.iterancestors("table"), None) is table]
    for element in layout + parts:
        element.tag = "div"


def is_layout_table(table) -> bool:
    """Tell whether a table lays out the page: a cell of it holds a table or paragraphs of prose.

    One ``<p>`` in a cell is a data table's long entry (a "Comment" column);
    a ``<div>`` of prose, two paragraphs or a page of text are a page's text.
    """
    for cell in table.iter("td", "th"):
        if text_length(cell) >= MIN_LAYOUT_CELL_CHARS:
            return True
        paragraphs = 0
        for inner in cell.iterdescendants("table", "p", "div"):
            if inner.tag == "table" or (inner.tag == "div" and is_prose_div(inner)):
                return True
            paragraphs += is_prose_div(inner)
            if paragraphs >= MIN_PROSE_PARAGRAPHS:
                return True
    return False


def unwrap_cell_wrappers(tree) -> None:
    """Unwrap the one ``<div>`` or ``<p>`` that is all of a data table's cell, in place.

    Document exporters (Google Docs) wrap every cell's content in a block.
    trafilatura reads such a block as a paragraph and drops it when its
    text is a link, so a table of apps lost every app's name and kept the
    sizes beside them (the Mozilla set's links-in-tables page). A cell's
    value is the cell's, linked or not. Runs after ``unwrap_layout_tables``:
    the cells left are those of data tables.
    """
    for cell in tree.iter("td", "th"):
        if len(cell) != 1 or (cell.text or "").strip():
            continue
        wrapper = cell[0]
        if wrapper.tag not in CELL_WRAPPERS or (wrapper.tail or "").strip():
            continue
        if any(isinstance(element.tag, str) and element.tag in BLOCK_TAGS for element in wrapper.iterdescendants()):
            continue
        wrapper.tag = UNWRAPPED
        etree.strip_tags(cell, UNWRAPPED)


def drop_textless_links(tree) -> None:
    """Remove links without text (icons, heading anchors), in place.

    A reader never sees them, yet they count as links: trafilatura's link
    density test deletes a heading whose only link is an empty anchor icon.
    """
    for link in [link for link in tree.iter("a") if not has_text(link)]:
        if link.getparent() is not None:
            remove_keeping_tail(link)


def unwrap_link_formatting(tree) -> None:
    """Take emphasis off link text (``<a><em>Netflix</em></a>`` becomes ``<a>Netflix</a>``), in place.

    trafilatura drops such a link, and the space after it when the next word
    is emphasised too: "streaming on Netflix and" came out as "Netflixand".
    """
    for link in tree.iter("a"):
        if len(link):
            etree.strip_tags(link, *LINK_FORMATTING)


def unwrap_link_spans(tree) -> None:
    """Unwrap classed ``<span>`` elements that hold one link inside a paragraph, in place.

    trafilatura's precision pass drops a ``<span>`` by its class words
    (``class="link"``) even inside a sentence: "Según explicó en un
    comunicado <span class="link"><a>Twitter Lite</a></span> ahora estará
    disponible" lost the product's name, and "the NFL will fine Rudolph"
    its words. A link in a sentence is part of the sentence, whatever its
    wrapper is called.
    """
    spans = tree.xpath(LINK_SPAN_XPATH)
    for span in spans:
        span.tag = UNWRAPPED
    if spans:
        etree.strip_tags(tree, UNWRAPPED)


def main_text_block(tree):
    """The element whose own paragraphs hold the most text, or None.

    Its paragraphs are its ``<p>`` children, its ``<div>`` children that read
    as one paragraph (readability-lxml reads such divs as paragraphs too: a
    story written in two or three of them is not outweighed by the one
    ``<p>`` of an embedded post) and, in older markup, the text written
    straight in it between ``<br>`` line breaks.
    """
    totals: dict = {}
    for paragraph in tree.iter("p", "div"):
        parent = paragraph.getparent()
        # A div of text split by <br> is several paragraphs: counted for itself, below.
        if parent is not None and (paragraph.tag == "p" or (is_prose_div(paragraph) and paragraph.find("br") is None)):
            parent = unwrapped_parent(paragraph)
            totals[parent] = totals.get(parent, 0) + text_length(paragraph)
    for parent in {line_break.getparent() for line_break in tree.iter("br")} - {None}:
        if parent.tag != "p":
            totals[parent] = totals.get(parent, 0) + own_text_length(parent)
    return max(totals, key=totals.get) if totals else None


def unwrapped_parent(paragraph):
    """The element a paragraph is one of the paragraphs of: its parent, or above a wrapper of it alone.

    CMS themes wrap each paragraph in its own component ``<div>``; the story
    is then the element holding those wrappers, not one wrapper.
    """
    element = paragraph
    parent = element.getparent()
    for _ in range(MAX_WRAPPER_DEPTH):
        grandparent = parent.getparent()
        if grandparent is None or parent.tag not in WRAPPER_TAGS or not is_sole_child(element, parent):
            break
        element, parent = parent, grandparent
    return parent


def is_sole_child(element, parent) -> bool:
    """Tell whether ``element`` is all of ``parent``: its only child, with no text beside it."""
    return len(parent) == 1 and not (parent.text or "").strip() and not (element.tail or "").strip()


def own_text_length(element) -> int:
    """Characters of text written straight in an element (its text and its children's tails)."""
    return len((element.text or "").strip()) + sum(len((child.tail or "").strip()) for child in element)


def inline_math(tree) -> None:
    """Replace MathML formulas by their text, in place.

    trafilatura drops ``<math>`` elements whole, and with them the formula
    a sentence is about. Annotations (the TeX source beside the MathML) are
    left out so that a formula is not written twice.
    """
    for math in list(tree.iter("{*}math", "math")):
        parent = math.getparent()
        if parent is None:
            continue
        for annotation in list(math.iter("{*}annotation", "annotation", "{*}annotation-xml", "annotation-xml")):
            annotation.getparent().remove(annotation)
        formula = " ".join(text.strip() for text in math.itertext() if text.strip())
        # Renderers such as MathJax wrap the formula in custom elements
        # (<mjx-container>), which extraction drops as unknown: replace those too.
        while is_custom_element(parent) and text_length(parent) == text_length(math) and parent.getparent() is not None:
            math, parent = parent, parent.getparent()
        math.tail = f" {formula} {math.tail or ''}"
        remove_keeping_tail(math)


def is_custom_element(element) -> bool:
    """Tell whether an element is a custom element (its name has a hyphen)."""
    return isinstance(element.tag, str) and "-" in element.tag


def is_furniture_element(element) -> bool:
    """Tell whether an element's tag, role or class/id names page furniture."""
    tag = element.tag
    if not isinstance(tag, str) or tag in KEPT_TAGS:
        return False
    if tag in FURNITURE_TAGS or element.get("role") in FURNITURE_ROLES:
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return FURNITURE_NAME.search(names) is not None


def is_named_furniture(element) -> bool:
    """Tell whether an element is furniture by its class/id words only (not an ``<aside>`` or a navigation role)."""
    return element.tag not in FURNITURE_TAGS and element.get("role") not in FURNITURE_ROLES


def is_hidden(element) -> bool:
    """Tell whether the page hides an element from readers (``hidden``, ``display: none``).

    Hidden MathML stays: pages hide it behind a formula image, and its text is the formula.
    """
    if not isinstance(element.tag, str):
        return False
    style = element.get("style")
    hidden = element.get("hidden") is not None or (bool(style) and HIDDEN_STYLE.search(style) is not None)
    return hidden and next(element.iter("{*}math", "math"), None) is None


def has_text(element) -> bool:
    """Tell whether any non-blank text is under an element (stops at the first)."""
    return any(text and not text.isspace() for text in element.itertext())


def text_length(element) -> int:
    """Characters of non-blank text under an element."""
    return sum(len(text.strip()) for text in element.itertext())


def remove_keeping_tail(element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
