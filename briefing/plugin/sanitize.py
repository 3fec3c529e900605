"""Clean every briefing's rendered HTML before any template sees it.

Sources are untrusted and Markdown passes raw HTML through, so the body and
the summary of every article and page go through
:func:`briefing.safety.sanitize_html`. Images from other hosts become plain
links: the site must make no request to another host.
"""

from __future__ import annotations

import re

from pelican import signals
from pelican.contents import Article, Page

from ..safety import sanitize_html

# An <img> whose src is absolute (another host). Local images keep loading.
EXTERNAL_IMAGE = re.compile(
    r'<img\b[^>]*?\bsrc="(?P<src>(?:https?:)?//[^"]+)"[^>]*?(?:\balt="(?P<alt>[^"]*)")?[^>]*>',
    re.IGNORECASE,
)


def unload_external_images(html: str) -> str:
    """Replace images served from other hosts with a link to them."""
    return EXTERNAL_IMAGE.sub(
        lambda m: f'<a href="{m["src"]}" rel="noopener noreferrer">{m["alt"] or "image"}</a>', html
    )


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
