"""Recognise page furniture that extraction lets through.

Two passes around trafilatura: ``prune_furniture`` removes known furniture
(cookie banners, share bars, newsletter boxes, related-story teasers) from
the page before extraction, and ``drop_boilerplate_blocks`` removes short
extracted blocks that read like furniture ("Read more", "Sign up for our
newsletter", "Advertisement").
"""

from __future__ import annotations

import re

# Class/id words of page furniture. Matched as whole words of the attribute
# (split at spaces, hyphens and underscores) so that "shared-content" does
# not match "share"; "ad slot" matches "ad-slot" and "ad_slot".
FURNITURE_WORDS = (
    "cookie", "cookies", "consent", "gdpr", "newsletter", "subscribe",
    "subscription", "share", "sharing", "social", "related", "recommended",
    "promo", "advert", "advertisement", "ad slot", "outbrain", "taboola",
    "paywall", "signup", "sign up", "breadcrumb", "breadcrumbs",
    # Hover cards inside the text ("Ilhan Omar" + photo + her latest stories).
    "tooltip", "popover", "hovercard",
)
FURNITURE_TAGS = frozenset({"aside"})
FURNITURE_ROLES = frozenset({"complementary", "navigation"})
MARKED_XPATH = " | ".join(["//*[@class or @id or @role or @style or @hidden]", *(f"//{tag}" for tag in sorted(FURNITURE_TAGS))])
# The article container itself is never pruned, whatever its class says.
KEPT_TAGS = frozenset({"html", "body", "article", "main"})
# What a browser does not show; readers never see it either.
HIDDEN_STYLE = re.compile(r"(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.IGNORECASE)
ATTRIBUTE_WORD_SPLIT = re.compile(r"[\s_\-]+")
# Some sites wrap the whole page in one "share"-classed element or form; a
# match holding more than this share of the page's text is not furniture.
MAX_PRUNED_SHARE = 0.3

# Blocks whose whole text is furniture. Checked only on short blocks, so
# real sentences that merely mention a newsletter are kept.
# Furniture lines are caption-length.
MAX_FURNITURE_CHARS = 160
# How furniture blocks begin (case-insensitive regexes, matched up to a word
# boundary). Words that also begin ordinary sentences ("Related research
# found...", "Copyright lawyers say...") need a colon or the end of the line.
END = r"(?::|$)"
FURNITURE_STARTS = (
    r"read (?:more|next|also|the full)", r"continue reading", r"see (?:also|more)",
    rf"related(?: articles?| stories| coverage| content| posts)?{END}",
    r"more (?:from|on|stories)", rf"recommended(?: for you| reading)?{END}",
    r"you (?:may|might) (?:also )?like", rf"advertisement{END}", rf"sponsored(?: content)?{END}", rf"ad{END}",
    r"share (?:this|on|via)", r"share$", r"follow us", r"like us on",
    r"sign up", r"subscribe", r"get (?:our|the) (?:free )?newsletter",
    r"join our",
    r"(?:this (?:site|website) uses )?cookies?", r"we use cookies", r"accept (?:all )?cookies",
    r"all rights reserved", r"copyright (?:©|\(c\)|\d{4})",
    rf"comments?{END}", r"leave a (?:comment|reply)",
    r"tags?", r"filed under", r"(?:last )?(?:updated|published|posted)(?::|\s+(?:at|on)\b|\s+\d)", r"first published",
    r"image (?:source|credit)", r"photo:",
)
# What marks a caption-length block as a credit or rights line anywhere.
FURNITURE_ANYWHERE = (
    r"©", r"getty images", r"all rights reserved", r"\bcopyright\b.*\b\d{4}\b",
)
# How near the end a list of links is taken for a "more stories" box.
TAIL_BLOCKS = 3
# Blocks that announce a run of teaser links.
MAX_MARKER_CHARS = 60
TEASER_MARKER = re.compile(
    r"^\W*(?:read (?:more|also|next)|related|see (?:also|more)|more (?:from|on|stories)|"
    r"recommended|you (?:may|might) (?:also )?like|most (?:read|popular)|trending)",
    re.IGNORECASE,
)
BARE_URL = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)
FURNITURE_START = re.compile(r"^\W*(?:" + "|".join(FURNITURE_STARTS) + r")(?!\w)", re.IGNORECASE)
CREDIT_MARK = re.compile("|".join(FURNITURE_ANYWHERE), re.IGNORECASE)
BLOCK_TAGS = ("p", "head", "quote", "item")


