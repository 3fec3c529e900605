"""Read what a web page states about itself: dates, canonical URL, language.

trafilatura already finds title, authors, site name and description; this
module adds what it does not give precisely: the stated publication *time*
(htmldate returns only a day), the ``<link rel=canonical>`` and the page's
declared language.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re

from .feeds import is_url

# Where pages state their first publication, most specific first. Modified
# dates are deliberately absent: a briefing is dated by first publication.
PUBLISHED_META_XPATHS = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@name="article:published_time"]/@content',
    '//meta[@property="og:article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//meta[@name="parsely-pub-date"]/@content',
    '//meta[@name="sailthru.date"]/@content',
    '//meta[@name="pubdate"]/@content',
    '//meta[@name="publishdate"]/@content',
    '//meta[@name="publish-date"]/@content',
    '//meta[@name="dc.date.issued"]/@content',
    '//meta[@name="DC.date.issued"]/@content',
    '//time[@itemprop="datePublished"]/@datetime',
    '//*[@itemprop="datePublished"]/@datetime',
    '//time[@pubdate]/@datetime',
)
JSON_LD_XPATH = '//script[@type="application/ld+json"]/text()'
CANONICAL_XPATHS = (
    '//link[@rel="canonical"]/@href',
    '//meta[@property="og:url"]/@content',
)
LANGUAGE_XPATHS = (
    "/html/@lang",
    '//meta[@http-equiv="content-language"]/@content',
    '//meta[@http-equiv="Content-Language"]/@content',
    '//meta[@property="og:locale"]/@content',
)
EARLIEST_YEAR = 1990  # older "dates" on news pages are almost always noise
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})*$")


def find_published(tree) -> dt.datetime | None:
    """The publication time a page states in its metadata, as aware datetime.

    Reads Open Graph/article meta tags, JSON-LD ``datePublished`` and
    ``<time>`` elements. Times without a zone are taken as UTC; dates
    before 1990 or more than a day in the future are ignored.
    """
    for xpath in PUBLISHED_META_XPATHS:
        for value in tree.xpath(xpath):
            stamp = parse_date(str(value))
            if stamp is not None:
                return stamp
    for value in json_ld_dates(tree):
        stamp = parse_date(value)
        if stamp is not None:
            return stamp
    return None


def json_ld_dates(tree) -> list[str]:
    """Every ``datePublished`` in the page's JSON-LD blocks, in page order."""
    found = []
    for text in tree.xpath(JSON_LD_XPATH):
        try:
            data = json.loads(text)
        except ValueError:
            continue
        collect_key(data, "datePublished", found)
    return found


def collect_key(data, key: str, found: list[str]) -> None:
    """Append every string value of ``key`` anywhere in nested JSON."""
    if isinstance(data, dict):
        value = data.get(key)
        if isinstance(value, str):
            found.append(value)
        for child in data.values():
            collect_key(child, key, found)
    elif isinstance(data, list):
        for child in data:
            collect_key(child, key, found)


def parse_date(text: str) -> dt.datetime | None:
    """Parse an ISO 8601 or RFC 2822 date, or None if it is neither or implausible."""
    text = text.strip()
    if not text:
        return None
    stamp = None
    try:
        stamp = dt.datetime.fromisoformat(text.replace(" ", "T", 1) if len(text) > 10 else text)
    except ValueError:
        try:
            stamp = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return plausible(stamp)


def parse_day(text: str | None) -> dt.datetime | None:
    """Parse htmldate's ``YYYY-MM-DD`` into midnight UTC, or None."""
    if not text:
        return None
    try:
        return plausible(dt.datetime.strptime(text[:10], "%Y-%m-%d"))
    except ValueError:
        return None


def plausible(stamp: dt.datetime | None) -> dt.datetime | None:
    """Make a datetime aware (UTC if naive); drop it if outside news time."""
    if stamp is None:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    now = dt.datetime.now(dt.timezone.utc)
    if stamp.year < EARLIEST_YEAR or stamp > now + dt.timedelta(days=1):
        return None
    return stamp


def find_canonical(tree) -> str | None:
    """The page's canonical URL (``<link rel=canonical>``, else ``og:url``)."""
    for xpath in CANONICAL_XPATHS:
        for value in tree.xpath(xpath):
            value = str(value).strip()
            if is_url(value):  # http(s), and one urllib can split: "https://[host/x" cannot
                return value
    return None


def find_language(tree) -> str | None:
    """The page's declared language as a BCP 47 tag like ``en`` or ``pt-BR``."""
    for xpath in LANGUAGE_XPATHS:
        for value in tree.xpath(xpath):
            value = str(value).strip().split(",")[0].strip().replace("_", "-")
            if LANGUAGE_TAG.match(value):
                primary, _, region = value.partition("-")
                if len(region) == 2:
                    region = region.upper()  # pt-br -> pt-BR, as BCP 47 writes it
                return primary.lower() + (f"-{region}" if region else "")
    return None
