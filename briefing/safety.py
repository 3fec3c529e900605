"""Keep executable content out of briefings.

Two guards: ``safe_url`` decides whether a link or image address extracted
from a page may appear in the Markdown, and ``sanitize_html`` cleans HTML
(rendered briefings, raw HTML in hand-written Markdown) down to an allowlist.
"""

from __future__ import annotations

import html
import re
import urllib.parse

import nh3

SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
SAFE_IMAGE_SCHEMES = frozenset({"http", "https"})
# Browsers ignore ASCII whitespace and control characters anywhere in a
# scheme ("java\tscript:"), so they are removed before the scheme is read.
IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f]+")
# Bound the un-escaping loop: "&amp;#58;" takes two rounds, no real URL more.
MAX_UNESCAPE_ROUNDS = 5

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
        "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
        "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    # class/id keep Pygments highlighting, footnote anchors and table of
    # contents links working; neither can run code.
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
}


def safe_url(url: str | None, base: str | None = None, *, image: bool = False) -> str | None:
    """Return a link (or image) address fit to publish, or None to drop it.

    Accepts http, https and (for links) mailto, and relative addresses,
    which are resolved against ``base`` when it is given. Refuses
    ``javascript:``, ``data:``, ``vbscript:`` and every other scheme however
    disguised: any case, entity-encoded (``javascript&#58;``), percent-encoded
    or split by whitespace and control characters.
    """
    url = (url or "").strip()
    if not url:
        return None
    if scheme_of(url) is not None and scheme_of(url) not in allowed_schemes(image):
        return None
    if base:
        url = urllib.parse.urljoin(base, url)
    scheme = scheme_of(url)
    if scheme is None:
        # Still relative (no base): only a plain path or query may stay.
        return url if not image else None
    return url if scheme in allowed_schemes(image) else None


def allowed_schemes(image: bool) -> frozenset[str]:
    """The URL schemes allowed for an image source or for a link."""
    return SAFE_IMAGE_SCHEMES if image else SAFE_LINK_SCHEMES


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see in ``url``, lower-cased, or None if relative.

    Entities and percent-escapes are undone (repeatedly) and ignorable
    characters removed first, so a disguised scheme is still found. Anything
    that cannot be read cleanly counts as the scheme ``"unsafe"``.
    """
    seen = url
    for _ in range(MAX_UNESCAPE_ROUNDS):
        unescaped = urllib.parse.unquote(html.unescape(seen))
        if unescaped == seen:
            break
        seen = unescaped
    else:
        return "unsafe"
    seen = IGNORED_IN_SCHEME.sub("", seen)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", seen)
    if match:
        return match.group(1).lower()
    # A colon before any '/', '?' or '#' that is not a valid scheme (e.g.
    # "java&script:") would still confuse some parsers: refuse it.
    head = re.split(r"[/?#]", seen, maxsplit=1)[0]
    return "unsafe" if ":" in head else None


def sanitize_html(markup: str) -> str:
    """Clean HTML down to a safe allowlist for publishing.

    Use it as an output filter on rendered briefing HTML (e.g. in the
    Pelican plugin, on ``content._content`` after Markdown rendering) so that
    raw HTML written into a hand-made Markdown briefing cannot inject script.
    Keeps text formatting, headings, lists, quotes, tables, code, links
    (http/https/mailto, with ``rel="noopener noreferrer"`` and
    ``referrerpolicy="no-referrer"``) and images
    (http/https). Removes ``script``, ``style``, ``iframe``, ``object``,
    ``embed``, ``svg``, ``math``, forms and every event-handler or style
    attribute; the contents of ``script`` and ``style`` are dropped, other
    unknown tags are unwrapped and their text kept.
    """
    return nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=filter_attribute,
        url_schemes=set(SAFE_LINK_SCHEMES),
        link_rel="noopener noreferrer",
        # No Referer to the sites a briefing links to: what an analyst reads stays theirs.
        set_tag_attribute_values={"a": {"referrerpolicy": "no-referrer"}},
        strip_comments=True,
    )


def filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """nh3 hook: a second check of URL attributes with ``safe_url``."""
    if attribute in ("href", "src", "cite"):
        return safe_url(value, image=(tag == "img"))
    return value
