"""Nothing executable survives extraction, and sanitize_html neutralises raw HTML."""

import html
import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from briefing.extract import extract_html
from briefing.safety import safe_url, sanitize_html

FIXTURES = Path(__file__).parent / "fixtures" / "html"

PROSE = (
    "The city council published the findings of its annual security review on Tuesday, "
    "saying most of the problems had been fixed within a week of being reported. "
)

# Each vector is wrapped in a paragraph of real prose so extraction keeps it.
XSS_VECTORS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=\"alert('xss')\">",
    "<a href=\"javascript:alert('xss')\">click</a>",
    "<a href=\"JaVaScRiPt:alert('xss')\">click</a>",
    "<a href=\"javascript&#58;alert('xss')\">click</a>",
    "<a href=\"&#106;avascript:alert('xss')\">click</a>",
    "<a href=\"java\tscript:alert('xss')\">click</a>",
    "<a href=\"  javascript:alert('xss')\">click</a>",
    "<a href=\"vbscript:msgbox('xss')\">click</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzJyk8L3NjcmlwdD4=\">click</a>",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<object data=\"https://evil.example/x.swf\"></object>",
    "<embed src=\"https://evil.example/x.swf\">",
    "<svg onload=\"alert('xss')\"><circle r=1></circle></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"alert('xss')\"></style></mglyph></table></mtext></math>",
    "<style>body { background: url(javascript:alert('xss')) }</style>",
    "<b onmouseover=\"alert('xss')\">hover</b>",
    "<form action=\"javascript:alert('xss')\"><button>go</button></form>",
    "&lt;script&gt;alert('xss')&lt;/script&gt;",
    "&lt;img src=x onerror=alert('xss')&gt;",
]

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "form", "base", "link", "meta", "frame"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcset", "background", "poster"}
HIDDEN_IN_SCHEME = re.compile(r"[\x00-\x20]+")
UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.IGNORECASE)


def executable_parts(markup: str) -> list[str]:
    """Everything in HTML that a browser could run, as parsed (not as text)."""
    found = []
    for element in BeautifulSoup(markup, "html.parser").find_all(True):
        if element.name in DANGEROUS_TAGS:
            found.append(f"<{element.name}>")
        for name, value in element.attrs.items():
            if name.lower().startswith("on") or name.lower() == "style":
                found.append(f"{element.name}@{name}")
            if name.lower() in URL_ATTRIBUTES:
                seen = HIDDEN_IN_SCHEME.sub("", html.unescape(str(value)))
                if UNSAFE_SCHEME.match(seen):
                    found.append(f"{element.name}@{name}={value}")
    return found


def rendered(body: str) -> str:
    return markdown.markdown(body, extensions=["tables"])


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_no_vector_survives_extraction(vector):
    html = f"<html><head><title>Review</title></head><body><article><p>{PROSE}{vector} {PROSE}</p><p>{PROSE}</p></article></body></html>"
    article = extract_html(html, url="https://city.example/news/review")
    assert executable_parts(rendered(article.body)) == [], article.body
    assert "javascript" not in article.body.lower()
    assert PROSE.strip() in article.body


def test_escaped_markup_in_text_stays_text():
    html = f"<html><body><article><p>{PROSE}Type &lt;script&gt;alert(1)&lt;/script&gt; to test. {PROSE}</p></article></body></html>"
    body = extract_html(html).body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered(body)


def test_unsafe_links_keep_their_text():
    article = extract_html((FIXTURES / "xss_vectors.html").read_bytes(), url="https://city.example/review")
    assert "full summary report" in article.body
    assert "[full summary report]" not in article.body
    assert "[audit letter](https://city.example/report.pdf)" in article.body
    assert executable_parts(rendered(article.body)) == []
    # The one "alert" left is the article's own escaped sample, shown as text.
    assert "alert" not in article.body.replace("&lt;script&gt;alert('escaped-text')&lt;/script&gt;", "")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "javascript&#58;alert(1)",
        "javascript&amp;#58;alert(1)",
        "&#x6A;avascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "javascript%3Aalert(1)",
        " data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_safe_url_refuses_disguised_schemes(url):
    assert safe_url(url) is None
    assert safe_url(url, "https://site.example/a/") is None


@pytest.mark.parametrize(
    "url, base, expected",
    [
        ("https://site.example/x", None, "https://site.example/x"),
        ("/news/1", "https://site.example/a/b", "https://site.example/news/1"),
        ("mailto:desk@site.example", None, "mailto:desk@site.example"),
        ("page.html", None, "page.html"),
    ],
)
def test_safe_url_keeps_ordinary_links(url, base, expected):
    assert safe_url(url, base) == expected


def test_safe_url_refuses_mailto_images():
    assert safe_url("mailto:x@y.z", image=True) is None


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_sanitize_html_neutralises_raw_vectors(vector):
    cleaned = sanitize_html(f"<p>Before {vector} after</p>")
    assert executable_parts(cleaned) == [], cleaned
    assert "Before" in cleaned and "after" in cleaned


def test_sanitize_html_keeps_article_markup():
    markup = (
        '<h2 id="s1">Heading</h2><p>Some <strong>bold</strong> and <em>italic</em> and '
        '<a href="https://ok.example/">a link</a>.</p><ul><li>one</li></ul>'
        '<blockquote><p>quote</p></blockquote><table><tr><th>a</th></tr><tr><td>1</td></tr></table>'
        '<img src="https://ok.example/i.png" alt="pic"><div class="codehilite"><pre><code>x = 1</code></pre></div>'
    )
    cleaned = sanitize_html(markup)
    for fragment in ("<h2", "<strong>bold</strong>", "<em>italic</em>", 'href="https://ok.example/"',
                     "<li>one</li>", "<blockquote>", "<td>1</td>", 'src="https://ok.example/i.png"',
                     'class="codehilite"', "<code>x = 1</code>"):
        assert fragment in cleaned


def test_sanitize_html_of_rendered_markdown_with_raw_html():
    # A hand-written briefing may contain raw HTML, which Markdown passes through.
    body = "Intro paragraph.\n\n<script>alert(1)</script>\n\n<div onclick=\"x()\">Click</div>\n\n[ok](https://ok.example)"
    cleaned = sanitize_html(rendered(body))
    assert executable_parts(cleaned) == []
    assert "Intro paragraph." in cleaned and "Click" in cleaned and "https://ok.example" in cleaned


@pytest.mark.parametrize("vector", [vector for vector in XSS_VECTORS if not vector.startswith("&lt;")])
def test_checker_sees_raw_vectors(vector):
    # Guards the guard: the check above must see each vector when left raw.
    assert executable_parts(f"<p>{vector}</p>") != []
