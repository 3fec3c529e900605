"""Adversarial input on the ingest side: each test names the case it guards.

Binary and odd inputs are generated here rather than committed as fixtures.
"""

from __future__ import annotations

import gzip
import http.server
import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

import markdown
import pytest
import yaml
from click.testing import CliRunner

from briefing import frontmatter
from briefing.cli import main
from briefing.convert import convert_source
from briefing.errors import SourceError
from briefing.text import escape_markdown
from conftest import local_server, run_briefing_bound_by_permissions

PARAGRAPH = (
    "The ministry said on Tuesday that the talks between Belarus and Poland would "
    "continue next week in Warsaw after a pause of several months. "
)
ARTICLE_BODY = PARAGRAPH * 3
OTHER_BODY = "Floods in Germany raised the level of the Rhine quickly this week, officials said. " * 3


# What an editor might drop into seeds/ by mistake: a PDF (as a browser saves one,
# binary comment line and all), a Word file, a photo.
PDF = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def zip_bytes(*names: str) -> bytes:
    """A ZIP archive of the article under each of ``names`` (a Word file's parts name word/)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, ARTICLE_BODY)
    return buffer.getvalue()


def png_bytes() -> bytes:
    """A one-pixel PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0")) + chunk(b"IEND", b"")


def run_ingest(*args: str):
    return CliRunner().invoke(main, ["ingest", "--no-progress", "--jobs", "1", *args])


def ingest_files(tmp_path: Path, files: dict[str, bytes]):
    """Write ``files`` into a seed folder, ingest it; (result, {name: (meta, body)})."""
    seeds = tmp_path / "seeds"
    for name, data in files.items():
        (seeds / name).parent.mkdir(parents=True, exist_ok=True)
        (seeds / name).write_bytes(data)
    content = tmp_path / "content"
    result = run_ingest(str(seeds), "--content", str(content))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    briefings = {}
    for path in sorted((content / "briefings").glob("*.md")):
        if not path.name.startswith("broken"):  # planted by a test
            briefings[path.name] = frontmatter.parse(path.read_text(encoding="utf-8"), path)
    return result, briefings


def error_lines(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("error ")]


# --- bad files: one line each, the batch goes on -------------------------------------


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\t\n  ", "file is empty"),
        ("title-only.txt", b"Border talks resume in Minsk\n", "no article text after the title"),
        ("nul.txt", b"Headline here\n\n" + ARTICLE_BODY.encode() + b"\x00\x00", "binary data"),
        ("corrupt.html.gz", b"\x1f\x8b\x08\x00garbage garbage", "corrupt gzip file"),
        ("truncated.html.gz", gzip.compress(f"<html><body><p>{ARTICLE_BODY * 5}</p></body></html>".encode())[:100], "corrupt gzip file"),
        # A gzip bomb: 40 KB that would unpack to 40 MB.
        ("bomb.html.gz", gzip.compress(b"<html><body><p>" + b"a" * (40 * 1024 * 1024)), "unpacks to more than 20 MB"),
        ("scripts.html", b"<html><head><title>Only scripts</title></head><body><script>alert(1)</script></body></html>", "no article text found"),
        ("frames.html", b"<html><head><title>F</title></head><frameset><frame src='javascript:alert(1)'></frameset></html>", "no article text found"),
        ("nav-only.html", b"<html><head><title>Home | News</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
                          b"<li><a href='/world'>World</a></li></ul></nav></body></html>", "no article text found"),
        ("unknown.abc", b"Some words in a file of no known kind.\n", "unknown kind of file"),
        # QA trial: a PDF or a Word file saved under a page's or a text's name became a briefing of its bytes.
        ("report.pdf", PDF, "is a PDF, not a web page or text; save the article as HTML or text"),
        ("report.html", PDF, "is a PDF"),
        ("report.txt", PDF, "is a PDF"),
        ("report.md", PDF, "is a PDF"),
        ("report.html.gz", gzip.compress(PDF), "is a PDF"),
        ("story.docx", zip_bytes("[Content_Types].xml", "word/document.xml"), "is a Word document (.docx)"),
        ("story.html", zip_bytes("[Content_Types].xml", "word/document.xml"), "is a Word document (.docx)"),
        ("bundle.zip", zip_bytes("article.txt"), "is a ZIP archive"),
        ("photo.txt", png_bytes(), "is an image (.png)"),
        ("photo.htm", png_bytes(), "is an image (.png)"),
        ("notes.txt", gzip.compress(ARTICLE_BODY.encode()), "is a gzip archive"),
        ("junk-urls.txt", b"# links\nftp://example.org/a\n", "junk-urls.txt:2: not an http(s) URL: 'ftp://example.org/a'"),
        # QA trial: an unclosed IPv6 bracket made urllib raise, and the whole batch stopped with a traceback.
        ("bracket-urls.txt", b"https://[bad.example/x\n", "bracket-urls.txt:1: not an http(s) URL: 'https://[bad.example/x'"),
    ],
)
def test_bad_seed_gets_one_line_naming_it_and_the_batch_goes_on(tmp_path, name, data, reason):
    result, briefings = ingest_files(tmp_path, {name: data, "good.txt": b"Good headline here\n\n" + ARTICLE_BODY.encode()})
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert name in line and reason in line
    assert list(briefings) == ["good-headline-here.md"]


