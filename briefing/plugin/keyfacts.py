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

from . import reads

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


# Genres that readers must not take for news reporting: shown as a label on the page.
# Keys are what a page or a text seed's header states (lower case); values the label.
LABELLED_GENRES = {
    "opinion": "Opinion", "op-ed": "Opinion", "oped": "Opinion", "column": "Opinion", "commentary": "Commentary",
    "editorial": "Editorial", "analysis": "Analysis", "review": "Review", "blog": "Blog post",
}


def names_of(value) -> list[str]:
    """A name or list of names as a clean list (blank items dropped); Pelican's ``Author`` objects by name."""
    items = value if isinstance(value, list) else [value]
    return [" ".join(str(item).split()) for item in items if item is not None and str(item).strip()]


def genre_label(briefing, source: dict) -> str:
    """The label for an opinion piece, editorial or analysis (``genre`` in front matter or source), else ""."""
    genre = getattr(briefing, "genre", None) or source.get("genre") or ""
    return LABELLED_GENRES.get(" ".join(str(genre).lower().split()), "")


def source_facts(briefing) -> dict:
    """What the source box shows: ``publisher``, ``url`` (the original), ``retrieved``, ``authors``, ``genre``.

    ``publisher`` is the source's site name (or the ``name`` an editor gave it),
    else the original URL's host; the original is linked only when there is a
    URL (a seed file's name means nothing to a reader). ``authors`` is the
    byline, from front matter ``authors`` or the source's; ``genre`` the label
    of an opinion piece or analysis (see :data:`LABELLED_GENRES`).
    """
    source = getattr(briefing, "source", None)
    if not isinstance(source, dict):
        source = {}
    url = original_url(source)
    publisher = str(source.get("site_name") or source.get("name") or "").strip() or urlsplit(url).hostname or ""
    retrieved = source.get("retrieved")
    if isinstance(retrieved, str):
        try:
            retrieved = dt.datetime.fromisoformat(retrieved.replace("Z", "+00:00"))
        except ValueError:
            retrieved = None
    return {
        "publisher": publisher,
        "url": url,
        "retrieved": retrieved if isinstance(retrieved, (dt.date, dt.datetime)) else None,
        # Front matter's own `authors` only: Pelican gives every article the site's AUTHOR otherwise.
        "authors": names_of(briefing.metadata.get("authors") or source.get("authors") or []),
        "genre": genre_label(briefing, source),
    }


def lede_text(summary: str) -> str:
    """The summary's words as plain text, without the end a cut lede gets ("…", ".")."""
    return " ".join(plain_text(summary or "").split()).rstrip(".…").rstrip()


def lede_opens_body(summary: str, body_text: str) -> bool:
    """Whether the body starts with the summary, as when ingest took the first paragraph as the lede."""
    lede = lede_text(summary)
    return bool(lede) and " ".join(body_text.split()).startswith(lede)


def lede_in_body(summary: str, body_text: str) -> bool:
    """Whether the body holds the summary anywhere: the page then leaves the separate lede out.

    Not only at the start: a stray line ("Updated", a dateline, a photo
    credit) before the lede paragraph made the page print the lede twice.
    """
    lede = lede_text(summary)
    return bool(lede) and lede in " ".join(body_text.split())


FROM_TEXT = ("lede_opens_body", "lede_in_body", "key_dates")
"""Key facts worked out from the text, each a value that notes the pages showing it (:mod:`.reads`), so an
edit that changes them is still a text-only rebuild, which renders those pages (the briefing's own page).
Not the reading time: it shows on the briefing's card on every list page holding it, and keeping those
pages' recipes for the text-only rebuild made its snapshot six times larger and slower to take (each page of
a paginated list holds the whole list): an edit that changes the reading time takes the whole pipeline."""
reads.DERIVED_FROM_TEXT.update(FROM_TEXT)


def describe(briefing, facts) -> None:
    """Set a briefing's ``reading_minutes``, ``key_places``, ``key_dates``, ``source_facts``, ``lede_opens_body`` and ``lede_in_body``."""
    briefing.source_facts = source_facts(briefing)
    text = plain_text(briefing._content)
    key = reads.FACTS + briefing.source_path
    summary = getattr(briefing, "summary", "")
    briefing.lede_opens_body = reads.NotedInt(lede_opens_body(summary, text), key)
    briefing.lede_in_body = reads.NotedInt(lede_in_body(summary, text), key)
    briefing.reading_minutes = reading_minutes(text)
    briefing.key_places = places_of(briefing, facts.country_name)
    briefing.key_dates = reads.NotedList(find_dates(text), key)


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
