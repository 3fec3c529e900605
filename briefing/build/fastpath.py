"""A rebuild after edits of briefings' text alone, without Pelican's pipeline.

Most edits change a briefing's text and nothing else any other page shows of
it: a sentence added, a typo fixed. Pelican would still build its context over
every briefing and the plugins would run their whole-site passes, only to
render again the one page (and the feeds) that show that text. So a build
first checks, against the :class:`Snapshot` the last whole-pipeline build left:

* the settings, theme, code, taxonomy and packages are the same (the cache's
  site key), and the last build reported no error; its warnings are printed
  again as they were, provided what the build reports of each changed briefing
  read by itself (:func:`briefing.plugin.problems.briefing_problems`) is
  unchanged (a line added above a dead link moves its warning: the whole pipeline);
* the content repository is the one the snapshot knew: at the same commit, or
  at another one, in which case its history is read again (one ``git log``
  for the whole site, as a build does, handed to the whole pipeline if this
  path then declines) and the briefings whose revisions
  shown (``history``, ``last_updated``) changed count as changed too;
* no file under the content folder was added, removed or changed, except
  briefings;
* each changed briefing reads, and everything the reader gives it other than
  its text and what plugins work out from the text (title, date, slug, tags,
  regions, summary, places, status...) is as before: its *public digest*
  (:func:`briefing.build.reading.pickled`) is unchanged, and no plugin
  replaced its text or key facts after reading.

Then the pages that show the changed text are the ones the last build recorded
as reading it (:mod:`briefing.plugin.reads`: the briefing's own page, the feeds
carrying it, any list showing a summary cut from its text), and with them the
pages recorded as showing a key fact worked out from the text that changed
(the dates mentioned, on the briefing's own page) or a changed history
(the briefing's own page); only those are rendered, from the snapshot, with
the new text, key facts and history put in. Anything else, or any
doubt (a recipe missing, a read that fails), means the whole pipeline, as
before; so does ``--full``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import pickle
from collections import Counter, defaultdict
from pathlib import Path

from ..files import replacing
from ..plugin import reads
from ..plugin.history import Revisions
from ..plugin.problems import briefing_problems, print_problems, site_links
from ..plugin.problems import shown as shown_path
from . import reading
from .snapshot import Restorer, Snapshot, take

logger = logging.getLogger(__name__)

SNAPSHOT_FILE = "snapshot.pickle"
_MISSING = object()
TEXT_ONLY = "text-only:"
"""Marks a page the fast path rendered in the cache's manifest: the next full pipeline renders it again."""


def content_files(path: str) -> dict[str, tuple[int, int, int]]:
    """``{path relative to the content folder: (size, mtime in ns, inode)}`` for every file under it."""
    found = {}
    for folder, folders, names in os.walk(path):
        folders[:] = [name for name in folders if name != ".git"]  # a content folder that is its own repository
        for name in names:
            full = os.path.join(folder, name)
            try:
                status = os.stat(full)
            except OSError:
                continue
            found[os.path.relpath(full, path).replace(os.sep, "/")] = (status.st_size, status.st_mtime_ns, status.st_ino)
    return found


def git_head(path: str) -> str | None:
    """The commit the content folder's repository is at (revision histories come from it), or None.

    Read from the repository's files, not by running git: a build runs git once, for the histories.
    """
    from ..seedpath import repository_root

    root = repository_root(Path(path).resolve())
    if root is None:
        return None
    try:
        git = root / ".git"
        folder = git
        if git.is_file():  # a worktree: "gitdir: <its folder>"
            folder = (root / git.read_text(encoding="utf-8").split("gitdir:", 1)[1].strip()).resolve()
        common = folder
        if (folder / "commondir").exists():
            common = (folder / (folder / "commondir").read_text(encoding="utf-8").strip()).resolve()
        head = (folder / "HEAD").read_text(encoding="utf-8").strip()
        if not head.startswith("ref:"):
            return head  # detached
        ref = head[4:].strip()
        for base in (folder, common):
            if (base / ref).is_file():
                return f"{ref} {(base / ref).read_text(encoding='utf-8').strip()}"
        packed = common / "packed-refs"
        if packed.exists():
            for line in packed.read_text(encoding="utf-8").splitlines():
                if line.endswith(" " + ref):
                    return f"{ref} {line.split()[0]}"
        return f"{ref} unborn"
    except (OSError, IndexError, UnicodeDecodeError):
        return "unreadable"  # never equal to a recorded head: the whole pipeline runs