def test_gzip_bomb_is_refused_without_unpacking_it_whole(tmp_path):
    # 1 GB of zeros compresses to ~1 MB; unpacking it whole would take a gigabyte of memory.
    seed = tmp_path / "bomb.html.gz"
    chunk = b"\0" * (1024 * 1024)
    with seed.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as compressor:
        for _ in range(1024):
            compressor.write(chunk)
    with pytest.raises(SourceError, match="unpacks to more than 20 MB"):
        convert_source(str(seed))


def test_a_pipe_named_as_a_seed_is_refused_not_read_forever(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = run_ingest(str(fifo), "--content", str(tmp_path / "content"))
    assert result.exit_code == 1
    assert "pipe.txt: not a regular file" in result.output


def test_unreadable_file_is_one_error_line_naming_it(tmp_path):
    seed = tmp_path / "locked.txt"
    seed.write_bytes(b"Locked headline\n\n" + ARTICLE_BODY.encode())
    seed.chmod(0)
    result = run_briefing_bound_by_permissions("ingest", "--no-progress", "--jobs", "1", str(seed),
                                              "--content", str(tmp_path / "content"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{seed}: cannot read: Permission denied" in result.stderr
    assert "Traceback" not in result.stderr


# --- encodings -------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_with_or_without_bom_is_read(tmp_path, encoding):
    text = "Переговоры в Минске\n\n" + ARTICLE_BODY
    result, briefings = ingest_files(tmp_path, {"article.txt": text.encode(encoding)})
    assert result.exit_code == 0, result.output
    [(meta, body)] = briefings.values()
    assert meta["title"] == "Переговоры в Минске"
    assert "Warsaw" in body


def test_control_characters_never_reach_the_briefing(tmp_path):
    # They are invalid in the XML of the site's Atom feeds.
    text = "Title with \x07 bell and \x1b escape\n\n" + ARTICLE_BODY.replace("Tuesday", "Tues\x1bday", 1)
    page = f"<html><head><title>Page \x08title</title></head><body><article><p>{OTHER_BODY}\x0b{OTHER_BODY}</p></article></body></html>"
    result, briefings = ingest_files(tmp_path, {"a.txt": text.encode(), "b.html": page.encode()})
    assert result.exit_code == 0, result.output
    for meta, body in briefings.values():
        written = yaml.safe_dump(meta) + body
        assert not any(ch < " " and ch not in "\n\t" for ch in written), written
    assert {meta["title"] for meta, _ in briefings.values()} == {"Title with bell and escape", "Page title"}


# --- what reaches the Markdown -------------------------------------------------------

MARKDOWN_SPECIAL_LINES = [
    "# not a heading",
    "1. not a list",
    "2) not a list",
    "---",
    "===",
    "> not a quote",
    "```",
    "<!-- not a comment",
    "[x](javascript:alert(1)) ![](data:text/html,abc)",
    "[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt; <script>alert(2)</script>",
]


@pytest.mark.parametrize("line", MARKDOWN_SPECIAL_LINES)
def test_markdown_special_text_shows_literally(line):
    """Regression: "1. x" was escaped as "\\1. x", which Markdown shows with the backslash."""
    html = markdown.markdown(escape_markdown(line))
    assert html.startswith("<p>") and "\\" not in html
    assert "<script" not in html and 'href="javascript' not in html and "<hr" not in html


def test_markdown_special_text_file_renders_as_text(tmp_path):
    text = "Markdown special story\n\n" + "\n\n".join(MARKDOWN_SPECIAL_LINES) + "\n\n" + ARTICLE_BODY
    result, briefings = ingest_files(tmp_path, {"special.txt": text.encode()})
    assert result.exit_code == 0, result.output
    [(meta, body)] = briefings.values()
    html = markdown.markdown(body)
    assert "<script" not in html and "href=" not in html and "src=" not in html
    assert "<h1" not in html and "<ol" not in html and "<hr" not in html and "<blockquote" not in html
    assert "&amp;lt;script&amp;gt;" in html  # an entity written in the text stays as written


def test_markdown_special_page_text_renders_as_text(tmp_path):
    paragraphs = "".join(f"<p>{line.replace('&', '&amp;').replace('<', '&lt;')}</p>" for line in MARKDOWN_SPECIAL_LINES)
    page = f"<html><head><title>Page special</title></head><body><article><p>{ARTICLE_BODY}</p>{paragraphs}<p>{ARTICLE_BODY}</p></article></body></html>"
    result, briefings = ingest_files(tmp_path, {"special.html": page.encode()})
    assert result.exit_code == 0, result.output
    [(meta, body)] = briefings.values()
    html = markdown.markdown(body)
    assert "<script" not in html and 'href="javascript' not in html and 'src="data' not in html
    assert "<hr" not in html and "<h1" not in html and "<ol" not in html


def test_leading_rule_lines_do_not_break_the_front_matter_split(tmp_path):
    text = "Dashes story\n\n---\n\n" + ARTICLE_BODY + "\n\n---\ntitle: injected\n---\n\n" + PARAGRAPH
    result, briefings = ingest_files(tmp_path, {"dashes.txt": text.encode()})
    assert result.exit_code == 0, result.output
    [(meta, body)] = briefings.values()
    assert meta["title"] == "Dashes story"
    assert "\n---\n" not in "\n" + body + "\n"


# --- titles, slugs, front matter -------------------------------------------------------


def test_yaml_special_title_reads_back_exactly(tmp_path):
    title = "key: value # - ? | > & * ! % @ ` 'q' \"dq\" {a} [b]"
    result, briefings = ingest_files(tmp_path, {"yaml.txt": f"{title}\n\n{ARTICLE_BODY}".encode()})
    assert result.exit_code == 0, result.output
    [(meta, _)] = briefings.values()
    assert meta["title"] == title


def test_two_seeds_with_one_title_get_two_slugs(tmp_path):
    result, briefings = ingest_files(tmp_path, {
        "a.txt": f"Same title\n\n{ARTICLE_BODY}".encode(),
        "b.txt": f"Same title\n\n{OTHER_BODY}".encode(),
    })
    assert result.exit_code == 0, result.output
    assert sorted(briefings) == ["same-title-2.md", "same-title.md"]


def test_long_title_gives_a_bounded_slug_and_file_name(tmp_path):
    title = " ".join(["Extraordinarily"] * 18)
    result, briefings = ingest_files(tmp_path, {"long name with spaces ü.txt": f"{title}\n\n{ARTICLE_BODY}".encode()})
    assert result.exit_code == 0, result.output
    [name] = briefings
    assert len(name) <= 80 + len(".md")
    assert briefings[name][0]["title"] == title


def test_checksum_line_inside_a_multiline_value_is_not_the_stamp():
    text = frontmatter.render({"title": "T", "summary": "a\nchecksum: " + "0" * 64, "ingest": {"tags": []}}, "Body.")
    assert not frontmatter.is_edited(text)
    assert frontmatter.is_edited(text.replace("Body.", "Body!"))


def test_invalid_yaml_briefing_is_left_alone_and_ingest_still_works(tmp_path):
    briefings_dir = tmp_path / "content" / "briefings"
    briefings_dir.mkdir(parents=True)
    broken = briefings_dir / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\nbody\n")
    (briefings_dir / "broken-binary.md").write_bytes(b"\xff\xfe\x00junk")
    result, briefings = ingest_files(tmp_path, {"good.txt": b"Good headline here\n\n" + ARTICLE_BODY.encode()})
    assert result.exit_code == 0, result.output
    assert broken.read_text() == "---\ntitle: [unclosed\n---\nbody\n"
    assert "good-headline-here.md" in briefings


# --- folders ---------------------------------------------------------------------------


def test_folder_with_subfolders_hidden_files_and_symlink_loop(tmp_path):
    result, briefings = ingest_files(tmp_path, {
        "top.txt": b"Top story here\n\n" + ARTICLE_BODY.encode(),
        "sub/inner.txt": b"Inner story here\n\n" + ARTICLE_BODY.replace("Warsaw", "Vilnius").encode(),
        ".hidden.txt": b"Hidden story\n\n" + ARTICLE_BODY.encode(),
    })
    seeds = tmp_path / "seeds"
    (seeds / "sub" / "loop").symlink_to(seeds)
    (seeds / "dangling.txt").symlink_to(seeds / "nowhere")
    result = run_ingest(str(seeds), "--content", str(tmp_path / "content"))
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (tmp_path / "content" / "briefings").glob("*.md"))
    assert names == ["inner-story-here.md", "top-story-here.md"]


def test_editors_and_browsers_leftovers_in_the_seed_folder_are_not_seeds(tmp_path):
    """QA trial: an Emacs backup (``story.txt~``) beside its seed failed the batch, and so ``make site``."""
    story = b"Top story here\n\n" + ARTICLE_BODY.encode()
    leftovers = ["story.txt~", "#story.txt#", "story.txt.bak", "page.html.part", "page.html.crdownload", "Thumbs.db"]
    result, briefings = ingest_files(tmp_path, {"story.txt": story, **{name: story for name in leftovers}})
    assert result.exit_code == 0, result.output
    assert list(briefings) == ["top-story-here.md"]
    named = run_ingest(str(tmp_path / "seeds" / "story.txt~"), "--content", str(tmp_path / "content"))
    assert named.exit_code == 1 and "story.txt~: unknown kind of file" in named.output  # named, it is taken


def test_huge_single_line_page_is_converted_in_bounded_time(tmp_path):
    """Regression: tagging a 2 MB paragraph was quadratic and stalled the batch for minutes."""
    page = f"<html><head><title>Long line</title></head><body><article><p>{PARAGRAPH * 16000}</p></article></body></html>"
    result, briefings = ingest_files(tmp_path, {"long.html": page.encode()})
    assert result.exit_code == 0, result.output
    [(meta, _)] = briefings.values()
    assert "Belarus" in meta["tags"]


# --- feeds and URL lists on a local server ---------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        base = f"http://{self.headers['Host']}"
        if self.path == "/good":
            body = f"<html><head><title>Good page</title></head><body><article><p>{ARTICLE_BODY}</p></article></body></html>".encode()
            status = 200
        elif self.path == "/feed.xml":
            items = "".join(
                f"<item><title>{title}</title>{f'<link>{link}</link>' if link else ''}</item>"
                for title, link in [
                    ("Good", f"{base}/good"), ("Script", "javascript:alert(1)"),
                    ("File", "file:///etc/passwd"), ("Gone", f"{base}/gone"), ("Lost", None),
                ]
            )
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><link>{base}/</link>{items}</channel></rss>'.encode()
            status = 200
        else:
            body, status = b"not found", 404
        self.send_response(status)
        self.send_header("Content-Type", "application/rss+xml" if self.path.endswith(".xml") else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    with local_server(Handler) as url:
        yield url


def test_feed_entries_with_unsafe_or_dead_links_are_reported(tmp_path, server):
    """Regression: javascript: and file: entries were dropped without a word; so was one without a link (QA trial)."""
    result = run_ingest(f"{server}/feed.xml", "--content", str(tmp_path / "content"))
    assert result.exit_code == 1
    errors = error_lines(result)
    assert len(errors) == 4, result.output
    assert any(line.endswith("entry 'Lost' has no link") for line in errors), errors
    assert any("'Script'" in line and "'javascript:alert(1)' is not an http(s) URL" in line for line in errors)
    assert any("'File'" in line and "'file:" in line and "is not an http(s) URL" in line for line in errors)
    assert any(f"{server}/gone: HTTP 404" in line for line in errors)
    assert [path.name for path in (tmp_path / "content" / "briefings").glob("*.md")] == ["good-page.md"]


def test_a_feed_cut_off_in_an_entry_says_so(tmp_path, server):
    """QA trial: a feed cut off inside its last entry reported "entry 'B' has no link" and nothing about the cut;
    the entries before the cut are still ingested."""
    feed = tmp_path / "seeds" / "cut.xml"
    feed.parent.mkdir()
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
                    f'<item><title>Good</title><link>{server}/good</link></item>'
                    f'<item><title>B</title><link>{server}/good-too', encoding="utf-8")
    result = run_ingest(str(feed), "--content", str(tmp_path / "content"))
    assert result.exit_code == 1
    errors = error_lines(result)
    assert len(errors) == 1 and errors[0].endswith(
        "cut.xml: entry 'B' has no link: the feed is not well-formed XML (no element found at line 1)"), errors
    assert [path.name for path in (tmp_path / "content" / "briefings").glob("*.md")] == ["good-page.md"]


def test_an_entry_without_a_link_is_not_blamed_on_damage_further_down_the_feed(tmp_path, server):
    """QA trial: "entry 'Linkless' has no link: the feed is not well-formed XML (... at line 4)" for an
    entry written without a link on line 2, the broken markup being another entry's."""
    feed = tmp_path / "seeds" / "damaged.xml"
    feed.parent.mkdir()
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>\n'
                    f'<item><title>Linkless</title></item>\n'
                    f'<item><title>Good</title><link>{server}/good</link></item>\n'
                    f'<item><title>Broken <b>markup &amp entry</title><link>{server}/good</link></item>\n'
                    f'</channel></rss>', encoding="utf-8")
    result = run_ingest(str(feed), "--content", str(tmp_path / "content"))
    assert result.exit_code == 1
    errors = error_lines(result)
    assert len(errors) == 1 and errors[0].endswith("damaged.xml: entry 'Linkless' has no link"), errors


def test_url_list_with_duplicates_is_fetched_once(tmp_path, server):
    seed = tmp_path / "links.txt"
    seed.write_text(f"# today\n{server}/good\n{server}/good\n{server}/good  # again\n")
    result = run_ingest(str(seed), "--content", str(tmp_path / "content"))
    assert result.exit_code == 0, result.output
    assert "ingest: 1 added, 0 failed" in result.output


@pytest.mark.parametrize(
    "markup",
    [
        # An indented code block after a list became part of the list item, its text raw HTML.
        "<ul><li>item one here</li></ul><pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n```\n&lt;b&gt;x&lt;/b&gt;</code></pre>",
        # Text loose in a quote (trafilatura's <pre> inside <blockquote>) was not escaped.
        "<blockquote><p>Quoted.</p><pre>&lt;script&gt;alert(1)&lt;/script&gt;</pre></blockquote>",
        "<div>&lt;script&gt;alert(1)&lt;/script&gt;<p>A paragraph.</p>&lt;img src=x onerror=alert(1)&gt;</div>",
    ],
)
def test_escaped_markup_in_code_and_loose_text_stays_text(markup):
    from briefing.extract import extract_html

    page = f"<html><head><title>T</title></head><body><article><p>{ARTICLE_BODY}</p>{markup}<p>{OTHER_BODY}</p></article></body></html>"
    html = markdown.markdown(extract_html(page.encode(), url="http://ok.example/x").body, extensions=["extra"])
    assert "<script" not in html and "<img" not in html and "<b>" not in html


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Переговоры на границе", "peregovory-na-granitse"),  # was "briefing", as for every non-Latin title
        ("Ελλάδα και Κύπρος", "ellada-kai-kupros"),
        ("NATO’s doorstep", "natos-doorstep"),
        ("!!! ???", "briefing"),
    ],
)
def test_slugs_transliterate_other_scripts(title, slug):
    from briefing.ingest import slugify

    assert slugify(title) == slug


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "javascript://alert(1)"])
def test_non_http_url_on_the_command_line_is_named_as_typed(tmp_path, url):
    """Regression: "ftp://example.org/a" was reported as the missing file "ftp:/example.org/a"."""
    result = run_ingest(url, "--content", str(tmp_path / "content"))
    assert result.exit_code == 1
    assert f"{url}: not an http(s) URL" in result.output


