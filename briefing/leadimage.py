"""A web page's lead image and the licence it states, for share images and JSON-LD ``image``.

Pages name their lead image for social sites (``og:image``, ``twitter:image``)
and in their JSON-LD (``image``: a URL, a list, or an ``ImageObject``); a few
state a licence, for the image (``ImageObject.license``) or for the whole page
(``<link rel="license">``, ``<meta name="license">``, JSON-LD ``license``). Ingest
records both as ``source.image: {url, licence}``; the site reuses the image only
if the licence is an open one (``briefing.plugin.seo``), and an editor who has
checked a licence can write it in.
"""

from __future__ import annotations

import json

from .pagemeta import JSON_LD_XPATH
from .safety import safe_url

IMAGE_XPATHS = (
    '//meta[@property="og:image:secure_url"]/@content',
    '//meta[@property="og:image"]/@content',
    '//meta[@property="og:image:url"]/@content',
    '//meta[@name="twitter:image"]/@content',
    '//meta[@name="twitter:image:src"]/@content',
)
LICENCE_XPATHS = (
    '//link[@rel="license"]/@href',
    '//a[@rel="license"]/@href',
    '//meta[@name="license"]/@content',
    '//meta[@name="dcterms.license"]/@content',
    '//meta[@name="DC.license"]/@content',
)


def _json_ld_objects(tree):
    """Every JSON object in the page's JSON-LD, top-level and inside ``@graph``."""
    for text in tree.xpath(JSON_LD_XPATH):
        try:
            data = json.loads(text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def _first_text(value) -> str:
    """A JSON-LD value as one string: the first of a list, the ``url``/``@id`` of an object."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id") or ""
    return " ".join(str(value or "").split())


def _json_ld_image(tree) -> tuple[str, str]:
    """``(image URL, the image's own licence)`` from JSON-LD; ``""`` where none is stated."""
    for item in _json_ld_objects(tree):
        image = item.get("image")
        if isinstance(image, list) and image:
            image = image[0]
        url = _first_text(image)
        if url:
            licence = _first_text(image.get("license")) if isinstance(image, dict) else ""
            return url, licence
    return "", ""


def _page_licence(tree) -> str:
    """The licence the page states for its content, or ""."""
    for xpath in LICENCE_XPATHS:
        for value in tree.xpath(xpath):
            text = " ".join(str(value).split())
            if text:
                return text
    for item in _json_ld_objects(tree):
        licence = _first_text(item.get("license"))
        if licence:
            return licence
    return ""


def find_lead_image(tree, base_url: str | None = None) -> dict | None:
    """``{"url": …, "licence": …}`` of the page's lead image (``licence`` only when stated), or None.

    The URL is resolved against ``base_url`` and must be http(s): nothing else
    may ever reach a page of the site.
    """
    url = ""
    for xpath in IMAGE_XPATHS:
        values = [str(value).strip() for value in tree.xpath(xpath) if str(value).strip()]
        if values:
            url = values[0]
            break
    json_url, image_licence = _json_ld_image(tree)
    url = url or json_url
    url = safe_url(url, base_url, image=True) if url else None
    if not url or not url.startswith(("http://", "https://")):
        return None
    licence = image_licence or _page_licence(tree)
    return {"url": url, "licence": licence} if licence else {"url": url}
