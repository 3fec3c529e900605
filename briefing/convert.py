"""Turn one seed (file or URL) into articles, choosing the reader by its kind.

Kinds: saved web pages (``.html``, ``.htm``, ``.html.gz``), http(s) URLs,
``.txt`` files that list URLs, RSS/Atom feeds (``.xml``, ``.rss``, ``.atom``
or sniffed), and plain ``.txt``/``.md`` articles (read by ``briefing.text``).

Return shape: every function here returns ``list[Article | SourceError]``.
A seed that is one article gives a one-item list. A seed that names many
(a URL list, a feed) gives one item per entry, in order: an ``Article``, or
the ``SourceError`` that entry failed with (naming its URL), so one dead
link does not lose the rest. A seed that fails as a whole (unreadable file,
unparseable feed, dead single URL) raises ``SourceError`` from
``convert_source``; ``convert_many`` catches that and returns ``[error]``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import multiprocessing
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path

from briefing.article import Article
from briefing.decode import decode_text, refuse_binary
from briefing.errors import SourceError
from briefing.extract import extract_html
from briefing.feeds import FeedEntry, is_feed, is_url, read_feed, read_url_list, starts_like_url_list
from briefing.fetch import FetchedPage, fetch_url
from briefing.polite import load_validators, save_validators

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
GZIP_MAGIC = b"\x1f\x8b"
HTML_SNIFF = (b"<!doctype html", b"<html")
SNIFF_BYTES = 1024
# A saved page is refused past this size, the same cap as for a download.
MAX_FILE_BYTES = 20 * 1024 * 1024
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
DEFAULT_JOBS = 2
POOL_CHUNKSIZE = 4



@dataclass(frozen=True)
class AlreadyIngested:
    """A feed entry or URL-list line whose page is already a briefing: not fetched again."""

    url: str


Result = Article | SourceError | AlreadyIngested
# Normalised URLs (``dedupe.normalize_url``) of the pages already ingested; set in
# each worker before it converts (see ``iter_converted``), empty to fetch everything.
_known_urls: frozenset[str] = frozenset()


def set_known_urls(urls) -> None:
    """Skip feed entries and URL-list lines whose page's URL is among ``urls`` (normalised)."""
    global _known_urls
    _known_urls = frozenset(urls)


def already_ingested(url: str) -> AlreadyIngested | None:
    """The marker for a URL whose page is already ingested, else None."""
    from briefing.dedupe import normalize_url

    return AlreadyIngested(url) if _known_urls and normalize_url(url) in _known_urls else None


def convert_source(path_or_url: str) -> list[Result]:
    """Convert one seed (a file path or an http(s) URL) into articles.

    See the module docstring for the return shape. Raises ``SourceError``
    when the seed as a whole cannot be read.
    """
    seed = str(path_or_url).strip()
    if "://" in seed:
        return convert_url(seed)
    path = Path(seed)
    name = path.name.lower()
    if name.endswith(HTML_SUFFIXES):
        return [convert_html_file(path)]
    if name.endswith(FEED_SUFFIXES):
        return convert_feed(read_bytes(path), path)
    if name.endswith(TEXT_SUFFIXES):
        return convert_text_file(path)
    return convert_sniffed_file(path)


def convert_url(url: str) -> list[Result]:
    """Fetch a URL; a page gives one article, a feed one per entry."""
    if not is_url(url):
        raise SourceError(url, "not an http(s) URL")
    # Only feeds have validators remembered: polling one that did not change fetches nothing.
    page = fetch_url(url, validators=load_validators(url))
    if page.not_modified:
        return []
    if page.content_type in ("application/rss+xml", "application/atom+xml") or is_feed(page.body):
        results = convert_feed(page.body, url)
        if not any(isinstance(result, SourceError) for result in results):
            save_validators(url, page.validators)  # else the next poll fetches it again, to retry the failed entries
        return results
    return [article_from_page(page)]


