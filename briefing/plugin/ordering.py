"""Briefing order without Pelican's quadratic passes.

Two passes in Pelican's ``ArticlesGenerator`` compare every briefing with every
other, so at 50,000 briefings each costs tens of seconds:

* translation grouping (``process_translations``) ends with
  ``[x for x in articles if x not in index]``. The site has no Pelican
  translations (a briefing's ``lang`` is its language, same URL; see
  :mod:`briefing.plugin.languages`), so ``pelicanconf.py`` turns it off with
  ``ARTICLE_TRANSLATION_ID = None``. The grouping also sorted by slug before
  Pelican's newest-first sort, so briefings of the same date were in slug
  order; :func:`newest_first` (``ARTICLE_ORDER_BY``) keeps exactly that order,
  independent of the order files are found in.
* author and category pages: for each author or category Pelican builds
  ``[a for a in dates if a in articles]`` before writing, even when
  ``AUTHOR_SAVE_AS`` / ``CATEGORY_SAVE_AS`` are empty and the page is never
  written. :func:`skip_unwritten_groups` leaves the generator no groups to
  loop over then; the templates' ``authors`` and ``categories`` are unchanged.
"""

from __future__ import annotations

from pelican import signals

# The pages and feeds each group would be written to; all empty: the group is never written.
GROUP_OUTPUTS = {
    "authors": ("AUTHOR_SAVE_AS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS"),
    "categories": ("CATEGORY_SAVE_AS", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS"),
}


def newest_first(briefing) -> tuple:
    """``ARTICLE_ORDER_BY`` key: newest first, briefings of the same moment by slug (A to Z)."""
    return (-briefing.date.timestamp(), briefing.slug)


def skip_unwritten_groups(article_generator) -> None:
    """``article_generator_finalized`` receiver: no author or category loop when nothing of it is written."""
    settings = article_generator.settings
    for group, outputs in GROUP_OUTPUTS.items():
        if not any(settings.get(name) for name in outputs):
            # Rebound, not emptied: the context keeps the full list for templates.
            setattr(article_generator, group, [])


def register():
    """Connect the receivers (Pelican calls this when it loads the plugin)."""
    signals.article_generator_finalized.connect(skip_unwritten_groups)
