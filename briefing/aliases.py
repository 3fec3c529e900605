"""Old addresses of a renamed briefing: front matter ``aliases`` checked and turned into output paths.

Readers bookmark and share a briefing's URL; an editor who renames its slug
lists the old slug (or the old site-relative path) under ``aliases`` and the
build writes a small redirect page there (:mod:`briefing.plugin.redirects`),
as Hugo's ``aliases`` do. The build's reader and ``briefing check`` both call
:func:`alias_problems` and :func:`alias_collisions`, so they agree.
"""

from __future__ import annotations

import re
from posixpath import normpath

ALIASES_FIELD = "aliases"
ARTICLE_SAVE_AS = "briefing/{slug}/index.html"
"""Where a briefing's page is written (``pelicanconf.ARTICLE_SAVE_AS``); ``briefing check`` has no settings."""
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


def alias_collisions(claims, taken, article_save_as: str = ARTICLE_SAVE_AS) -> list[tuple[str, str, str]]:
    """``(file, alias, message)`` for each alias that is a page of the site or another briefing's alias.

    ``claims`` is ``[(file, aliases)]`` in a stable order (the first claim of an
    address keeps it); ``taken`` is the set of output files the site writes.
    Invalid aliases are left to :func:`alias_problems`.
    """
    found, first = [], {}
    for name, aliases in claims:
        for alias in alias_list(aliases):
            if _problem(alias):
                continue
            save_as = alias_save_as(alias, article_save_as)
            if save_as in taken:
                found.append((name, alias, f"alias {alias!r} is a page of the site ({save_as}); "
                                           "an old address must not be a page that exists"))
            elif first.setdefault(save_as, name) != name:
                found.append((name, alias, f"alias {alias!r} is also an alias of {first[save_as]}"))
    return found


def valid_aliases(value) -> list[str]:
    """The aliases of ``value`` a redirect page is written for (the others are reported)."""
    return [alias for alias in alias_list(value) if not _problem(alias)]
