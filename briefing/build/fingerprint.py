"""Fingerprints of what a template is given, so a page is rendered again only when its inputs change.

A page's inputs are the variables its template (with every template it
extends, imports or includes) names, as Jinja's own parser finds them
(:func:`template_variables`), taken from the page's render context. Each value
is hashed by walking it: plain values by their text, containers item by item,
and any other object by its attributes (``__dict__``). So whatever a plugin
attaches to a briefing or a tag (key facts, history, a map, a count) is part of
the fingerprint without being listed anywhere.

Briefings link to briefings (related, previous, next). A briefing is hashed
with its own attributes plus the own attributes of every briefing it links to
directly: a page showing a neighbour's title sees that neighbour change, and
the walk does not follow links further (templates read one hop).

Pelican's ``Paginator`` is hashed by which items it pages through, not by
their contents (see :meth:`Fingerprinter._paginator`).

A briefing read (or restored) this build from a file whose stamp is known is
not walked whole: its :class:`ReadState` records what the reader gave it, and
that part is stood for by the stamp (the sha256 of the file: under one site key
the reader makes the same briefing from the same bytes). Only what changed
since (attributes Pelican and the plugins set or replaced afterwards: related
briefings, neighbours, regions, a locator, a sanitised summary) is walked.
A plugin that changes a briefing after reading must therefore set the
attribute (or a key of a dict attribute), not change a nested value in place,
as every plugin here does; ``tests/test_build.py`` checks the outcome.

A briefing whose text links into the site (``{filename}``, ``{static}``) renders
other contents' URLs, which neither its stamp nor its attributes hold: its
fingerprint also takes a digest of every content's URL (once per build), so a
renamed slug reaches the pages that link to it.

Objects the walk cannot describe reproducibly (no attributes and a ``repr``
holding a memory address) make the fingerprint unique to this build, so the
page is always rendered: unknown inputs are never trusted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import marshal
import os
import pickle
from functools import lru_cache

from jinja2 import meta
from pelican.contents import Content
from pelican.paginator import Paginator

SKIPPED_ATTRIBUTES = frozenset({"settings", "_context"})
"""Shared by every object and covered by the site key (settings), or the whole site (context)."""
PICKLED_AS_THEY_ARE = (str, int, float, bytes, dt.date, dt.time, dt.timedelta)
"""Plain values and their subclasses (Markup, Pelican's dates, numpy's floats): pickle writes their value."""
NOT_CONTEXT = frozenset({"self", "caller", "loop", "varargs", "kwargs", "super"})


class ReadState:
    """A briefing as the reader gave it: its file's stamp and each attribute's value then.

    Dicts and lists are copied one level deep, so a key or item set later is
    seen; values are held, so no identity compared later is a reused one.
    Held as tuples beside attribute and key names shared by every briefing
    with the same ones: as a dict and dict copies they were 3.4 KB a briefing
    (170 MB at 50,000 briefings), held by the build's main process to the end.
    """

    __slots__ = ("briefing", "stamp", "names", "held", "copied", "copies")

    def __init__(self, briefing, stamp: str):
        self.briefing = briefing
        self.stamp = stamp.encode()
        attributes = vars(briefing)
        self.names = shared_names(tuple(attributes))
        self.held = tuple(attributes.values())
        # Not the settings and the site's context: shared by every briefing and never compared (a copy of
        # each per briefing was 8 KB, 400 MB at 50,000 briefings).
        copied = [name for name, value in attributes.items()
                  if type(value) in (dict, list) and name not in SKIPPED_ATTRIBUTES]
        self.copied = shared_names(tuple(copied))
        self.copies = tuple(
            tuple(value) if type(value) is list else (shared_names(tuple(value)), tuple(value.values()))
            for value in map(attributes.__getitem__, copied)
        )

    @property
    def values(self) -> dict:
        """``{attribute: value}`` as the reader gave them (a new dict each time)."""
        return dict(zip(self.names, self.held))

    def changes(self) -> dict:
        """What differs now from what the reader gave: ``{attribute: value}``, a dict attribute by its changed keys."""
        changed = {}
        values = self.values
        copies = dict(zip(self.copied, self.copies))
        now = vars(self.briefing)
        for name, value in now.items():
            if name in SKIPPED_ATTRIBUTES:
                continue
            if values.get(name, _GONE) is not value:
                changed[name] = value
            elif name in copies:
                before = copies[name]
                if type(value) is list:
                    if len(before) != len(value) or any(a is not b for a, b in zip(before, value)):
                        changed[name] = value
                else:
                    before = dict(zip(*before))
                    keys = {key for key, item in value.items() if before.get(key, _GONE) is not item}
                    gone = sorted(map(str, before.keys() - value.keys()))
                    if keys or gone:
                        changed[name] = ({key: value[key] for key in sorted(keys, key=str)}, gone)
        removed = sorted(values.keys() - now.keys() - SKIPPED_ATTRIBUTES)
        if removed:
            changed[" removed"] = removed
        return changed


_names: dict[tuple, tuple] = {}


def shared_names(names: tuple) -> tuple:
    """One tuple object for every equal tuple of names (attribute names, dict keys), for all briefings.

    Also used by :func:`briefing.build.reading.load` for the names it keeps packed.
    """
    return _names.setdefault(names, names)


_GONE = object()


class Fingerprinter:
    """Hashes render-context values; one instance per build, while the site's objects stay unchanged.

    Objects (and big containers) are memoised by identity, and held, so no
    identity is reused while the instance lives; small values are fed inline.
    """

    def __init__(self, read_states: dict | None = None):
        self.read_states = read_states or {}
        """``{source path: ReadState}`` of the briefings read or restored this build (see the module docstring)."""
        self._memo: dict[tuple[int, str], tuple[object, bytes]] = {}
        self._walking: set[int] = set()
        self._links_digest: bytes | None = None
        self.volatile: set[str] = set()
        """Type names whose values could not be hashed reproducibly (their pages are always rendered)."""

    def of(self, value) -> bytes:
        """The fingerprint of a value as a template sees it (briefings with their direct links)."""
        sha = hashlib.sha1()
        self._feed(sha, value, "deep")
        return sha.digest()

    def _feed(self, sha, value, mode: str) -> None:
        """Add ``value`` to ``sha``; ``mode`` is "deep" (contents with their links) or "own" (contents by path)."""
        kind = type(value)
        if kind is str:
            data = value.encode("utf-8", "surrogatepass")
            sha.update(b"s%d:" % len(data))
            sha.update(data)
            return
        if value is None or kind is bool or kind is int or kind is float:
            sha.update(b"%s;" % repr(value).encode())
            return
        if (kind is list or kind is tuple) and len(value) <= 8:
            sha.update(b"[%d" % len(value))
            for item in value:
                self._feed(sha, item, mode)
            sha.update(b"]")
            return
        key = (id(value), mode)
        known = self._memo.get(key)
        if known is None:
            if id(value) in self._walking:
                sha.update(b"cycle")
                return
            self._walking.add(id(value))
            try:
                digest = self._walk(value, mode)
            finally:
                self._walking.discard(id(value))
            known = self._memo[key] = (value, digest)
        sha.update(known[1])

    def of_briefing(self, briefing: Content) -> bytes:
        """A briefing's (or page's) own attributes, the contents it links to named by path only (memoised)."""
        return self._own(briefing)

    def of_briefings(self, briefings: list) -> None:
        """Work out (and memoise) :meth:`of_briefing` for every one of ``briefings``, half of them beside the build.

        A whole-site pass on the build's one-core stretch before rendering (0.7 s
        at 10,000 briefings): a forked helper (:class:`briefing.build.beside.Beside`)
        works out every other briefing's while this process does the rest, and
        sends back the digests. Digests depend on nothing but the briefing, so
        either process gives the same bytes.
        """
        from .beside import Beside

        others = briefings[1::2]
        helper = Beside(self._own_digests, others, items=len(briefings))
        for briefing in briefings[::2]:
            self._own(briefing)
        digests, volatile = helper.result()
        self.volatile.update(volatile)
        for briefing, digest in zip(others, digests):
            self._memo.setdefault((id(briefing), "attributes"), (briefing, digest))

    def _own_digests(self, briefings: list) -> tuple[list[bytes], list[str]]:
        """Each briefing's :meth:`of_briefing`, and the type names found volatile on the way."""
        return [self._own(briefing) for briefing in briefings], sorted(self.volatile)

    def own_digest(self, value) -> bytes:
        """The walked digest of an object other than a plain value, its linked contents by path (memoised)."""
        known = self._memo.get((id(value), "own"))
        if known is not None:
            return known[1]
        sha = hashlib.sha1()
        self._feed(sha, value, "own")
        return sha.digest()

    def _walk(self, value, mode: str) -> bytes:
        sha = hashlib.sha1(type(value).__qualname__.encode())
        if isinstance(value, (str, int, float, bytes)):  # subclasses such as Markup
            text = str(value).encode("utf-8", "surrogatepass")
            sha.update(b"%d:%s" % (len(text), text))
        elif isinstance(value, (dt.datetime, dt.date, dt.time)):
            sha.update(f"{value.isoformat()}|{getattr(value, 'tzinfo', None)}".encode())
        elif isinstance(value, (list, tuple)):
            sha.update(b"%d" % len(value))
            for item in value:
                self._feed(sha, item, mode)
        elif isinstance(value, dict):
            sha.update(b"%d" % len(value))
            for name, item in value.items():
                self._feed(sha, name, mode)
                self._feed(sha, item, mode)
        elif isinstance(value, (set, frozenset)):
            for digest in sorted(self.of(item) for item in value):
                sha.update(digest)
        elif isinstance(value, Content):
            self._content(value, mode, sha)
        elif isinstance(value, Paginator):
            self._paginator(value, sha)
        elif callable(value) and hasattr(value, "__qualname__"):
            # Functions and classes are code: covered by the site key's code and package versions.
            sha.update(f"{getattr(value, '__module__', '')}.{value.__qualname__}".encode())
        elif hasattr(value, "__dict__"):
            self._attributes(value, mode, sha)
        else:
            text = repr(value)
            if " at 0x" in text:
                self.volatile.add(type(value).__qualname__)
                text += os.urandom(16).hex()
            sha.update(text.encode("utf-8", "surrogatepass"))
        return sha.digest()

    def _attributes(self, value, mode: str, sha) -> None:
        for name, item in vars(value).items():
            if name not in SKIPPED_ATTRIBUTES:
                sha.update(name.encode())
                self._feed(sha, item, mode)

    def _paginator(self, paginator: Paginator, sha) -> None:
        """Pelican's paginator: its settings and *which* items it pages through, in order.

        Templates read a paginator's page count and item count; the items a page
        shows come through that page's own ``object_list``, hashed in full. So
        a briefing's edit re-renders the list pages that show it, not every page
        of a list that holds it.
        """
        sha.update(f"{paginator.name}|{paginator.url}|{paginator.per_page}|{paginator.orphans}".encode())
        items = paginator.object_list
        if all(isinstance(item, Content) for item in items):
            sha.update("\0".join(item.source_path for item in items).encode("utf-8", "surrogatepass"))
            return
        for item in items:
            if isinstance(item, Content):
                sha.update(item.source_path.encode("utf-8", "surrogatepass"))
            else:
                self._feed(sha, item, "deep")

    def _content(self, content: Content, mode: str, sha) -> None:
        """A briefing or page: by path when reached through a link; else its attributes and its links'."""
        sha.update(content.source_path.encode("utf-8", "surrogatepass"))
        if mode == "own":
            return
        sha.update(self._own(content))
        for name, item in vars(content).items():
            if name in SKIPPED_ATTRIBUTES:
                continue
            # The contents an attribute holds directly: one, or a list, tuple or dict of them.
            kind = type(item)
            if kind is list or kind is tuple:
                linked = item
            elif kind is dict:
                linked = item.values()
            elif isinstance(item, Content):
                linked = (item,)
            else:
                continue
            for other in linked:
                if other is not content and isinstance(other, Content):
                    sha.update(self._own(other))

    def _own(self, content: Content) -> bytes:
        """A content's own attributes, the contents it links to named by path only."""
        key = (id(content), "attributes")
        known = self._memo.get(key)
        if known is None:
            own = hashlib.sha1(content.source_path.encode("utf-8", "surrogatepass"))
            read = self.read_states.get(content.source_path)
            if read is not None and read.briefing is content:
                own.update(b"read:" + read.stamp)
                state = read.changes()
            else:
                state = {name: item for name, item in vars(content).items() if name not in SKIPPED_ATTRIBUTES}
            try:
                for name, item in state.items():
                    own.update(b"%s=" % name.encode())
                    try:
                        # Plain data (a locator, a changed summary) at C speed; marshal's version 2
                        # writes no back-references, so equal values give equal bytes in every build.
                        own.update(b"m" + marshal.dumps(item, 2))
                    except ValueError:
                        own.update(b"p" + self._pickled(item))
            except (RecursionError, pickle.PicklingError, TypeError, AttributeError, ValueError):
                own = hashlib.sha1(content.source_path.encode("utf-8", "surrogatepass"))
                self._attributes(content, "own", own)
            if _links_into_site(content):
                # Its text links to other contents ({filename}, {static}): the rendered links are
                # their URLs, which neither its file's stamp nor its attributes hold.
                own.update(b"links:" + self._site_links(content))
            known = self._memo[key] = (content, own.digest())
        return known[1]

    def _site_links(self, content: Content) -> bytes:
        """A digest of every content's and static file's URL on the site, worked out once per build."""
        if self._links_digest is None:
            context = getattr(content, "_context", None) or {}
            sha = hashlib.sha1()
            for name in ("generated_content", "static_content"):
                for path, linked in sorted(context.get(name, {}).items()):
                    sha.update(f"{name}\0{path}\0{getattr(linked, 'url', '')}\0".encode("utf-8", "surrogatepass"))
            self._links_digest = sha.digest()
        return self._links_digest

    def _pickled(self, state: dict) -> bytes:
        """``state`` as bytes: plain values by pickle (C speed), every other object by its walked digest.

        Pickle writes strings, numbers, lists, tuples and dicts as they are, in
        order; :meth:`_Digests.reducer_override` replaces each other object (a
        tag, a date, a linked briefing) by the digest the walk gives it, memoised
        for the whole build, so a tag shared by 3,000 briefings is walked once.
        ``fast`` turns pickle's memo off, so the bytes do not depend on which
        equal values happen to be one object. A set is written in its iteration
        order, which can differ between processes: then a page is rendered
        again for nothing, never kept when it changed.
        """
        handle = io.BytesIO()
        pickler = _Digests(handle, self)
        pickler.fast = True
        pickler.dump(state)
        return handle.getvalue()


