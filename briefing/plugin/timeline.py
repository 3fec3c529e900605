"""Timelines for tag and region pages: briefings per month for the last 24 months, as linked bars.

The 24 months end with the month of the site's newest briefing (not today),
so a rebuild of the same content gives the same pages. Each bar links to its
month's archive page (``MONTH_ARCHIVE_URL``); a month with no briefings has
no bar and no link. The busiest month is labelled. ``BRIEFING_MAPS = {"enabled":
False}`` turns timelines off with the maps. Counts take one pass over
each tag's and region's list, so the work is linear in the briefings.
"""

from __future__ import annotations

import datetime as dt

from pelican import signals

from .maps import map_settings

MONTHS = 24
BAR_WIDTH = 14
GAP = 3
CHART_HEIGHT = 80
LABEL_SPACE = 18
"""Room above the bars for the peak's label, and below for the years."""
YEAR_LABEL_WIDTH = 36
"""Room a year's label takes below the bars ("2024" at the chart's font size), in chart units."""


def month_window(newest: dt.date, months: int = MONTHS) -> list[tuple[int, int]]:
    """The ``months`` (year, month) pairs ending with ``newest``'s month, oldest first."""
    index = newest.year * 12 + newest.month - 1
    return [divmod(number, 12) for number in range(index - months + 1, index + 1)]


def timeline(briefings, window: list[tuple[int, int]], url_format: str) -> dict | None:
    """Bars, year marks and the peak for one tag or region; ``None`` if none of its briefings is in the window."""
    counts: dict[tuple[int, int], int] = {}
    first = window[0]
    for briefing in briefings:
        month = (briefing.date.year, briefing.date.month - 1)
        if month >= first:
            counts[month] = counts.get(month, 0) + 1
    if not counts:
        return None
    peak_month = max(window, key=lambda month: (counts.get(month, 0), month))
    peak = counts[peak_month]
    bars, years = [], []
    for number, (year, month0) in enumerate(window):
        x = number * (BAR_WIDTH + GAP)
        day = dt.date(year, month0 + 1, 1)
        if month0 == 0 or number == 0:
            if years and x - years[-1]["x"] < YEAR_LABEL_WIDTH:
                years.pop()  # QA trial: a window from December wrote "2024" over "2025"; January's year wins
            years.append({"x": x, "label": str(year)})
        count = counts.get((year, month0), 0)
        if not count:
            continue
        height = max(2, round(CHART_HEIGHT * count / peak))
        bars.append({
            "x": x, "y": LABEL_SPACE + CHART_HEIGHT - height, "height": height, "count": count,
            "url": url_format.format(date=day), "label": day.strftime("%B %Y"),
            "peak": (year, month0) == peak_month,
        })
    peak_bar = next(bar for bar in bars if bar["peak"])
    span = f"{dt.date(first[0], first[1] + 1, 1):%B %Y} to {dt.date(window[-1][0], window[-1][1] + 1, 1):%B %Y}"
    return {
        "bars": bars, "years": years, "peak": peak_bar, "bar_width": BAR_WIDTH,
        "width": len(window) * (BAR_WIDTH + GAP) - GAP, "height": LABEL_SPACE * 2 + CHART_HEIGHT,
        "baseline": LABEL_SPACE + CHART_HEIGHT, "span": span,
        # The label is centred on its bar but kept inside the chart (it is ~130 units wide).
        "peak_x": min(max(peak_bar["x"] + BAR_WIDTH / 2, 66), len(window) * (BAR_WIDTH + GAP) - 66),
    }


def add_timelines(generators) -> None:
    """``all_generators_finalized`` receiver: give every tag and region with a page its ``timeline``."""
    for generator in generators:
        context = getattr(generator, "context", None)
        if context is not None:
            break
    else:
        return
    dates = context.get("dates", [])
    if not dates or not map_settings(context)["enabled"]:
        return
    url_format = context.get("MONTH_ARCHIVE_URL") or "archives/{date:%Y}/{date:%m}/"
    window = month_window(max(briefing.date for briefing in dates))
    for family in ("tags", "regions"):
        for wrapper, briefings in context.get(family, []):
            wrapper.timeline = timeline(briefings, window, url_format)


def register():
    """Connect the receivers (Pelican calls this when it loads the plugin)."""
    signals.all_generators_finalized.connect(add_timelines)
