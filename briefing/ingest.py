"""Batch ingest: seeds in, tagged briefing files in ``content/briefings/`` out.

Re-running is safe. Each seed maps to one briefing file, found again through
the ``source`` recorded in its front matter. A file an editor changed since
ingest wrote it (see :func:`briefing.frontmatter.is_edited`) is never
rewritten; an untouched one is rewritten only when the new text differs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import frontmatter
from .article import Article
from .dedupe import normalize_url
from .errors import BriefingError
from .feeds import is_url
from .lock import DEFAULT_WAIT_SECONDS, content_lock
from .seedpath import is_bare_name, path_key, recorded_path, site_root
from .slugs import slugify

BRIEFINGS_DIR = "briefings"
# The tagger reads this much of the body: ample for any news article (what a
# story is about is settled long before), and a bound on the work one giant
# page (a 2 MB one-line dump) can cost a batch.
MAX_TAGGED_CHARS = 100_000
SEED_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".html.gz", ".htm.gz", ".xml", ".rss", ".atom")


@dataclass
class IngestReport:
    """What one ingest run did, file by file."""

    counts: Counter = field(default_factory=Counter)
    failures: list[BriefingError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def record(self, status: str, path: Path, source: str, echo) -> None:
        """Count one briefing's outcome and print its line."""
        self.counts[status] += 1
        note = " (edited since ingest; left as the editor has it)" if status == "kept" else ""
        echo(f"{status:<10}{path.as_posix()}  <- {source}{note}")

    def summary(self) -> str:
        order = ["added", "updated", "unchanged", "kept", "duplicate", "skipped"]
        parts = [f"{self.counts[key]} {key}" for key in order if self.counts[key]]
        parts.append(f"{len(self.failures)} failed")
        return "ingest: " + ", ".join(parts)


# What editors, browsers and file managers leave beside the files they work on: backups
# ("story.txt~", "story.bak"), autosaves ("#story.txt#"), downloads still in progress
# ("page.html.part", ".crdownload"), folder thumbnails. QA trial: an Emacs backup in seeds/
# failed the batch ("unknown kind of file"), and with it `make site`.
LEFTOVER_PREFIXES = (".", "#", "readme")
LEFTOVER_SUFFIXES = ("~", ".bak", ".tmp", ".part", ".crdownload", ".swp")
LEFTOVER_NAMES = frozenset({"thumbs.db", "desktop.ini"})


def is_leftover(name: str) -> bool:
    """Tell whether a file in a seed folder is not a seed: hidden, a README, or an editor's or browser's leftover."""
    lower = name.lower()
    return lower.startswith(LEFTOVER_PREFIXES) or lower.endswith(LEFTOVER_SUFFIXES) or lower in LEFTOVER_NAMES


def find_seeds(paths: Iterable[str | Path]) -> list[str]:
    """Expand folders into the seed files inside them; URLs and files pass through.

    Hidden files, READMEs and editors' leftovers in a folder are skipped (``is_leftover``);
    a file named explicitly is always taken, so a wrong type gets a clear error rather than silence.
    """
    seeds: list[str] = []
    for raw in paths:
        text = str(raw)
        if "://" in text:  # any URL, kept as typed: Path would turn "ftp://x" into "ftp:/x"
            seeds.append(text)
            continue
        path = Path(text)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not is_leftover(child.name):
                    seeds.append(child.as_posix())
        else:
            seeds.append(path.as_posix())
    return seeds


def source_key(source: dict, root: Path | None = None) -> str:
    """The identity of a source: the seed file's path, else the URL it was fetched from.

    A saved page is known by its path, not by the canonical URL it states, so
    two saved copies of one article are reported as duplicates, not merged.
    A seed from outside the site is known by its file name and sha256
    (see :mod:`briefing.seedpath`); ``root`` reads an absolute path older
    ingests recorded as a new ingest would record it.
    """
    if source.get("path"):
        return path_key(str(source["path"]), source.get("sha256"), root)
    return str(source.get("requested_url") or source.get("url") or "")


