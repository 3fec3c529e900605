"""Extract the article from a web page: body as safe Markdown, plus metadata.

trafilatura finds the main text. Around it: known page furniture is pruned
before extraction, furniture-like blocks are dropped after, a recall-oriented
second pass is tried when the precise pass finds too little, and the tree is
written as Markdown by ``markdown_body`` (which vets every URL).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from briefing import pagemeta
from briefing.article import Article
from briefing.boilerplate import drop_boilerplate_blocks, prune_furniture, remove_keeping_tail
from briefing.decode import decode_html
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
MIN_BODY_WORDS = 5  # fewer is a menu or a stub, not an article
MIN_LEDE_CHARS = 60
MAX_LEDE_CHARS = 600
MAX_FALLBACK_TITLE_CHARS = 80
EXTRACTION_OPTIONS = dict(
    include_comments=False,
    include_tables=True,
    include_links=True,
    include_formatting=True,
    include_images=False,
    with_metadata=True,
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
    (``"text"``), else the time of extraction (``"ingest"``). ``source`` holds ``url``, ``canonical_url``,
    ``site_name``, ``authors`` (list), ``language``, ``description``,
    ``image`` (the lead image and its stated licence) and ``sha256`` when known. Raises ``SourceError(where, reason)`` when the
    page cannot be parsed or has no article text.
    """
    where = where or url or "<html>"
    raw = html if isinstance(html, bytes) else html.encode("utf-8")
    tree = parse_page(decode_html(html, http_charset) if isinstance(html, bytes) else html, where)
    # Metadata is read before pruning: furniture removal may take <meta>-less
    # bylines and <time> elements with it.
    stated_date = pagemeta.find_published(tree)
    canonical = pagemeta.find_canonical(tree)
    language = pagemeta.find_language(tree)
    lead_image = find_lead_image(tree, url or canonical)
    prune_furniture(tree)
    document = extract_document(tree, url)
    if document is None or document.body is None:
        raise SourceError(where, "no article text found")
    title = clean_text(document.title)
    drop_boilerplate_blocks(document.body)
    drop_title_headings(document.body, title, clean_text(document.description))
    body = render_markdown(document.body, url or canonical)
    if len(WORD.findall(body)) < MIN_BODY_WORDS:
        raise SourceError(where, "no article text found")
    date, date_source = choose_date(stated_date, document.date, body)
    summary = find_lede(document.body) or clean_text(document.description)
    source = {
        "url": url,
        "canonical_url": canonical or document.url,
        "site_name": clean_text(document.sitename),
        "authors": split_authors(document.author),
        "language": language or document.language,
        "description": clean_text(document.description),
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


def parse_page(text: str, where: object):
    """Parse HTML text into an lxml tree, or raise ``SourceError``."""
    if not text.strip():
        raise SourceError(where, "empty page")
    tree = load_html(text)
    if tree is None:
        raise SourceError(where, "not parseable as HTML")
    return tree


def extract_document(tree, url: str | None):
    """Run trafilatura: precise first, recall-oriented if that finds too little."""
    precise = run_trafilatura(copy_tree(tree), url, favor_precision=True)
    if body_length(precise) >= MIN_PRECISE_CHARS:
        return precise
    recall = run_trafilatura(copy_tree(tree), url, favor_recall=True)
    if body_length(recall) > RECALL_GAIN * body_length(precise):
        return recall
    return precise or recall


def run_trafilatura(tree, url: str | None, **tuning):
    """One trafilatura pass over a pruned copy of the page."""
    try:
        return trafilatura.bare_extraction(
            tree, url=url, **EXTRACTION_OPTIONS, **tuning
        )
    except (ValueError, TypeError, etree.LxmlError):
        # trafilatura raises these on pathological trees; treat as "nothing found".
        return None


def copy_tree(tree):
    """A deep copy: trafilatura prunes the tree it is given in place."""
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