def article_from_page(page: FetchedPage) -> Article:
    """Extract the article from a fetched page, refusing non-HTML content."""
    if page.content_type not in HTML_CONTENT_TYPES and not looks_like_html(page.body):
        raise SourceError(page.url, f"unsupported content type {page.content_type} (expected HTML)")
    article = extract_html(page.body, url=page.final_url, where=page.url, http_charset=page.charset)
    article.source["retrieved"] = now_utc().isoformat()
    if page.final_url != page.url:
        article.source["requested_url"] = page.url
    return article


def convert_html_file(path: Path) -> Article:
    """Extract the article of a saved page (``.html``, or gzipped ``.html.gz``)."""
    data = read_bytes(path)
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, path)
    article = extract_html(data, where=path)
    article.source["path"] = str(path)
    article.source["sha256"] = hashlib.sha256(data).hexdigest()
    return article


def convert_feed(data: bytes, where: object) -> list[Result]:
    """Fetch and extract the page of every entry in a feed."""
    entries = read_feed(data, where)
    if not entries:
        raise SourceError(where, "feed has no entries with links")
    return [convert_entry(entry, where) for entry in entries]


def convert_entry(entry: FeedEntry, feed: object = "feed") -> Result:
    """One feed entry's article, with the feed's title and date as fallbacks."""
    if not entry.link:
        return SourceError(feed, f"entry {entry.title[:80]!r} has no link" + (f": {entry.damage}" if entry.damage else ""))
    if not is_url(entry.link):
        return SourceError(feed, f"entry {entry.title[:80]!r}: link {entry.link[:200]!r} is not an http(s) URL")
    if known := already_ingested(entry.link):
        return known
    try:
        article = article_from_page(fetch_url(entry.link))
    except SourceError as error:
        return error
    if article.date_source != "metadata" and entry.published is not None:
        article.date, article.date_source = entry.published, "metadata"
    if not article.title and entry.title:
        article.title = entry.title
    if not article.source.get("language") and entry.language:
        article.source["language"] = entry.language  # the page states none: the feed's is the next best word
    return article


def convert_url_list(text: str, where: object) -> list[Result]:
    """Fetch and extract every URL of a URL list; failures (and bad lines) stay in the list."""
    results: list[Result] = []
    for url in read_url_list(text, where):
        if isinstance(url, SourceError):
            results.append(url)
            continue
        if known := already_ingested(url):
            results.append(known)
            continue
        try:
            results.extend(convert_url(url))
        except SourceError as error:
            results.append(error)
    return results


def convert_text_file(path: Path) -> list[Result]:
    """A ``.txt`` URL list, or a plain-text/Markdown article."""
    if path.name.lower().endswith(".txt"):
        text = decode_text(read_bytes(path), path)
        if starts_like_url_list(text):
            return convert_url_list(text, path)
    # Imported here: briefing.text is the lead's module and imports this
    # package's readers in turn.
    from briefing.text import read_text_article

    return [read_text_article(path)]


def convert_sniffed_file(path: Path) -> list[Result]:
    """A file with an unknown suffix: a feed or a page if it looks like one."""
    data = read_bytes(path)
    if is_feed(data):
        return convert_feed(data, path)
    if data.startswith(GZIP_MAGIC) or looks_like_html(data):
        return [convert_html_file(path)]
    refuse_binary(data, path)  # "is a PDF; save the article as HTML or text" says more than "unknown kind"
    raise SourceError(
        path,
        "unknown kind of file: expected .html, .htm, .html.gz, .txt, .md, .xml, .rss or .atom",
    )


def looks_like_html(data: bytes) -> bool:
    """Tell whether bytes start like an HTML document."""
    head = data[:SNIFF_BYTES].lstrip().lower()
    return head.startswith(HTML_SNIFF) or b"<html" in head or b"<body" in head