def test_markup_pasted_into_a_title_is_dropped_and_arabic_reads_right_to_left(tmp_path):
    """QA trial: a text seed titled "<script>…</script> Minsk talks <img …>" showed the markup as its
    headline (escaped) and slug; an Arabic briefing was laid out left to right."""
    from conftest import build_site

    result, briefings = ingest_files(tmp_path, {
        "markup.txt": b"<script>alert('x')</script> Minsk talks <img src=x onerror=alert(1)>\n\n" + ARTICLE_BODY.encode(),
        "arabic.txt": "محادثات في القاهرة حول الحدود\n\nاستمرت المحادثات في القاهرة حتى مساء الثلاثاء بين وزراء مصر والأردن. "
                      "وقال المسؤولون إن المعابر ستفتح خلال أسابيع.\n".encode(),
    })
    assert result.exit_code == 0, result.output
    assert briefings["minsk-talks.md"][0]["title"] == "Minsk talks"
    [arabic] = [name for name, (meta, _) in briefings.items() if meta.get("lang") == "ar"]
    output = build_site(tmp_path / "content", tmp_path / "output")
    page = (output / "briefing" / arabic[:-3] / "index.html").read_text(encoding="utf-8")
    assert '<h1 lang="ar" dir="rtl"' in page and 'lang="ar" dir="rtl">' in page.split('class="body', 1)[1][:80]
    home = (output / "index.html").read_text(encoding="utf-8")
    assert f'{arabic[:-3]}/" lang="ar" dir="rtl">' in home
    assert "<script>alert" not in home and "onerror" not in home


