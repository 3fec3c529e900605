"""A test site: the user's seed ingested, plus hand-written briefings, intros and the about page.

``tests/fixtures/site/`` holds seven briefings from June and July 2024 that
share tags and regions with the seed, so pagination (4 a page in test
builds), related briefings, previous/next and the home page's region blocks
have something to show, and an intro for Eastern Europe and one for NATO.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import ROOT, SEED, build_site

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_FIXTURES = FIXTURES / "site"
ABOUT = ROOT / "content" / "pages" / "about.md"
SEED_TITLE = "China and Belarus Conduct Joint Military Training on NATO’s Doorstep"
TEST_PAGINATION = 4


def ingest_seed(content: Path) -> str:
    """Ingest the user's seed into ``content/briefings`` with the real CLI; return its slug."""
    from briefing.cli import main
    from briefing.frontmatter import parse

    seeds = content.parent / "seeds"
    seeds.mkdir(exist_ok=True)
    shutil.copy(SEED, seeds / SEED.name)
    result = CliRunner().invoke(main, ["ingest", "--no-progress", "-j", "1", str(seeds), "--content", str(content)])
    assert result.exit_code == 0, result.output
    for path in (content / "briefings").glob("*.md"):
        meta, _ = parse(path.read_text(encoding="utf-8"), path)
        if str((meta.get("source") or {}).get("path", "")).endswith(SEED.name):
            return meta["slug"]
    raise AssertionError(f"ingest wrote no briefing for {SEED.name}: {result.output}")


def make_content(root: Path) -> tuple[Path, str]:
    """A content folder under ``root`` (fixtures, the about page, the ingested seed) and the seed's slug."""
    content = root / "content"
    shutil.copytree(SITE_FIXTURES, content)
    (content / "pages").mkdir()
    shutil.copy(ABOUT, content / "pages" / "about.md")
    return content, ingest_seed(content)


def build_indexed_site(content: Path, output: Path, config: str = "pelicanconf.py", **overrides) -> Path:
    """Build with Pelican, then index with Pagefind, as ``make html`` does."""
    from briefing.plugin.search import index_site

    build_site(content, output, config, DEFAULT_PAGINATION=TEST_PAGINATION, **overrides)
    index_site(output)
    return output
