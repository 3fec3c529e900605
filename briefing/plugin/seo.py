"""For search engines and hosts: canonical URLs, NewsArticle JSON-LD, share images, sitemap.xml and robots.txt.

Absolute URLs need a site address. The hosted build (``publishconf.py``) has
one in ``SITEURL``, possibly with a sub-path; the local build has relative
URLs, so it gets no sitemap and no ``og:url``. Structured data and share
images must be absolute all the same: in a local build they use
``LOCAL_SITEURL``, the address ``make serve`` serves the build at.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from urllib.parse import quote
from xml.sax.saxutils import escape

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from ..safety import safe_url
from .keyfacts import original_url, plain_text, source_facts

SITEMAP_SAVE_AS = "sitemap.xml"
URI_SAFE = "/#%[]=:;$&()+,!?*@'~"
"""What stays as written when an IRI becomes a URI (as feedgenerator's ``iri_to_uri`` keeps it)."""
# Raster images in the theme's static folder (redraw them with tools/render_images.py): the share
# image of a briefing whose source has no openly licensed lead image, and the publisher's logo.
DEFAULT_IMAGES = {
    "SHARE_IMAGE": {"path": "images/card.png", "width": 1200, "height": 675},
    "PUBLISHER_LOGO": {"path": "images/logo.png", "width": 512, "height": 512},
}
# A source's lead image is reused only under a licence that allows it without asking: public
# domain, CC0, CC BY or CC BY-SA (not NC or ND), written as a name or a creativecommons.org URL.
OPEN_LICENCE = re.compile(
    r"^(?:public[ -]domain|pdm|cc0(?:[ -]1\.0)?|cc[ -]by(?:[ -]sa)?(?:[ -]\d\.\d)?(?:[ -]\w\w)?"
    r"|https?://creativecommons\.org/(?:publicdomain/(?:zero|mark)/|licenses/by(?:-sa)?/)\S*)$",
    re.IGNORECASE,
)
ROBOTS_SAVE_AS = "robots.txt"
FAVICON_SAVE_AS = "favicon.ico"
# Characters that could end a <script> element or start markup; JSON allows \u escapes for each.
JSON_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def public_siteurl(settings: dict) -> str:
    """The absolute site address (``https://example.org/briefings``), or "" for a relative build."""
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    if settings.get("RELATIVE_URLS") or not siteurl.startswith(("http://", "https://")):
        return ""
    return siteurl


def site_address(settings: dict) -> str:
    """The address absolute URLs start with: ``SITEURL`` when hosted, else ``LOCAL_SITEURL`` ("" if neither)."""
    local = str(settings.get("LOCAL_SITEURL") or "").rstrip("/")
    return public_siteurl(settings) or (local if local.startswith(("http://", "https://")) else "")


def theme_file_url(settings: dict, path: str) -> str:
    """The absolute URL of a file in the theme's static folder, or "" with no site address."""
    base = site_address(settings)
    return f"{base}/{settings.get('THEME_STATIC_DIR', 'theme')}/{path}" if base else ""


def open_lead_image(briefing) -> str:
    """The lead image URL if its licence is open, else "".

    The image is front matter ``image: {url, licence}`` (an editor's), else
    ``source.image`` (what ingest found on the page).
    """
    image = getattr(briefing, "image", None)
    source = getattr(briefing, "source", None)
    if not isinstance(image, dict) and isinstance(source, dict):
        image = source.get("image")
    if not isinstance(image, dict):
        return ""
    licence = " ".join(str(image.get("licence") or image.get("license") or "").split())
    url = safe_url(str(image.get("url") or "").strip())
    if not licence or not OPEN_LICENCE.match(licence) or not url or not url.startswith(("http://", "https://")):
        return ""
    return url


def share_image(briefing, settings: dict) -> dict:
    """``{url, width, height}`` of a briefing's share image: its open lead image, else the site's default.

    ``url`` is "" when there is no site address to make the default absolute.
    """
    lead = open_lead_image(briefing) if briefing is not None else ""
    if lead:
        return {"url": lead, "width": None, "height": None}
    default = settings.get("SHARE_IMAGE") or DEFAULT_IMAGES["SHARE_IMAGE"]
    return {"url": theme_file_url(settings, default["path"]), "width": default["width"], "height": default["height"]}


def authors_of(briefing, source: dict) -> list[str]:
    """The people who wrote a briefing's source: front matter ``authors``, else ``source.authors``."""
    written = (getattr(briefing, "metadata", None) or {}).get("authors")
    if not written:
        written = source.get("authors") or []
    if not isinstance(written, (list, tuple)):
        written = [written]
    names = [" ".join(str(name).split()) for name in written]
    return [name for name in names if name]


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
    siteurl = site_address(settings)
    logo = settings.get("PUBLISHER_LOGO") or DEFAULT_IMAGES["PUBLISHER_LOGO"]
    publisher = {"@type": "Organization", "name": settings.get("SITENAME", "")}
    if siteurl:
        publisher["url"] = f"{siteurl}/"
        publisher["logo"] = {"@type": "ImageObject", "url": theme_file_url(settings, logo["path"]),
                             "width": logo["width"], "height": logo["height"]}
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
        "publisher": publisher,
    }
    image = share_image(briefing, settings)
    if image["url"]:
        data["image"] = [image["url"]]
    places = getattr(briefing, "key_places", None) or []
    if places:
        data["contentLocation"] = [{"@type": "Place", "name": place["name"]} for place in places]
    source = getattr(briefing, "source", None)
    source = source if isinstance(source, dict) else {}
    # The same vetted address the source box links, so no javascript: or data: URL gets in.
    original = original_url(source)
    if original:
        data["isBasedOn"] = original
    names = authors_of(briefing, source)
    if names:
        data["author"] = [{"@type": "Person", "name": name} for name in names]
    else:
        # No byline (a text seed, say): the outlet that published the source, else this site.
        outlet = source_facts(briefing).get("publisher")
        site = {key: publisher[key] for key in ("@type", "name", "url") if key in publisher}
        data["author"] = [{"@type": "Organization", "name": outlet} if outlet else site]
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
        "share_image": lambda briefing=None: share_image(briefing, settings),
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
        # A URI, as the sitemap protocol asks: an Arabic or Japanese slug percent-encoded (briefing.slugs).
        entry = f"<url><loc>{escape(f'{siteurl}/{quote(str(path), safe=URI_SAFE)}')}</loc>"
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
    """Writes ``sitemap.xml`` (hosted builds only), ``robots.txt`` and ``favicon.ico`` (from the theme) at the root."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        from pathlib import Path

        siteurl = public_siteurl(self.settings)
        output = Path(self.output_path)
        output.mkdir(parents=True, exist_ok=True)
        (output / ROBOTS_SAVE_AS).write_text(render_robots(siteurl), encoding="utf-8")
        # Browsers ask for /favicon.ico on what names no icon, such as a feed opened in a tab (QA trial: a 404).
        icon = Path(self.settings["THEME"]) / "static" / FAVICON_SAVE_AS
        if icon.is_file() and (not (output / FAVICON_SAVE_AS).is_file()
                               or (output / FAVICON_SAVE_AS).read_bytes() != icon.read_bytes()):
            shutil.copyfile(icon, output / FAVICON_SAVE_AS)
        if siteurl:
            urls = sitemap_urls(self.context, self.settings)
            (output / SITEMAP_SAVE_AS).write_text(render_sitemap(siteurl, urls), encoding="utf-8")


def get_generators(pelican_object):
    return SiteFilesGenerator


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
