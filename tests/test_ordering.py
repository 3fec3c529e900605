"""Briefings newest first, and those of the same date by slug, whatever order the files are found in.

Pelican's translation grouping used to give the same-date order (it sorted by
slug first) at a cost growing with briefings²; it is off, and
``briefing.plugin.ordering.newest_first`` keeps that order.
"""

from __future__ import annotations

import datetime as dt

from conftest import build_site
from editorial import write_ingested

SAME_DAY = ["zulu-talks", "alpha-talks", "mike-talks", "echo-talks", "yankee-talks", "bravo-talks", "kilo-talks"]


def test_same_date_briefings_are_listed_by_slug_after_newer_ones(tmp_path):
    content = tmp_path / "content"
    for slug in SAME_DAY:
        write_ingested(content, slug, slug.replace("-", " ").title(), ["Belarus"], ["Eastern Europe"])
    write_ingested(content, "newest-talks", "Newest Talks", ["Belarus"], ["Eastern Europe"], date=dt.date(2024, 7, 9))
    output = build_site(content, tmp_path / "output", DEFAULT_PAGINATION=20)
    expected = ["newest-talks", *sorted(SAME_DAY)]
    for page in ("index.html", "tag/belarus/index.html"):
        html = (output / page).read_text(encoding="utf-8")
        positions = [html.index(f"/briefing/{slug}/") for slug in expected]
        assert positions == sorted(positions), (page, [slug for _, slug in sorted(zip(positions, expected))])