def forget(folder: Path) -> None:
    """Drop the snapshot (a whole-pipeline build is writing the output: it would no longer describe it)."""
    (folder / SNAPSHOT_FILE).unlink(missing_ok=True)


def remember(cache, writer, read_states: dict, settings: dict, files: dict, head: str | None, counts: dict,
             figures: dict, problems: list = ()) -> None:
    """After a whole-pipeline build without errors, write the snapshot a text-only rebuild starts from.

    ``problems`` are the warnings the build reported: a text-only rebuild reports them again, as
    long as those of the briefings it reads are unchanged (a site with one dead link was never
    rebuilt text-only while any build declined after a warning).
    """
    if writer is None or counts.get("errors") or not read_states:
        return
    names = Counter(job.name for job in writer.jobs)
    readers: dict[str, list[str]] = defaultdict(list)
    blocked: set[str] = set()
    for name, paths in cache.reads.items():
        for path in paths:
            readers[path].append(name)
            if names[name] != 1:
                blocked.add(path)  # a file several jobs write: not rendered from one recipe
    base = settings["PATH"]
    briefings = {}
    for source_path, state in read_states.items():
        relative = os.path.relpath(source_path, base).replace(os.sep, "/")
        entry = cache.briefings.get(relative)
        # A plugin that replaced the text (or a key fact from it) after reading: it is not the reader's alone.
        attributes, values = vars(state.briefing), state.values
        if entry is None or entry[3] is None or any(attributes.get(name) is not values.get(name)
                                                    for name in ("_content", *reads.DERIVED_FROM_TEXT)):
            continue
        briefings[relative] = (entry[0], entry[3], source_path)
    histories = {}
    for source_path, state in read_states.items():
        shown = vars(state.briefing).get("history")
        if isinstance(shown, Revisions):
            newest = state.briefing.last_updated
            histories[source_path] = (tuple(shown), newest if isinstance(newest, dt.datetime) else None)
    context = next(iter(read_states.values())).briefing._context
    recipes = {name for source in [*(source for _, _, source in briefings.values()),
                                   *(reads.FACTS + source for _, _, source in briefings.values()),
                                   *(reads.HISTORY + source for source in histories)]
               for name in readers[source]}
    # Each entry goes to the file as soon as it is pickled, then the snapshot's own fields last: held
    # until the end, the entries took the main process from 1,415 to 2,023 MB at 50,000 briefings,
    # the build's peak (and ``pickle.dumps`` of the whole had been a second copy before that).
    try:
        with replacing(cache.folder / SNAPSHOT_FILE) as stream:
            def write(table, key, blob):
                pickle.dump((table, key, blob), stream, protocol=pickle.HIGHEST_PROTOCOL)

            snapshot = take(writer.jobs, recipes, settings, context, write)
            if snapshot is None:
                raise _NoSnapshot  # the temporary file goes; the old snapshot was already forgotten
            snapshot.files, snapshot.briefings, snapshot.head, snapshot.counts = files, briefings, head, counts
            snapshot.histories = histories
            snapshot.problems, snapshot.folder = list(problems), os.getcwd()  # problems name files from there
            snapshot.links = site_links(context)
            # What came out (pages and feeds): a text-only rebuild adds and removes no file.
            snapshot.made = {name: figures[name] for name in ("html", "feeds") if name in figures}
            snapshot.readers = {path: names for path, names in readers.items()}
            snapshot.blocked = blocked
            write(_END, None, snapshot)
    except _NoSnapshot:
        return


class _NoSnapshot(Exception):
    """:func:`take` could not pickle the build: no snapshot file is written."""


_END = "snapshot"  # the last record: without it the file was cut short and is not trusted


def _load(folder: Path) -> Snapshot | None:
    """The snapshot written by :func:`remember`, or None if it is missing, unreadable or cut short."""
    snapshot, entries = None, {}
    try:
        with open(folder / SNAPSHOT_FILE, "rb") as handle:
            while snapshot is None:
                table, key, value = pickle.load(handle)
                if table == _END:
                    snapshot = value
                else:
                    entries.setdefault(table, []).append((key, value))
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError, ImportError):
        return None
    if not isinstance(snapshot, Snapshot) or not entries.keys() <= {"recipes", "contents", "wrappers", "context"}:
        return None
    for table, items in entries.items():
        if table == "context":
            snapshot.context = items[-1][1]
        else:
            setattr(snapshot, table, dict(items))
    return snapshot


