"""Property-based tests (hypothesis): inputs nobody thought of, a bounded number of examples each.

- front matter: any metadata of the allowed shapes renders and parses back equal, or is
  refused with the project's one-line error;
- the Markdown writer: any text shows on the built page as that text, and nothing runs;
- ingest: arbitrary bytes and mutated HTML fixtures give articles or the project's one-line
  error, never another exception, each page within a time bound the harness enforces
  (hypothesis's ``deadline``: a page over it fails the property);
- ``briefing check`` on arbitrary file content reports problems, never crashes.

What they found is kept as explicit ``@example`` cases. Example counts are bounded for CI (``MAX_EXAMPLES``); ``BRIEFING_PROPERTY_EXAMPLES`` raises
them for a longer local hunt. ``pytest --hypothesis-show-statistics`` shows what each ran.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from briefing import frontmatter
from briefing.check import check_content
from briefing.convert import convert_source
from briefing.decode import strip_control_chars
from briefing.errors import BriefingError
from briefing.ingest import render_briefing, tag_article
from briefing.safety import sanitize_html
from briefing.tag import default_tagger
from briefing.text import escape_markdown
from conftest import ROOT
from test_safety import executable_parts

MAX_EXAMPLES = int(os.environ.get("BRIEFING_PROPERTY_EXAMPLES", "200"))
PAGE_DEADLINE = dt.timedelta(seconds=20)  # per page: a pathological input (a quadratic step) fails
FIXTURES = sorted((Path(__file__).parent / "fixtures" / "html").glob("*.html"))
BOUNDED = settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text an editor or a source may hold: any Unicode (lone surrogates cannot be written as UTF-8
# at all), weighted towards what YAML and Markdown treat specially.
SPECIAL = ["yes", "no", "null", "~", "true", "Off", "0x1F", "1e3", "2024-07-08", "---", "...", ": ", " #",
           "'", '"', "- ", "? ", "&a", "*a", "!tag", "%YAML", "{", "[", "|", ">", "\t", "\r\n", "\r", "\x85",
           "\u2028", "\ufeff", "\x00", "\x1b", "\x7f", "<script>alert(1)</script>", "[x](javascript:alert(1))",
           "  ", "\n", "# ", "1. ", "> ", "    code", "```", "***", "<!--", "&lt;", "\\", "`", "_", "|"]
any_text = st.lists(st.one_of(st.text(st.characters(exclude_categories=["Cs"]), max_size=12), st.sampled_from(SPECIAL)),
                    max_size=8).map("".join)
# For the front matter, now and then a lone surrogate too: it must be refused, not crash.
text_or_surrogate = st.one_of(any_text, any_text, any_text, any_text, any_text.map(lambda text: text + "\ud800"))
names = st.lists(any_text.filter(str.strip), max_size=4)
dates = st.one_of(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
                  st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1),
                               timezones=st.just(dt.timezone.utc)).map(lambda d: d.replace(microsecond=0)))
metadata = st.fixed_dictionaries(
    {"title": text_or_surrogate, "slug": st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True), "date": dates,
     "summary": any_text, "tags": names, "regions": names},
    optional={"date_source": st.sampled_from(["metadata", "text", "ingest"]),
              "places": st.lists(st.fixed_dictionaries({"name": any_text, "country": any_text,
                                                        "lat": st.floats(-90, 90), "lon": st.floats(-180, 180)}),
                                 max_size=2),
              "source": st.fixed_dictionaries({"path": any_text}, optional={"url": any_text, "sha256": any_text}),
              "status": st.sampled_from(["draft", "published"])},
)


@BOUNDED
@given(meta=metadata, body=any_text)
# Found by this property: a summary of only "\n" made PyYAML end the document with "...",
# which closed the front matter early, so the file no longer parsed.
@example(meta={"title": "", "slug": "0", "date": dt.date(2000, 1, 1), "summary": "\n", "tags": [], "regions": []},
         body="")
def test_front_matter_round_trips_or_is_refused_clearly(meta, body):
    record = {"tags": list(meta["tags"]), "regions": list(meta["regions"])}
    try:
        text = frontmatter.render(dict(meta, ingest=record), body)
    except BriefingError as error:
        assert "\n" not in str(error) and "UTF-8 cannot write" in str(error)
        event("refused with one line")
        return
    parsed, parsed_body = frontmatter.parse(text, "round-trip.md")
    stored = parsed.pop("ingest")
    assert stored.pop("checksum")
    assert stored == record
    assert parsed == meta
    written = body.strip()
    assert parsed_body == ((written + "\n").replace("\r\n", "\n") if written else "")
    assert not frontmatter.is_edited(text), "a file ingest wrote is never taken for an editor's"


def site_markdown() -> markdown.Markdown:
    """Python-Markdown as the site's build configures it (pelicanconf.MARKDOWN)."""
    config = {}
    exec(compile((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), "pelicanconf.py", "exec"), config)
    extensions = config["MARKDOWN"]["extension_configs"]
    return markdown.Markdown(extensions=list(extensions), extension_configs=extensions, output_format="html5")


SITE_MARKDOWN = site_markdown()
# smarty's typography (curly quotes, dashes, ellipses) changes how text looks, not what it says.
TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "«": "<<", "»": ">>", "–": "--", "—": "---",
                            "…": "..."})


def words(text: str) -> str:
    return " ".join(text.translate(TYPOGRAPHY).split())


