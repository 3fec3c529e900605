"""Plain-text seeds: title, recovered headings, boilerplate removal, date, lede."""

from __future__ import annotations

import markdown
import pytest

from briefing.errors import SourceError
from briefing.text import escape_markdown, find_date, parse_text, read_text_article, unescape_markdown
from conftest import SEED


@pytest.fixture(scope="module")
def seed_article():
    return read_text_article(SEED)


def test_seed_title_is_first_line(seed_article):
    assert seed_article.title == "China and Belarus Conduct Joint Military Training on NATO’s Doorstep"


def test_seed_headings_recovered_including_the_glued_one(seed_article):
    headings = [line for line in seed_article.body.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Background and Objectives",
        "## Key Participants and Activities",
        "## Geopolitical Implications",
    ]
    # The glued heading is split from the paragraph before it.
    assert "readiness.\n\n## Geopolitical Implications\n\nThis joint" in seed_article.body


def test_seed_boilerplate_removed(seed_article):
    assert "pic.twitter.com" not in seed_article.body
    assert "Check Also" not in seed_article.body
    assert "Kosovo" not in seed_article.body
    assert "Albin Kurti" not in seed_article.body
    assert seed_article.body.rstrip().endswith("international fairness and justice.")


def test_seed_date_comes_from_the_text(seed_article):
    assert (seed_article.date.year, seed_article.date.month, seed_article.date.day) == (2024, 7, 8)
    assert seed_article.date_source == "text"


def test_seed_summary_is_the_lede(seed_article):
    assert seed_article.summary.startswith("In a significant display of growing military cooperation")
    assert "Western countries." in seed_article.summary


def test_hard_wrapped_paragraph_lines_are_not_headings():
    text = "Title Here\n\nThe minister said that the talks in\nGeneva Were Productive And Long\nand would resume.\n"
    article = parse_text(text)
    assert "##" not in article.body
    assert "talks in Geneva Were Productive And Long and would resume." in article.body


def test_no_date_falls_back_to_ingest_time_and_says_so():
    article = parse_text("A headline\n\nSome text without any date in it.\n")
    assert article.date_source == "ingest"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It happened on 3 March 2023 in Kyiv.", (2023, 3, 3)),
        ("Published 2022-02-24.", (2022, 2, 24)),
        ("On Sept. 5, 2021 the talks began.", (2021, 9, 5)),
    ],
)
def test_find_date(text, expected):
    date, source = find_date(text)
    assert (date.year, date.month, date.day) == expected and source == "text"


def test_raw_html_in_text_is_escaped():
    article = parse_text('Headline\n\nA <script>alert(1)</script> and *stars* here.\n')
    assert "<script>" not in article.body
    assert markdown.markdown(escape_markdown("<b>")) == "<p>&lt;b&gt;</p>"


def test_text_without_title_is_an_error():
    with pytest.raises(SourceError, match="no usable title"):
        parse_text("\n\n...\n\nbody text here.\n", "x.txt")


@pytest.mark.parametrize("text", [
    "Plain words.", "1. Not a list", "# not a heading", "> not a quote", "=== not a rule", "--- nor this",
    "a*b*c_d_ [link](x) `code` back\\slash", "<script>alert(1)</script> & AT&T", "&lt; written as an entity",
    "+ plus - minus 2) two",
])
def test_unescape_gives_back_what_escape_was_given(text):
    escaped = escape_markdown(text)
    assert unescape_markdown(escaped) == text
    assert "<script>" not in markdown.markdown(escaped)
