"""Fetching pages and feeds from a local test server on 127.0.0.1."""

import gzip
import http.server
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from briefing import __version__
from briefing.convert import convert_many, convert_source
from briefing.errors import SourceError
from briefing.feeds import is_feed, is_url_list, read_feed, read_url_list
from briefing.fetch import fetch_url
from conftest import local_server

FIXTURES = Path(__file__).parent / "fixtures" / "html"
NEWS_PAGE = (FIXTURES / "news_article.html").read_bytes()
SECOND_PAGE = (
    b"<html><head><title>Second story</title>"
    b'<meta property="article:published_time" content="2024-04-01T10:00:00Z"></head><body><article>'
    + b"<p>The second story is about a new ferry timetable that starts in May and adds two late sailings "
    b"on Fridays and Saturdays through the summer season.</p>" * 3
    + b"</article></body></html>"
)
UNDATED_PAGE = SECOND_PAGE.replace(
    b'<meta property="article:published_time" content="2024-04-01T10:00:00Z">', b""
).replace(b"Second story", b"Undated story")
SLOW_SECONDS = 3
BIG_BYTES = 6 * 1024 * 1024


def rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><pubDate>{date}</pubDate></item>"
        for title, path, date in [
            ("Flood barrier", "/good", "Thu, 14 Mar 2024 08:30:00 GMT"),
            ("Dead link", "/missing", "Fri, 15 Mar 2024 08:30:00 GMT"),
            ("Undated", "/undated", "Sat, 16 Mar 2024 08:30:00 GMT"),
        ]
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title><link>{base}/</link>{items}</channel></rss>'.encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        if not any(name == "Content-Length" for name, _ in headers) and content_type != "none":
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location, status=302):
        self.send(status, b"", headers=[("Location", location)])

    def do_GET(self):
        base = f"http://{self.headers['Host']}"
        path = self.path
        if path == "/good":
            self.send(200, NEWS_PAGE)
        elif path == "/second":
            self.send(200, SECOND_PAGE)
        elif path == "/undated":
            self.send(200, UNDATED_PAGE)
        elif path == "/gzip":
            self.send(200, gzip.compress(NEWS_PAGE), headers=[("Content-Encoding", "gzip")])
        elif path == "/cp1251":
            body = "<html><body><article><p>{}</p></article></body></html>".format(
                "Министерство обороны сообщило, что учения продолжатся до конца недели. " * 4
            ).encode("cp1251")
            self.send(200, body, content_type="text/html; charset=windows-1251")
        elif path == "/ua":
            self.send(200, self.headers["User-Agent"].encode(), content_type="text/plain")
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.send(200, NEWS_PAGE)
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(SLOW_SECONDS * 10):
                self.wfile.write(b"<p>x</p>")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/trickle-forever":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"<p>x</p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass  # the client gave up, as it should
        elif path == "/missing":
            self.send(404, b"not here")
        elif path == "/error":
            self.send(500, b"boom")
        elif path == "/loop-a":
            self.redirect("/loop-b")
        elif path == "/loop-b":
            self.redirect(f"{base}/loop-a")
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            self.redirect(f"/chain/{left - 1}" if left > 0 else "/good", 301)
        elif path == "/to-ftp":
            self.redirect("ftp://127.0.0.1/file")
        elif path == "/huge":
            self.send(200, b"x" * BIG_BYTES)
        elif path == "/huge-unsized":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"y" * 65536
            try:
                for _ in range(BIG_BYTES // len(chunk)):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/gzip-bomb":
            self.send(200, gzip.compress(b"\0" * BIG_BYTES), headers=[("Content-Encoding", "gzip")])
        elif path == "/feed.xml":
            self.send(200, rss(base), content_type="application/rss+xml")
        elif path == "/image.png":
            self.send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png")
        else:
            self.send(404, b"unknown")


@pytest.fixture(scope="module")
def server():
    with local_server(Handler) as url:
        yield url


def test_fetches_a_good_page(server):
    page = fetch_url(f"{server}/good")
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert page.body == NEWS_PAGE
    assert page.final_url == page.url == f"{server}/good"


def test_sends_a_clear_user_agent(server):
    assert fetch_url(f"{server}/ua").body.decode() == f"briefing/{__version__} (+https://github.com/briefing/briefing)"


def test_gunzips_content_encoding(server):
    assert fetch_url(f"{server}/gzip").body == NEWS_PAGE


def test_follows_redirects_within_the_limit(server):
    page = fetch_url(f"{server}/chain/3", max_redirects=5)
    assert page.final_url == f"{server}/good"
    assert page.body == NEWS_PAGE


@pytest.mark.parametrize(
    "path, options, reason",
    [
        ("/missing", {}, "HTTP 404 Not Found"),
        ("/error", {}, "HTTP 500 Internal Server Error (gave up after 4 attempts)"),
        ("/error", {"retries": 0}, "HTTP 500 Internal Server Error"),
        ("/slow", {"timeout": 0.5, "retries": 1}, "timed out after 0.5s (gave up after 2 attempts)"),
        ("/trickle", {"timeout": 1, "retries": 0}, "timed out after 1s"),
        ("/chain/9", {"max_redirects": 5}, "too many redirects (>5)"),
        ("/huge", {}, "response larger than 5 MB"),
        ("/huge-unsized", {}, "response larger than 5 MB"),
        ("/gzip-bomb", {}, "response larger than 5 MB"),
        ("/huge", {"max_bytes": 1000}, "response larger than 1000 bytes"),
    ],
)
def test_failures_have_clear_reasons(server, path, options, reason):
    url = f"{server}{path}"
    with pytest.raises(SourceError) as raised:
        fetch_url(url, **options)
    assert str(raised.value) == f"{url}: {reason}"


def test_detects_redirect_loops(server):
    with pytest.raises(SourceError, match=r"redirect loop \(.*loop-a -> .*loop-b -> .*loop-a\)"):
        fetch_url(f"{server}/loop-a")


# A fetch that ignored its deadline would hang on these servers; the guard ends the test
# long after any deadline, with a margin no busy machine comes near.
GUARD_SECONDS = 120


def fetch_in_thread(url: str, **options):
    """``fetch_url`` in a thread; returns its outcome, or fails if it runs past GUARD_SECONDS."""
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(attempt(url, **options)), daemon=True)
    worker.start()
    worker.join(GUARD_SECONDS)
    assert outcome, f"fetch of {url} still running after {GUARD_SECONDS}s: its deadline did not stop it"
    return outcome[0]


