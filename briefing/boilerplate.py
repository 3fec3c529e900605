"""Recognise page furniture that extraction lets through.

Two passes around trafilatura: ``PRUNE_XPATH`` removes known furniture
(cookie banners, share bars, newsletter boxes, related-story teasers) from
the page before extraction, and ``drop_boilerplate_blocks`` removes short
extracted blocks that read like furniture ("Read more", "Sign up for our
newsletter", "Advertisement").
"""

from __future__ import annotations

import re

from lxml import etree

# Class/id fragments of page furniture. Matched as whole hyphen/underscore
# separated words of the attribute so that e.g. "shared-content" does not
# match "share".
FURNITURE_WORDS = (
    "cookie", "cookies", "consent", "gdpr", "newsletter", "subscribe",
    "subscription", "share", "sharing", "social", "related", "recommended",
    "promo", "advert", "advertisement", "ad-slot", "outbrain", "taboola",
    "paywall", "signup", "sign-up", "breadcrumb", "breadcrumbs",
)


def furniture_xpath(words: tuple[str, ...]) -> str:
    """An XPath matching elements whose class or id names a furniture word."""
    tests = []
    for word in words:
        for attribute in ("@class", "@id"):
            padded = f"concat(' ', translate({attribute}, '_-ABCDEFGHIJKLMNOPQRSTUVWXYZ', '  abcdefghijklmnopqrstuvwxyz'), ' ')"
            tests.append(f"contains({padded}, ' {word.replace('-', ' ')} ')")
    # Never prune the article container itself or anything holding most of it.
    return f"//*[not(self::body or self::html or self::article or self::main)][{' or '.join(tests)}]"


PRUNE_XPATH = " | ".join(
    (
        furniture_xpath(FURNITURE_WORDS),
        "//aside",
        "//*[@role='complementary' or @role='navigation' or @aria-label='breadcrumb']",
    )
)
# Inline wrappers with no meaning for the article text.
UNWRAP_TAGS = ("span", "font")
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "br", "cite", "code", "em", "i", "mark", "q", "s", "small",
     "strong", "sub", "sup", "time", "u"}
)
# Some sites wrap the whole page in one "share"-classed element or form; a
# match holding more than this share of the page's text is not furniture.
MAX_PRUNED_SHARE = 0.3

# Blocks whose whole text is furniture. Checked only on short blocks, so
# real sentences that merely mention a newsletter are kept.
MAX_FURNITURE_CHARS = 160
FURNITURE_TEXT = re.compile(
    r"""^\W*(
        read\ (?:more|next|also|the\ full)|continue\ reading|see\ also|related(?:\ (?:articles?|stories|coverage|content))?\b|
        more\ (?:from|on|stories)|recommended|you\ (?:may|might)\ (?:also\ )?like|
        advertisement|sponsored|ad\b|
        share\ (?:this|on|via)|share$|follow\ us|like\ us\ on|tweet\b|
        sign\ up|subscribe|get\ (?:our|the)\ (?:free\ )?newsletter|join\ our|
        (?:this\ (?:site|website)\ uses\ )?cookies?\b|we\ use\ cookies|accept\ (?:all\ )?cookies|
        all\ rights\ reserved|copyright\ ©|©|
        comments?$|leave\ a\ (?:comment|reply)|
        image\ (?:source|credit)|photo:|getty\ images$
    )(?!\w)""",
    re.IGNORECASE | re.VERBOSE,
)
BLOCK_TAGS = ("p", "head", "quote", "item")


def prune_furniture(tree) -> None:
    """Remove known page furniture from a parsed page, in place.

    Also unwraps ``UNWRAP_TAGS``: with links kept, trafilatura drops the text
    before a link nested in spans ("Nikkei 225 (<span><span><a>N225</a>").
    """
    etree.strip_tags(tree, *UNWRAP_TAGS)
    mark_text_divs(tree)
    total = text_length(tree) or 1
    for element in tree.xpath(PRUNE_XPATH):
        if element.getparent() is not None and text_length(element) <= MAX_PRUNED_SHARE * total:
            remove_keeping_tail(element)


def mark_text_divs(tree) -> None:
    """Turn ``<div>``s that hold only running text into ``<p>``s.

    trafilatura treats a div of text with a link inside as navigation-like
    and drops the text before the link; as a paragraph it is kept whole.
    """
    for div in tree.iter("div"):
        if div.text and div.text.strip() and all(
            isinstance(child.tag, str) and child.tag in INLINE_TAGS for child in div
        ):
            div.tag = "p"


def text_length(element) -> int:
    """Characters of non-blank text under an element."""
    return sum(len(text.strip()) for text in element.itertext())


def is_furniture_text(text: str) -> bool:
    """Tell whether one short block's text is page furniture, not article."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_FURNITURE_CHARS:
        return False
    return len(text) <= MAX_FURNITURE_CHARS and FURNITURE_TEXT.match(text) is not None


def drop_boilerplate_blocks(body) -> None:
    """Remove furniture blocks from a trafilatura body tree, in place."""
    for element in list(body.iter(*BLOCK_TAGS)):
        if element.getparent() is None:
            continue
        if is_furniture_text("".join(element.itertext())):
            remove_keeping_tail(element)


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
