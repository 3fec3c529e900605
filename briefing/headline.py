"""A page's headline without its site name, and the genre the page states.

``<title>`` and ``og:title`` often carry the site's name ("… | Al Bawaba",
"BBC News - …") or a section marker ("… | Editorial"). The site's own name is
read from the page (``og:site_name``, ``application-name``, JSON-LD
``publisher``/``WebSite`` names, the host name), so no list of sites is kept
here. The genre (opinion, editorial, analysis, news) comes from what the page
states: its JSON-LD ``@type`` (``OpinionNewsArticle``…), ``article:section``,
a path segment of its URL, or a marker in its title.
"""

from __future__ import annotations

import json
import re
import urllib.parse

from briefing.pagemeta import JSON_LD_XPATH

# Separators between a headline and a site name or section; spaced, so a
# hyphenated word ("Sino-Russian") is never split.
TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|»|/)\s+")
SITE_NAME_XPATHS = (
    '//meta[@property="og:site_name"]/@content',
    '//meta[@name="application-name"]/@content',
    '//meta[@name="apple-mobile-web-app-title"]/@content',
)
# What section and genre words name, as front matter's ``genre``.
GENRE_WORDS = {
    "opinion": "opinion", "opinions": "opinion", "op-ed": "opinion", "oped": "opinion", "op-eds": "opinion",
    "comment": "opinion", "commentisfree": "opinion", "commentary": "opinion", "column": "opinion",
    "columns": "opinion", "columnists": "opinion", "editorial": "editorial", "editorials": "editorial",
    "leader": "editorial", "leaders": "editorial", "analysis": "analysis", "news-analysis": "analysis",
}
# schema.org's NewsArticle subtypes that say what kind of piece it is.
GENRE_TYPES = {
    "OpinionNewsArticle": "opinion", "AnalysisNewsArticle": "analysis", "BackgroundNewsArticle": "analysis",
    "ReportageNewsArticle": "news", "NewsArticle": "news",
}
WORD = re.compile(r"\w+")


def clean_headline(title: str, tree, url: str | None = None) -> tuple[str, str]:
    """The headline without the site's name or a section marker, and the genre that marker named.

    Only a first or last part of the title is ever dropped, and only when
    it is the page's own site name (or host), or a genre word; the
    headline itself is never emptied.
    """
    names = {comparable(name) for name in site_names(tree, url) if comparable(name)}
    parts = TITLE_SEPARATOR.split(title)
    genre = ""
    while len(parts) > 1:
        for index in (-1, 0):
            part = comparable(parts[index])
            if is_site_name(part, names):
                parts.pop(index)
                break
            if part in GENRE_WORDS:
                genre = genre or GENRE_WORDS[part]
                parts.pop(index)
                break
        else:
            break
    # Rejoin what is left with the separators the title used.
    if len(parts) == len(TITLE_SEPARATOR.split(title)):
        return title, genre
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip(), genre


def is_site_name(part: str, names: set[str]) -> bool:
    """Tell whether a title part is one of the site's names, spaces aside ("Harbour Times" for harbourtimes.com)."""
    squashed = part.replace(" ", "")
    return any(squashed and squashed == name.replace(" ", "") for name in names)


def site_names(tree, url: str | None) -> list[str]:
    """Every name the page gives its site, plus its host's main label."""
    names = [str(value) for xpath in SITE_NAME_XPATHS for value in tree.xpath(xpath)]
    for data in json_ld(tree):
        collect_names(data, names)
    host = host_of(url or "") or canonical_host(tree)
    if host:
        labels = host.removeprefix("www.").split(".")
        names.extend([".".join(labels), labels[0]])
    return names


def canonical_host(tree) -> str | None:
    """The host of the page's canonical or og:url address."""
    for value in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
        host = host_of(str(value))
        if host:
            return host
    return None


def host_of(url: str) -> str | None:
    """The host of ``url``; None for one without, or one urllib cannot split.

    Property test: a canonical link "https://[ledger.example/news" (an unclosed IPv6
    bracket) raised ValueError and stopped the page's ingest with a traceback.
    """
    try:
        return urllib.parse.urlsplit(url).hostname
    except ValueError:
        return None


def collect_names(data, names: list[str]) -> None:
    """Add JSON-LD publisher and WebSite/Organization names found anywhere in ``data``."""
    if isinstance(data, list):
        for item in data:
            collect_names(item, names)
        return
    if not isinstance(data, dict):
        return
    kinds = data.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(kind in ("WebSite", "Organization", "NewsMediaOrganization") for kind in kinds) and isinstance(data.get("name"), str):
        names.append(data["name"])
    publisher = data.get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        names.append(publisher["name"])
    for key in ("@graph", "publisher", "isPartOf"):
        if isinstance(data.get(key), (list, dict)):
            collect_names(data[key], names)


def find_genre(tree, url: str | None, title_genre: str = "") -> str:
    """``opinion``, ``editorial``, ``analysis`` or ``news`` when the page states it, else ''.

    Most specific first: a JSON-LD NewsArticle subtype, ``article:section``,
    a URL path segment, the title's marker, and last a plain ``NewsArticle``.
    """
    types = [kind for data in json_ld(tree) for kind in article_types(data)]
    for kind in types:
        if GENRE_TYPES.get(kind, "news") != "news":
            return GENRE_TYPES[kind]
    for section in tree.xpath('//meta[@property="article:section"]/@content | //meta[@name="article:section"]/@content'):
        if comparable(str(section)) in GENRE_WORDS:
            return GENRE_WORDS[comparable(str(section))]
    try:
        path = urllib.parse.urlsplit(url or canonical_url(tree) or "").path
    except ValueError:  # an unclosed IPv6 bracket, as in host_of
        path = ""
    for segment in path.lower().split("/"):
        if segment in GENRE_WORDS:
            return GENRE_WORDS[segment]
    if title_genre:
        return title_genre
    return "news" if any(kind in GENRE_TYPES for kind in types) else ""


def canonical_url(tree) -> str | None:
    """The page's canonical or og:url address."""
    for value in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
        return str(value)
    return None


def article_types(data) -> list[str]:
    """Every ``@type`` in JSON-LD data, nested ones included."""
    found = []
    if isinstance(data, list):
        for item in data:
            found.extend(article_types(item))
    elif isinstance(data, dict):
        kinds = data.get("@type")
        found.extend(kind for kind in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(kind, str))
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (list, dict)):
                found.extend(article_types(data[key]))
    return found


def json_ld(tree) -> list:
    """The page's parsed JSON-LD blocks (unparseable ones skipped)."""
    blocks = []
    for text in tree.xpath(JSON_LD_XPATH):
        try:
            blocks.append(json.loads(text))
        except ValueError:
            continue
    return blocks


def comparable(text: str) -> str:
    """Lower-case words joined by single spaces (hyphens kept inside words)."""
    return " ".join(re.findall(r"\w+(?:-\w+)*", text.lower()))
