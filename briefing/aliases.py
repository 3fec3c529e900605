"""Old addresses of a renamed briefing: front matter ``aliases`` checked and turned into output paths.

Readers bookmark and share a briefing's URL; an editor who renames its slug
lists the old slug (or the old site-relative path) under ``aliases`` and the
build writes a small redirect page there (:mod:`briefing.plugin.redirects`),
as Hugo's ``aliases`` do. The build's reader and ``briefing check`` both call
:func:`alias_problems`, and both work out the site's own addresses with
:func:`site_addresses` from the same settings and front matter before calling
:func:`alias_collisions`, so they agree.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from posixpath import normpath

ALIASES_FIELD = "aliases"
ARTICLE_SAVE_AS = "briefing/{slug}/index.html"
"""Where a briefing's page is written (``pelicanconf.ARTICLE_SAVE_AS``)."""
SITE_DEFAULTS = {
    "ARTICLE_SAVE_AS": ARTICLE_SAVE_AS, "DRAFT_SAVE_AS": "drafts/{slug}/index.html",
    "PAGE_SAVE_AS": "{slug}/index.html", "DRAFT_PAGE_SAVE_AS": "drafts/pages/{slug}.html",
    "TAG_SAVE_AS": "tag/{slug}/index.html", "REGION_SAVE_AS": "region/{slug}/index.html",
    "INDEX_SAVE_AS": "index.html", "TAGS_SAVE_AS": "tags/index.html", "REGIONS_SAVE_AS": "regions/index.html",
    "ARCHIVES_SAVE_AS": "archives/index.html", "SEARCH_SAVE_AS": "search/index.html", "NOT_FOUND_SAVE_AS": "404.html",
    "BRIEFING_MONTH_ARCHIVE_SAVE_AS": "archives/{date:%Y}/{date:%m}/index.html",
    "FEED_ALL_ATOM": "feeds/all.atom.xml", "TAG_FEED_ATOM": "feeds/tag/{slug}.atom.xml",
    "REGION_FEED_ATOM": "feeds/region/{slug}.atom.xml",
    "DEFAULT_PAGINATION": 20, "PAGINATED_TEMPLATES": {"index": None, "tag": None, "region": None},
    "PAGINATION_PATTERNS": ((1, "{url}", "{save_as}"),
                            (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html")),
    "THEME_STATIC_DIR": "theme",
}
"""The site's address settings as ``pelicanconf.py`` has them, for a ``briefing check`` run where there is
no settings file (a test checks that they match it)."""
# Written by plugins with no setting naming them (briefing.plugin.seo), and folders only the build fills.
PLUGIN_FILES = ("sitemap.xml", "robots.txt", "favicon.ico")
PLUGIN_FOLDERS = ("pagefind", "maps")
# A URL scheme ("https:", "javascript:") or a host ("//example.org"): an alias stays on this site.
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# What a path segment may not hold: a query, a fragment, a backslash, white space or a control character.
UNSAFE = re.compile(r"[?#\\\s\x00-\x1f\x7f<>\"']")


def alias_list(value) -> list:
    """The ``aliases`` field as a list (one alias may be written as plain text)."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else value if isinstance(value, list) else [value]


def alias_problems(value) -> list[str]:
    """Why each alias in ``value`` cannot be an old address of this site (empty when all can)."""
    if value is not None and not isinstance(value, (str, list)):
        return [f"'{ALIASES_FIELD}' must be a list of old slugs or site-relative paths like /briefing/old-slug/"]
    problems = []
    for alias in alias_list(value):
        problem = _problem(alias)
        if problem:
            problems.append(f"alias {alias!r} {problem}")
    return problems


def _problem(alias) -> str:
    if not isinstance(alias, str) or not alias.strip("/ "):
        return "must be an old slug or a site-relative path like /briefing/old-slug/"
    if SCHEME.match(alias) or alias.startswith("//"):
        return "must be a path on this site, without a scheme or host"
    if UNSAFE.search(alias):
        return "must not hold spaces, quotes, '?', '#' or a backslash"
    if any(part in ("..", ".") for part in alias.split("/")):
        return "must not hold '.' or '..' segments"
    return ""


def alias_save_as(alias: str, article_save_as: str = ARTICLE_SAVE_AS) -> str:
    """The output file a valid alias's redirect page is written to.

    An old slug (no ``/``) is where that slug's page was: ``old-slug`` is
    ``briefing/old-slug/index.html``; a path names its folder (``/briefing/old/``)
    or its file (``/old/page.html``), from the site's root.
    """
    if "/" not in alias:
        return article_save_as.format(slug=alias)
    path = normpath(alias.strip("/"))
    return path if path.endswith((".html", ".htm")) else f"{path}/index.html"


@dataclass(frozen=True)
class Listed:
    """What fixes the addresses of one briefing or page: its family, slug, status, date, tags and regions.

    ``family`` is "article" (a briefing) or "page"; ``tags`` and ``regions`` are
    the slugs of their pages. The build makes these from its contents, ``briefing
    check`` from the front matter.
    """

    family: str
    slug: str
    status: str = "published"
    date: dt.date | None = None
    tags: tuple = ()
    regions: tuple = ()


@dataclass(frozen=True)
class Addresses:
    """The output files a site writes (redirects aside): ``files``, the paginated ``lists`` among them,
    and the folders only the build fills."""

    files: frozenset
    lists: frozenset
    folders: tuple
    pagination: tuple

    def holder(self, save_as: str) -> str | None:
        """The page of the site at ``save_as`` (or in whose way it is), else None."""
        if save_as in self.files:
            return save_as
        parts = save_as.split("/")
        for depth in range(1, len(parts)):  # a file where the redirect needs a folder: feeds/all.atom.xml/
            if "/".join(parts[:depth]) in self.files:
                return "/".join(parts[:depth])
        if parts[0] in self.folders:
            return f"{parts[0]}/"
        for match in re.finditer(r"\d+", save_as):  # page 7 of a list, written once the list grows
            number = int(match[0])
            for list_save_as in self.lists:
                if any(save_as == later_page(rule, list_save_as, number) for rule in self.pagination):
                    return save_as
        return None


def later_page(rule, list_save_as: str, number: int) -> str:
    """Where Pelican writes page ``number`` of the list at ``list_save_as`` under pagination ``rule``."""
    min_page, save_as = rule[0], rule[2]
    if number < 2 or (min_page != -1 and number < min_page):
        return ""
    # As pelican.paginator.Page names them.
    name, extension = posixpath.splitext(list_save_as)
    folder, file = posixpath.split(list_save_as)
    written = save_as.format(save_as=list_save_as, url="", name=name, extension=extension, number=number,
                             base_name=folder if file in ("index.htm", "index.html") else name)
    return written[1:] if written.startswith("/") else written


def with_plugin_defaults(settings) -> dict:
    """A copy of Pelican ``settings`` with the plugin's page settings filled as the build fills them
    (search and 404 pages, region pages), for ``briefing check`` reading ``pelicanconf.py`` itself."""
    from .plugin import regions, search

    merged = dict(settings)
    for defaults in (regions.DEFAULTS, search.DEFAULTS):
        for key, value in defaults.items():
            merged.setdefault(key, value)
    merged["PAGINATED_TEMPLATES"] = {"region": None, **(merged.get("PAGINATED_TEMPLATES") or {})}
    return merged


def site_addresses(settings, listed) -> Addresses:
    """Every output file the site writes for ``listed`` (:class:`Listed`) under ``settings`` (Pelican's, or
    :data:`SITE_DEFAULTS`): briefing, draft and static pages, tag and region pages and feeds, month
    archives, the site's fixed pages and feeds, and later pages of its paginated lists.

    Linear in the number of briefings; ``briefing check`` and the build both call it.
    """
    get = settings.get
    files = {value for key, value in settings.items() if isinstance(value, str) and value and "{" not in value
             and key.endswith(("_SAVE_AS", "_ATOM", "_RSS"))}
    files.update(PLUGIN_FILES)
    lists = {get("INDEX_SAVE_AS") or "index.html"} if "index" in (get("PAGINATED_TEMPLATES") or {}) else set()
    terms: dict[str, set] = {"TAG": set(), "REGION": set()}
    for item in listed:
        if item.family == "page":
            key = "DRAFT_PAGE_SAVE_AS" if item.status == "draft" else "PAGE_SAVE_AS"
        else:
            key = "DRAFT_SAVE_AS" if item.status == "draft" else "ARTICLE_SAVE_AS"
        if get(key):
            files.add(get(key).format(slug=item.slug))
        if item.family == "article" and item.status == "published":
            terms["TAG"].update(item.tags)
            terms["REGION"].update(item.regions)
            if item.date and get("BRIEFING_MONTH_ARCHIVE_SAVE_AS"):
                files.add(get("BRIEFING_MONTH_ARCHIVE_SAVE_AS").format(date=item.date))
    for family, slugs in terms.items():
        paginated = family.lower() in (get("PAGINATED_TEMPLATES") or {})
        for slug in slugs:
            for key in (f"{family}_SAVE_AS", f"{family}_FEED_ATOM", f"{family}_FEED_RSS"):
                if get(key):
                    files.add(get(key).format(slug=slug))
            if paginated and get(f"{family}_SAVE_AS"):
                lists.add(get(f"{family}_SAVE_AS").format(slug=slug))
    folders = (get("THEME_STATIC_DIR") or "theme", *PLUGIN_FOLDERS)
    pagination = tuple(get("PAGINATION_PATTERNS") or ()) if get("DEFAULT_PAGINATION") else ()
    return Addresses(frozenset(files), frozenset(lists), folders, pagination)


def alias_collisions(claims, taken: Addresses, article_save_as: str = ARTICLE_SAVE_AS) -> list[tuple[str, str, str]]:
    """``(file, alias, message)`` for each alias that is a page of the site or another briefing's alias.

    ``claims`` is ``[(file, aliases)]`` in a stable order (the first claim of an
    address keeps it); ``taken`` is what :func:`site_addresses` gives.
    Invalid aliases are left to :func:`alias_problems`.
    """
    found, first = [], {}
    for name, aliases in claims:
        for alias in alias_list(aliases):
            if _problem(alias):
                continue
            save_as = alias_save_as(alias, article_save_as)
            holder = taken.holder(save_as)
            if holder and holder.endswith("/"):
                found.append((name, alias, f"alias {alias!r} is in {holder}, which the build fills; "
                                           "an old address must not be where the site writes its files"))
            elif holder:
                found.append((name, alias, f"alias {alias!r} is a page of the site ({holder}); "
                                           "an old address must not be a page that exists"))
            elif first.setdefault(save_as, name) != name:
                found.append((name, alias, f"alias {alias!r} is also an alias of {first[save_as]}"))
    return found


def valid_aliases(value) -> list[str]:
    """The aliases of ``value`` a redirect page is written for (the others are reported)."""
    return [alias for alias in alias_list(value) if not _problem(alias)]
