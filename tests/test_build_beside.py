"""Whole-site passes worked out beside the build, on the core its one-core stretch before rendering left idle.

``briefing.build.beside`` forks a helper for a pure computation while the
build's process goes on; the related lists and half the briefings'
fingerprints are worked out there. The pages must be those one process writes
(``test_build_parallel`` compares ``--jobs 2`` with ``--jobs 1`` on a site as large); these tests
check that the helper is really used, and that a failed helper only means the
build works the result out itself.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from briefing.build import BuildSession, beside, plugin
from conftest import ROOT
from test_build_parallel import grown_site

HELPER_CHECK = """
import os, sys
MAIN = os.getpid()
from briefing.build import build_site, fingerprint
from briefing.plugin import related
related_lists, own_digests = related.related_lists, fingerprint.Fingerprinter._own_digests
def noting(kind, function):
    def run(*args):
        with open(sys.argv[5], "a", encoding="ascii") as handle:
            handle.write(f"{kind} {os.getpid() == MAIN}\\n")
        return function(*args)
    return run
related.related_lists = noting("related", related_lists)
fingerprint.Fingerprinter._own_digests = noting("fingerprints", own_digests)
build_site(sys.argv[1], path=sys.argv[2], output=sys.argv[3], cache_dir=sys.argv[4], full=True, search=False,
           jobs=int(sys.argv[6]))
"""


def computed_where(tmp_path, site, jobs: int) -> list[str]:
    """Build ``site`` with ``jobs``; which passes were computed and whether in the build's own process."""
    noted = tmp_path / f"noted-{jobs}.txt"
    result = subprocess.run(
        [sys.executable, "-c", HELPER_CHECK, str(site.settings), str(site.content), str(tmp_path / f"out-{jobs}"),
         str(tmp_path / f"cache-{jobs}"), str(noted), str(jobs)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 0, result.stderr
    return sorted(noted.read_text(encoding="ascii").splitlines())


def test_the_related_lists_and_half_the_fingerprints_are_worked_out_beside_a_two_job_build(tmp_path):
    """Between reading and rendering the build ran on one core while the other idled (about 4 s of a
    10,000-briefing full build): the related lists (0.5 s) and the briefings' own fingerprints (0.7 s)
    are now worked out there in part, in a forked helper; with one job, all of it in the build's process."""
    site = grown_site(tmp_path)
    assert computed_where(tmp_path, site, 2) == ["fingerprints False", "related False"]
    assert computed_where(tmp_path, site, 1) == ["fingerprints True", "related True"]


def failing_beside(parent: int) -> int:
    """Fails in any process but ``parent``: a helper that cannot do its work."""
    if os.getpid() != parent:
        raise RuntimeError("no luck in the helper")
    return 42


@pytest.fixture
def two_job_build():
    plugin.ACTIVE = BuildSession(cache=None, jobs=2)
    try:
        yield
    finally:
        plugin.ACTIVE = None


def test_a_helper_computes_beside_the_build_and_gives_its_result(two_job_build):
    helper = beside.Beside(os.getpid, items=10_000)
    assert helper.result() != os.getpid()


def test_a_failed_helper_leaves_the_result_to_the_build(two_job_build):
    helper = beside.Beside(failing_beside, os.getpid(), items=10_000)
    assert helper.result() == 42


def test_without_a_build_or_with_little_work_nothing_is_forked():
    assert beside.Beside(os.getpid, items=10_000).result() == os.getpid()
    plugin.ACTIVE = BuildSession(cache=None, jobs=2)
    try:
        assert beside.Beside(os.getpid, items=3).result() == os.getpid()
    finally:
        plugin.ACTIVE = None

