"""Merge two extractions of one page by where they agree.

trafilatura (the precise candidate, with the project's cleaning) and
readability-lxml find the article by different methods. Where readability's
article holds nearly all of trafilatura's, the two agree on the story, and
readability's extra paragraphs *inside* the agreed text are paragraphs
trafilatura dropped: a paragraph repeated on purpose, text in a link-heavy
or oddly classed wrapper, a formula. Those are added back when they read as
prose. Text outside the agreed stretch (bylines, captions, teasers before
or after the story) is left out. When the precise candidate found nothing,
readability's article is the fallback.

Signals only, no site rules: shingle agreement between the candidates, the
position of a block relative to the agreed text, its length and its link
density.
"""

from __future__ import annotations

import copy
import re
from collections import Counter

WORD = re.compile(r"\w+")
SHINGLE = 4
# Share of the precise candidate's shingles that readability must hold for
# the two to count as the same story.
MIN_AGREEMENT = 0.8
# A readability block matches a precise block when this share of its shingles is there.
MIN_BLOCK_MATCH = 0.5
# An added block must read as prose: this many words, and few of them linked.
MIN_PROSE_WORDS = 12
MAX_LINK_DENSITY = 0.3
# Trailing prose is kept when at most one block in this many interrupts it.
MAX_TRAILING_BREAKS = 2
# A readability paragraph replaces the precise one it holds (this share of
# its shingles) when it is this much longer.
MIN_FULLER_MATCH = 0.9
FULLER_GAIN = 1.2
# A precise candidate this short kept only the edges of the story when
# readability agrees and has more between them (formulas, headings).
SHORT_CHARS = 500
# A precise candidate this long that holds this share of the page's main
# text block has left readability nothing to add.
MIN_COVERING_CHARS = 1000
MIN_MAIN_COVERAGE = 0.98
COVERING_LENGTH_SHARE = 0.8
ADDABLE_TAGS = frozenset({"p", "quote"})
# When the candidates disagree, readability's wins if it holds this much more
# of the page's main text block (as a share of the block's shingles).
MIN_MAIN_LEAD = 0.4
# ... provided the main block is at least this share of readability's article.
MIN_REFEREE_SHARE = 0.5
# A candidate with more of its text in the page's links is a menu, whatever its tags.
MAX_LINK_TEXT_SHARE = 0.5
# How a sentence ends, closing quotes included; a line ending in an ellipsis is cut off or "Loading...".
SENTENCE_ENDS = (".", "!", "?", "。", "！", "？", ".”", "!”", "?”", '."', '!"', '?"', "」")
ELLIPSES = ("...", "…")
# What can trail a story as page furniture: lines, headings and link lists (not a data table, code or a quote).
TRIMMED_TAGS = frozenset({"p", "head", "list"})


def merge_candidates(precise, readability, main_text: str = "", link_text: str = ""):
    """The body to use: ``precise`` with readability's agreed extra paragraphs, or a fallback.

    Both are trafilatura-style ``<body>`` trees or None; ``main_text`` is the
    text of the page's main text block (``boilerplate.main_text_block``),
    the third voter when the two disagree; ``link_text`` is the text of the
    page's links in page order, which tells a menu whose links extraction
    lost. Returns a tree (possibly ``precise`` itself, changed in place) or None.
    """
    if readability is None:
        return precise
    precise_text = text_of(precise) if precise is not None else ""
    if not words(precise_text):
        return readability
    precise_shingles = shingles(precise_text)
    readability_shingles = shingles(text_of(readability))
    if holds_more_main_text(readability_shingles, precise_shingles, main_text):
        return readability
    paragraph_text = paragraphs_text(precise)
    if containment(shingles(paragraph_text) or precise_shingles, readability_shingles) < MIN_AGREEMENT:
        # They found different parts of the page. A line of section names is
        # never the article when the other candidate reads as prose.
        if is_menu(precise) and not is_menu(readability):
            return readability
        if link_text and reads_as_links(precise_shingles, link_text) and not reads_as_links(readability_shingles, link_text):
            return readability
        return precise
    # Short is judged on paragraphs too: an embedded post's quote made a page
    # of display formulas long enough to lose them (stress benchmark, tweet
    # on Mozilla mathjax).
    add_agreed_paragraphs(precise, readability, precise_shingles, short=len(paragraph_text) < SHORT_CHARS)
    return precise


