"""Atom feeds that point somewhere and keep their identity when the site moves.

Pelican builds a feed's links from ``SITEURL``, which a local build leaves
empty (relative URLs), and its ids from the link's host and the entry's
date: ``tag:None,2024-07-08:…`` locally, ``tag:example.org,…`` when hosted,
every feed sharing the site's address as its ``<id>``. Moving the site to
another host would change every id, and feed readers would show every entry
again.

So every feed, as Pelican hands it over (``feed_generated``), gets:

* absolute links under the site address (``SITEURL`` when hosted, else
  ``LOCAL_SITEURL``, where ``make serve`` serves the local build), the feed's
  ``alternate`` link naming the page it follows (a tag feed, the tag's page);
* a feed ``<id>`` of its own and entry ids that name no host: RFC 4151
  ``tag:`` URIs from ``FEED_ID_AUTHORITY`` (a domain or e-mail address the
  editors control, a comma, and a date they controlled it on, e.g.
  ``example.org,2024``) and the path under the site, e.g.
  ``tag:example.org,2024:briefing/minsk-talks/``. Set it once and never
  change it; unset, it is the site's own host (SITEURL's, or the local
  preview's) and the year of the site's earliest briefing, which stays the
  same from build to build as briefings are added (only one dated before
  all the others changes it, and with it every id: set the authority);
* each briefing's whole text, as feed readers expect, unless its HTML is over
  ``FEED_FULL_TEXT_MAX_BYTES`` (64 KB, some 10,000 words): then its summary
  and a link to the page. QA trial: one 1.2 MB article made every feed it was
  in (the site's, each of its tags' and regions') over a megabyte.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import urljoin, urlsplit

from pelican import signals

from .seo import site_address

# RFC 4151 taggingEntity: a DNS name or an e-mail address, then a date (YYYY, YYYY-MM or YYYY-MM-DD).
TAGGING_ENTITY = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+"
    r"|[^@\s,:]+@[a-z0-9.-]+),\d{4}(?:-\d{2}(?:-\d{2})?)?$",
    re.IGNORECASE,
)
FEED_FULL_TEXT_MAX_BYTES = 64_000
"""An entry's text (UTF-8 HTML) longer than this goes into feeds as its summary and a link instead."""
FALLBACK_HOST = "127.0.0.1"
"""The host of a default authority for a build with no address at all (a plain relative build)."""


class FeedSettingError(ValueError):
    """A feed setting that would give feeds wrong or unstable ids; stops the build."""


def default_authority(settings: dict, year: int) -> str:
    """``<host of the site's address>,<year>``: SITEURL's host when hosted, else the local preview's (no port).

    QA trial: the default was ``example.org,2024``, so every site that did not set it minted ids
    under a domain it does not own; then ``<host>,2024`` whatever the site's age. A site that may
    move host should still set ``FEED_ID_AUTHORITY``.
    """
    host = urlsplit(site_address(settings)).hostname or FALLBACK_HOST
    return f"{host},{year:04d}"


def earliest_year(articles) -> int:
    """The year of the earliest of ``articles`` (this year for none: an empty site has no ids to keep)."""
    return min((article.date.year for article in articles), default=dt.date.today().year)


def check_settings(pelican_object) -> None:
    """``initialized`` receiver: a malformed ``FEED_ID_AUTHORITY`` or ``FEED_FULL_TEXT_MAX_BYTES`` stops the build."""
    limit = pelican_object.settings.get("FEED_FULL_TEXT_MAX_BYTES", FEED_FULL_TEXT_MAX_BYTES)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise FeedSettingError(f"FEED_FULL_TEXT_MAX_BYTES = {limit!r}: expected a number of bytes (e.g. 64000), "
                               "or None to put every briefing's whole text in the feeds")
    authority = pelican_object.settings.get("FEED_ID_AUTHORITY")
    if authority and (not isinstance(authority, str) or not TAGGING_ENTITY.match(authority)):
        raise FeedSettingError(
            f"FEED_ID_AUTHORITY = {authority!r}: expected a domain or e-mail address you control, a comma "
            f"and a date you controlled it on (RFC 4151), e.g. 'example.org,2024'"
        )


