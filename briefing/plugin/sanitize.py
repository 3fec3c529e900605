"""Clean every briefing's rendered HTML before any template sees it.

Sources are untrusted and Markdown passes raw HTML through, so the body and
the summary of every article and page go through
:func:`briefing.safety.sanitize_html`. Images from other hosts become plain
links: the site must make no request to another host. Headings are
renumbered (:func:`normalise_headings`): the page's title is the only
``<h1>``, so a body starts at ``<h2>`` and never skips a level, whatever the
source or an older briefing used.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

from pelican import signals
from pelican.contents import Article, Page

from ..safety import sanitize_html, scheme_of

# nh3 writes every attribute double-quoted with '"' escaped, so these read its output reliably.
IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'\s(?P<name>[\w-]+)="(?P<value>[^"]*)"')
HEADING_TAG = re.compile(r"<(?P<close>/?)h(?P<level>[1-6])\b", re.IGNORECASE)
FIRST_BODY_LEVEL = 2


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


def normalise_headings(html: str) -> str:
    """Renumber headings so the first is ``<h2>`` and each is at most one level below the one before.

    A heading keeps its place in the outline: it becomes one level below the
    nearest earlier heading that was higher in the source (h3, h5, h4 become
    h2, h3, h3). Works on sanitised HTML, where ``<h`` only starts a tag.
    """
    outline: list[tuple[int, int]] = []  # (level in the source, new level), one per open section
    closing: list[int] = []

    def renumber(match: re.Match) -> str:
        level = int(match["level"])
        if match["close"]:
            return f"</h{closing.pop() if closing else level}"
        while outline and outline[-1][0] >= level:
            outline.pop()
        new = min(outline[-1][1] + 1, 6) if outline else FIRST_BODY_LEVEL
        outline.append((level, new))
        closing.append(new)
        return f"<h{new}"

    return HEADING_TAG.sub(renumber, html)


def clean(html: str | None) -> str | None:
    """Sanitised HTML with no remote images and headings from ``<h2>``; ``None`` stays ``None``."""
    if not html:
        return html
    return normalise_headings(unload_external_images(sanitize_html(html)))


def to_whole_seconds(instance) -> None:
    """Drop fractions of a second from ``date`` and ``modified``.

    Pages state times like ``01:19:34.819000``; HTML's ``datetime`` attribute
    allows at most three digits of a fraction (the Nu HTML Checker flagged
    68 ``<time>`` elements on the 91 benchmark pages), and no reader needs them.
    """
    for name in ("date", "modified"):
        value = getattr(instance, name, None)
        if isinstance(value, dt.datetime) and value.microsecond:
            setattr(instance, name, value.replace(microsecond=0))


def sanitize_content(instance) -> None:
    """``content_object_init`` receiver: clean body and summary of articles and pages, and their dates."""
    if not isinstance(instance, (Article, Page)):
        return
    to_whole_seconds(instance)
    instance._content = clean(instance._content)
    if getattr(instance, "_summary", None):
        instance._summary = clean(instance._summary)
    if isinstance(instance.metadata.get("summary"), str):
        instance.metadata["summary"] = clean(instance.metadata["summary"])


def register():
    signals.content_object_init.connect(sanitize_content)
