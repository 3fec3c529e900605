"""Month archive pages (``archives/YYYY/MM/``), grouped in one pass over the briefings.

Pelican's ``ArticlesGenerator._build_period_archives`` gives each month
``[a for a in articles if a in dates]``: every briefing checked against the
month's list, for every month, so the work grows with briefings² / months
(1.7 s of a 10,000-briefing build). The site therefore sets Pelican's
``MONTH_ARCHIVE_SAVE_AS = ""`` so the core groups no months, and names the month
pages in ``BRIEFING_MONTH_ARCHIVE_SAVE_AS`` instead. Once the core's context is built,
:func:`add_month_archives` puts ``period_archives["month"]`` in it, the same
dicts (``period``, ``period_num``, ``url``, ``save_as``, ``dates``,
``articles``) the core would have made, and the core's own
``generate_period_archives`` writes them with the theme's ``period_archives.html``.

A reader following a story month by month steps to the nearest earlier and
later month that has briefings: the context's ``month_neighbours`` maps each
month's ``period_num`` to those two (each ``{"period", "url"}``, or None). It
holds no briefings, so it changes (and with it every month page's fingerprint,
see :mod:`briefing.build.fingerprint`) only when a month gains its first or
loses its last briefing.
"""

from __future__ import annotations

import calendar

from pelican import signals

SAVE_AS_SETTING = "BRIEFING_MONTH_ARCHIVE_SAVE_AS"


class ArchiveSettingError(Exception):
    """Month archive settings the plugin cannot use together."""


def validate_settings(pelican_object) -> None:
    """Stop the build if both Pelican and the plugin would write the month pages."""
    settings = pelican_object.settings
    if settings.get(SAVE_AS_SETTING) and settings.get("MONTH_ARCHIVE_SAVE_AS"):
        raise ArchiveSettingError(
            f"MONTH_ARCHIVE_SAVE_AS is {settings['MONTH_ARCHIVE_SAVE_AS']!r} and {SAVE_AS_SETTING} is "
            f"{settings[SAVE_AS_SETTING]!r}; set MONTH_ARCHIVE_SAVE_AS = \"\" so only the plugin's "
            "one-pass grouping builds the month pages"
        )


def group_by_month(dates, articles) -> dict[tuple[int, int], tuple[list, list]]:
    """``{(year, month): (dates of the month, articles of the month)}``, each list in its input's order.

    One pass over each list; keys come in the order of ``dates``.
    """
    months: dict[tuple[int, int], tuple[list, list]] = {}
    for briefing in dates:
        months.setdefault((briefing.date.year, briefing.date.month), ([], []))[0].append(briefing)
    for briefing in articles:
        month = months.get((briefing.date.year, briefing.date.month))
        if month is not None:
            month[1].append(briefing)
    return months


def month_archives(dates, articles, save_as_format: str, url_format: str) -> list[dict]:
    """The month entries of Pelican's ``period_archives``, built without its quadratic filter."""
    archives = []
    for (year, month), (month_dates, month_articles) in group_by_month(dates, articles).items():
        first = month_dates[0].date  # any date of the month formats the same URL
        archives.append({
            "period": (year, calendar.month_name[month]),
            "period_num": (year, month),
            "save_as": save_as_format.format(date=first),
            "url": url_format.format(date=first),
            "dates": month_dates,
            "articles": month_articles,
        })
    return archives


def month_neighbours(archives: list[dict]) -> dict[tuple[int, int], tuple[dict | None, dict | None]]:
    """``{period_num: (earlier month, later month)}``, each ``{"period", "url"}`` or None at either end."""
    links = sorted((month["period_num"], {"period": month["period"], "url": month["url"]}) for month in archives)
    neighbours = {}
    for index, (period_num, _) in enumerate(links):
        earlier = links[index - 1][1] if index > 0 else None
        later = links[index + 1][1] if index + 1 < len(links) else None
        neighbours[period_num] = (earlier, later)
    return neighbours


def add_month_archives(article_generator) -> None:
    """``article_generator_finalized`` receiver: give the core its month archives to write."""
    settings = article_generator.settings
    save_as = settings.get(SAVE_AS_SETTING)
    if not save_as:
        return
    # The core's dict is also context["period_archives"], so the archive index sees the months too.
    archives = month_archives(article_generator.dates, article_generator.articles, save_as, settings["MONTH_ARCHIVE_URL"])
    article_generator.period_archives["month"] = archives
    article_generator.context["month_neighbours"] = month_neighbours(archives)


def register():
    """Connect the receivers (Pelican calls this when it loads the plugin)."""
    signals.initialized.connect(validate_settings)
    signals.article_generator_finalized.connect(add_month_archives)
