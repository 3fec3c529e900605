"""Being a good guest on other people's servers.

Every request ingest makes says who sends it (tool, version and a contact
URL), asks robots.txt first, waits its turn (one request at a time per host,
a pause between them, shared by all worker processes through a lock file per
host), and retries only what may succeed later (timeouts, 429, 5xx), a
bounded number of times within a bounded wait, honouring ``Retry-After``.
Feeds are polled with conditional GET: the validators a feed last sent are
kept between runs, so a feed that did not change costs one empty 304.

Settings come from the environment, so convert workers see the same ones:

``BRIEFING_CONTACT_URL``  the contact URL in the User-Agent
``BRIEFING_FETCH_DELAY``  seconds between two requests to one host (default 1)
``BRIEFING_FETCH_RETRIES`` attempts after the first (default 3)
``BRIEFING_FETCH_BACKOFF`` the first retry's wait, doubled each time (default 1 s)
``BRIEFING_CACHE_DIR``    where host turns and feed validators are kept
                          (default ``$XDG_CACHE_HOME/briefing``, else ``~/.cache/briefing``)
"""

from __future__ import annotations

import email.utils
import fcntl
import hashlib
import json
import os
import re
import time
import urllib.parse
import urllib.robotparser
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from briefing import __version__
from briefing.errors import SourceError

TOOL = "briefing"
DEFAULT_CONTACT_URL = "https://github.com/briefing/briefing"
DEFAULT_DELAY = 1.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 1.0
# Waiting between attempts stops once this much waiting would be spent: a
# server asking for an hour's pause gets a clear error, not a stalled batch.
MAX_RETRY_WAIT = 60.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class Settings:
    """The politeness settings in force (see the module docstring for their variables)."""

    contact_url: str
    delay: float
    retries: int
    backoff: float
    cache_dir: Path

    @property
    def user_agent(self) -> str:
        return f"{TOOL}/{__version__} (+{self.contact_url})"


def settings() -> Settings:
    """Read the settings from the environment (each call: workers and tests may change them)."""
    environ = os.environ
    cache_root = Path(environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return Settings(
        contact_url=environ.get("BRIEFING_CONTACT_URL") or DEFAULT_CONTACT_URL,
        delay=_number("BRIEFING_FETCH_DELAY", DEFAULT_DELAY),
        retries=int(_number("BRIEFING_FETCH_RETRIES", DEFAULT_RETRIES)),
        backoff=_number("BRIEFING_FETCH_BACKOFF", DEFAULT_BACKOFF),
        cache_dir=Path(environ.get("BRIEFING_CACHE_DIR") or cache_root / TOOL),
    )


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SourceError(name, f"must be a number of seconds or a count, not {raw!r}") from None
    if value < 0:
        raise SourceError(name, f"must not be negative, not {raw!r}")
    return value


def host_key(url: str) -> str:
    """The host a URL's requests queue for: its lower-cased host and port."""
    return urllib.parse.urlsplit(url).netloc.lower()


@contextmanager
def host_turn(url: str, delay: float, config: Settings):
    """Hold ``url``'s host for one request, ``delay`` seconds after its last one ended.

    An exclusive lock on a file per host orders the requests of every
    process on this machine; the file holds when the last request ended.
    """
    folder = config.cache_dir / "hosts"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (UNSAFE_NAME.sub("_", host_key(url)) + ".lock")
    with open(path, "a+", encoding="ascii") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.seek(0)
            try:
                last = float(handle.read().strip() or 0)
            except ValueError:
                last = 0.0
            wait = last + delay - time.time()
            if wait > 0:
                time.sleep(min(wait, delay))  # a clock set back must not stall a batch
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{time.time():.3f}")
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


class RetryableError(SourceError):
    """A failure that may pass: a timeout, HTTP 429 or a 5xx, with the server's ``Retry-After``."""

    def __init__(self, where: object, reason: str, retry_after: float | None = None):
        super().__init__(where, reason)
        self.retry_after = retry_after

    def __reduce__(self):
        return type(self), (self.where, self.reason, self.retry_after)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def with_retries(url: str, attempt, config: Settings, retries: int | None = None):
    """Call ``attempt()`` until it succeeds, retrying ``RetryableError`` with backoff.

    Waits ``backoff``, then twice that, and so on, or what the server's
    ``Retry-After`` asks if that is longer; gives up after ``retries`` retries
    or when the next wait would take the total past ``MAX_RETRY_WAIT``. The
    last error is raised as a plain ``SourceError`` saying how many attempts
    were made.
    """
    retries = config.retries if retries is None else retries
    waited = 0.0
    for number in range(retries + 1):
        try:
            return attempt()
        except RetryableError as error:
            wait = max(config.backoff * 2**number, error.retry_after or 0.0)
            if number == retries or waited + wait > MAX_RETRY_WAIT:
                note = ""
                if error.retry_after is not None and waited + wait > MAX_RETRY_WAIT:
                    note = f", Retry-After {error.retry_after:g}s is past the {MAX_RETRY_WAIT:g}s retry budget"
                if number:
                    note = f" (gave up after {number + 1} attempts{note})"
                elif note:
                    note = f" ({note[2:]})"
                raise SourceError(error.where, error.reason + note) from None
            time.sleep(wait)
            waited += wait
    raise AssertionError("unreachable")


class RobotsRules:
    """robots.txt for each host, read once per process (``urllib.robotparser``)."""

    def __init__(self):
        self._by_host: dict[str, urllib.robotparser.RobotFileParser | SourceError] = {}

    def check(self, url: str, fetch_text) -> float:
        """Raise ``SourceError`` if robots.txt disallows ``url``; return its Crawl-delay (0 if none).

        ``fetch_text(robots_url)`` returns ``(status, text)``. Per RFC 9309, a
        missing robots.txt (4xx) allows everything; one that cannot be read
        (5xx, network error) allows nothing, so the page is not fetched.
        """
        parts = urllib.parse.urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        if key not in self._by_host:
            self._by_host[key] = self._load(f"{key}/robots.txt", fetch_text)
        rules = self._by_host[key]
        if isinstance(rules, SourceError):
            raise SourceError(url, f"robots.txt cannot be read ({rules.reason}), so the page is not fetched")
        if not rules.can_fetch(TOOL, url):
            raise SourceError(url, f"disallowed by robots.txt ({key}/robots.txt)")
        return float(rules.crawl_delay(TOOL) or 0)

    @staticmethod
    def _load(robots_url: str, fetch_text):
        rules = urllib.robotparser.RobotFileParser(robots_url)
        try:
            status, text = fetch_text(robots_url)
        except SourceError as error:
            return error
        if 400 <= status < 500:
            rules.allow_all = True
        else:
            rules.parse(text.splitlines())
        return rules


@dataclass
class Validators:
    """What a feed's last response said to ask next time: ``ETag`` and ``Last-Modified``."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def _validators_path(url: str, config: Settings) -> Path:
    return config.cache_dir / "feeds" / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:32] + ".json")


def load_validators(url: str, config: Settings | None = None) -> Validators | None:
    """The validators remembered for the feed at ``url``; None if none (or unreadable)."""
    path = _validators_path(url, config or settings())
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("url") != url:
        return None
    return Validators(etag=data.get("etag") or None, last_modified=data.get("last_modified") or None)


def save_validators(url: str, validators: Validators, config: Settings | None = None) -> None:
    """Remember a feed's validators for the next run (temp file and rename, so never half written)."""
    if not (validators.etag or validators.last_modified):
        return
    path = _validators_path(url, config or settings())
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"url": url, "etag": validators.etag, "last_modified": validators.last_modified}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)