def date_the_authority(article_generator) -> None:
    """``article_generator_finalized`` receiver: an unset ``FEED_ID_AUTHORITY`` from the site's host and earliest year.

    Put in the generators' shared context, where the feeds read it (and the build's
    cache fingerprints it with each feed), not in the settings the cache is keyed on.
    """
    context = article_generator.context
    if not article_generator.settings.get("FEED_ID_AUTHORITY"):
        context["FEED_ID_AUTHORITY"] = default_authority(context, earliest_year(article_generator.articles))


def site_path(url: str, base: str) -> str:
    """``url``'s path under the site (``briefing/minsk-talks/``), whatever host or sub-path it has."""
    url = str(url)
    if base and url.startswith(base + "/"):
        return url[len(base) + 1:]
    return url.lstrip("/")


def page_of_feed(feed_path: str, settings: dict) -> str:
    """The path of the page a feed follows: ``tag/belarus/`` for ``feeds/tag/belarus.atom.xml``; "" for the home page."""
    for family in ("TAG", "REGION"):
        pattern, page = settings.get(f"{family}_FEED_ATOM"), settings.get(f"{family}_URL")
        if not pattern or not page or "{slug}" not in pattern:
            continue
        head, tail = str(pattern).split("{slug}", 1)
        if feed_path.startswith(head) and feed_path.endswith(tail) and len(feed_path) > len(head) + len(tail):
            return str(page).format(slug=feed_path[len(head):len(feed_path) - len(tail)])
    return ""


def tag_uri(authority: str, path: str) -> str:
    """The RFC 4151 ``tag:`` URI for a path under the site."""
    return f"tag:{authority}:{path}"


def identify_feed(context, feed) -> None:
    """``feed_generated`` receiver: absolute links, and ids that survive a change of host."""
    base = site_address(context)
    authority = context.get("FEED_ID_AUTHORITY") or default_authority(context, earliest_year(context.get("articles") or []))
    feed_base = str(context.get("FEED_DOMAIN") or base).rstrip("/")
    feed_path = site_path(feed.feed["feed_url"], feed_base)
    if base:
        feed.feed["link"] = f"{base}/{page_of_feed(feed_path, context)}"
    feed.feed["id"] = tag_uri(authority, feed_path)
    for item in feed.items:
        if base:
            item["link"] = urljoin(f"{base}/", str(item["link"]))
        item["unique_id"] = tag_uri(authority, site_path(item["link"], base))


def cap_full_text(context, feed) -> None:
    """Give an entry whose text is over ``FEED_FULL_TEXT_MAX_BYTES`` its summary and a link to its page instead.

    An Atom entry without ``<content>`` is read from its ``<summary>`` and its
    ``alternate`` link (RFC 4287, 4.1.1.1), which every feed reader follows.
    """
    limit = context.get("FEED_FULL_TEXT_MAX_BYTES", FEED_FULL_TEXT_MAX_BYTES)
    if limit is None:
        return
    for item in feed.items:
        content = item.get("content")
        if content and len(content.encode("utf-8")) > limit:
            link = html.escape(str(item["link"]), quote=True)
            item["description"] = (f"{item.get('description') or ''}"
                                   f'<p><a href="{link}">Read the whole briefing on the site</a></p>')
            item["content"] = None


def finish_feed(context, feed) -> None:
    """``feed_generated`` receiver: ids and links first (the capped entries' links use them), then the text."""
    identify_feed(context, feed)
    cap_full_text(context, feed)


def register():
    """Connect the receivers (Pelican calls this when it loads the plugin)."""
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(date_the_authority)
    signals.feed_generated.connect(finish_feed)
