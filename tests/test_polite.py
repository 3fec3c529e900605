"""Polite fetching against a local test server: who we say we are, robots.txt, one request at a
time per host, retries with backoff and Retry-After, conditional GET for feeds."""

from __future__ import annotations

import http.server
import threading
import time
from pathlib import Path

import pytest

from briefing import __version__
from briefing.convert import convert_many, convert_source
from briefing.errors import SourceError
from briefing.fetch import fetch_url
from briefing.polite import retry_after_seconds
from conftest import local_server

PAGE = (Path(__file__).parent / "fixtures" / "html" / "news_article.html").read_bytes()
ROBOTS = b"User-agent: otherbot\nDisallow: /\n\nUser-agent: briefing\nDisallow: /no-briefing/\n"
FEED_ETAG = '"feed-v1"'
FEED_MODIFIED = "Wed, 13 Mar 2024 08:00:00 GMT"


class Log:
    """What the server saw: each request's path, headers, start and end, and the most at once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[dict] = []
        self.in_flight = 0
        self.most_in_flight = 0

    def paths(self) -> list[str]:
        return [request["path"] for request in self.requests]


class Handler(http.server.BaseHTTPRequestHandler):
    log: Log
    robots: tuple[int, bytes] = (200, ROBOTS)
    pause = 0.0

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        record = {"path": self.path, "headers": dict(self.headers), "start": time.monotonic()}
        with self.log.lock:
            self.log.requests.append(record)
            self.log.in_flight += 1
            self.log.most_in_flight = max(self.log.most_in_flight, self.log.in_flight)
            seen = self.log.paths().count(self.path)
        try:
            time.sleep(self.pause)
            self.route(seen)
        finally:
            with self.log.lock:
                self.log.in_flight -= 1
                record["end"] = time.monotonic()

    def route(self, seen: int):
        path = self.path
        if path == "/robots.txt":
            self.answer(self.robots[0], self.robots[1], "text/plain")
        elif path == "/ua":
            self.answer(200, self.headers["User-Agent"].encode(), "text/plain")
        elif path.startswith("/page") or path.startswith("/private/") or path.startswith("/no-briefing/"):
            self.answer(200, PAGE)
        elif path == "/busy-once":  # 429 asking for a pause, then the page
            if seen == 1:
                self.answer(429, b"slow down", headers=[("Retry-After", "1")])
            else:
                self.answer(200, PAGE)
        elif path == "/down":
            self.answer(503, b"down")
        elif path == "/closed-for-an-hour":
            self.answer(503, b"maintenance", headers=[("Retry-After", "3600")])
        elif path == "/slow-once":
            if seen == 1:
                time.sleep(2)
            self.answer(200, PAGE)
        elif path == "/missing":
            self.answer(404, b"gone")
        elif path.startswith("/feed"):
            self.feed(path)
        else:
            self.answer(404, b"unknown")

    def feed(self, path: str):
        entries = ["/page/1", "/page/2"] + (["/missing"] if path == "/feed-with-dead-link" else [])
        items = "".join(f"<item><title>Story {n}</title><link>http://{self.headers['Host']}{link}</link></item>"
                        for n, link in enumerate(entries))
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'.encode()
        if path == "/feed-etag":
            validators = [("ETag", FEED_ETAG)]
            fresh = self.headers.get("If-None-Match") == FEED_ETAG
        else:
            validators = [("Last-Modified", FEED_MODIFIED)]
            fresh = self.headers.get("If-Modified-Since") == FEED_MODIFIED
        if fresh:
            self.send_response(304)
            for name, value in validators:
                self.send_header(name, value)
            self.end_headers()
        else:
            self.answer(200, body, "application/rss+xml", validators)


@pytest.fixture
def site():
    """``(base URL, log)`` of a fresh server (so robots.txt is read anew: a new port is a new host)."""
    log = Log()
    handler = type("SiteHandler", (Handler,), {"log": log})
    with local_server(handler) as url:
        yield url, log, handler


def test_user_agent_names_the_tool_its_version_and_a_configurable_contact(site, monkeypatch):
    url, _, _ = site
    monkeypatch.setenv("BRIEFING_CONTACT_URL", "https://newsroom.example/bot")
    assert fetch_url(f"{url}/ua").body.decode() == f"briefing/{__version__} (+https://newsroom.example/bot)"


def test_robots_txt_is_honoured_and_read_once_per_host(site):
    url, log, _ = site
    with pytest.raises(SourceError) as refused:
        fetch_url(f"{url}/no-briefing/story")
    assert str(refused.value) == f"{url}/no-briefing/story: disallowed by robots.txt ({url}/robots.txt)"
    assert fetch_url(f"{url}/page/1").status == 200  # otherbot's "Disallow: /" is not ours
    assert log.paths() == ["/robots.txt", "/page/1"], "disallowed pages are never requested; robots.txt once"


def test_robots_txt_rules_for_every_crawler_apply(site):
    url, log, handler = site
    handler.robots = (200, b"User-agent: *\nDisallow: /private/\n")
    with pytest.raises(SourceError, match="disallowed by robots.txt"):
        fetch_url(f"{url}/private/story")
    assert "/private/story" not in log.paths()


def test_a_robots_txt_that_cannot_be_read_stops_the_fetch(site):
    url, log, handler = site
    handler.robots = (500, b"")
    with pytest.raises(SourceError, match=r"/page/1: robots.txt cannot be read \(HTTP 500 .*\), so the page is not fetched"):
        fetch_url(f"{url}/page/1")
    assert "/page/1" not in log.paths()


def test_a_missing_robots_txt_allows_everything(site):
    url, log, handler = site
    handler.robots = (404, b"")
    assert fetch_url(f"{url}/private/story").status == 200


def test_one_request_at_a_time_per_host_with_a_pause_across_worker_processes(site, monkeypatch):
    url, log, handler = site
    monkeypatch.setenv("BRIEFING_FETCH_DELAY", "0.3")
    handler.pause = 0.2
    outcomes = convert_many([f"{url}/page/{n}" for n in range(4)], jobs=2, progress=False)
    assert not any(isinstance(result, SourceError) for results in outcomes for result in results)
    assert log.most_in_flight == 1
    pages = sorted((r for r in log.requests if r["path"].startswith("/page")), key=lambda r: r["start"])
    gaps = [later["start"] - earlier["end"] for earlier, later in zip(pages, pages[1:])]
    # A lower bound only: a loaded machine makes the gaps longer, never shorter.
    assert min(gaps) >= 0.3 - 0.01, gaps


def test_429_is_retried_after_the_pause_the_server_asks_for(site):
    url, log, _ = site
    assert fetch_url(f"{url}/busy-once").body == PAGE
    first, second = [r for r in log.requests if r["path"] == "/busy-once"]
    assert second["start"] - first["end"] >= 1 - 0.01  # Retry-After: 1 (a lower bound)


def test_5xx_is_retried_a_bounded_number_of_times(site, monkeypatch):
    url, log, _ = site
    monkeypatch.setenv("BRIEFING_FETCH_RETRIES", "2")
    with pytest.raises(SourceError) as failed:
        fetch_url(f"{url}/down")
    assert str(failed.value) == f"{url}/down: HTTP 503 Service Unavailable (gave up after 3 attempts)"
    assert log.paths().count("/down") == 3


def test_a_retry_after_past_the_budget_gives_up_at_once(site):
    url, log, _ = site
    with pytest.raises(SourceError) as failed:
        fetch_url(f"{url}/closed-for-an-hour")
    assert str(failed.value) == (f"{url}/closed-for-an-hour: HTTP 503 Service Unavailable "
                                 "(Retry-After 3600s is past the 60s retry budget)")
    assert log.paths().count("/closed-for-an-hour") == 1


def test_a_timeout_is_retried(site):
    url, log, _ = site
    assert fetch_url(f"{url}/slow-once", timeout=0.5).body == PAGE
    assert log.paths().count("/slow-once") == 2


def test_404_is_not_retried(site):
    url, log, _ = site
    with pytest.raises(SourceError, match="HTTP 404 Not Found$"):
        fetch_url(f"{url}/missing")
    assert log.paths().count("/missing") == 1


@pytest.mark.parametrize("feed", ["/feed-etag", "/feed-modified"])
def test_an_unchanged_feed_is_polled_with_a_conditional_get_and_fetches_nothing(site, feed):
    url, log, _ = site
    assert len(convert_source(f"{url}{feed}")) == 2
    requests_before = len(log.requests)
    assert convert_source(f"{url}{feed}") == []
    poll = log.requests[requests_before:]
    assert [r["path"] for r in poll] == [feed], "only the feed itself is requested"
    sent = poll[0]["headers"]
    assert sent.get("If-None-Match") == FEED_ETAG if feed == "/feed-etag" else sent.get("If-Modified-Since") == FEED_MODIFIED


def test_a_feed_with_a_failed_entry_is_fetched_whole_next_time(site):
    url, log, _ = site
    first = convert_source(f"{url}/feed-with-dead-link")
    assert [isinstance(result, SourceError) for result in first] == [False, False, True]
    assert len(convert_source(f"{url}/feed-with-dead-link")) == 3, "the dead link is tried again"


@pytest.mark.parametrize(
    "header, seconds",
    [("120", 120.0), ("Wed, 13 Mar 2024 08:00:30 GMT", 30.0), ("Wed, 13 Mar 2024 07:00:00 GMT", 0.0),
     ("soon", None), ("", None)],
)
def test_retry_after_reads_seconds_and_dates(header, seconds):
    now = 1710316800.0  # Wed, 13 Mar 2024 08:00:00 GMT
    assert retry_after_seconds(header, now=now) == seconds


def test_ingest_says_an_unchanged_feed_was_not_modified(site, tmp_path):
    from click.testing import CliRunner

    from briefing.cli import main

    url, log, _ = site
    content = tmp_path / "content"
    command = ["ingest", "--no-progress", "--jobs", "1", f"{url}/feed-etag", "--content", str(content)]
    first = CliRunner().invoke(main, command)
    assert first.exit_code == 0, first.output
    assert "ingest: 1 added, 1 duplicate, 0 failed" in first.output  # the feed's two links serve one page
    requests_before = len(log.requests)
    second = CliRunner().invoke(main, command)
    assert second.exit_code == 0, second.output
    assert f"unchanged {url}/feed-etag  (feed not modified since the last poll)" in second.output
    assert [r["path"] for r in log.requests[requests_before:]] == ["/feed-etag"]