def gunzip(data: bytes, where: object, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """Decompress a gzipped seed, refusing one that unpacks past ``max_bytes``.

    Decompressed in bounded steps, so a small "gzip bomb" cannot fill memory.
    """
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = decoder.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise SourceError(where, f"corrupt gzip file: {error}") from None
    if len(data) > max_bytes:
        raise SourceError(where, f"gzip file unpacks to more than {max_bytes // (1024 * 1024)} MB")
    if not decoder.eof:
        raise SourceError(where, "corrupt gzip file: truncated (ends before the end-of-stream marker)")
    return data


def read_bytes(path: Path) -> bytes:
    """A seed file's bytes, or ``SourceError`` saying why it cannot be read."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or device would block the batch or never end.
            raise SourceError(path, "not a regular file (a pipe, socket or device)")
        if info.st_size > MAX_FILE_BYTES:
            raise SourceError(path, f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(path, "no such file") from None
    except IsADirectoryError:
        raise SourceError(path, "is a directory, not a file") from None
    except OSError as error:
        raise SourceError(path, f"cannot read: {error.strerror or error}") from None


def now_utc() -> dt.datetime:
    """The current time, aware, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def convert_many(seeds, jobs: int = DEFAULT_JOBS, progress: bool = True) -> list[list[Result]]:
    """Convert many seeds, using ``jobs`` worker processes.

    Returns one list per seed, in the order given, each shaped as
    ``convert_source``'s; a seed that failed as a whole gives
    ``[SourceError]``. Unexpected exceptions in one seed are reported as a
    ``SourceError`` for that seed rather than stopping the batch. Shows a
    tqdm progress bar on stderr when ``progress`` is true.
    """
    return list(iter_converted(seeds, jobs=jobs, progress=progress))


def iter_converted(seeds, jobs: int = DEFAULT_JOBS, progress: bool = True, prepare=None, known_urls=()):
    """Like :func:`convert_many`, but yields each seed's list as soon as it is ready.

    ``prepare``, a module-level function, runs in the worker on every
    converted ``Article`` and its return value is yielded in the article's
    place: ingest tags there, so both cores tag while the parent writes.
    Feed entries and URL-list lines whose normalised URL is in ``known_urls``
    are not fetched: they come back as ``AlreadyIngested``.
    """
    seeds = [str(seed) for seed in seeds]
    bar = make_progress_bar(len(seeds), progress)
    work = functools.partial(convert_portable, prepare=prepare)
    if jobs <= 1 or len(seeds) <= 1:
        set_known_urls(known_urls)
        try:
            for outcome in advance(map(work, seeds), bar):
                yield outcome
        finally:
            set_known_urls(())
        return
    # Sent to each worker once, not with every seed: a site's URLs are thousands.
    with multiprocessing.Pool(jobs, initializer=set_known_urls, initargs=(frozenset(known_urls),)) as pool:
        for outcome in advance(pool.imap(work, seeds, chunksize=POOL_CHUNKSIZE), bar):
            yield outcome


def advance(outcomes, bar):
    """Yield outcomes while ticking the progress bar, closing it at the end."""
    try:
        for outcome in outcomes:
            bar.update(1)
            yield outcome
    finally:
        bar.close()


def make_progress_bar(total: int, enabled: bool):
    """A tqdm bar for ``total`` seeds (disabled when not wanted)."""
    from tqdm import tqdm

    return tqdm(total=total, unit="seed", disable=not enabled, leave=False)


def convert_portable(seed: str, prepare=None) -> list:
    """``convert_source`` for a worker process, then ``prepare`` on each article.

    Nothing raised in one seed escapes: a batch of thousands must not stop
    for one bad page, so every failure becomes a ``SourceError`` in the list.
    """
    try:
        results = convert_source(seed)
    except SourceError as error:
        return [error]
    except Exception as error:  # noqa: BLE001 - see docstring
        return [SourceError(seed, f"unexpected {type(error).__name__}: {error}")]
    if prepare is None:
        return results
    prepared = []
    for item in results:
        try:
            prepared.append(prepare(item) if isinstance(item, Article) else item)
        except Exception as error:  # noqa: BLE001 - see docstring
            prepared.append(SourceError(seed, f"unexpected {type(error).__name__}: {error}"))
    return prepared