def revised_histories(settings: dict, snapshot: Snapshot) -> dict:
    """``{source path: (revisions shown, newest date)}`` of the briefings whose history the snapshot shows otherwise.

    One ``git log`` for the whole site (:func:`briefing.plugin.history.read_history`), as a build runs.
    """
    from ..plugin.history import DEFAULT_HISTORY_LIMIT, Resolver, hand_over, read_history, shown_history

    content_dir = Path(settings["PATH"]).resolve()
    limit = settings.get("BRIEFING_HISTORY_LIMIT", DEFAULT_HISTORY_LIMIT)
    history = read_history(content_dir)
    hand_over(content_dir, history)  # taken back by build() unless it declines and the whole pipeline needs it
    revised = {}
    resolve = Resolver()
    for source_path, recorded in snapshot.histories.items():
        shown = shown_history(history, content_dir, resolve(source_path), limit)
        if shown != recorded:
            revised[source_path] = shown
    return revised


def changed_briefings(snapshot: Snapshot, files: dict, settings: dict) -> list[str] | None:
    """The briefings (relative paths) whose bytes differ from the snapshot's; None if anything else changed."""
    if files.keys() != snapshot.files.keys():
        return None
    changed = []
    for relative, state in files.items():
        if state == snapshot.files[relative]:
            continue
        known = snapshot.briefings.get(relative)
        if known is None:
            return None
        if reading.file_stamp(os.path.join(settings["PATH"], relative), settings) != known[0]:
            changed.append(relative)
    return changed


def build(settings: dict, cache, output_path: Path, report: dict, files: dict, head: str | None):
    """Rebuild after text-only edits, if that is all there is; the build's counts, or None for the whole pipeline.

    ``settings`` are the build's, prepared as for the whole pipeline (this loads the plugins with them);
    ``files`` and ``head`` are the content folder's :func:`content_files` and :func:`git_head` now.
    """
    from pelican.log import LimitFilter

    from ..plugin.history import hand_over

    # Pelican logs each warning once per process: a briefing read here and again by the whole
    # pipeline must still have its warnings shown there.
    raised, grouped = set(LimitFilter._raised_messages), dict(LimitFilter._group_count)
    counts = _build(settings, cache, output_path, report, files, head)
    if counts is not None:
        hand_over(Path(settings["PATH"]).resolve(), None)
    else:
        LimitFilter._raised_messages.clear()
        LimitFilter._raised_messages.update(raised)
        LimitFilter._group_count.clear()
        LimitFilter._group_count.update(grouped)
    return counts


def reading_context(settings: dict) -> dict:
    """The context a briefing is read with in the whole pipeline: Pelican's, before any file is read.

    Read with an empty one, a briefing whose summary is cut from a text holding a
    ``{filename}`` link failed (a plugin reading the summary as it is read makes
    Pelican look the link up in ``generated_content``), and the edit took the whole
    pipeline. As in the pipeline, the link is not resolved while reading: the page
    is rendered with the snapshot's context, which knows every file.
    """
    context = settings.copy()  # as pelican.Pelican.run makes it
    context.update(generated_content={}, static_links=set(), static_content={}, localsiteurl=settings["SITEURL"])
    return context


def _declined(reason: str) -> None:
    logger.debug("text-only rebuild declined: %s", reason)
    if os.environ.get("BRIEFING_DEBUG_FASTPATH"):
        print(f"text-only rebuild declined: {reason}")
    return None


