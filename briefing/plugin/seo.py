"""For search engines and hosts: canonical URLs, NewsArticle JSON-LD, sitemap.xml and robots.txt.

Absolute URLs need a site address. The hosted build (``publishconf.py``) has
one in ``SITEURL``, possibly with a sub-path; the local build has relative
URLs and none, so it gets no sitemap, no ``og:url`` and no JSON-LD ``url``
rather than wrong ones.
"""

from __future__ import annotations

import datetime as dt
import json
from xml.sax.saxutils import escape

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from .keyfacts import original_url, plain_text

SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"
# Characters that could end a <script> element or start markup; JSON allows \u escapes for each.
JSON_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def public_siteurl(settings: dict) -> str:
    """The absolute site address (``https://example.org/briefings``), or "" for a relative build."""
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    if settings.get("RELATIVE_URLS") or not siteurl.startswith(("http://", "https://")):
        return ""
    return siteurl


def json_for_script(value) -> Markup:
    """``value`` as JSON that is safe inside ``<script>``: a title can't close the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    for char, escaped in JSON_SCRIPT_ESCAPES.items():
        text = text.replace(char, escaped)
    return Markup(text)


def _iso(value) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value) if value else None


def news_article(briefing, settings: dict) -> dict:
    """The schema.org NewsArticle describing a briefing."""
    siteurl = public_siteurl(settings)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": " ".join(str(briefing.title).split())[:110],
        "datePublished": _iso(briefing.date),
        "dateModified": _iso(getattr(briefing, "modified", None) or briefing.date),
        "description": " ".join(plain_text(getattr(briefing, "summary", "") or "").split()),
        "inLanguage": getattr(briefing, "lang", None) or settings.get("DEFAULT_LANG", "en"),
        "keywords": [str(tag) for tag in getattr(briefing, "tags", None) or []],
        "about": [{"@type": "Place", "name": str(region)} for region in getattr(briefing, "regions", None) or []],
        "publisher": {"@type": "Organization", "name": settings.get("SITENAME", "")},
    }
    places = getattr(briefing, "key_places", None) or []
    if places:
        data["contentLocation"] = [{"@type": "Place", "name": place["name"]} for place in places]
    source = getattr(briefing, "source", None)
    if isinstance(source, dict):
        # The same vetted address the source box links, so no javascript: or data: URL gets in.
        original = original_url(source)
        if original:
            data["isBasedOn"] = original
        authors = source.get("authors") or []
        if not isinstance(authors, list):
            authors = [authors]
        names = [" ".join(str(name).split()) for name in authors if str(name).strip()]
        if names:
            data["author"] = [{"@type": "Person", "name": name} for name in names]
    if siteurl:
        data["url"] = f"{siteurl}/{briefing.url}"
        data["mainEntityOfPage"] = data["url"]
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def configure(pelican_object) -> None:
    """Escape template output by default, and give templates the JSON-LD filter and site address.

    The theme relies on autoescaping: only a briefing's body and summary,
    already sanitised, are marked safe in the templates.
    """
    settings = pelican_object.settings
    settings["JINJA_ENVIRONMENT"] = {**settings.get("JINJA_ENVIRONMENT", {}), "autoescape": True}
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}),
        "news_article_jsonld": lambda briefing: json_for_script(news_article(briefing, settings)),
    }
    settings["PUBLIC_SITEURL"] = public_siteurl(settings)


def sitemap_urls(context: dict, settings: dict) -> list[tuple[str, str | None]]:
    """``[(url path, lastmod)]`` for every page a reader can land on (first pages of lists)."""
    urls: list[tuple[str, str | None]] = [("", None)]
    for briefing in context.get("articles", []):
        urls.append((briefing.url, _iso(getattr(briefing, "modified", None) or briefing.date)))
    for page in context.get("pages", []):
        urls.append((page.url, None))
    for family in ("tags", "regions"):
        for wrapper, briefings in context.get(family, []):
            urls.append((wrapper.url, _iso(briefings[0].date) if briefings else None))
    for key in ("TAGS_URL", "REGIONS_URL", "ARCHIVES_URL", "SEARCH_URL"):
        if settings.get(key):
            urls.append((settings[key], None))
    return urls


def render_sitemap(siteurl: str, urls) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, lastmod in urls:
        entry = f"<url><loc>{escape(f'{siteurl}/{path}')}</loc>"
        if lastmod:
            entry += f"<lastmod>{escape(lastmod)}</lastmod>"
        lines.append(entry + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(siteurl: str) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if siteurl:
        lines.append(f"Sitemap: {siteurl}/{SITEMAP_SAVE_AS}")
    return "\n".join(lines) + "\n"


class SiteFilesGenerator(Generator):
    """Writes ``sitemap.xml`` (hosted builds only) and ``robots.txt``."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        from pathlib import Path

        siteurl = public_siteurl(self.settings)
        output = Path(self.output_path)
        output.mkdir(parents=True, exist_ok=True)
        (output / ROBOTS_SAVE_AS).write_text(render_robots(siteurl), encoding="utf-8")
        if siteurl:
            urls = sitemap_urls(self.context, self.settings)
            (output / SITEMAP_SAVE_AS).write_text(render_sitemap(siteurl, urls), encoding="utf-8")


def get_generators(pelican_object):
    return SiteFilesGenerator


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