def paragraphs_text(body) -> str:
    """The text of a body's paragraphs alone, the part both extractors read alike.

    Whether the two found the same story is judged on paragraphs: quotes are
    where they differ most (readability-lxml drops an embedded post by its
    class, "twitter-tweet", which trafilatura keeps as a quote), and a
    tweet in the story made them disagree, so nothing of readability's was
    added (the stress benchmark's tweet pages on the Mozilla set lost a
    paragraph the page repeats).
    """
    return " ".join(text_of(block) for block in body if block.tag == "p")


def closer_candidate(first, second, voters: list[str], link_text: str = ""):
    """Of two trafilatura candidates, the one the first deciding voter's text agrees with more (shingle overlap).

    The vote between trafilatura's precise and recall passes: when the
    precise pass finds little, the recall pass can return every text on the
    page (menus, boxes of headline links) as one paragraph. readability's
    article (it scores containers) sides with the pass that found the story;
    when it cannot tell (it found nothing, or a heading), the page's main
    text block does. When neither can, the candidate with less of the page's
    ``link_text`` in it wins: a short page's recall pass is its menu's link
    texts followed by the story. Ties keep ``first``.
    """
    first_shingles, second_shingles = shingles(text_of(first)), shingles(text_of(second))
    for voter in voters:
        reference = shingles(voter)
        first_score, second_score = overlap(first_shingles, reference), overlap(second_shingles, reference)
        if first_score != second_score:
            return second if second_score > first_score else first
    if link_text:
        links = shingles(link_text)
        if containment(second_shingles, links) < containment(first_shingles, links):
            return second
    return first


def overlap(one: Counter, other: Counter) -> float:
    """Shingle F1 of two texts (as multisets): 1 when they are the same, 0 when they share nothing."""
    total = sum(one.values()) + sum(other.values())
    shared = sum((one & other).values())
    return 2 * shared / total if total else 0.0


def holds_more_main_text(readability_shingles: Counter, precise_shingles: Counter, main_text: str) -> bool:
    """Tell whether readability's article holds clearly more of the page's main text block than trafilatura's.

    The tie-break when the two disagree: trafilatura drops a post set in an
    ``<aside>`` or classed like furniture and outputs a sidebar instead, and
    stops at an embedded tweet (the stress benchmark's aside-post and tweet
    pages); the block holding most of the page's paragraph text says which
    candidate found the story.
    """
    # A main block that is a small part of readability's article is no
    # referee: on a page whose story has no <p> (paragraphs split by <br>),
    # the block with the most paragraph text is a sidebar widget, and
    # readability's article the sidebar around it.
    if not main_text:
        return False
    main_shingles = shingles(main_text)
    if sum(main_shingles.values()) < MIN_REFEREE_SHARE * sum(readability_shingles.values()):
        return False
    return (containment(main_shingles, readability_shingles)
            >= containment(main_shingles, precise_shingles) + MIN_MAIN_LEAD)


def holds_main_text(precise, main_text: str) -> bool:
    """Tell whether the precise candidate is long and holds (nearly) all of the page's main text block.

    readability's part in the merge is to add what trafilatura left out; a
    cheap check that there is nothing left out spares running it.
    """
    if precise is None or not main_text:
        return False
    precise_text = text_of(precise)
    # Holding nearly all of the block's shingles takes nearly its length:
    # most pages are answered by comparing lengths, without shingling.
    if len(precise_text) < max(MIN_COVERING_CHARS, COVERING_LENGTH_SHARE * len(main_text)):
        return False
    return containment(shingles(main_text), shingles(precise_text)) >= MIN_MAIN_COVERAGE


