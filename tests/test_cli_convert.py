"""`briefing convert` and `briefing ingest` on saved pages and on URLs served locally."""

from __future__ import annotations

import http.server
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import frontmatter
from briefing.cli import main
from conftest import local_server

PAGE = Path(__file__).parent / "fixtures" / "html" / "news_article.html"


class PageHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/news/flood-barrier":
            body = PAGE.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def base_url():
    with local_server(PageHandler) as url:
        yield url


def check_converted(output: str):
    meta, body = frontmatter.parse(output)
    assert meta["title"] == "Harbour council approves flood barrier"
    assert str(meta["date"]).startswith("2024-03-14")
    assert meta["date_source"] == "metadata"
    assert meta["source"]["site_name"] == "The Coastal Ledger"
    assert meta["source"]["canonical_url"] == "https://ledger.example/news/flood-barrier"
    assert meta["authors"] == ["Maria Okafor"]  # the byline, where the site shows it
    assert "## Objections from fishermen" in body
    assert "> We have waited long enough." in body
    for boilerplate in ("cookies", "Comments", "reader42", "Related stories", "Share this article", "window.tracking"):
        assert boilerplate not in body, boilerplate
    return meta, body


def test_convert_a_saved_page_prints_front_matter_and_markdown(tmp_path):
    result = CliRunner().invoke(main, ["convert", str(PAGE)])
    assert result.exit_code == 0, result.output
    check_converted(result.output)
    assert not (tmp_path / "content").exists()


def test_convert_a_url_served_locally(base_url):
    result = CliRunner().invoke(main, ["convert", f"{base_url}/news/flood-barrier"])
    assert result.exit_code == 0, result.output
    meta, _ = check_converted(result.output)
    assert meta["source"]["retrieved"]


def test_convert_a_dead_url_names_it(base_url):
    url = f"{base_url}/missing"
    result = CliRunner().invoke(main, ["convert", url])
    assert result.exit_code == 1
    assert url in result.output and "404" in result.output


def test_the_same_article_from_a_file_and_a_url_is_written_once(tmp_path, base_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(PAGE, seeds / "flood.html")
    (seeds / "links.txt").write_text(f"# links an editor collected\n{base_url}/news/flood-barrier\n", encoding="utf-8")
    content = tmp_path / "content"
    result = CliRunner().invoke(main, ["ingest", "--no-progress", "-j", "2", str(seeds), "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output and "1 duplicate" in result.output
    assert len(list((content / "briefings").glob("*.md"))) == 1
    # And again on a later run, against what content/ already holds.
    again = CliRunner().invoke(main, ["ingest", "--no-progress", "-j", "1", f"{base_url}/news/flood-barrier", "--content", str(content)])
    assert "1 duplicate" in again.output
    assert len(list((content / "briefings").glob("*.md"))) == 1


def test_ingest_goes_on_past_a_dead_url(tmp_path, base_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "links.txt").write_text(f"{base_url}/missing\n{base_url}/news/flood-barrier\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", "--no-progress", "-j", "1", str(seeds), "--content", str(tmp_path / "content")])
    assert result.exit_code == 1
    assert "1 added" in result.output and "1 failed" in result.output
    assert f"{base_url}/missing" in result.output


def test_convert_out_writes_one_file_per_input_and_names_each_failure(tmp_path):
    import gzip

    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(PAGE, pages / "flood.html")
    (pages / "flood-again.html.gz").write_bytes(gzip.compress(PAGE.read_bytes()))
    (pages / "notes.txt").write_text(
        "Minsk hosts border talks\n\nBelarus and Poland met in Minsk on Monday to discuss the border crossings "
        "that were closed last year, officials from both sides said.\n", encoding="utf-8")
    (pages / "empty.html").write_text("  \n", encoding="utf-8")
    missing = pages / "gone.htm"
    out = tmp_path / "out"
    inputs = [pages / "flood.html", pages / "empty.html", pages / "flood-again.html.gz", missing, pages / "notes.txt"]
    result = CliRunner().invoke(main, ["convert", "--out", str(out), "--jobs", "2", *map(str, inputs)])
    assert result.exit_code == 1
    assert sorted(path.name for path in out.iterdir()) == ["flood-again.md", "flood.md", "notes.md"]
    for name in ("flood.md", "flood-again.md"):
        check_converted((out / name).read_text(encoding="utf-8"))
    meta, body = frontmatter.parse((out / "notes.md").read_text(encoding="utf-8"))
    assert meta["title"] == "Minsk hosts border talks" and "Belarus" in meta["tags"]
    failures = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert failures == [f"error: {pages / 'empty.html'}: empty page", f"error: {missing}: no such file"]
    assert "3 written, 2 failed" in result.output


def test_convert_out_exits_0_when_every_input_converts_and_never_overwrites_its_own_output(tmp_path):
    result = CliRunner().invoke(main, ["convert", "--out", str(tmp_path / "out"), "-j", "1", str(PAGE), str(PAGE)])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["news_article-2.md", "news_article.md"]


def test_convert_without_out_takes_one_source(tmp_path):
    result = CliRunner().invoke(main, ["convert", str(PAGE), str(PAGE)])
    assert result.exit_code == 2 and "--out" in result.output
