"""Pelican settings for local builds (relative URLs, so output/ can be opened or served anywhere).

The hosted build adds to these in publishconf.py.
"""

import os

from briefing.plugin.ordering import newest_first

AUTHOR = "Briefing desk"
SITENAME = "Briefing"
SITESUBTITLE = "Who is doing what, where: tagged news briefings"
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["briefings"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_CATEGORY = "Briefings"

PLUGINS = ["pelican.plugins.yaml_metadata", "briefing.plugin"]

# Every page's Content-Security-Policy (a <meta> first in <head>; README, "The site's defences"):
# only this site's own files, no inline script, no plugins, no <base> or form posts elsewhere.
# No 'wasm-unsafe-eval': Pagefind compiles its WebAssembly in a Web Worker, which a <meta>
# policy does not reach (the browser test searches under this policy and sees no violation).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)

# Clean URLs: /briefing/<slug>/, /tag/<slug>/, /region/<slug>/
ARTICLE_URL = "briefing/{slug}/"
ARTICLE_SAVE_AS = "briefing/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
REGION_URL = "region/{slug}/"
REGION_SAVE_AS = "region/{slug}/index.html"
REGIONS_URL = "regions/"
REGIONS_SAVE_AS = "regions/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/"
# Month pages are grouped by the plugin (briefing.plugin.archives) in one pass; Pelican's own
# grouping is quadratic in the number of briefings, so its MONTH_ARCHIVE_SAVE_AS stays off.
# Setting both is an error.
MONTH_ARCHIVE_SAVE_AS = ""
BRIEFING_MONTH_ARCHIVE_SAVE_AS = "archives/{date:%Y}/{date:%m}/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
# Categories and authors are not how readers browse briefings.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "archives"]
# A briefing's lang is not a Pelican translation (same URL), and Pelican's translation grouping
# compares every briefing with every other; newest first, same-date briefings by slug
# (briefing.plugin.ordering).
ARTICLE_TRANSLATION_ID = None
ARTICLE_ORDER_BY = newest_first

DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"index": None, "tag": None, "region": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Atom feeds for the whole site, every tag and every region.
FEED_ALL_ATOM = "feeds/all.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
REGION_FEED_ATOM = "feeds/region/{slug}.atom.xml"
FEED_ATOM = None
# The newest 100 briefings in each feed: a feed of every briefing (Pelican's default) is
# 60 MB at 10,000, and every edit rewrote it.
FEED_MAX_ITEMS = 100
FEED_RSS = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
# Feeds and structured data need absolute URLs. A local build uses the address `make serve`
# serves it at (PORT as given to make, else 8000); the hosted build uses SITEURL.
LOCAL_SITEURL = f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"
FEED_DOMAIN = LOCAL_SITEURL
# Feed and entry ids are tag: URIs (RFC 4151) from FEED_ID_AUTHORITY, so they survive a change of
# host: a domain or e-mail address the editors control, and a date they controlled it on, e.g.
# FEED_ID_AUTHORITY = "briefings.example.org,2024". Set it once for a real site and never change it
# (see README, "For search engines"); unset, it is the site's own host (SITEURL's) and the
# year of the earliest briefing.
FEED_ID_AUTHORITY = os.environ.get("FEED_ID_AUTHORITY", "")

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}

# Autoescape: titles and other front matter come from untrusted sources. Only the
# body and summary, which the plugin sanitises, are marked |safe in the theme.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

DELETE_OUTPUT_DIRECTORY = True
# `briefing build` (make html) keeps its own cache in .cache/build/ and deletes stale files itself;
# a plain `pelican` run caches nothing.
CACHE_CONTENT = False

# A tag or region outside the taxonomy is a warning at the end of the build; with STRICT=1
# (`make html STRICT=1`) it fails the build, as it always does in publishconf.py.
BRIEFING_STRICT = os.environ.get("STRICT") == "1"
