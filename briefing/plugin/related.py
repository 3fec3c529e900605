"""Related briefings by shared tags and regions, and the previous and next briefing by date.

Comparing every briefing with every other is quadratic. Instead an inverted
index maps each tag and region to its briefings in date order; a briefing's
candidates are the neighbours in date of its own position in each of its
lists, at most ``WINDOW`` on either side. The work is then linear in the
number of briefings, whatever the size of a tag like "China". A shared tag
weighs more than a shared region, and a rare one more than a common one.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy
from pelican import signals

RELATED_COUNT = 4
WINDOW = 50
"""Candidates taken from each tag or region list on each side of the briefing, in date order."""
WEIGHTS = {"tag": 1.0, "region": 0.4}


def briefing_keys(briefing) -> list[tuple[str, str]]:
    """The index keys of a briefing: ``("tag", slug)`` and ``("region", slug)``."""
    keys = [("tag", tag.slug) for tag in getattr(briefing, "tags", None) or []]
    keys += [("region", region.slug) for region in getattr(briefing, "regions", None) or []]
    return list(dict.fromkeys(keys))


def related_positions(position: int, keys, index, total: int, count: int = RELATED_COUNT) -> list[int]:
    """Positions of the ``count`` best candidates for the briefing at ``position``.

    Scores are summed with numpy in the same order the keys come in, so they
    are the same floats a loop over the candidates adds up; best first by
    score, then nearest in date, then newest.
    """
    windows, weights = [], []
    for key in keys:
        postings = index[key]
        if len(postings) < 2:
            continue
        weight = WEIGHTS[key[0]] * math.log(1 + total / len(postings))
        at = int(postings.searchsorted(position))
        window = postings[max(0, at - WINDOW): at + WINDOW + 1]
        windows.append(window)
        weights.append(numpy.full(len(window), weight))
    if not windows:
        return []
    others = numpy.concatenate(windows)
    keep = others != position
    candidates, slot = numpy.unique(others[keep], return_inverse=True)
    scores = numpy.bincount(slot, weights=numpy.concatenate(weights)[keep], minlength=len(candidates))
    best = numpy.lexsort((-candidates, numpy.abs(candidates - position), -scores))[:count]
    return [int(other) for other in candidates[best]]


def date_order(briefings) -> list:
    """Oldest first, with the slug breaking ties so the order is the same on every build."""
    return sorted(briefings, key=lambda briefing: (briefing.date, briefing.slug))


def build_index(ordered) -> dict[tuple[str, str], numpy.ndarray]:
    """``{key: positions in ordered}``; positions ascend, so each array is in date order."""
    return index_keys([briefing_keys(briefing) for briefing in ordered])


def index_keys(keys: list[list[tuple[str, str]]]) -> dict[tuple[str, str], numpy.ndarray]:
    """:func:`build_index` from each briefing's :func:`briefing_keys`, in date order."""
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for position, own in enumerate(keys):
        for key in own:
            index[key].append(position)
    return {key: numpy.array(positions, dtype=numpy.int64) for key, positions in index.items()}


def related_lists(keys: list[list[tuple[str, str]]]) -> list[list[int]]:
    """For each briefing in date order (given by its :func:`briefing_keys`), the positions of its related briefings."""
    index = index_keys(keys)
    return [related_positions(position, own, index, len(keys)) for position, own in enumerate(keys)]


_pending: list = []
"""The related lists being worked out beside the build: ``[(helper, briefings in date order)]``."""


def link_briefings(article_generator) -> None:
    """Set ``previous_briefing`` (older) and ``next_briefing`` (newer); start working out ``related_briefings``.

    The related lists are a whole-site pass (0.5 s at 10,000 briefings) that
    nothing reads before the pages are written: during ``briefing build`` on
    two cores they are worked out in a helper process on the idle core while
    Pelican and the other plugins build the context, and set by
    :func:`set_related` once every generator is done.
    """
    from briefing.build.beside import Beside

    ordered = date_order(article_generator.articles)
    for position, briefing in enumerate(ordered):
        briefing.related_briefings = []  # set by set_related; here so the attributes keep their order
        briefing.previous_briefing = ordered[position - 1] if position > 0 else None
        briefing.next_briefing = ordered[position + 1] if position + 1 < len(ordered) else None
    for draft in article_generator.drafts:
        draft.related_briefings, draft.previous_briefing, draft.next_briefing = [], None, None
    keys = [briefing_keys(briefing) for briefing in ordered]
    while _pending:  # a build that stopped before its lists were set
        _pending.pop()[0].cancel()
    _pending.append((Beside(related_lists, keys, items=len(ordered)), ordered))


def set_related(*_args) -> None:
    """``all_generators_finalized`` receiver: give each briefing its ``related_briefings``."""
    while _pending:
        helper, ordered = _pending.pop()
        for briefing, positions in zip(ordered, helper.result()):
            briefing.related_briefings = [ordered[other] for other in positions]


def register():
    signals.article_generator_finalized.connect(link_briefings)
    signals.all_generators_finalized.connect(set_related)