def attempt(url, **options):
    try:
        return fetch_url(url, **options)
    except SourceError as error:
        return error


@contextmanager
def server_that_never_answers():
    """A port that accepts connections (the kernel's backlog) and never sends a byte."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def test_deadline_stops_a_fetch_from_a_server_that_never_answers():
    with server_that_never_answers() as url:
        error = fetch_in_thread(f"{url}/story", timeout=0.5, retries=0, robots=False)
    assert str(error) == f"{url}/story: timed out after 0.5s"


def test_deadline_bounds_the_whole_fetch_not_each_read(server):
    # /trickle-forever sends a few bytes every 0.1 s and never ends: only a whole-fetch deadline stops it.
    error = fetch_in_thread(f"{server}/trickle-forever", timeout=0.5, retries=0)
    assert str(error) == f"{server}/trickle-forever: timed out after 0.5s"


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "file:///etc/passwd", "javascript:alert(1)", "/relative"])
def test_refuses_other_schemes(url):
    with pytest.raises(SourceError, match="unsupported URL scheme"):
        fetch_url(url)


def test_refuses_redirect_to_another_scheme(server):
    with pytest.raises(SourceError, match="unsupported URL scheme 'ftp'"):
        fetch_url(f"{server}/to-ftp")


def test_connection_refused_is_a_source_error():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SourceError, match="cannot connect"):
        fetch_url(f"http://127.0.0.1:{port}/", timeout=2)


def test_convert_url_extracts_the_page(server):
    [article] = convert_source(f"{server}/good")
    assert article.title == "Harbour council approves flood barrier"
    assert article.source["url"] == f"{server}/good"
    assert "retrieved" in article.source


def test_convert_url_uses_http_charset(server):
    [article] = convert_source(f"{server}/cp1251")
    assert "Министерство обороны" in article.body


def test_convert_url_refuses_non_html(server):
    with pytest.raises(SourceError, match="unsupported content type image/png"):
        convert_source(f"{server}/image.png")


def test_feed_entries_are_fetched_and_failures_kept(server):
    results = convert_source(f"{server}/feed.xml")
    assert [isinstance(result, SourceError) for result in results] == [False, True, False]
    assert results[0].title == "Harbour council approves flood barrier"
    assert str(results[1]) == f"{server}/missing: HTTP 404 Not Found"
    # The page states no date, so the feed's date is used.
    assert results[2].date.isoformat() == "2024-03-16T08:30:00+00:00"
    assert results[2].date_source == "metadata"


def test_read_feed_from_bytes_and_url(server):
    data = rss(server)
    assert is_feed(data)
    entries = read_feed(data)
    assert [entry.link for entry in entries] == [f"{server}/good", f"{server}/missing", f"{server}/undated"]
    assert entries[0].title == "Flood barrier"
    assert read_feed(f"{server}/feed.xml") == entries


def test_saved_feed_file(tmp_path, server):
    saved = tmp_path / "local.rss"
    saved.write_bytes(rss(server))
    assert len(convert_source(str(saved))) == 3


def test_url_list_file(tmp_path, server):
    seed = tmp_path / "links.txt"
    seed.write_text(f"# today's links\n{server}/good\n\n{server}/second  # the ferry story\n{server}/missing\n")
    results = convert_source(str(seed))
    assert [isinstance(result, SourceError) for result in results] == [False, False, True]
    assert results[1].title == "Second story"


def test_convert_many_keeps_order_and_reports_failures(tmp_path, server):
    seeds = [f"{server}/good", str(tmp_path / "missing.html"), f"{server}/second", f"{server}/missing"]
    outcomes = convert_many(seeds, jobs=2, progress=False)
    assert [len(results) for results in outcomes] == [1, 1, 1, 1]
    assert outcomes[0][0].title == "Harbour council approves flood barrier"
    assert str(outcomes[1][0]) == f"{tmp_path / 'missing.html'}: no such file"
    assert outcomes[2][0].title == "Second story"
    assert isinstance(outcomes[3][0], SourceError)
    assert outcomes[3][0].where == f"{server}/missing"


@pytest.mark.parametrize(
    "data, expected",
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel></channel></rss>', True),
        (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', True),
        (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"></rdf:RDF>', True),
        (b"<!DOCTYPE html><html><body>rss feed</body></html>", False),
        (b"just text", False),
    ],
)
def test_is_feed(data, expected):
    assert is_feed(data) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://a.example/1\nhttp://b.example/2\n", True),
        ("# links\n\nhttps://a.example/1  # first\n", True),
        ("https://a.example/1\nNot a URL line\n", False),
        ("Title of an article\n\nhttps://a.example/source\n", False),
        ("# only comments\n", False),
        ("ftp://a.example/file\n", False),
        ("", False),
    ],
)
def test_is_url_list(text, expected):
    assert is_url_list(text) is expected


def test_read_url_list_drops_comments_and_duplicates():
    text = "# header\nhttps://a.example/1#section\nhttps://a.example/2 # note\nhttps://a.example/1#section\n"
    assert read_url_list(text) == ["https://a.example/1#section", "https://a.example/2"]


def test_read_url_list_names_each_bad_line_and_keeps_the_rest():
    """Trial case: one ftp:// line stopped the whole list, and the error named only the file."""
    urls = read_url_list("https://a.example/\noops\n# note\nftp://a.example/x\nhttps://b.example/\n", "links.txt")
    assert [str(url) for url in urls] == [
        "https://a.example/", "links.txt:2: not an http(s) URL: 'oops'",
        "links.txt:4: not an http(s) URL: 'ftp://a.example/x'", "https://b.example/",
    ]
