"""A test site: the user's seed ingested, plus hand-written briefings, intros and the about page.

``tests/fixtures/site/`` holds seven briefings from June and July 2024 that
share tags and regions with the seed, so pagination (4 a page in test
builds), related briefings, previous/next and the home page's region blocks
have something to show, and an intro for Eastern Europe and one for NATO.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

from click.testing import CliRunner

from conftest import ROOT, SEED, build_site

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_FIXTURES = FIXTURES / "site"
SEED_FALLBACK = FIXTURES / "seed_briefing.md"
ABOUT = ROOT / "content" / "pages" / "about.md"
SEED_SLUG = "china-and-belarus-conduct-joint-military-training-on-nato-s-doorstep"
SEED_TITLE = "China and Belarus Conduct Joint Military Training on NATO’s Doorstep"
TEST_PAGINATION = 4


def ingest_seed(content: Path) -> None:
    """Ingest the user's seed into ``content/briefings``.

    Ingest is being reworked by others; while it fails, a copy of what it wrote
    for the seed stands in, with a warning, so the theme can still be tested
    (``tests/test_site.py`` checks ingest itself end to end).
    """
    from briefing.cli import main

    seeds = content.parent / "seeds"
    seeds.mkdir(exist_ok=True)
    shutil.copy(SEED, seeds / SEED.name)
    try:
        result = CliRunner().invoke(main, ["ingest", "--no-progress", "-j", "1", str(seeds), "--content", str(content)])
        failure = None if result.exit_code == 0 else (result.output or repr(result.exception))
    except Exception as error:  # noqa: BLE001 - any ingest failure means the stand-in is used
        failure = repr(error)
    if failure or not (content / "briefings" / f"{SEED_SLUG}.md").exists():
        warnings.warn(f"ingest failed, using tests/fixtures/seed_briefing.md instead: {str(failure)[-300:]}")
        shutil.copy(SEED_FALLBACK, content / "briefings" / f"{SEED_SLUG}.md")


def make_content(root: Path) -> Path:
    """A content folder under ``root``: fixtures, the about page and the ingested seed."""
    content = root / "content"
    shutil.copytree(SITE_FIXTURES, content)
    (content / "pages").mkdir()
    shutil.copy(ABOUT, content / "pages" / "about.md")
    ingest_seed(content)
    return content


def build_indexed_site(content: Path, output: Path, config: str = "pelicanconf.py", **overrides) -> Path:
    """Build with Pelican, then index with Pagefind, as ``make html`` does."""
    from briefing.plugin.search import index_site

    build_site(content, output, config, DEFAULT_PAGINATION=TEST_PAGINATION, **overrides)
    index_site(output)
    return output