def test_a_title_that_is_markup_alone_gives_way_to_the_lede(tmp_path):
    """QA trial: a text seed titled "<script>alert(1)</script>" became the briefing headlined
    "<script>alert(1)</script>" at /briefing/script-alert-1-script/."""
    result, briefings = ingest_files(tmp_path, {
        "script.txt": b"<script>alert(1)</script>\n\nLithuania said on Monday it would close two more border "
                      b"crossings with Belarus. Officials cited balloons carrying contraband.\n",
    })
    assert result.exit_code == 0, result.output
    [(name, (meta, _))] = briefings.items()
    assert meta["title"] == "Lithuania said on Monday it would close two more border crossings with Belarus"
    assert name == "lithuania-said-on-monday-it-would-close-two-more-border-crossings-with-belarus.md"


def test_a_page_whose_canonical_link_urllib_cannot_split_is_still_ingested(tmp_path):
    """Property test, then QA trial: <link rel=canonical href="https://[ledger.example/…"> raised
    ValueError in the headline cleaner and in duplicate detection, and the batch stopped."""
    page = (f"<html><head><title>Harbour barrier | The Ledger</title><link rel='canonical' href='https://[ledger.example/x'>"
            f"</head><body><article><h1>Harbour barrier</h1><p>{ARTICLE_BODY}</p></article></body></html>")
    result, briefings = ingest_files(tmp_path, {"page.html": page.encode()})
    assert result.exit_code == 0, result.output
    [(meta, _)] = briefings.values()
    assert meta["title"] == "Harbour barrier" and "canonical_url" not in meta["source"]


@pytest.mark.parametrize(
    "headline",
    [
        "BMW opens a car plant near Minsk",  # "BM" starts a bitmap
        "MZ rally in Warsaw draws thousands",  # "MZ" starts a Windows program
        "ID3 protocol talks stall in Vienna",  # "ID3" starts an MP3
        "GIF89a memes flood Belarusian Telegram",  # "GIF89a" starts a GIF
    ],
)
def test_an_article_whose_headline_starts_like_a_file_signature_is_still_an_article(tmp_path, headline):
    result, briefings = ingest_files(tmp_path, {"story.txt": f"{headline}\n\n{ARTICLE_BODY}".encode()})
    assert result.exit_code == 0, result.output
    [(meta, _)] = briefings.values()
    assert meta["title"] == headline
