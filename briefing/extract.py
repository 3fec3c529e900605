"""Extract the article from a web page: body as safe Markdown, plus metadata.

trafilatura finds the main text. Around it: known page furniture is pruned
before extraction, a recall-oriented second pass is tried when the precise
pass finds too little, readability-lxml's article is merged in where the two
agree (``ensemble``), and the tree is written as Markdown by
``markdown_body`` (which vets every URL).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re

import trafilatura
from lxml import etree
from trafilatura.settings import Document
from trafilatura.utils import load_html

from briefing import pagemeta
from briefing.article import Article
from briefing.boilerplate import prune_furniture, remove_keeping_tail, strip_non_text
from briefing.decode import decode_html
from briefing.ensemble import closer_candidate, holds_main_text, merge_candidates, text_of, trim_trailing_lines
from briefing.headline import clean_headline, find_genre
from briefing.readability_body import readability_body
from briefing.errors import SourceError
from briefing.leadimage import find_lead_image
from briefing.markdown_body import render_markdown
from briefing.text import find_date

# Below this many characters of body text the precise pass is assumed to
# have missed the article and the recall-oriented pass is tried as well.
MIN_PRECISE_CHARS = 500
# A recall pass must find this much more text to be preferred.
RECALL_GAIN = 1.5
WORD = re.compile(r"\w+")
MAX_LEADING_BLOCKS = 4  # title, standfirst and a kicker can precede the text
MAX_KICKER_CHARS = 30
MIN_BODY_WORDS = 5  # fewer, all of them link text, is a menu, not an article
# A body this short, on a page with no text outside its headings and links, is a headline alone.
MAX_HEADLINE_WORDS = 30
HEADINGS = " or ".join(f"ancestor::h{level}" for level in range(1, 7))
HEADING_TEXT_XPATH = f"//body//text()[normalize-space()][{HEADINGS}]"
# Text a reader sees outside headings and links (JSON-LD scripts stay in the page until extraction).
STORY_TEXT_XPATH = f"//body//text()[normalize-space()][not({HEADINGS} or ancestor::a or ancestor::script or ancestor::noscript)]"
MIN_LEDE_CHARS = 60
MAX_LEDE_CHARS = 600
MAX_FALLBACK_TITLE_CHARS = 80
MAX_DESCRIPTION_CHARS = 300  # the page's meta description; some pages put the whole article there
EXTRACTION_OPTIONS = dict(
    include_comments=False,
    include_tables=True,
    include_links=True,
    include_formatting=True,
    include_images=False,
    with_metadata=True,
    # No built-in fallback (its readability port and jusText): the ensemble
    # with readability-lxml takes that role, at a third less time.
    fast=True,
    # Only the body tree is used: "txt" spares the plain-text rendering of it
    # that the default "python" format makes.
    output_format="txt",
    # Only dates the page states; htmldate's extensive search guesses from
    # body text and copyright lines, which is not a publication date.
    date_extraction_params={"extensive_search": False, "original_date": True},
)


def extract_html(
    html: str | bytes,
    url: str | None = None,
    where: object = None,
    *,
    http_charset: str | None = None,
) -> Article:
    """Extract the article of one HTML page.

    ``html`` may be bytes (decoded with ``decode.decode_html``, honouring
    ``http_charset``) or text. ``url`` is the page's address, used to
    resolve relative links and recorded in ``source``. ``where`` names the
    page in errors (defaults to ``url``).

    Returns an ``Article`` whose ``body`` is Markdown without the title and
    ``summary`` is the lede (first substantial paragraph, else the page's
    description). ``date`` is the stated publication time with
    ``date_source="metadata"``, else the first date written in the text
    (``"text"``), else the time of extraction (``"ingest"``). ``source``
    holds ``url``, ``canonical_url``, ``site_name``, ``authors`` (list),
    ``genre`` (opinion, editorial, analysis or news, when the page states
    it), ``language``, ``description`` (the meta description, at most 300
    characters), ``image`` (the lead image and its stated licence) and
    ``sha256`` when known. The title has the site's own name (and a genre
    marker such as "| Editorial") taken off. Raises ``SourceError(where, reason)`` when the
    page cannot be parsed or has no article text.
    """
    where = where or url or "<html>"
    raw = html if isinstance(html, bytes) else html.encode("utf-8")
    text = decode_html(html, http_charset, where) if isinstance(html, bytes) else html
    tree = parse_page(text, where)
    strip_non_text(tree)
    # Metadata is read before pruning: furniture removal may take <meta>-less
    # bylines and <time> elements with it.
    stated_date = pagemeta.find_published(tree)
    canonical = pagemeta.find_canonical(tree)
    language = pagemeta.find_language(tree)
    lead_image = find_lead_image(tree, url or canonical)
    metadata_tree = copy_tree(tree)
    main_block = prune_furniture(tree)
    document, passed_over = extract_document(tree, url)
    precise = document.body if document is not None else None
    # readability only adds what trafilatura left out, so it is not run when
    # trafilatura's article holds all of the page's main text (unless it is
    # needed as the vote between trafilatura's two passes). It gets the
    # pruned page itself: nothing reads it after.
    # The main block's text is read now: readability changes the tree.
    main_text = text_of(main_block) if main_block is not None else ""
    needs_readability = passed_over is not None or not holds_main_text(precise, main_text)
    readability = readability_body(tree) if needs_readability else None
    link_text = page_link_text(metadata_tree) if readability is not None or passed_over is not None else ""
    if passed_over is not None:
        voters = [text_of(readability) if readability is not None else "", main_text]
        precise = closer_candidate(precise, passed_over, voters, link_text)
    body_tree = merge_candidates(precise, readability, main_text, link_text)
    if body_tree is None:
        raise SourceError(where, "no article text found")
    trim_trailing_lines(body_tree, main_text)
    if document is None:
        document = read_metadata(metadata_tree, url)
    page_title = clean_text(document.title)
    title, title_genre = clean_headline(page_title, metadata_tree, url or canonical)
    description = shorten(clean_text(document.description), MAX_DESCRIPTION_CHARS)
    drop_title_headings(body_tree, page_title, description)
    body = render_markdown(body_tree, url or canonical)
    # Words a reader sees: the Markdown's link addresses are not words (a nav of
    # three links counted nine and passed for an article). Pieces joined with a
    # space: extraction can drop the spaces between adjacent links.
    shown = " ".join(body_tree.itertext())
    body_words = len(WORD.findall(shown))
    # A tiny page is still an article; a few words that are all links are a menu.
    if not body_words or (body_words < MIN_BODY_WORDS and is_link_text(shown, metadata_tree)):
        raise SourceError(where, "no article text found")
    if body_words <= MAX_HEADLINE_WORDS and is_headline_only(metadata_tree):
        raise SourceError(where, "only a headline, no article text")
    date, date_source = choose_date(stated_date, document.date, body)
    summary = find_lede(body_tree) or description
    source = {
        "url": url,
        "canonical_url": canonical or document.url,
        "site_name": clean_text(document.sitename),
        "authors": split_authors(document.author),
        "genre": find_genre(metadata_tree, url or canonical, title_genre),
        "language": language or document.language,
        "description": description,
        "image": lead_image,
        "sha256": hashlib.sha256(raw).hexdigest(),
    }
    return Article(
        title=title or fallback_title(summary, where),
        body=body,
        summary=summary,
        date=date,
        date_source=date_source,
        source={key: value for key, value in source.items() if value},
    )


def page_link_text(page) -> str:
    """The text of every link on the page, in page order."""
    return " ".join(" ".join(link.itertext()) for link in page.iter("a"))


def is_headline_only(page) -> bool:
    """Tell whether a page's only text is its headings (and link text): a headline with no story.

    A page whose only content is its ``<h1>`` (a stub, a page whose story
    failed to load) became a one-line briefing repeating its title. The page
    is asked, not the extracted body: a tiny article whose one paragraph
    repeats the headline ("<h1>Саміт НАТО</h1><p>Саміт НАТО.</p>"), or a
    page whose body is "Test", has text outside a heading and comes through.
    """
    return bool(page.xpath(HEADING_TEXT_XPATH)) and not page.xpath(STORY_TEXT_XPATH)


def is_link_text(body: str, page) -> bool:
    """Tell whether every word of a short body's shown text is the text of a link on the page (a menu)."""
    linked = set(WORD.findall(page_link_text(page)))
    return set(WORD.findall(body)) <= linked