def prune_furniture(tree) -> None:
    """Remove known page furniture from a parsed page, in place."""
    # Only elements with these attributes (or an <aside>) can be furniture or hidden.
    marked = tree.xpath(MARKED_XPATH)
    for element in [element for element in marked if is_hidden(element)]:
        if element.getparent() is not None:
            remove_keeping_tail(element)
    inline_math(tree)
    total = text_length(tree) or 1
    # Blog and CMS containers carry category and tag words in their classes
    # ("entry-category-social_media", "tag-share"): whatever its class, the
    # block holding most of the page's paragraph text is the article.
    main = main_text_block(tree)
    protected = set() if main is None else {main, *main.iterancestors()}
    for element in [element for element in marked if is_furniture_element(element)]:
        if element in protected:
            continue
        if element.getparent() is not None and text_length(element) <= MAX_PRUNED_SHARE * total:
            remove_keeping_tail(element)


def main_text_block(tree):
    """The element whose own ``<p>`` children hold the most text, or None."""
    totals: dict = {}
    for paragraph in tree.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            totals[parent] = totals.get(parent, 0) + text_length(paragraph)
    return max(totals, key=totals.get) if totals else None


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
    names = f"{element.get('class', '')} {element.get('id', '')}".strip()
    if not names:
        return False
    words = " " + " ".join(ATTRIBUTE_WORD_SPLIT.split(names.lower())) + " "
    return any(f" {word} " in words for word in FURNITURE_WORDS)


def is_hidden(element) -> bool:
    """Tell whether the page hides an element from readers (``hidden``, ``display: none``).

    Hidden MathML stays: pages hide it behind a formula image, and its text is the formula.
    """
    if not isinstance(element.tag, str):
        return False
    style = element.get("style")
    hidden = element.get("hidden") is not None or (bool(style) and HIDDEN_STYLE.search(style) is not None)
    return hidden and next(element.iter("{*}math", "math"), None) is None


def text_length(element) -> int:
    """Characters of non-blank text under an element."""
    return sum(len(text.strip()) for text in element.itertext())


def is_furniture_text(text: str) -> bool:
    """Tell whether one short block's text is page furniture, not article."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_FURNITURE_CHARS:
        return False
    if FURNITURE_START.match(text):
        return True
    return CREDIT_MARK.search(text) is not None


def drop_boilerplate_blocks(body) -> None:
    """Remove furniture blocks from a trafilatura body tree, in place.

    Furniture is a short block whose text reads like furniture, and teasers
    for other stories: blocks that are nothing but links, when they follow a
    "Related"/"Don't miss" marker or end the article. Link-only blocks
    elsewhere are kept (gift guides and product lists are made of them).
    """
    for element in list(body.iter(*BLOCK_TAGS)):
        if element.getparent() is None or (element.getparent() is body and is_teaser_marker(element)):
            continue  # markers are left for drop_teasers, which needs them
        if is_furniture_text("".join(element.itertext())):
            remove_keeping_tail(element)
    drop_teasers(body)
    for element in list(body.iter("list")):
        if element.getparent() is not None and len(element) == 0:
            remove_keeping_tail(element)


def drop_teasers(body) -> None:
    """Remove link-only blocks after a teaser marker and at the end of the body."""
    blocks = [element for element in body if "".join(element.itertext()).strip()]
    after_marker = False
    for element in blocks:
        if is_teaser_marker(element):
            after_marker = True
            remove_keeping_tail(element)
        elif after_marker and is_link_teaser(element):
            remove_keeping_tail(element)
        else:
            after_marker = False
    for element in reversed(blocks):
        if element.getparent() is None:
            continue
        if not is_link_teaser(element):
            break
        remove_keeping_tail(element)
    # A list of links just before a closing credit ("Originally published
    # on...", an author's bio) is a "more stories" box.
    for element in blocks[-TAIL_BLOCKS:]:
        if element.getparent() is not None and element.tag == "list" and is_link_teaser(element):
            remove_keeping_tail(element)


def is_teaser_marker(element) -> bool:
    """Tell whether a block announces teasers ("Related stories", "DON'T MISS")."""
    text = " ".join("".join(element.itertext()).split())
    return 0 < len(text) <= MAX_MARKER_CHARS and TEASER_MARKER.match(text) is not None


def is_link_teaser(element) -> bool:
    """Tell whether a short block (or every item of a list) is nothing but links.

    A link whose text is its own address is a cited source, not a teaser.
    """
    if element.tag == "list":
        items = [item for item in element if item.tag == "item"]
        return bool(items) and all(is_link_teaser(item) for item in items)
    if element.tag not in ("p", "item"):
        return False
    text = " ".join("".join(element.itertext()).split())
    if not text or len(text) > MAX_FURNITURE_CHARS:
        return False
    refs = list(element.iter("ref"))
    linked = " ".join("".join(ref.itertext()) for ref in refs)
    if not linked.strip() or any(BARE_URL.match(part) for part in linked.split()):
        return False
    outside = text
    for part in linked.split():
        outside = outside.replace(part, "", 1)
    return not any(char.isalnum() for char in outside)


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