@BOUNDED
@given(text=any_text)
# Found by this property: Python-Markdown's own placeholder character; an indented line (a code
# block showing "&lt;"); a leading ":" (a definition list) and "|" lines (a table) eating text;
# "\r" breaking lines the escapes did not see.
@example(text="\x03")
@example(text="\t<")
@example(text="0\n: ")
@example(text="|\n|")
@example(text="0\r=")
def test_markdown_writer_shows_any_text_as_that_text_and_nothing_runs(text):
    html = sanitize_html(SITE_MARKDOWN.reset().convert(escape_markdown(text)))
    assert executable_parts(html) == []
    shown = BeautifulSoup(html, "html.parser").get_text()
    assert words(shown) == words(strip_control_chars(text))  # control characters are dropped, as readers do


# --- ingest: arbitrary bytes and mutated pages -------------------------------------------

ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "cp1251", "koi8-r", "latin-1", "shift_jis", "gb18030", "utf-32"]
TAGS = ["div", "p", "article", "script", "style", "table", "td", "a", "h1", "li", "ul", "svg", "template", "body",
        "html", "head", "title", "meta", "iframe", "noscript", "pre", "code", "br", "main", "section"]


@st.composite
def mutated_page(draw) -> bytes:
    """A test fixture page, mutated: truncated, nested deeply, random tags, re-encoded, NUL bytes."""
    page = draw(st.sampled_from(FIXTURES)).read_bytes().decode("utf-8", errors="replace")
    for mutation in draw(st.lists(st.sampled_from(["truncate", "nest", "tags", "nul", "junk"]), max_size=4)):
        where = draw(st.integers(0, len(page)))
        if mutation == "truncate":
            page = page[:where]
        elif mutation == "nest":
            tag, depth = draw(st.sampled_from(TAGS)), draw(st.integers(1, 3000))
            page = page[:where] + f"<{tag}>" * depth + "deep text " + f"</{tag}>" * draw(st.integers(0, depth)) + page[where:]
        elif mutation == "tags":
            inserted = "".join(f"<{t} class='{draw(any_text)[:20]}'>" + draw(any_text) for t in
                               draw(st.lists(st.sampled_from(TAGS), max_size=6)))
            page = page[:where] + inserted + page[where:]
        elif mutation == "nul":
            page = page[:where] + "\x00" * draw(st.integers(1, 50)) + page[where:]
        else:
            page = page[:where] + draw(any_text) + page[where:]
    data = page.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        data = draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\x1f\x8b"])) + data
    return data


SUFFIXES = [".html", ".htm", ".html.gz", ".txt", ".md", ".xml", ".rss", ".bin"]


@pytest.fixture(scope="module")
def tagger():
    return default_tagger()


def ingest_one(data: bytes, suffix: str, tagger) -> None:
    """Convert, tag and render one seed as ingest does; only the project's one-line error may come out."""
    with tempfile.TemporaryDirectory() as folder:
        seed = Path(folder) / f"seed{suffix}"
        seed.write_bytes(data)
        try:
            results = convert_source(str(seed))
        except BriefingError as error:
            assert "\n" not in str(error) and str(error).startswith(str(seed)), repr(str(error))
            event("refused with one line")
            return
        for result in results:
            if isinstance(result, BriefingError):
                assert "\n" not in str(result)
                event("entry refused with one line")
                continue
            event("briefing written")
            text = render_briefing(result, tag_article(result, tagger))
            meta, body = frontmatter.parse(text, seed)
            assert meta["title"] and "\n" not in meta["title"]


@settings(max_examples=MAX_EXAMPLES, deadline=PAGE_DEADLINE, suppress_health_check=[HealthCheck.too_slow,
                                                                                     HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=4096),
                      st.lists(any_text, max_size=12).map(lambda lines: "\n".join(lines).encode("utf-8"))),
       suffix=st.sampled_from(SUFFIXES))
@example(data=b"<svg>deep text <html", suffix=".html")  # htmldate's cleaning raised lxml's AssertionError
def test_ingest_of_arbitrary_bytes_gives_articles_or_one_line_errors(data, suffix, tagger):
    ingest_one(data, suffix, tagger)


@settings(max_examples=MAX_EXAMPLES, deadline=PAGE_DEADLINE, suppress_health_check=[HealthCheck.too_slow,
                                                                                     HealthCheck.function_scoped_fixture,
                                                                                     HealthCheck.data_too_large])
@given(data=mutated_page(), suffix=st.sampled_from([".html", ".html", ".htm", ".bin"]))
def test_ingest_of_mutated_pages_gives_articles_or_one_line_errors(data, suffix, tagger):
    ingest_one(data, suffix, tagger)


# --- briefing check on arbitrary content ------------------------------------------------

yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), any_text, dates),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(any_text, children, max_size=3),
    max_leaves=8,
)
FIELDS = ["title", "slug", "date", "summary", "tags", "regions", "source", "status", "ingest", "places", "lang"]
front_matter_text = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), yaml_values, max_size=8).map(
        lambda meta: yaml.safe_dump(meta, allow_unicode=True)),
    any_text,
)
file_text = st.one_of(
    st.builds(lambda head, body: f"---\n{head}---\n\n{body}", front_matter_text, any_text),
    any_text,
    st.binary(max_size=512),
)


@BOUNDED
@given(files=st.lists(file_text, min_size=1, max_size=3))
def test_check_on_arbitrary_content_reports_and_never_crashes(files):
    with tempfile.TemporaryDirectory() as folder:
        briefings = Path(folder) / "briefings"
        briefings.mkdir()
        for number, content in enumerate(files):
            path = briefings / f"file-{number}.md"
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", errors="surrogatepass")
        report = check_content(folder)
        assert report.files == len(files)
