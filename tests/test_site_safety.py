"""Raw HTML in a hand-written Markdown briefing cannot put anything executable on the built page."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing import frontmatter
from briefing.plugin.problems import BuildFailed
from conftest import build_site
from test_safety import XSS_VECTORS, executable_parts

OWN_SCRIPT_TYPES = {"application/ld+json"}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    body = "\n\n".join(f"Paragraph {number} before the vector. {vector} And after it." for number, vector in enumerate(XSS_VECTORS))
    body += "\n\n<div onclick=\"alert(1)\">\n<script>alert('block')</script>\n</div>\n\n![remote](https://tracker.example/pixel.gif)\n"
    meta = {
        "title": "Hostile <script>alert('title')</script> briefing",
        "slug": "hostile",
        "date": "2024-07-08",
        "summary": "A summary with <img src=x onerror=\"alert('summary')\"> inside.",
        "tags": ["Belarus"],
        "regions": ["Eastern Europe"],
        "source": {"path": "seeds/hostile.md"},
    }
    briefings = root / "content" / "briefings"
    briefings.mkdir(parents=True)
    (briefings / "hostile.md").write_text(frontmatter.render(meta, body), encoding="utf-8")
    # The build names each vector, as `briefing check` does, and fails; the site is still written
    # (cleaned), for the editor to look at: that is what these tests examine.
    with pytest.raises(BuildFailed) as failed:
        build_site(root / "content", root / "output")
    assert sum(problem.message.startswith("unsafe ") for problem in failed.value.problems) >= len(XSS_VECTORS) // 2
    return root / "output"


def site_pages(site: Path):
    for path in site.rglob("*.html"):
        if "pagefind" not in path.parts:
            yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_briefing_body_has_nothing_executable(hostile_site):
    soup = BeautifulSoup((hostile_site / "briefing" / "hostile" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    assert article is not None
    for script in article.find_all("script"):
        assert script.get("type") in OWN_SCRIPT_TYPES
        script.decompose()
    assert executable_parts(str(article)) == []
    assert "Paragraph 0 before the vector." in article.get_text()


@pytest.mark.parametrize("marker", ["alert('title')", "alert('summary')", "alert('block')", "onerror", "onclick"])
def test_no_page_carries_a_live_vector(hostile_site, marker):
    for path, soup in site_pages(hostile_site):
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), f"{path}: {element.name}@{name}"
        for script in soup.find_all("script"):
            if script.get("type") in OWN_SCRIPT_TYPES:
                continue
            assert marker not in (script.string or ""), f"{path}: script holds {marker}"


def test_remote_image_becomes_a_link(hostile_site):
    soup = BeautifulSoup((hostile_site / "briefing" / "hostile" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not [img for img in soup.find_all("img") if "tracker.example" in img.get("src", "")]
    assert soup.find("a", href="https://tracker.example/pixel.gif") is not None


def test_every_page_starts_with_the_policy_and_runs_no_inline_script(hostile_site):
    pages = list(site_pages(hostile_site))
    assert len(pages) > 5
    for path, soup in pages:
        first = soup.head.find(True, recursive=False)
        assert first.name == "meta" and first.get("charset"), path
        policy = first.find_next_sibling("meta")
        assert policy.get("http-equiv") == "Content-Security-Policy", f"{path}: the policy must come before anything it governs"
        assert "default-src 'self'" in policy["content"] and "'unsafe-inline'" not in policy["content"]
        for script in soup.find_all("script"):
            # A JSON-LD block is data the browser never runs; any other script is a same-site file.
            assert script.get("type") in OWN_SCRIPT_TYPES or (script.get("src") and not script.string), f"{path}: {script}"


def test_links_to_other_sites_keep_the_reader_private(hostile_site):
    soup = BeautifulSoup((hostile_site / "briefing" / "hostile" / "index.html").read_text(encoding="utf-8"), "html.parser")
    outbound = [link for link in soup.find_all("a", href=True) if link["href"].startswith(("http:", "https:"))]
    assert outbound
    for link in outbound:
        assert {"noopener", "noreferrer"} <= set(link.get("rel") or []), link
        assert link.get("referrerpolicy") == "no-referrer", link
