"""Key facts of a briefing, worked out at build time: reading time, places, and dates mentioned.

Places come from the front matter (``places``, written by ingest and editable).
Dates are read from the body with the same patterns ingest uses to date an
article (``briefing.text.DATE_PATTERNS``), so "July 8 to 19, 2024" and
"8 July 2024" are both found.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import math
import re
from urllib.parse import urlsplit

from pelican import signals
from pelican.contents import Article

logger = logging.getLogger(__name__)

WORDS_PER_MINUTE = 220
MAX_DATES = 6
MAX_PLACES = 8
TAG = re.compile(r"<[^>]+>")


def plain_text(html_text: str) -> str:
    """The readable text of rendered HTML (tags removed, entities decoded)."""
    return html.unescape(TAG.sub(" ", html_text or ""))


def reading_minutes(text: str) -> int:
    """Minutes to read ``text`` at ``WORDS_PER_MINUTE``, at least one."""
    return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))


def find_dates(text: str, limit: int = MAX_DATES) -> list[dict]:
    """Dates written in ``text``, in reading order, each once: ``[{"text", "date"}]``.

    ``text`` is the phrase as written ("July 8 to 19, 2024"), ``date`` the
    first day it names (see :func:`briefing.text.iter_dates`).
    """
    from briefing.text import iter_dates

    dates: list[dict] = []
    seen: set[str] = set()
    for _, phrase, day in iter_dates(text):
        if phrase.casefold() not in seen:
            seen.add(phrase.casefold())
            dates.append({"text": phrase, "date": day.date()})
    return dates[:limit]


def places_of(briefing, country_name=lambda code: code) -> list[dict]:
    """The front matter's places that have a name, as ``{"name", "country"}``.

    Ingest records a place's country as its ISO code ("BY"); ``country_name``
    turns that into the name readers know.
    """
    places = []
    for place in getattr(briefing, "places", None) or []:
        if isinstance(place, dict) and str(place.get("name") or "").strip():
            country = str(place.get("country") or "").strip()
            places.append({"name": str(place["name"]).strip(), "country": country_name(country) if country else ""})
        elif isinstance(place, str) and place.strip():
            places.append({"name": place.strip(), "country": ""})
    return places[:MAX_PLACES]


def original_url(source: dict) -> str:
    """The source's canonical URL, else its URL, whichever first is a plain http(s) address; else "".

    Only a link is ever made of it (never loaded); a ``javascript:`` or
    ``data:`` address, or a protocol-relative ``//host``, is not shown at all.
    """
    for key in ("canonical_url", "url"):
        url = str(source.get(key) or "").strip()
        if url.startswith(("http://", "https://")):
            return url
    return ""


def source_facts(briefing) -> dict:
    """What the source box shows: ``publisher``, ``url`` (the original), ``retrieved``, ``file``.

    ``publisher`` is the source's site name (or the ``name`` an editor gave it),
    else the original URL's host;
    ``file`` is the seed's file name when the source was a local file.
    """
    source = getattr(briefing, "source", None)
    if not isinstance(source, dict):
        return {}
    url = original_url(source)
    publisher = str(source.get("site_name") or source.get("name") or "").strip() or urlsplit(url).hostname or ""
    retrieved = source.get("retrieved")
    if isinstance(retrieved, str):
        try:
            retrieved = dt.datetime.fromisoformat(retrieved.replace("Z", "+00:00"))
        except ValueError:
            retrieved = None
    path = str(source.get("path") or "")
    return {
        "publisher": publisher,
        "url": url,
        "retrieved": retrieved if isinstance(retrieved, (dt.date, dt.datetime)) else None,
        "file": path.rsplit("/", 1)[-1] if path else "",
    }


def lede_opens_body(summary: str, body_text: str) -> bool:
    """Whether the body starts with the summary, as when ingest took the first paragraph as the lede.

    The briefing page then leaves the lede out rather than print it twice.
    """
    lede = " ".join(plain_text(summary or "").split())
    return bool(lede) and " ".join(body_text.split()).startswith(lede.rstrip(".…").rstrip())


def describe(briefing, facts) -> None:
    """Set a briefing's ``reading_minutes``, ``key_places``, ``key_dates``, ``source_facts`` and ``lede_opens_body``."""
    briefing.source_facts = source_facts(briefing)
    text = plain_text(briefing._content)
    briefing.lede_opens_body = lede_opens_body(getattr(briefing, "summary", ""), text)
    briefing.reading_minutes = reading_minutes(text)
    briefing.key_places = places_of(briefing, facts.country_name)
    briefing.key_dates = find_dates(text)


def add_key_facts(instance) -> None:
    """``content_object_init`` receiver: key facts of each briefing (drafts and hidden ones too) as it is read.

    They depend on the briefing alone, so they are worked out once, when it is
    read (after sanitising, whose receiver is connected first), and kept with
    it in the build cache and by the parallel readers of ``briefing build``.
    """
    if isinstance(instance, Article):
        describe(instance, _tag_facts(instance.settings.get("TAXONOMY_PATH")))


_facts_memo: dict = {}


def _tag_facts(path):
    """The taxonomy's tag facts, made once per taxonomy (``load_taxonomy`` itself is cached per path)."""
    from .facets import load_tag_facts

    try:
        from briefing.taxonomy import load_taxonomy

        identity = id(load_taxonomy(path))
    except Exception:  # noqa: BLE001 - load_tag_facts reports it and gives empty facts
        identity = None
    if identity not in _facts_memo:
        _facts_memo.clear()
        _facts_memo[identity] = load_tag_facts(path)
    return _facts_memo[identity]


def register():
    signals.content_object_init.connect(add_key_facts)