def _build(settings: dict, cache, output_path: Path, report: dict, files: dict, head: str | None):
    from pelican import Pelican
    from pelican.generators import Generator

    from ..plugin.history import show_history
    from .render import DeferredWriter, Job, _write_if_changed, output_files
    from .search import indexed_by_search

    if not output_path.is_dir() or not (cache.folder / SNAPSHOT_FILE).exists():
        return _declined("no snapshot of the last build")
    snapshot = _load(cache.folder)
    if snapshot is None:
        return _declined("the snapshot is unreadable")
    if "unreadable" in (head, snapshot.head) or (snapshot.head != head and None in (head, snapshot.head)):
        return _declined("the content folder's repository cannot be read, or appeared or went away")
    changed = changed_briefings(snapshot, files, settings)
    if changed is None:
        return _declined("a file other than a briefing was added, removed or changed")
    if not output_files(str(output_path)) >= cache.pages.keys():
        return _declined(f"files are missing from {output_path}")
    Pelican(settings)  # the plugins, registered and initialised as for the whole pipeline
    generator = Generator(context=reading_context(settings), settings=settings, path=settings["PATH"],
                          theme=settings["THEME"], output_path=str(output_path))
    # Read before the briefings: git's history serves this build whichever path it takes (handed to the
    # whole pipeline if this one declines), and a commit of a retitled briefing then runs git once, not twice.
    revised = revised_histories(settings, snapshot) if snapshot.head != head else {}
    if snapshot.problems and snapshot.folder != os.getcwd():
        return _declined("the last build's problems name files from another folder")
    reported = defaultdict(list)
    for problem in snapshot.problems:
        reported[problem.path].append(problem)
    fresh = {}
    for relative in changed:
        _, public, source_path = snapshot.briefings[relative]
        if source_path in snapshot.blocked:
            return _declined(f"{relative}: its text shows in a file several pages write")
        article, records = reading.read_one(generator, relative)
        if article is None:
            return _declined(f"{relative} does not read")
        blob, digest = reading.pickled(article, generator)
        if digest != public:
            return _declined(f"{relative}: more than its text changed")
        # The same public digest keeps the problems the reader found and the links; a line can still move.
        if briefing_problems(article, settings, snapshot.links) != reported.get(shown_path(source_path), []):
            return _declined(f"{relative}: the problems it reports changed")
        fresh[relative] = (article, records, blob, digest)
    if any(reads.HISTORY + source_path in snapshot.blocked for source_path in revised):
        return _declined("a history shows in a file several pages write")
    restorer = Restorer(snapshot, settings, generator.env)
    jobs = []
    try:
        shown = set()
        for relative, (article, *_) in fresh.items():
            source_path = snapshot.briefings[relative][2]
            content = restorer.content(source_path)
            shown.update(snapshot.readers.get(source_path, []))
            # What plugins work out from the text (the key facts): where it changed, the pages showing it too.
            from_text = {name: value for name, value in vars(article).items() if name in reads.DERIVED_FROM_TEXT}
            if any(getattr(content, name, _MISSING) != value for name, value in from_text.items()):
                if reads.FACTS + source_path in snapshot.blocked:
                    return _declined(f"{relative}: its key facts show in a file several pages write")
                shown.update(snapshot.readers.get(reads.FACTS + source_path, []))
            vars(content).update(from_text, _content=article._content)
        for source_path, history in revised.items():
            pages = snapshot.readers.get(reads.HISTORY + source_path, [])
            if pages:
                show_history(restorer.content(source_path), *history)
                shown.update(pages)
        names = sorted(shown)
        if any(name not in snapshot.recipes for name in names):
            return _declined("a page showing the text has no recipe")
        for name in names:
            kind, template, kwargs, feed_args, feed_kwargs = restorer.recipe(name)
            jobs.append(Job(name=name, kind=kind, template=template, kwargs=kwargs, feed_args=feed_args,
                            feed_kwargs=feed_kwargs, shared=restorer.context if kind == "page" else None))
        writer = DeferredWriter(str(output_path), settings=settings)
        reads.install()
        rendered = []
        try:
            for job in jobs:
                with reads.recording() as texts:
                    data = writer.render(job)
                rendered.append((job.name, data, sorted(texts)))
        finally:
            reads.uninstall()
    finally:
        restorer.close()
    for _, records, _, _ in fresh.values():
        reading._replay(records)
    written = 0
    for name, data, texts in rendered:
        written += _write_if_changed(str(output_path), name, data)
        digest = hashlib.sha1(data).hexdigest()
        cache.pages[name] = TEXT_ONLY + digest  # never a fingerprint: the next whole pipeline renders it again
        if name.endswith(".html") and indexed_by_search(data):
            cache.indexed[name] = digest
        else:
            cache.indexed.pop(name, None)
        if texts:
            cache.reads[name] = texts
    for relative, (_, _, blob, public) in fresh.items():
        path = os.path.join(settings["PATH"], relative)
        cache.briefings[relative] = (reading.file_stamp(path, settings), blob, reading.file_state(path), public)
    report.update(read=len(changed), cached=len(cache.briefings) - len(changed), pages=len(cache.pages),
                  rendered=len(rendered), written=written, deleted=0, text_only=True, **snapshot.made)
    print_problems(snapshot.problems)  # the same as the last build's, those of the briefings read checked above
    return dict(snapshot.counts)
