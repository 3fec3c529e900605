"""The site as the last full-pipeline build left it, kept so a later build can render a few pages without Pelican.

After a build that ran Pelican's whole pipeline, :func:`take` pickles what the
pages showing briefings' text were rendered from (see :mod:`briefing.plugin.reads`):

* each such page's *recipe*: its template's name, its own variables and its
  feed arguments;
* every content (briefing, page, static file) and URL wrapper (tag, region,
  category) those reach, each in its own entry, with its attributes as the
  plugins left them; a content or wrapper named inside another entry is a
  reference to its entry, so the graph keeps its links and its identities;
* the site's shared context, its settings by reference.

:class:`Restorer` brings back only what a render touches: a content or wrapper
comes back as an empty object of a subclass of its class whose first attribute
lookup fills it from its entry and gives it its own class back. Rendering one
briefing's page so unpickles that briefing, its neighbours and related
briefings, and the context; not the other 10,000.

Anything that does not pickle (a function defined in a settings file, a
generator left in the context) means no snapshot: the next build runs the
whole pipeline, as it would without one.
"""

from __future__ import annotations

import importlib
import io
import logging
import pickle
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Template
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from .reading import Reference, SharingPickler

logger = logging.getLogger(__name__)

@dataclass
class Snapshot:
    """What :func:`take` kept of one build (written to the build cache entry by entry, see :mod:`.fastpath`)."""

    recipes: dict = field(default_factory=dict)
    """``{output file: pickled (kind, template name, own variables, feed arguments, feed options)}``."""
    contents: dict = field(default_factory=dict)
    """``{source path: (class module, class name, pickled attributes)}``."""
    wrappers: dict = field(default_factory=dict)
    """``{number: (class module, class name, pickled attributes)}``: tags, regions, categories, authors."""
    context: bytes = b""
    """The shared context, pickled."""
    files: dict = field(default_factory=dict)
    """``{path under the content folder: (size, mtime, inode)}`` when the build started."""
    briefings: dict = field(default_factory=dict)
    """``{path under the content folder: (stamp, public digest, source path)}`` of the briefings as read."""
    readers: dict = field(default_factory=dict)
    """``{source path: [output files showing its text]}``."""
    blocked: set = field(default_factory=set)
    """Source paths whose text shows in a file that several jobs write."""
    head: str | None = None
    """The content repository's commit."""
    histories: dict = field(default_factory=dict)
    """``{source path: (revisions shown, newest commit's date)}`` of the briefings (see :mod:`briefing.plugin.history`)."""
    counts: dict = field(default_factory=dict)
    """The build's counts of briefings, pages and problems, for the closing line."""
    made: dict = field(default_factory=dict)
    """How many pages and feeds the site has, for the closing line."""
    problems: list = field(default_factory=list)
    """The warnings the build reported (:class:`briefing.check.Problem`), in order."""
    folder: str = ""
    """The folder the build ran in: the problems name files from there."""
    links: tuple = ({}, {})
    """The site's briefing slugs and published tag and region slugs (:func:`briefing.plugin.problems.site_links`)."""


PLAIN_STATE = (str, int, bool, type(None))
"""Attribute types (exactly these) of a tag or author that :func:`_state_key` compares by value."""


def _state_key(wrapper, settings: dict) -> tuple | None:
    """What makes a tag, author or region what it is, when its attributes are plain values; else None.

    The reader gives each briefing its own ``Author`` and its own tags in its
    metadata: 44,000 wrappers at 10,000 briefings, each its own snapshot entry
    (a third of the snapshot's time) though a few hundred differ.
    """
    key = [type(wrapper)]
    for name, value in vars(wrapper).items():
        if name == "settings" and value is settings:
            continue
        if type(value) not in PLAIN_STATE:
            return None
        key.append((name, type(value), value))
    return tuple(key)


