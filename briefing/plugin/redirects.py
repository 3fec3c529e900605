"""Redirect pages at a renamed briefing's old addresses (front matter ``aliases``).

A reader's bookmark of ``/briefing/old-slug/`` keeps working after an editor
renames the slug: the build writes a small page there that sends the browser
on with ``<meta http-equiv="refresh">`` (no script), names the new page as
canonical, asks search engines not to index it, and links to it for readers
whose browser does not follow the refresh. It is no briefing: it is not in the
search index (no ``data-pagefind-body``), the feeds or the sitemap.

The aliases are checked as ``briefing check`` checks them
(:mod:`briefing.aliases`): a malformed one is reported by the reader; one that
is a page of the site, or another briefing's alias, is reported here and
written for no one but its first claimant.
"""

from __future__ import annotations

import os
from dataclasses import replace

from pelican import signals
from pelican.generators import Generator

from ..aliases import ALIASES_FIELD, Addresses, Listed, alias_collisions, alias_save_as, site_addresses, valid_aliases
from ..check import ERROR, Problem
from .problems import add_problems, field_line, shown

TEMPLATE = "redirect"


class RedirectsGenerator(Generator):
    """Writes one redirect page per valid alias of every published or hidden briefing."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        context = self.context
        briefings = [briefing for group in ("articles", "hidden_articles")
                     for briefing in context.get(group, []) if getattr(briefing, ALIASES_FIELD, None)]
        if not briefings:
            return
        briefings.sort(key=lambda briefing: briefing.source_path)
        article_save_as = self.settings.get("ARTICLE_SAVE_AS") or "{slug}.html"
        claims = [(shown(briefing.source_path), getattr(briefing, ALIASES_FIELD)) for briefing in briefings]
        collisions = alias_collisions(claims, self.site_addresses(writer), article_save_as)
        refused = {(path, alias) for path, alias, _ in collisions}
        add_problems(self.settings, [Problem(path, field_line(path, ALIASES_FIELD), ERROR, message)
                                     for path, _, message in collisions])
        template = self.get_template(TEMPLATE)
        relative = self.settings.get("RELATIVE_URLS")
        for briefing in briefings:
            for alias in valid_aliases(getattr(briefing, ALIASES_FIELD)):
                if (shown(briefing.source_path), alias) not in refused:
                    writer.write_file(alias_save_as(alias, article_save_as), template, context,
                                      relative_urls=relative, article=briefing)

    def site_addresses(self, writer) -> Addresses:
        """The site's pages as ``briefing check`` works them out (:func:`briefing.aliases.site_addresses`),
        from the briefings and pages read; plus, should a plugin write a file it does not know of, the
        files the writer has been given so far, so a redirect never replaces a page."""
        listed = [Listed("article", item.slug, getattr(item, "status", "published"), getattr(item, "date", None),
                         tuple(tag.slug for tag in getattr(item, "tags", ())),
                         tuple(region.slug for region in getattr(item, "regions", ())))
                  for group in ("articles", "hidden_articles", "drafts") for item in self.context.get(group, [])]
        listed += [Listed("page", item.slug, getattr(item, "status", "published"))
                   for group in ("pages", "hidden_pages", "draft_pages") for item in self.context.get(group, [])]
        known = site_addresses(self.settings, listed)
        output = str(self.output_path)
        written = {job.name for job in getattr(writer, "jobs", ())}
        written |= {os.path.relpath(path, output).replace(os.sep, "/") for path in getattr(writer, "_written_files", ())}
        return replace(known, files=known.files | written)


def get_generators(pelican_object):
    return RedirectsGenerator


def register():
    signals.get_generators.connect(get_generators)