@dataclass
class Existing:
    """The briefings already in ``content/``, by the source each came from."""

    paths: dict[str, Path] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)
    """The recorded hash of each source's bytes, to skip seeds that did not change."""
    edited: set[str] = field(default_factory=set)
    unreadable: dict[str, BriefingError] = field(default_factory=dict)
    """Briefings whose front matter cannot be read, by slug (file stem), with the reason."""
    unreadable_text: dict[str, str] = field(default_factory=dict)
    """Their raw text, by slug: whose source they hold is read from it (see ``write_briefing``)."""
    urls: dict[str, str] = field(default_factory=dict)
    """Every URL a briefing's source states (``url``, ``canonical_url``, ``requested_url``),
    normalised (``dedupe.normalize_url``), → the source's key: pages not to fetch again."""

    def get(self, key: str) -> Path | None:
        return self.paths.get(key)


def load_existing(briefings_dir: Path, duplicates, root: Path | None = None) -> Existing:
    """Map each ingested source to its briefing file, reading every front matter once.

    Each briefing also goes into ``duplicates``, so an article that arrives
    again from another URL or seed is caught across runs, not only within one.
    """
    existing = Existing()
    for path in sorted(briefings_dir.glob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
            meta, body = frontmatter.parse(text, path)
        except BriefingError as error:  # `briefing check` reports it; ingest leaves it be, and never writes its twin
            existing.unreadable[path.stem] = unreadable_briefing(path, error)
            existing.unreadable_text[path.stem] = text
            continue
        except (OSError, UnicodeDecodeError) as error:
            existing.unreadable[path.stem] = BriefingError(path.as_posix(), f"cannot be read ({error})")
            continue
        source = meta.get("source")
        if isinstance(source, dict) and source_key(source, root):
            key = source_key(source, root)
            existing.paths[key] = path
            if source.get("sha256"):
                existing.sha256[key] = str(source["sha256"])
            if frontmatter.is_edited(text):
                existing.edited.add(key)
            for field_name in ("url", "canonical_url", "requested_url"):
                if isinstance(source.get(field_name), str) and source[field_name]:
                    existing.urls.setdefault(normalize_url(source[field_name]), key)
            known = Article(
                title=str(meta.get("title", "")), body=body, summary="", date=meta.get("date"),
                date_source="", source=source,
            )
            duplicates.add(known, key)
    return existing


def unreadable_briefing(path: Path, error: BriefingError) -> BriefingError:
    """One line naming the broken briefing's file and line, as `briefing check` does."""
    import yaml

    from .check import yaml_error_line

    if isinstance(error.__cause__, yaml.YAMLError):
        line, problem = yaml_error_line(error.__cause__)
        return BriefingError(f"{path.as_posix()}:{line}", f"front matter is not valid YAML: {problem}")
    return BriefingError(path.as_posix(), error.reason)


def briefing_meta(article: Article, tagging, slug: str) -> dict:
    """Front matter for a briefing, machine tags recorded under ``ingest`` for retagging."""
    date = article.date
    if isinstance(date, dt.datetime) and date.tzinfo is None and date.time() == dt.time():
        date = date.date()
    from .text import escape_markdown

    tags = list(tagging.tags)
    regions = list(tagging.regions)
    meta = {
        # One line, whatever the reader gave (a feed title may hold newlines).
        "title": " ".join(article.title.split()),
        "slug": slug,
        "date": date,
        "date_source": article.date_source,
        "summary": escape_markdown(article.summary),
        "tags": tags,
        "regions": regions,
    }
    if not meta["summary"].strip():
        # QA trial: a page whose article is a bulleted list has no lede paragraph; `summary: ''`
        # made the build and check call the new briefing an error. Without the field the site
        # cuts the summary from the text, as for a hand-written briefing.
        del meta["summary"]
    if getattr(tagging, "lang", None):
        meta["lang"] = tagging.lang  # ISO 639-1, detected; an editor may correct it (retag keeps it)
    if tagging.places:
        meta["places"] = [dict(place) for place in tagging.places]
    # The byline and genre the source states, where the site shows them and an
    # editor corrects them (``source`` keeps what the source said).
    if article.source.get("authors"):
        meta["authors"] = list(article.source["authors"])
    if article.source.get("genre"):
        meta["genre"] = article.source["genre"]
    meta["source"] = {k: v for k, v in article.source.items() if v not in (None, "", [])}
    meta["ingest"] = {"tags": tags, "regions": regions}
    return meta


MARKUP_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def plain_title(title: str) -> str:
    """``title`` without markup pasted into it: tags dropped, and a script's or style's code with them.

    QA trial: a text seed titled "<script>alert('x')</script> Minsk talks" (harmless, as the site
    escapes it) showed the markup as the headline and made it the slug. A title that is markup
    alone comes out empty (:func:`tag_article` then takes the lede's first sentence).
    """
    if not MARKUP_TAG.search(title):
        return title
    import lxml.html

    fragment = lxml.html.fragment_fromstring(title, create_parent="div")
    for element in fragment.xpath(".//script | .//style"):
        element.drop_tree()
    return " ".join(fragment.text_content().split())


MAX_LEDE_TITLE_CHARS = 120
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s")


def title_from_lede(lede: str) -> str:
    """A headline for an article whose own was markup alone: the lede's first sentence, cut at a word.

    QA trial: a seed titled "<script>alert(1)</script>" became the briefing "<script>alert(1)</script>"
    at /briefing/script-alert-1-script/.
    """
    sentence = SENTENCE_END.split(" ".join(lede.split()), 1)[0].rstrip(".")
    if len(sentence) <= MAX_LEDE_TITLE_CHARS:
        return sentence
    return sentence[:MAX_LEDE_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def tag_article(article: Article, tagger):
    """Tag an article with the same tagger `briefing tag` uses (its first ``MAX_TAGGED_CHARS``),
    once its title is plain text (:func:`plain_title`)."""
    from .language import detect_language

    article.title = plain_title(article.title) or title_from_lede(article.summary or "") or article.title
    lang = detect_language(article.title, article.body, article.source.get("language"))
    tagging = tagger.tag(article.title, article.body[:MAX_TAGGED_CHARS], lede=article.summary, lang=lang)
    # Without a sure or stated language the tagger reads names by its best guess, but the
    # briefing records none rather than a wrong one (QA trial: short Ukrainian text as "be").
    tagging.lang = lang
    return tagging


# The tagger for worker processes; set before the pool starts, so forked workers
# share the loaded taxonomy and city index instead of loading their own.
_worker_tagger = None


def tag_in_worker(article: Article) -> tuple[Article, object]:
    """Runs in a convert worker: the article with its tags."""
    global _worker_tagger
    if _worker_tagger is None:
        from .tag import default_tagger

        _worker_tagger = default_tagger()
    return article, tag_article(article, _worker_tagger)


def ingest(
    paths: Iterable[str | Path],
    content_dir: str | Path = "content",
    *,
    tagger=None,
    echo: Callable[[str], None] = print,
    jobs: int = 2,
    progress: bool = False,
    refresh: bool = False,
    refetch: bool = False,
    lock_wait: float = DEFAULT_WAIT_SECONDS,
) -> IngestReport:
    """Convert every seed under ``paths`` into ``content_dir/briefings/<slug>.md``.

    Prints one line per file through ``echo``; failures are collected in the
    report (one line each, naming the file or URL) and the batch goes on.
    A seed file whose bytes match the hash its briefing recorded, and a URL
    already ingested, are not converted again unless ``refresh`` is set (so a
    site of 10,000 seeds re-ingests in seconds; `briefing retag` brings their
    tags up to date after a taxonomy change).  Nor is a feed entry or a
    URL-list line whose page is already a briefing (its URL, normalised, is a
    briefing's ``source.url``, canonical or requested URL): one line says how
    many were skipped; ``refetch`` (or ``refresh``) fetches them again.
    """
    from .tag import default_tagger

    global _worker_tagger
    tagger = _worker_tagger = tagger or default_tagger()
    with content_lock(content_dir, "briefing ingest", lock_wait):
        return ingest_locked(paths, Path(content_dir), tagger, echo, jobs, progress, refresh, refetch)


def ingest_locked(paths, content_dir: Path, tagger, echo, jobs, progress, refresh, refetch=False) -> IngestReport:
    """:func:`ingest`'s work, while it holds ``content_dir``'s lock."""
    from .convert import AlreadyIngested, iter_converted  # reader dispatch: text, HTML, URLs, feeds
    from .dedupe import DuplicateIndex

    briefings_dir = content_dir / BRIEFINGS_DIR
    try:
        briefings_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BriefingError(briefings_dir, f"cannot create the folder: {error.strerror or error}") from None
    duplicates = DuplicateIndex()
    root = site_root(content_dir)
    existing = load_existing(briefings_dir, duplicates, root)
    taken_slugs = {path.stem for path in briefings_dir.glob("*.md")}
    report = IngestReport()
    seeds = find_seeds(paths)
    if not refresh:
        seeds = skip_unchanged(seeds, existing, report, echo, root, refetch)
    known_urls = () if refresh or refetch else existing.urls.keys()
    converted = note_unmodified_feeds(seeds, iter_converted(seeds, jobs=jobs, progress=progress, prepare=tag_in_worker,
                                                            known_urls=known_urls), report, echo)
    for item in (item for per_seed in converted for item in per_seed):
        if isinstance(item, AlreadyIngested):
            report.counts["skipped"] += 1
            continue
        if isinstance(item, BriefingError):
            report.failures.append(item)
            echo(f"{'error':<10}{item}")
            continue
        result, tagging = item
        if result.source.get("path"):  # never a machine's own path: the front matter goes into git
            result.source["path"] = recorded_path(result.source["path"], root)
        key = source_key(result.source)
        earlier = duplicates.check(result)
        if earlier is not None and earlier != key:
            report.counts["duplicate"] += 1
            where = existing.get(earlier)
            echo(f"{'duplicate':<10}{key}: duplicate of {where.as_posix() if where else earlier}")
            continue
        duplicates.add(result, key)
        try:
            status, path = write_briefing(result, tagging, briefings_dir, existing, taken_slugs)
        except BriefingError as failure:  # a full disk, a read-only folder: this file fails, the batch goes on
            report.failures.append(failure)
            echo(f"{'error':<10}{failure}")
            continue
        report.record(status, path, key, echo)
    if report.counts["skipped"]:
        echo(f"{'skipped':<10}{report.counts['skipped']} feed entries or listed URLs already ingested, not fetched "
             "again (--refetch fetches them)")
    return report


def note_unmodified_feeds(seeds: list[str], converted, report: IngestReport, echo):
    """Pass each seed's results on; a seed with none is a feed that answered a conditional
    GET with 304 (see ``convert.convert_url``), reported ``unchanged`` so the poll shows."""
    for seed, results in zip(seeds, converted):
        if not results:
            report.counts["unchanged"] += 1
            echo(f"{'unchanged':<10}{seed}  (feed not modified since the last poll)")
        yield results


def skip_unchanged(seeds: list[str], existing: Existing, report: IngestReport, echo, root: Path,
                   refetch: bool = False) -> list[str]:
    """The seeds that need converting; the others are reported ``unchanged`` (or ``kept``).

    A URL is known by its normalised form too ("https://www.example.org/a/?utm_source=x"
    is "https://example.org/a"), unless ``refetch``.
    """
    todo = []
    for seed in seeds:
        if is_url(seed):
            key = seed if seed in existing.paths or refetch else existing.urls.get(normalize_url(seed), seed)
        else:
            key = unchanged_seed_key(seed, existing, root)
        path = existing.get(key) if key else None
        if path is None:
            todo.append(seed)
            continue
        report.record("kept" if key in existing.edited else "unchanged", path, key, echo)
    return todo


def unchanged_seed_key(seed: str, existing: Existing, root: Path) -> str | None:
    """The key of the briefing whose recorded sha256 a seed file's bytes still match, else None."""
    recorded = recorded_path(seed, root)
    hashes = seed_hashes(seed)
    if is_bare_name(recorded):
        keys = [path_key(recorded, digest) for digest in hashes]
        return next((key for key in keys if key in existing.paths), None)
    return recorded if existing.sha256.get(recorded) in hashes else None


def seed_hashes(seed: str) -> list[str]:
    """The sha256 of a seed file's bytes and, gzipped, of its page's bytes ([] if unreadable)."""
    from .convert import GZIP_MAGIC, gunzip, read_bytes

    try:
        data = read_bytes(Path(seed))
        hashes = [hashlib.sha256(data).hexdigest()]
        if data.startswith(GZIP_MAGIC):
            hashes.append(hashlib.sha256(gunzip(data, seed)).hexdigest())
        return hashes
    except BriefingError:
        return []  # convert reports the file's real problem


def render_briefing(article: Article, tagging, slug: str | None = None) -> str:
    """The briefing file text ingest would write for ``article`` tagged ``tagging``."""
    meta = briefing_meta(article, tagging, slug or slugify(article.title))
    return frontmatter.render(meta, article.body)


def write_briefing(article: Article, tagging, briefings_dir: Path, existing: Existing, taken_slugs: set) -> tuple[str, Path]:
    """Write one briefing unless an editor owns it; returns (status, path)."""
    key = source_key(article.source)
    path = existing.get(key)
    old_text = frontmatter.read_current(path) if path else None  # None: new, or deleted to be regenerated
    if old_text is not None and frontmatter.is_edited(old_text):
        return "kept", path
    if path is None and same_source_as_unreadable(article, existing):
        # This seed's own briefing, broken by a hand edit: a `-2` twin would leave the
        # story on the site twice once the file is fixed.
        broken = existing.unreadable[slugify(article.title)]
        raise BriefingError(broken.where, f"{broken.reason}; {key} is not ingested again beside it until the file "
                                          "is fixed (or deleted, to have ingest write it anew)")
    if path is None:
        slug = unique_slug(slugify(article.title), taken_slugs)
        path = briefings_dir / f"{slug}.md"
    elif old_text is None:
        slug = path.stem
    else:
        slug = path.stem
        old_meta, _ = frontmatter.parse(old_text, path)
        if article.date_source == "ingest" and old_meta.get("date_source") == "ingest":
            article.date = old_meta["date"]  # keep the first ingest time, or every run would rewrite it
        old_source = old_meta.get("source") if isinstance(old_meta.get("source"), dict) else {}
        if old_source.get("retrieved") and old_source.get("sha256") == article.source.get("sha256"):
            # The same bytes fetched again (a URL list or feed is read whole each run): nothing to record.
            article.source["retrieved"] = old_source["retrieved"]
    text = render_briefing(article, tagging, slug)
    if text == old_text:
        return "unchanged", path
    try:
        # Checked again just before the rename: an editor's save since old_text was read wins.
        frontmatter.write_atomic(path, text, expected=old_text)
    except frontmatter.ChangedMeanwhile:
        return "kept", path
    except OSError as error:
        raise BriefingError(path, f"cannot write: {error.strerror or error}") from None
    existing.paths[key] = path
    return ("updated" if old_text is not None else "added"), path


def same_source_as_unreadable(article: Article, existing: Existing) -> bool:
    """Whether the unreadable briefing with this article's slug records this article's source.

    Its front matter cannot be parsed, so its text is searched for the seed's
    path or URL: another story with the same headline (the same title on
    another day) is a new briefing, written beside it with a ``-2`` slug.
    """
    text = existing.unreadable_text.get(slugify(article.title))
    if text is None:
        return False
    head = text.split("\n---\n", 1)[0]  # the front matter, as far as it can be told
    source = article.source
    names = [source.get("path"), source.get("url"), source.get("requested_url"), source.get("canonical_url")]
    return any(isinstance(name, str) and name and name in head for name in names)


def unique_slug(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``… when another briefing already has it."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate
