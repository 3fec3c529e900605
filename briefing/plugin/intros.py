"""Editors' intros for tag and region pages: ``content/tags/<slug>.md``, ``content/regions/<slug>.md``.

An intro is Markdown with optional YAML front matter; ``description`` there
becomes the page's meta description. These folders are outside
``ARTICLE_PATHS`` and ``PAGE_PATHS``, so Pelican never reads them as content;
this module reads them when the tag and region pages are built.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import markdown

from .. import frontmatter
from ..errors import BriefingError
from .sanitize import clean

logger = logging.getLogger(__name__)

DEFAULT_INTRO_PATHS = {"tag": "tags", "region": "regions"}


@dataclass(frozen=True)
class Intro:
    """An intro's HTML (already sanitised) and its optional meta description."""

    html: str
    description: str = ""


def split_front_matter(text: str, path: Path) -> tuple[dict, str]:
    """``(front matter, Markdown)``; a file without front matter is all Markdown."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        return {}, text
    try:
        return frontmatter.parse(text, path)
    except BriefingError as error:
        raise ValueError(str(error)) from error


def render_markdown(body: str, settings: dict) -> str:
    """Markdown → sanitised HTML with no remote images, with the site's Markdown settings."""
    config = settings.get("MARKDOWN", {})
    html = markdown.Markdown(
        extensions=list(config.get("extension_configs", {})),
        extension_configs=config.get("extension_configs", {}),
        output_format=config.get("output_format", "html5"),
    ).convert(body)
    return clean(html)


def load_intros(settings: dict, family: str) -> dict[str, Intro]:
    """``{slug: Intro}`` for one family (``tag`` or ``region``) from the content folder.

    A broken intro file stops the build with its path and the reason, like a
    broken briefing would.
    """
    folder = settings.get("INTRO_PATHS", DEFAULT_INTRO_PATHS).get(family)
    if not folder:
        return {}
    root = Path(settings["PATH"]) / folder
    intros: dict[str, Intro] = {}
    for path in sorted(root.glob("*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"), path)
        description = meta.get("description", "")
        intros[path.stem] = Intro(render_markdown(body, settings), str(description).strip())
    if intros:
        logger.info("read %d %s intro(s) from %s", len(intros), family, root)
    return intros
