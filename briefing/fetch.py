"""Fetch one web page over HTTP(S), politely and within limits.

Standard library only. Redirects are followed here rather than by urllib so
that loops and over-long chains are reported clearly, and so that a redirect
can never leave http/https (e.g. to ``file:``). Politeness (User-Agent,
robots.txt, one request at a time per host, retries) is :mod:`briefing.polite`.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass, field
from http.client import HTTPException

from briefing.errors import SourceError
from briefing.polite import (
    RETRY_STATUSES, ROBOTS_MAX_BYTES, RetryableError, RobotsRules, Settings, Validators, host_turn,
    retry_after_seconds, settings, with_retries,
)

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024
ALLOWED_SCHEMES = ("http", "https")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.8"


@dataclass
class FetchedPage:
    """A successful HTTP response: the final URL after redirects and the body.

    ``body`` is already gunzipped; ``charset`` is the one the Content-Type
    header declared (None if it declared none).
    """

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    validators: Validators = field(default_factory=Validators)
    """The response's ``ETag`` and ``Last-Modified``, for a conditional GET next time."""

    @property
    def not_modified(self) -> bool:
        """A 304 answer to a conditional GET: nothing changed, ``body`` is empty."""
        return self.status == 304


class HTTPStatusError(SourceError):
    """An HTTP error status (4xx that is not worth retrying)."""

    def __init__(self, where: object, reason: str, status: int = 0):
        super().__init__(where, reason)
        self.status = status

    def __reduce__(self):
        return type(self), (self.where, self.reason, self.status)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand 3xx responses back to ``fetch_url`` instead of following them."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


# robots.txt rules of the hosts this process has fetched from.
_ROBOTS = RobotsRules()


def fetch_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    retries: int | None = None,
    validators: Validators | None = None,
    robots: bool = True,
) -> FetchedPage:
    """Fetch ``url`` and return its final page.

    ``timeout`` bounds each attempt as a whole (connect, redirects and body;
    not waiting for the host's turn), not just each socket read. Bodies over
    ``max_bytes`` (before or after gzip decoding) are refused. Timeouts, 429
    and 5xx are retried (``retries``, default from the settings, see
    :mod:`briefing.polite`). With ``validators`` the request is conditional
    and a 304 comes back as a page with ``not_modified`` set. Raises
    ``SourceError(url, reason)`` on any failure: a non-http(s) URL, a page
    robots.txt disallows, a timeout, an HTTP error status, too many redirects
    or a redirect loop, an oversize body, or a network error.
    """
    check_scheme(url, url)
    config = settings()
    return with_retries(
        url, lambda: fetch_once(url, config, timeout, max_bytes, max_redirects, validators, robots), config, retries
    )


def fetch_once(url, config: Settings, timeout, max_bytes, max_redirects, validators, robots) -> FetchedPage:
    """One attempt at ``url``, following redirects, each hop in its host's turn."""
    deadline = time.monotonic() + timeout
    seen = [url]
    current = url
    while True:
        started = time.monotonic()
        delay = config.delay
        if robots:
            delay = max(delay, _ROBOTS.check(current, lambda robots_url: fetch_robots(robots_url, timeout)))
        with host_turn(current, delay, config):
            deadline += time.monotonic() - started  # waiting our turn is not the server's slowness
            response = open_url(url, current, deadline, timeout, config, validators)
            with response:
                status = response.status
                if status == 304 and validators is not None:
                    return FetchedPage(url, current, 304, "", None, b"", validators)
                if status not in REDIRECT_STATUSES:
                    return read_page(url, current, response, deadline, timeout, max_bytes)
                location = response.headers.get("Location")
        if not location:
            raise SourceError(url, f"HTTP {status} redirect without a Location header")
        current = urllib.parse.urljoin(current, location.strip())
        check_scheme(url, current)
        if current in seen:
            raise SourceError(url, f"redirect loop ({' -> '.join(seen + [current])})")
        if len(seen) > max_redirects:
            raise SourceError(url, f"too many redirects (>{max_redirects})")
        seen.append(current)


def fetch_robots(robots_url: str, timeout: float) -> tuple[int, str]:
    """``(status, text)`` of a robots.txt; a 4xx is an answer (no rules), not a failure."""
    try:
        page = fetch_url(robots_url, timeout=timeout, max_bytes=ROBOTS_MAX_BYTES, robots=False)
    except HTTPStatusError as error:
        return error.status, ""
    return page.status, page.body.decode("utf-8", errors="replace")


