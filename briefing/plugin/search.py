"""Search with Pagefind: the search page, and the index built over the written site.

Pagefind indexes only elements marked ``data-pagefind-body`` (the briefing
article), and reads its filters (region, country, organisation, source, year)
from ``data-pagefind-filter`` attributes the theme puts on briefing pages. The
index and Pagefind's UI go to ``output/pagefind/``; the search page loads them
relative to itself, so a site under a sub-path works too.

``make html`` and ``make publish`` index the site after Pelican with
:mod:`briefing.build.search`; :func:`index_site` does the same for tests and scripts.
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals
from pelican.generators import Generator

DEFAULTS = {"SEARCH_URL": "search/", "SEARCH_SAVE_AS": "search/index.html", "NOT_FOUND_SAVE_AS": "404.html"}


class PagefindError(RuntimeError):
    """Pagefind failed to index a site; the message has its output."""


def index_site(output: str | Path, cache_folder: str | Path | None = None) -> Path:
    """Index a built site for search as ``make html`` does; return the folder it wrote (``output/pagefind``).

    The index is built afresh, in shards joined into one (see
    :mod:`briefing.build.search`), with its cache in a temporary folder unless
    ``cache_folder`` is given.
    """
    import tempfile

    from ..build.search import pages_indexed, update_search_index

    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="briefing-search-") as scratch:
        update_search_index(output, pages_indexed(output), Path(cache_folder or scratch), clean=True)
    return output / "pagefind"


def year_of(briefing) -> str:
    return f"{briefing.date:%Y}"


def add_default_settings(pelican_object) -> None:
    for key, value in DEFAULTS.items():
        pelican_object.settings.setdefault(key, value)


class SearchPageGenerator(Generator):
    """Writes the search page from the theme's ``search.html``, and the not-found page ``404.html``.

    Hosts serve ``404.html`` for any missing address, at any depth, so it is
    written with site-root links (``RELATIVE_URLS`` off): a relative ``../tags/``
    would be wrong under ``/briefing/gone/``. It searches and links like the rest.
    """

    def generate_context(self):
        pass

    def generate_output(self, writer):
        writer.write_file(
            self.settings["SEARCH_SAVE_AS"],
            self.get_template("search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=self.settings["SEARCH_URL"],
            page_name="search",
            template_name="search",
        )
        if self.settings.get("NOT_FOUND_SAVE_AS"):
            writer.write_file(
                self.settings["NOT_FOUND_SAVE_AS"], self.get_template("404"), self.context,
                relative_urls=False, page_name="404", template_name="404",
            )


def get_generators(pelican_object):
    return SearchPageGenerator


def register():
    signals.initialized.connect(add_default_settings)
    signals.get_generators.connect(get_generators)
