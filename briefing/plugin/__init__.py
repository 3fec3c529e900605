"""Pelican plugin for briefing sites.

Enable it with ``PLUGINS = ["pelican.plugins.yaml_metadata", "briefing.plugin"]``.
One module per concern: ``regions`` (region and tag pages and feeds),
``related`` (related, previous and next briefings), ``keyfacts`` (reading
time, places, dates mentioned), ``search`` (the search page), ``seo``
(autoescaping, JSON-LD, sitemap and robots.txt), ``sanitize`` (every
briefing's HTML cleaned to an allowlist, remote images unloaded), ``reader``
(front matter parsed with libyaml and checked), ``archives``
(month pages grouped in one pass), ``problems`` (briefings left out and
unknown tags reported at the end of the build), ``feeds`` (feed links and
ids), ``assets`` (CSS minified), ``urls`` (each URL worked out once),
``languages`` (each briefing's language shown and filterable), ``maps`` (SVG
maps of coverage, regions and places), ``timeline`` (briefings per month),
``ordering`` (newest first without Pelican's quadratic passes),
``fragments`` (a briefing's card rendered once per build for all list pages),
``redirects`` (a renamed briefing's old addresses, front matter ``aliases``).
Tag and region intros are read by ``regions`` through ``intros``.
"""

from . import (archives, assets, drafts, feeds, fragments, history, keyfacts, languages, maps, ordering, problems,
               reader, redirects, regions, related, sanitize, search, seo, timeline, urls)


def register():
    """Connect every module's receivers (Pelican calls this when it loads the plugin)."""
    reader.register()
    sanitize.register()  # first: nothing else may see unsanitised HTML
    seo.register()
    feeds.register()  # absolute feed links, and ids that survive a change of host
    regions.register()
    archives.register()  # month pages without Pelican's quadratic grouping
    ordering.register()  # no quadratic author/category loops for pages never written
    keyfacts.register()
    related.register()
    search.register()
    history.register()  # editorial workflow: git history and edit link
    drafts.register()  # editorial workflow: drafts build when categories are off
    assets.register()  # the theme's CSS minified in output/
    languages.register()  # a briefing's language: shown, a search filter, lang on its text
    problems.register()  # left-out briefings and unknown tags reported at the end; a failing build exits non-zero
    urls.register()  # each URL worked out once per briefing
    maps.register()  # after regions: its generator reads the tag and region groups
    timeline.register()
    fragments.register()  # list pages' cards rendered once per build and depth
    redirects.register()  # last: a renamed briefing's old addresses, checked against every page written before


__all__ = ["register"]
