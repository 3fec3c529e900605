"""Drafts (``status: draft``): let Pelican write them when categories are switched off.

The site turns categories off (``CATEGORY_SAVE_AS = ""``), so Pelican's reader
gives briefings no ``category``, and its ``generate_drafts`` then fails on
``draft.category``. Drafts get the default category here (never shown). Whether drafts are
written at all is a setting: ``pelicanconf.py`` writes them to
``drafts/<slug>/`` (shown with a "Draft" banner), ``publishconf.py`` sets
``DRAFT_SAVE_AS = ""`` so the hosted site has none.
"""

from __future__ import annotations

from pelican import signals
from pelican.urlwrappers import Category


def give_drafts_a_category(article_generator) -> None:
    settings = article_generator.settings
    for draft in article_generator.drafts + article_generator.drafts_translations:
        if not hasattr(draft, "category"):
            draft.category = Category(settings.get("DEFAULT_CATEGORY") or "misc", settings)


def register():
    signals.article_generator_finalized.connect(give_drafts_a_category)