def check_scheme(url: str, target: str) -> None:
    """Refuse anything but http and https (no file:, ftp:, data:...)."""
    scheme = urllib.parse.urlsplit(target).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"'{scheme}'" if scheme else "none"
        raise SourceError(url, f"unsupported URL scheme {shown} in {target} (only http and https)")


def open_url(url: str, current: str, deadline: float, timeout: float, config: Settings, validators=None):
    """Send the request for ``current``; 3xx responses come back unfollowed."""
    headers = {"User-Agent": config.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if validators is not None:
        headers.update(validators.headers())
    request = urllib.request.Request(current, headers=headers)
    try:
        return _OPENER.open(request, timeout=remaining(url, deadline, timeout))
    except urllib.error.HTTPError as error:
        if error.code in REDIRECT_STATUSES or (error.code == 304 and validators is not None):
            return error
        error.close()
        reason = f"HTTP {error.code} {error.reason}"
        if error.code in RETRY_STATUSES:
            raise RetryableError(url, reason, retry_after_seconds(error.headers.get("Retry-After"))) from None
        raise HTTPStatusError(url, reason, error.code) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            raise timeout_error(url, timeout) from None
        raise SourceError(url, f"cannot connect: {error.reason}") from None
    except (TimeoutError, socket.timeout):
        raise timeout_error(url, timeout) from None
    except (HTTPException, OSError, ValueError) as error:
        raise SourceError(url, f"request failed: {error}") from None


def read_page(url, final_url, response, deadline, timeout, max_bytes) -> FetchedPage:
    """Read and decode the body of a non-redirect response within the limits."""
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise SourceError(url, too_large(max_bytes))
    decoder = make_decoder(url, response.headers.get("Content-Encoding"))
    parts = []
    size = 0
    while True:
        set_read_timeout(response, remaining(url, deadline, timeout))
        try:
            # read1 returns what one socket read gives, so a server that
            # trickles bytes meets the deadline check between chunks.
            chunk = response.read1(CHUNK_BYTES)
        except (TimeoutError, socket.timeout):
            raise timeout_error(url, timeout) from None
        except (HTTPException, OSError) as error:
            raise SourceError(url, f"connection broken while reading: {error}") from None
        if not chunk:
            break
        if decoder is not None:
            try:
                chunk = decoder.decompress(chunk, max_bytes + 1 - size)
            except zlib.error as error:
                raise SourceError(url, f"corrupt compressed body: {error}") from None
        parts.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise SourceError(url, too_large(max_bytes))
        remaining(url, deadline, timeout)
    if decoder is not None:
        parts.append(decoder.flush())
    return FetchedPage(
        url=url,
        final_url=final_url,
        status=response.status,
        content_type=response.headers.get_content_type(),
        charset=response.headers.get_content_charset(),
        body=b"".join(parts),
        validators=Validators(response.headers.get("ETag"), response.headers.get("Last-Modified")),
    )


def set_read_timeout(response, seconds: float) -> None:
    """Shrink the socket timeout to what is left of the whole-fetch budget.

    urllib only sets a per-operation timeout at connect time; without this a
    slow body could run for a multiple of ``timeout``.
    """
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(seconds)


def make_decoder(url: str, encoding: str | None):
    """Return a streaming decompressor for Content-Encoding, or None."""
    encoding = (encoding or "identity").strip().lower()
    if encoding in ("identity", ""):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        # Servers disagree on zlib-wrapped vs raw deflate; 32+ auto-detects zlib/gzip.
        return zlib.decompressobj(32 + zlib.MAX_WBITS)
    raise SourceError(url, f"unsupported Content-Encoding '{encoding}'")


def remaining(url: str, deadline: float, timeout: float) -> float:
    """Seconds left before the whole fetch times out; raise if none are."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise timeout_error(url, timeout)
    return left


def timeout_error(url: str, timeout: float) -> RetryableError:
    """The error for an attempt that took too long (worth another try)."""
    return RetryableError(url, f"timed out after {timeout:g}s")


def too_large(max_bytes: int) -> str:
    """The reason given for an oversize body, in MB when that reads better."""
    if max_bytes >= 1024 * 1024 and max_bytes % (1024 * 1024) == 0:
        return f"response larger than {max_bytes // (1024 * 1024)} MB"
    return f"response larger than {max_bytes} bytes"
