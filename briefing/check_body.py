"""Scan a briefing's Markdown body for unsafe raw HTML and for internal links.

Rendering every body with Python-Markdown would make ``briefing check`` far too
slow on a large site, so the body is scanned as text instead: code spans and
fenced code blocks are blanked out first (``<script>`` written as code is shown,
not run), then raw HTML tags, Markdown links and link definitions are found by
pattern. Each finding carries its offset so the caller can report its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .safety import scheme_of

# Elements that run code or pull in another document; nothing in a briefing needs them.
UNSAFE_TAGS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"})
UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data", "unsafe"})

FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}).*?^(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.DOTALL)
HTML_TAG = re.compile(r"<(?P<name>[A-Za-z][\w:-]*)(?P<attrs>(?:\s[^<>]*)?)/?>")
HTML_ATTRIBUTE = re.compile(r"""(?P<name>[^\s=/>"']+)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s>]+))?""")
# [text](target "title"), ![alt](target), and reference definitions "[id]: target". A bracket escaped
# with a backslash ("\\](") is text, not a link: ingest escapes a pasted "[click](javascript:...)" so
# (QA trial: check called such an ingested briefing unsafe, and the build failed on it).
MARKDOWN_LINK = re.compile(r"(?<![\\])(?:\\\\)*\]\(\s*<?(?P<target>[^)\s>]*)")
LINK_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(?P<target>\S+?)>?(?:\s|$)", re.MULTILINE)


@dataclass(frozen=True)
class Finding:
    """Something found in a body: ``kind`` is "unsafe" or "link"; ``offset`` is where."""

    kind: str
    offset: int
    detail: str


def blank_code(body: str) -> str:
    """``body`` with fenced code blocks and code spans replaced by spaces, newlines kept."""

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    if "```" in body or "~~~" in body:
        body = FENCE.sub(blank, body)
    return CODE_SPAN.sub(blank, body) if "`" in body else body


def scan_body(body: str) -> list[Finding]:
    """Unsafe HTML and every link target in a Markdown body, in the order they appear."""
    if "<" not in body and "](" not in body and "]:" not in body:
        return []  # the common case on a big site: plain prose, nothing to look at
    text = blank_code(body)
    findings: list[Finding] = []
    for match in HTML_TAG.finditer(text):
        findings.extend(scan_tag(match))
    for pattern in (MARKDOWN_LINK, LINK_DEFINITION):
        for match in pattern.finditer(text):
            target = match["target"]
            if unsafe_url(target):
                findings.append(Finding("unsafe", match.start("target"), f"link to a '{scheme_of(target)}:' URL"))
            elif target:
                findings.append(Finding("link", match.start("target"), target))
    return sorted(findings, key=lambda finding: finding.offset)


def scan_tag(match: re.Match) -> list[Finding]:
    """Problems in one raw HTML tag, plus its link target if it has one."""
    name = match["name"].lower()
    findings = []
    if name in UNSAFE_TAGS:
        findings.append(Finding("unsafe", match.start(), f"raw HTML <{name}> element"))
    for attribute in HTML_ATTRIBUTE.finditer(match["attrs"] or ""):
        attr = attribute["name"].lower()
        value = (attribute["value"] or "").strip("\"'")
        offset = match.start("attrs") + attribute.start()
        if attr.startswith("on"):
            findings.append(Finding("unsafe", offset, f"event handler attribute '{attr}' on <{name}>"))
        elif attr in URL_ATTRIBUTES and unsafe_url(value):
            findings.append(Finding("unsafe", offset, f"'{scheme_of(value)}:' URL in {attr}= on <{name}>"))
        elif attr in ("href", "src") and value:
            findings.append(Finding("link", offset, value))
    return findings


def unsafe_url(url: str) -> bool:
    """Whether a browser would run ``url`` (``javascript:``, however disguised) or load it as inline data."""
    return bool(url) and scheme_of(url) in UNSAFE_SCHEMES