class _Shared:
    """The references of one snapshot being taken, and the entries still to pickle."""

    def __init__(self, settings: dict, context: dict):
        self.settings, self.context = settings, context
        self.contents: dict[str, object] = {}
        self.wrappers: dict[int, tuple[int, object]] = {}
        self.by_state: dict[tuple, int] = {}
        self.entries = 0
        self.pending: list = []

    def content_id(self, content):
        known = self.contents.get(content.source_path)
        if known is None:
            self.contents[content.source_path] = content
            self.pending.append(content)
        elif known is not content:
            raise ValueError(f"two contents from {content.source_path}")
        return ("c", content.source_path)

    def wrapper_id(self, wrapper):
        known = self.wrappers.get(id(wrapper))
        if known is None:
            # Wrappers equal in class and plain attributes are one entry (restored as one object): none
            # of them is changed once the pages are rendered, and templates compare them by value.
            state = _state_key(wrapper, self.settings)
            number = self.by_state.get(state) if state is not None else None
            if number is None:
                number, self.entries = self.entries, self.entries + 1
                self.pending.append(wrapper)
                if state is not None:
                    self.by_state[state] = number
            known = self.wrappers[id(wrapper)] = (number, wrapper)
        return ("w", known[0])


_CONTENT, _WRAPPER, _TEMPLATE, _STATEFUL, _AS_IT_IS = range(5)
_kinds: dict[type, int] = {}


def _kind(cls: type) -> int:
    """How :class:`_Taker` pickles an instance of ``cls`` (worked out once per class)."""
    kind = _kinds.get(cls)
    if kind is None:
        if issubclass(cls, Content):
            kind = _CONTENT
        elif issubclass(cls, URLWrapper):
            kind = _WRAPPER
        elif issubclass(cls, Template):
            kind = _TEMPLATE
        elif issubclass(cls, (type, Reference)) or not cls.__dictoffset__:
            kind = _AS_IT_IS  # no attributes of its own that could hold the settings or the context
        else:
            kind = _STATEFUL
        kind = _kinds[cls] = kind
    return kind


class _Taker(SharingPickler):
    """Pickles one entry; contents, wrappers and templates become references, as do the settings and context."""

    def __init__(self, handle, taking: _Shared):
        super().__init__(handle, taking.settings, taking.context, (_SETTINGS, _CONTEXT))
        self.taking = taking

    def reducer_override(self, obj):
        # Asked about every object that is not a str, number, list, dict or tuple (about 600,000 at
        # 10,000 briefings: functions, numpy's floats, dates): by class, once, not by isinstance each time.
        kind = _kind(type(obj))
        if kind == _AS_IT_IS:
            return NotImplemented
        if kind == _CONTENT:
            return _ref, (self.taking.content_id(obj),)
        if kind == _WRAPPER:
            return _ref, (self.taking.wrapper_id(obj),)
        if kind == _TEMPLATE:
            return _ref, (("t", obj.name),)
        return super().reducer_override(obj)  # a paginator, say, holding the settings


def _dump(shared: _Shared, value, attributes: bool = False) -> bytes:
    """``value`` pickled; with ``attributes``, an object's attributes, its settings and context as references."""
    handle = io.BytesIO()
    taker = _Taker(handle, shared)  # a new pickler each time: clearing a large memo costs more
    taker.dump(taker.shared(vars(value)) if attributes else value)
    return handle.getvalue()


def take(jobs, names: set[str], settings: dict, context: dict, write=None) -> Snapshot | None:
    """A snapshot holding the recipes of the ``jobs`` whose names are in ``names``; None if it cannot be taken.

    ``write(table, key, blob)``, when given, receives each entry as soon as it is
    pickled ("recipes", "contents" or "wrappers" with its key; "context" with
    None), and the snapshot returned holds none of them: held all at once until
    the end, the entries were the build's peak memory at 50,000 briefings.
    """
    shared = _Shared(settings, context)
    snapshot = Snapshot()
    if write is None:
        def write(table, key, blob):
            if table == "context":
                snapshot.context = blob
            else:
                getattr(snapshot, table)[key] = blob
    try:
        for job in jobs:
            if job.name not in names:
                continue
            if job.shared is not None and job.shared is not context:
                return None  # a page rendered from a context of its own: not kept
            template = job.template.name if job.template is not None else None
            feed_args = tuple(_CONTEXT if value is context else value for value in job.feed_args)
            write("recipes", job.name, _dump(shared, (job.kind, template, job.kwargs, feed_args, job.feed_kwargs)))
        # The context starts as a copy of the settings: those values are taken from the settings again.
        write("context", None, _dump(shared, [
            (name, _SETTINGS if name in settings and value is settings[name] else value)
            for name, value in context.items()]))
        while shared.pending:
            obj = shared.pending.pop()
            kind = type(obj)
            entry = (kind.__module__, kind.__qualname__, _dump(shared, obj, attributes=True))
            if isinstance(obj, Content):
                write("contents", obj.source_path, entry)
            else:
                write("wrappers", shared.wrappers[id(obj)][0], entry)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError) as error:
        logger.info("build cache: no snapshot of this build (%s); the next build runs the whole pipeline", error)
        return None
    return snapshot