def add_agreed_paragraphs(precise, readability, precise_shingles: Counter, short: bool = False) -> None:
    """Insert readability's unmatched prose blocks that sit between matched ones.

    When ``precise`` is ``short``, trafilatura kept the edges of a story whose
    middle it could not read as text (display formulas under headings): then
    every block between agreed ones that is not mostly links is inserted.

    The agreed text starts at the first matched paragraph of prose: what
    comes between the title and the lede (bylines, photo captions) is not
    inside the story. Matching consumes the precise text as a multiset, so a
    paragraph the page repeats is matched once and its repeat is a candidate.
    """
    precise_blocks = [block for block in precise if text_of(block).strip()]
    block_shingles = [shingles(text_of(block)) for block in precise_blocks]
    # Which precise blocks hold each shingle, so a readability block is placed
    # without comparing it against every block.
    owners: dict[tuple, list[int]] = {}
    for index, own in enumerate(block_shingles):
        for shingle in own:
            owners.setdefault(shingle, []).append(index)
    remaining = precise_shingles.copy()
    anchor = None  # index of the precise block the last match fell in
    between: list = []  # unmatched blocks since the last match
    insertions: list[tuple[int, list]] = []
    for block in readability:
        own = shingles(text_of(block))
        if not own:
            continue
        if containment(own, remaining) >= MIN_BLOCK_MATCH:
            consume(remaining, own)
            found = locate(own, owners, block_shingles, anchor or 0)
            if anchor is None and not is_prose(block):
                continue
            if found is not None and is_fuller(block, own, block_shingles[found], precise_shingles):
                # The same paragraph with text trafilatura dropped inside it
                # (a formula, the words before a link): take readability's.
                fuller = copy.deepcopy(block)
                precise_blocks[found].addprevious(fuller)
                precise.remove(precise_blocks[found])
                precise_blocks[found] = fuller
            kept = [candidate for candidate in between
                    if is_inside_text(candidate) or (short and link_share(candidate) <= MAX_LINK_DENSITY)]
            if kept:
                insertions.append((anchor, kept))
            between = []
            anchor = found if found is not None else anchor
            if anchor is None:
                anchor = len(precise_blocks) - 1
        elif anchor is not None:
            between.append(block)
    # After the agreed text, prose continues the story only if it runs on
    # mostly unbroken; teaser cards alternate an excerpt with date and
    # category lines.
    trailing = [block for block in between if is_prose(block)]
    if trailing and (len(between) - len(trailing)) * MAX_TRAILING_BREAKS <= len(trailing):
        insertions.append((anchor, trailing))
    for index, blocks in reversed(insertions):
        target = precise_blocks[index]
        for block in reversed(blocks):
            target.addnext(copy.deepcopy(block))


def is_fuller(block, own: Counter, block_precise: Counter, precise_shingles: Counter) -> bool:
    """Tell whether a readability paragraph holds all of a precise one, and clearly more.

    The more must be text the precise candidate lacks: a readability
    paragraph that runs over several precise ones (a story split by ``<br>``
    read as one paragraph) would write them twice.
    """
    if block.tag != "p" or link_share(block) > MAX_LINK_DENSITY:
        return False
    if (sum(own.values()) < FULLER_GAIN * sum(block_precise.values())
            or containment(block_precise, own) < MIN_FULLER_MATCH):
        return False
    return containment(own - block_precise, precise_shingles) < MIN_BLOCK_MATCH


def locate(own: Counter, owners: dict, block_shingles: list[Counter], start: int) -> int | None:
    """The first precise block from ``start`` on that holds most of ``own``."""
    candidates = sorted({index for shingle in own for index in owners.get(shingle, ()) if index >= start})
    for index in candidates:
        if containment(own, block_shingles[index]) >= MIN_BLOCK_MATCH:
            return index
    return None


def reads_as_links(text_shingles: Counter, link_text: str) -> bool:
    """Tell whether most of a text is the page's link text, in the page's order (a menu, a box of headlines).

    trafilatura's fallback for a page where it finds little is every text of
    the page as one paragraph, without its links: its start is then the
    menu's link texts one after another, which the page's links, read in
    order, give as the same 4-word windows.
    """
    return containment(text_shingles, shingles(link_text)) > MAX_LINK_TEXT_SHARE