# What trafilatura and htmldate raise on pathological trees, taken as "nothing found". AssertionError:
# htmldate's cleaning calls lxml's drop_tree() on a parentless element when an <html> tag turns up
# inside <svg> (found by tests/test_properties.py: '<svg>deep text <html').
PATHOLOGICAL_TREE = (ValueError, TypeError, AssertionError, etree.LxmlError)


def parse_page(text: str, where: object):
    """Parse HTML text into an lxml tree, or raise ``SourceError``."""
    if not text.strip():
        raise SourceError(where, "empty page")
    tree = load_html(text)
    if tree is None:
        raise SourceError(where, "not parseable as HTML")
    return tree


def extract_document(tree, url: str | None):
    """Run trafilatura: precise first, recall-oriented if that finds too little.

    The page's metadata is read once, by the precise pass; a recall pass
    that wins lends it its body. Returns the document and the precise
    pass's own body when the recall pass's replaced it (else None), for the
    ensemble to vote on: on a short page the recall pass can be a dump of
    the whole page's text, menus and link lists included.
    """
    precise = run_trafilatura(tree, url, favor_precision=True)
    if body_length(precise) >= MIN_PRECISE_CHARS:
        return precise, None
    recall = run_trafilatura(tree, url, favor_recall=True, with_metadata=precise is None)
    if body_length(recall) > RECALL_GAIN * body_length(precise):
        if precise is None:
            return recall, None
        passed_over = precise.body
        precise.body = recall.body
        return precise, passed_over
    return precise or recall, None


