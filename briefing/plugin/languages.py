"""Briefings in other languages: their language shown, searchable, and marked up.

A briefing's front matter ``lang`` (ISO 639-1, written by ingest) is its
language, not a Pelican translation: every briefing keeps its one URL
whatever its language (Pelican would otherwise write a non-default-language
article at ``ARTICLE_LANG_SAVE_AS``).  Each briefing gets ``language_name``
("Russian", from CLDR through Babel) for the page and the search filter, and
``text_lang``, the code templates put on the title, lede and body when it is
not the site's language (with ``text_dir`` "rtl" for a language written right
to left, so an Arabic briefing reads and aligns from the right): the page's ``<html lang>`` stays the site's, so
Pagefind keeps one index and a Russian briefing is found from the one search
page by its Russian words and by its English tags.
"""

from __future__ import annotations

import re

from pelican import signals

from briefing.language import is_right_to_left, language_name, normalise_code

from . import reads

# Pelican's URL settings for content not in the default language, and the ones they copy.
SAME_URLS = {
    "ARTICLE_LANG_URL": "ARTICLE_URL",
    "ARTICLE_LANG_SAVE_AS": "ARTICLE_SAVE_AS",
    "DRAFT_LANG_URL": "DRAFT_URL",
    "DRAFT_LANG_SAVE_AS": "DRAFT_SAVE_AS",
}


# Runs of characters from scripts written without spaces between words (Han, kana, Thai...).
UNSPACED = re.compile(r"[\u0E00-\u0E7F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+")
# A searched word longer than this is rare in such scripts; longer suffixes only grow the index.
MAX_TERM = 8


def unspaced_terms(text: str) -> str:
    """Every suffix (up to ``MAX_TERM`` characters) of each unspaced run in ``text``, space-separated.

    Pagefind splits words at spaces and matches a query as a word's prefix, so
    in a site indexed as English "维尔纽斯" would be found only at the start of a
    run.  Indexing every suffix of each run makes any substring a prefix of one
    of them: the suffix-array idea, the usual way to search text without word
    boundaries when there is no segmenter for the language.
    """
    terms: list[str] = []
    seen: set[str] = set()
    for run in UNSPACED.findall(text):
        for start in range(len(run) - 1):
            term = run[start:start + MAX_TERM]
            if term not in seen:
                seen.add(term)
                terms.append(term)
    return " ".join(terms)


def one_url_per_briefing(pelican_object) -> None:
    """Write a briefing in another language where any briefing goes."""
    settings = pelican_object.settings
    for lang_key, key in SAME_URLS.items():
        settings[lang_key] = settings[key]


def add_language(instance) -> None:
    """``content_object_init`` receiver: give a briefing (drafts too) its ``language_name``, and if not the
    site's, ``text_lang`` and ``search_terms`` (see ``unspaced_terms``).

    As it is read, not in a pass over the whole site: they depend on the briefing alone, and the
    search terms on its text, so a rebuild after an edit of the text alone (``briefing.build.fastpath``)
    gets them with the text.
    """
    from pelican.contents import Article

    from briefing.plugin.keyfacts import plain_text

    if not isinstance(instance, Article):
        return
    site = normalise_code(instance.settings.get("DEFAULT_LANG")) or "en"
    code = normalise_code(getattr(instance, "lang", None)) or site
    instance.language_name = language_name(code)
    instance.text_lang = code if code != site else None
    instance.text_dir = "rtl" if instance.text_lang and is_right_to_left(code) else None
    # The text as read (links not yet resolved: plain_text keeps only their words). Worked out from the
    # text, so noted where shown (briefing.plugin.reads): a Chinese edit is still a text-only rebuild.
    instance.search_terms = reads.NotedStr(unspaced_terms(plain_text(
        f"{instance.title} {getattr(instance, 'summary', '')} {instance._content}")) if instance.text_lang else "",
        reads.FACTS + instance.source_path)


reads.DERIVED_FROM_TEXT.add("search_terms")


def register():
    """Connect the receivers."""
    signals.initialized.connect(one_url_per_briefing)
    signals.content_object_init.connect(add_language)
