"""Clean every briefing's rendered HTML before any template sees it.

Sources are untrusted and Markdown passes raw HTML through, so the body and
the summary of every article and page go through
:func:`briefing.safety.sanitize_html`. Images from other hosts become plain
links: the site must make no request to another host.
"""

from __future__ import annotations

import html as html_lib
import re

from pelican import signals
from pelican.contents import Article, Page

from ..safety import sanitize_html, scheme_of

# nh3 writes every attribute double-quoted with '"' escaped, so these read its output reliably.
IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'\s(?P<name>[\w-]+)="(?P<value>[^"]*)"')


def is_remote(src: str) -> bool:
    """Whether a browser would fetch ``src`` from another host.

    Anything with a scheme counts, however written: browsers read
    "https:host/x" and "ht<TAB>tps://host/x" as https URLs, and "\\\\host" or
    "/\\host" as "//host".
    """
    src = html_lib.unescape(src).strip()
    return scheme_of(src) is not None or re.match(r"^[\\/]{2}", re.sub(r"[\t\n\r]", "", src)) is not None


def unload_external_images(html: str) -> str:
    """Replace images served from other hosts with a link to them (the alt text as its text)."""

    def replace(match: re.Match) -> str:
        attributes = {m["name"].lower(): m["value"] for m in ATTRIBUTE.finditer(match.group(0))}
        src = attributes.get("src", "")
        if not is_remote(src):
            return match.group(0)
        return f'<a href="{src}" rel="noopener noreferrer" referrerpolicy="no-referrer">{attributes.get("alt") or "image"}</a>'

    return IMAGE.sub(replace, html)


def clean(html: str | None) -> str | None:
    """Sanitised HTML with no remote images; ``None`` stays ``None``."""
    if not html:
        return html
    return unload_external_images(sanitize_html(html))


def sanitize_content(instance) -> None:
    """``content_object_init`` receiver: clean body and summary of articles and pages."""
    if not isinstance(instance, (Article, Page)):
        return
    instance._content = clean(instance._content)
    if getattr(instance, "_summary", None):
        instance._summary = clean(instance._summary)
    if isinstance(instance.metadata.get("summary"), str):
        instance.metadata["summary"] = clean(instance.metadata["summary"])


def register():
    signals.content_object_init.connect(sanitize_content)
