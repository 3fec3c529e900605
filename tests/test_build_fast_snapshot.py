"""What the text-only rebuild's snapshot holds: one entry per distinct tag or author, plain data a briefing's locator.

The snapshot is pickled after every whole-pipeline build (2 s of a
10,000-briefing full build before this work); these guard what made it cheaper.
Its restored pages are checked byte for byte by ``test_build``'s text-only tests.
"""

from __future__ import annotations

import random
from collections import Counter

from briefing.build.fastpath import _load
from test_build import Site, run_build


def test_equal_authors_and_tags_are_one_entry_and_locators_are_plain_data(tmp_path):
    """The reader gives each briefing its own Author and its own tags in its metadata: 44,000 entries at
    10,000 briefings, a third of the snapshot's time, for a few hundred distinct ones. And numpy's floats in
    each locator's places (100,000) sent every briefing through pickle's slow path, here and in its fingerprint."""
    site = Site(tmp_path, random.Random(3))
    while site.count < 12:
        site.add()
    cache = tmp_path / "cache"
    run_build(site, tmp_path / "output", cache)
    snapshot = _load(cache)
    assert snapshot is not None
    kinds = Counter(name for _, name, _ in snapshot.wrappers.values())
    assert kinds["Author"] == 1, kinds
    assert len(snapshot.contents) >= 12
    with_places = [blob for _, _, blob in snapshot.contents.values() if b"locator" in blob]
    assert with_places
    assert not any(b"numpy" in blob for blob in with_places)  # no numpy value pickled in a briefing's entry