_CONTAINERS = frozenset({dict, list, tuple})


def _links_into_site(content: Content) -> bool:
    """Whether a content's text holds a link Pelican resolves to another content or static file."""
    packed = vars(content).get("_packed")  # text still pickled (briefing.build.reading.PackedBriefing)
    if "_content" not in vars(content) and packed and b"{" not in packed[1] and b"|" not in packed[1]:
        return False  # neither byte anywhere in its pickle: no such link, and no need to unpickle it
    text = getattr(content, "_content", None)
    if not isinstance(text, str) or ("{" not in text and "|" not in text):
        return False
    try:
        links = content._get_intrasite_link_regex()
    except (AttributeError, KeyError):
        return False
    return any(match.group("what") in ("filename", "static", "attach") for match in links.finditer(text))


def _digest(digest: bytes) -> bytes:
    """What a walked object stands for in :meth:`Fingerprinter._pickled` (never called: only named)."""
    return digest


class _Digests(pickle.Pickler):
    """A pickler that writes each object other than plain values as its walked fingerprint."""

    def __init__(self, handle, fingerprints: "Fingerprinter"):
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.fingerprints = fingerprints

    def reducer_override(self, obj):
        # Pickle asks about every dict, list and tuple too (a million calls a rebuild): answer those first.
        if type(obj) in _CONTAINERS or obj is _digest or isinstance(obj, PICKLED_AS_THEY_ARE):
            return NotImplemented
        if isinstance(obj, Content):
            return _digest, (b"c" + obj.source_path.encode("utf-8", "surrogatepass"),)
        return _digest, (self.fingerprints.own_digest(obj),)


def template_variables(template) -> frozenset[str] | None:
    """Names of the context variables ``template`` and the templates it uses can read.

    ``None`` when a template is chosen at render time (``{% include name %}``
    with a variable): then every variable counts.
    """
    return _variables(template.environment, template.name)


@lru_cache(maxsize=None)
def _variables(environment, name: str):
    source, _, _ = environment.loader.get_source(environment, name)
    ast = environment.parse(source)
    names = set(meta.find_undeclared_variables(ast)) - NOT_CONTEXT
    for referenced in meta.find_referenced_templates(ast):
        if referenced is None:
            return None
        inner = _variables(environment, referenced)
        if inner is None:
            return None
        names |= inner
    return frozenset(names)