def read_metadata(tree, url: str | None):
    """trafilatura's metadata alone, for a page whose text only readability found (none if it fails)."""
    try:
        return trafilatura.extract_metadata(tree, default_url=url, date_config=EXTRACTION_OPTIONS["date_extraction_params"])
    except PATHOLOGICAL_TREE:
        return Document()


def run_trafilatura(tree, url: str | None, **tuning):
    """One trafilatura pass over the pruned page (trafilatura works on its own copy)."""
    try:
        return trafilatura.bare_extraction(tree, url=url, **(EXTRACTION_OPTIONS | tuning))
    except PATHOLOGICAL_TREE:
        return None


def copy_tree(tree):
    """A deep copy, for a reader that changes the tree it is given."""
    return copy.deepcopy(tree)


def body_length(document) -> int:
    """Characters of text in an extracted document's body (0 if none)."""
    if document is None or document.body is None:
        return 0
    return len("".join(document.body.itertext()).strip())


def choose_date(stated: dt.datetime | None, day: str | None, text: str = "") -> tuple[dt.datetime, str]:
    """The article date and where it came from (page metadata, else the first date
    written in ``text``, in any language ``briefing.text`` reads, else ingest time)."""
    stamp = stated or pagemeta.parse_day(day)
    if stamp is not None:
        return stamp, "metadata"
    return find_date(text)


def drop_title_headings(body, title: str, description: str) -> None:
    """Remove leading headings that repeat the title or the standfirst.

    The body has no title (the template shows it), and a standfirst set as
    a heading above the text is the page's description, kept in ``source``.
    A short kicker above the title ("TECH", "Politics") goes with it.
    """
    repeats = [text for text in (comparable(title), comparable(description)) if text]
    blocks = [element for element in body if comparable("".join(element.itertext()))]
    kickers = []
    for element in blocks[:MAX_LEADING_BLOCKS]:
        text = comparable("".join(element.itertext()))
        if element.tag == "head" and any(text in known or known in text for known in repeats):
            for leading in kickers + [element]:
                remove_keeping_tail(leading)
            kickers = []
        elif len(text) <= MAX_KICKER_CHARS and not kickers:
            kickers.append(element)
        else:
            return


def comparable(text: str | None) -> str:
    """Text reduced to lower-case words, for comparing titles."""
    return " ".join(WORD.findall(text.lower())) if text else ""


def find_lede(body) -> str:
    """The first substantial paragraph of the extracted body, as plain text."""
    for paragraph in body.iter("p"):
        text = clean_text("".join(paragraph.itertext()))
        if len(text) >= MIN_LEDE_CHARS:
            return shorten(text, MAX_LEDE_CHARS)
    return ""


def fallback_title(summary: str, where: object) -> str:
    """A title for a page that states none: the start of its lede."""
    return shorten(summary, MAX_FALLBACK_TITLE_CHARS) if summary else str(where)


def shorten(text: str, limit: int) -> str:
    """Cut text at a word boundary to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def clean_text(text: str | None) -> str:
    """Whitespace-normalised text ('' for None)."""
    return " ".join(text.split()) if text else ""


def split_authors(author: str | None) -> list[str]:
    """trafilatura joins authors with '; ': give them back as a list."""
    if not author:
        return []
    return [name.strip() for name in author.split(";") if name.strip()]