def is_menu(body) -> bool:
    """Tell whether a body reads as navigation: not one paragraph of prose (long, few links)."""
    return not any(is_prose(block) for block in body)


def is_inside_text(block) -> bool:
    """Tell whether a block between two agreed ones belongs to the text: prose, or a list of prose items."""
    return is_prose(block) or is_prose_list(block)


def is_prose_list(block) -> bool:
    """Tell whether a list reads as running text: items of prose length on average, few links."""
    if block.tag != "list" or not len(block):
        return False
    items = [item for item in block if item.tag == "item"]
    if not items or link_share(block) > MAX_LINK_DENSITY:
        return False
    return len(WORD.findall(text_of(block))) >= MIN_PROSE_WORDS * len(items)


def link_share(block) -> float:
    """Share of a block's text that is link text."""
    text = text_of(block)
    linked = sum(len("".join(ref.itertext())) for ref in block.iter("ref"))
    return linked / len(text) if text else 1.0


def is_prose(block) -> bool:
    """Tell whether a block reads as running text: long enough, and not mostly links."""
    if block.tag not in ADDABLE_TAGS:
        return False
    text = text_of(block)
    if len(WORD.findall(text)) < MIN_PROSE_WORDS:
        return False
    linked = sum(len("".join(ref.itertext())) for ref in block.iter("ref"))
    return linked <= MAX_LINK_DENSITY * len(text)


def text_of(element) -> str:
    """All text under an element."""
    return " ".join("".join(element.itertext()).split())


def words(text: str) -> list[str]:
    """The word tokens of a text."""
    return WORD.findall(text)


def shingles(text: str) -> Counter:
    """Multiset of 4-word windows (the whole text when shorter)."""
    tokens = words(text.lower())
    if len(tokens) <= SHINGLE:
        return Counter([tuple(tokens)] if tokens else [])
    # zip over shifted copies builds the windows in C, without a slice per word.
    return Counter(zip(*(tokens[offset:] for offset in range(SHINGLE))))


def consume(remaining: Counter, used: Counter) -> None:
    """Take ``used`` out of ``remaining``, in place (never below zero)."""
    for shingle, count in used.items():
        if remaining.get(shingle):
            remaining[shingle] = max(0, remaining[shingle] - count)


def containment(part: Counter, whole: Counter) -> float:
    """Share of ``part``'s shingles found in ``whole`` (as multisets)."""
    total = sum(part.values())
    # Iterates over ``part`` only (``whole`` may be the whole article), in C:
    # a Counter gives 0 for a shingle it lacks.
    shared = sum(map(min, part.values(), map(whole.__getitem__, part)))
    return shared / total if total else 0.0


def trim_trailing_lines(body, main_text: str) -> None:
    """Drop the lines after the story that are not its text, in place.

    After the last paragraph, extraction keeps what the page sets there:
    "SOURCE: News agencies", "Filed under: …", "Comments", a date stamp
    ("最終更新:3/9(木) 18:45"), a slideshow's controls, a list of related
    headlines (extraction set 94fbcc26, Mozilla salon-1 and yahoo-4). A
    trailing line, heading or list goes when it is none of: prose, a
    sentence (it ends with sentence punctuation: a short closing line, or
    a Japanese sentence, which has no spaces to count words by), part of
    the page's main text block. The first block from the end that is any
    of those ends the trim, so the story's own last lines are never reached.
    """
    if not main_text:
        return
    blocks = [block for block in body if text_of(block)]
    if not any(is_prose(block) for block in blocks):
        return
    main = shingles(main_text)
    for block in reversed(blocks):
        text = text_of(block)
        if (block.tag not in TRIMMED_TAGS or is_prose(block) or is_sentence(text)
                or containment(shingles(text), main) >= MIN_BLOCK_MATCH):
            return
        body.remove(block)


def is_sentence(text: str) -> bool:
    """Tell whether a text ends as a sentence does (not with the "..." of a truncated or loading line)."""
    return text.endswith(SENTENCE_ENDS) and not text.endswith(ELLIPSES)