def _ref(pid):
    """What a reference in a snapshot's pickle stands for (called while one is restored)."""
    return _restorer.reference(pid)


_SETTINGS, _CONTEXT = Reference(_ref, "S"), Reference(_ref, "X")


# Restoring.

_restorer: "Restorer | None" = None
_lazy_classes: dict[type, type] = {}


def _fill_on_first_use(self, name):
    """``__getattr__`` of a restored object not yet filled: fill it, then look again."""
    restorer = _restorer
    if restorer is None or not restorer.fill(self):
        raise AttributeError(name)
    return getattr(self, name)


def _lazy_class(cls: type) -> type:
    lazy = _lazy_classes.get(cls)
    if lazy is None:
        lazy = _lazy_classes[cls] = type(cls.__name__, (cls,), {
            "__getattr__": _fill_on_first_use, "__module__": cls.__module__, "__qualname__": cls.__qualname__,
        })
    return lazy


@lru_cache(maxsize=None)
def _class(module: str, name: str) -> type:
    target = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    return target


class Restorer:
    """Objects of a :class:`Snapshot`, brought back on first use, for one build's settings and templates."""

    def __init__(self, snapshot: Snapshot, settings: dict, environment):
        global _restorer
        self.snapshot, self.settings, self.environment = snapshot, settings, environment
        self._objects: dict[tuple, object] = {}
        self._unfilled: dict[int, tuple] = {}
        self._context: dict | None = None
        _restorer = self

    def close(self) -> None:
        """Stop filling objects (they are not used after the render)."""
        global _restorer
        if _restorer is self:
            _restorer = None

    def load(self, blob: bytes):
        return pickle.loads(blob)  # its references call _ref, which asks this restorer

    @property
    def context(self) -> dict:
        """The shared context (made once; its values come back on use)."""
        if self._context is None:
            self._context = {}
            for name, value in self.load(self.snapshot.context):
                self._context[name] = self.settings[name] if value is self.settings else value
        return self._context

    def reference(self, pid):
        known = self._objects.get(pid)
        if known is not None:
            return known
        if pid == "S":
            return self.settings
        if pid == "X":
            return self.context
        kind, key = pid
        if kind == "t":
            return self.environment.get_template(key)
        known = self._objects.get(pid)
        if known is None:
            table = self.snapshot.contents if kind == "c" else self.snapshot.wrappers
            module, name, blob = table[key]
            cls = _class(module, name)
            known = self._objects[pid] = object.__new__(_lazy_class(cls))
            self._unfilled[id(known)] = (known, cls, blob)
        return known

    def content(self, source_path: str):
        """The content read from ``source_path``, as the snapshot's build left it (filled)."""
        content = self.reference(("c", source_path))
        self.fill(content)
        return content

    def fill(self, obj) -> bool:
        """Give a restored object its attributes and its own class; whether there was anything to fill."""
        entry = self._unfilled.pop(id(obj), None)
        if entry is None:
            return False
        _, cls, blob = entry
        state = self.load(blob)
        obj.__class__ = cls
        obj.__dict__.update(state)
        return True

    def recipe(self, name: str):
        """``(kind, template, own variables, feed arguments, feed options)`` of the output file ``name``."""
        kind, template, kwargs, feed_args, feed_kwargs = self.load(self.snapshot.recipes[name])
        return kind, (self.environment.get_template(template) if template else None), kwargs, feed_args, feed_kwargs
