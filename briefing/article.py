"""The article model every reader produces and ingest consumes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Article:
    """One converted source article, before tagging.

    ``body`` is Markdown without the title (the page template shows the title).
    ``date_source`` says where ``date`` came from: ``"metadata"`` (the page or
    feed stated it), ``"text"`` (a date found in the text) or ``"ingest"``
    (nothing stated one, so the time of ingest was used).
    """

    title: str
    body: str
    summary: str
    date: dt.datetime
    date_source: str
    source: dict = field(default_factory=dict)
    """Where it came from: ``path`` or ``url``, ``sha256`` of the raw bytes, and
    whatever the source states: ``canonical_url``, ``site_name``, ``authors``,
    ``language``, ``description``, ``retrieved``."""
