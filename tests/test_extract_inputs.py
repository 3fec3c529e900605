"""Degenerate and damaged pages editors hit: a headline alone, truncated or deeply broken markup, table cells."""

import pytest

from briefing.errors import SourceError
from briefing.extract import extract_html

SENTENCE = ("The regional assembly voted on Tuesday to extend the emergency measures for another ninety days, "
            "citing continued shortages of fuel and medicine. ")
STORY = f"<p>{SENTENCE * 3}</p><p>{SENTENCE.replace('Tuesday', 'Friday') * 2}</p>"


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Minsk talks collapse</title></head><body><h1>Minsk talks collapse</h1></body></html>",
        # The headline and the site's menu: still no story.
        "<html><body><header><h1>Minsk talks collapse</h1></header><nav><a href='/'>Home</a></nav></body></html>",
    ],
)
def test_a_page_that_is_only_its_headline_is_not_a_briefing(html):
    with pytest.raises(SourceError) as raised:
        extract_html(html, where="saved/stub.html")
    assert str(raised.value) == "saved/stub.html: only a headline, no article text"


def test_a_headline_only_page_was_a_briefing_without_the_rule(monkeypatch):
    import briefing.extract

    monkeypatch.setattr(briefing.extract, "is_headline_only", lambda page: False)
    html = "<html><body><h1>Minsk talks collapse</h1></body></html>"
    assert extract_html(html).body == "Minsk talks collapse"


@pytest.mark.parametrize(
    ("html", "body"),
    [
        ("<html><body>Test</body></html>", "Test"),
        ("<html><head><title>Test</title></head><body>Test</body></html>", "Test"),
        ("<html><body><h1>Minsk</h1><p>Talks collapse.</p></body></html>", "Talks collapse."),
        ("<html><body><h1>Belarus</h1><p>Border crossing reopens today.</p></body></html>", "Border crossing reopens today."),
        # A tiny article whose one paragraph repeats its headline (tests/test_multilingual.py's feed story).
        ("<html><body><article><h1>Саміт НАТО</h1><p>Саміт НАТО.</p></article></body></html>", "Саміт НАТО."),
    ],
)
def test_a_tiny_article_under_its_headline_still_comes_through(html, body):
    assert extract_html(html).body == body


@pytest.mark.parametrize(
    "cut",
    [
        "<p>and then the minister",  # mid-paragraph, nothing closed
        '<p class="x',  # inside a tag
        "<!-- <p>draft",  # inside a comment
        "<script>var a = '<p>",  # inside a script
    ],
)
def test_a_truncated_page_keeps_the_text_before_the_cut(cut):
    body = extract_html(f"<html><head><title>Measures extended</title></head><body><article>{STORY}{cut}").body
    assert body.count("emergency measures") == 5


def test_corrupt_bytes_inside_the_page_do_not_lose_the_story():
    page = f"<html><body><article>{STORY}".encode() + b"\xff\xfe\x00\xc3(" + f"<p>{SENTENCE * 2}</p>".encode()
    assert extract_html(page).body.count("emergency measures") == 7


# A data table exported from a document editor: each cell's content wrapped in a <div>.
APP_TABLE = (
    f"<html><body><article>{STORY}<table>"
    "<tr><td><div>Application</div></td><td><div>Size</div></td></tr>"
    "<tr><td><div><a href='https://apps.example/farm'><span>Farm Heroes Super Saga</span></a></div></td>"
    "<td><div><span>71.1 MB</span></div></td></tr>"
    "<tr><td><div><a href='https://apps.example/maps'>Google Maps</a></div></td><td><div>32.7 MB</div></td></tr>"
    f"</table><p>{SENTENCE}</p></article></body></html>"
)


def test_a_linked_table_cell_keeps_its_text(monkeypatch):
    body = extract_html(APP_TABLE).body
    assert "Farm Heroes Super Saga" in body and "Google Maps" in body and "71.1 MB" in body
    import briefing.boilerplate

    monkeypatch.setattr(briefing.boilerplate, "unwrap_cell_wrappers", lambda tree: None)
    body = extract_html(APP_TABLE).body
    assert "Farm Heroes Super Saga" not in body and "71.1 MB" in body


# Lines set after the story inside its container: a source line, a date stamp, a list of related headlines.
TRAILING_LINES = (
    f"<html><body><article><div class='story'>{STORY}<p>{SENTENCE.replace('Tuesday', 'Monday') * 2}</p></div>"
    "<p>SOURCE: News agencies</p><p>Updated 18:45, 9 March</p>"
    "<ul><li>Grain corridor talks stall again</li><li>Border queues lengthen at Brest</li></ul>"
    "</article></body></html>"
)
TRAILING_FURNITURE = ["SOURCE", "Updated 18:45", "Grain corridor", "Border queues"]


def test_lines_after_the_story_that_are_not_its_text_are_dropped(monkeypatch):
    body = extract_html(TRAILING_LINES).body
    assert body.count("emergency measures") == 7
    assert [line for line in TRAILING_FURNITURE if line in body] == []
    import briefing.extract

    monkeypatch.setattr(briefing.extract, "trim_trailing_lines", lambda body, main_text: None)
    body = extract_html(TRAILING_LINES).body
    assert [line for line in TRAILING_FURNITURE if line in body] == TRAILING_FURNITURE


@pytest.mark.parametrize(
    "closing",
    [
        "Thanks for reading.",  # a short closing sentence
        "これでようやく元の操作性を取り戻せました。",  # a Japanese sentence: no spaces to count words by
        "«Мы будем работать дальше», — сказал он.",
    ],
)
def test_a_short_last_sentence_of_the_story_stays(closing):
    html = f"<html><body><article>{STORY}<p>{closing}</p></article></body></html>"
    assert extract_html(html).body.endswith(closing)


def merged(precise_xml: str, readability_xml: str) -> list[str]:
    from lxml import etree

    from briefing.ensemble import merge_candidates

    body = merge_candidates(etree.fromstring(precise_xml), etree.fromstring(readability_xml))
    return [" ".join("".join(element.itertext()).split()) for element in body]


def test_an_embedded_post_does_not_make_a_short_story_long():
    # Stress benchmark, tweet on Mozilla mathjax: a page of display formulas between
    # two short paragraphs; a long embedded post made trafilatura's text long enough
    # to count as a full story, and readability's formulas were no longer added.
    opening = "When a is not zero, the quadratic equation has exactly two solutions, which are given by the formula:"
    closing = "Both solutions hold for any real values of b and c, and they coincide when the discriminant is zero."
    formula = "x = ( - b ± √ ( b 2 - 4 a c ) ) / 2 a"
    post = "<quote>" + "A long embedded post about something else entirely, with a link and a handle. " * 8 + "</quote>"
    precise = f"<body><p>{opening}</p><p>{closing}</p>{post}</body>"
    readability = f"<body><p>{opening}</p><p>{formula}</p><p>{closing}</p></body>"
    assert formula in merged(precise, readability)
