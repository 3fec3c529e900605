"""``briefing new``: start a hand-written briefing as a draft with valid front matter.

The file has no ``ingest`` record: it was never machine-tagged, so every tag
in it is the editor's and ``briefing retag`` leaves it alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import frontmatter
from .errors import BriefingError
from .ingest import BRIEFINGS_DIR, slugify, unique_slug

PLACEHOLDER_SUMMARY = "One or two sentences: who did what, where, and why it matters."
PLACEHOLDER_BODY = "Write the briefing here. Remove `status: draft` from the front matter to publish it."


def new_briefing(
    title: str,
    content_dir: str | Path = "content",
    *,
    date: dt.date | None = None,
    tags: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
    source_url: str | None = None,
    author: str = "Briefing desk",
) -> Path:
    """Write ``content_dir/briefings/<slug>.md`` as a draft and return its path.

    The slug comes from the title; ``-2``, ``-3``… is added if a file already has it.
    """
    if not title.strip():
        raise BriefingError("title", "a briefing needs a title")
    unknown_names(tags, regions)
    briefings_dir = Path(content_dir) / BRIEFINGS_DIR
    taken = {path.stem for path in briefings_dir.glob("*.md")} if briefings_dir.is_dir() else set()
    slug = unique_slug(slugify(title), taken)
    meta = {
        "title": title.strip(),
        "slug": slug,
        "date": date or dt.date.today(),
        "status": "draft",
        "summary": PLACEHOLDER_SUMMARY,
        "tags": list(tags),
        "regions": list(regions),
        "source": {"url": source_url} if source_url else {"name": author},
    }
    path = briefings_dir / f"{slug}.md"
    frontmatter.write_atomic(path, f"---\n{frontmatter.dump_yaml(meta)}---\n\n{PLACEHOLDER_BODY}\n", expected=None)
    return path


def unknown_names(tags, regions, taxonomy=None) -> None:
    """Raise ``BriefingError`` naming every tag or region the taxonomy lacks, with "did you mean".

    The same lookups as `briefing check`, so a typo ("Veitnam") is caught when
    the draft is made rather than when the site is built.
    """
    from .check import TaxonomyIndex, did_you_mean
    from .taxonomy import load_taxonomy

    index = TaxonomyIndex.of(taxonomy or load_taxonomy())
    problems = [f"unknown tag '{tag}'{did_you_mean(index.suggest_tag(tag))}"
                for tag in tags if tag not in index.entries]
    problems += [f"unknown region '{region}'{did_you_mean(index.suggest_region(region))}"
                 for region in regions if region not in index.regions]
    if problems:
        raise BriefingError("briefing new", "; ".join(problems) + " (names are as in the taxonomy)")
