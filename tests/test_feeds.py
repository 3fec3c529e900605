"""Feeds' addresses and ids when nothing is set: the site's own host and port, never example.org.

QA trial: a local build served with ``briefing serve --port 8123`` wrote feeds
linking to port 8000, and every site that did not set ``FEED_ID_AUTHORITY``
minted its feed ids under ``example.org``. (``tests/test_validators.py``
checks that ids survive a move of host once the authority is set.)
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import threading
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, build_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "site"


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(SITE_FIXTURES, folder)
    return folder


def ids_and_links(feed: Path) -> tuple[list[str], list[str]]:
    root = ET.parse(feed).getroot()
    ids = [element.text for element in root.iter(f"{ATOM}id")]
    links = [element.get("href") for element in root.iter(f"{ATOM}link")]
    return ids, links


def test_a_hosted_site_without_an_authority_mints_ids_under_its_own_host(content, tmp_path, monkeypatch):
    monkeypatch.delenv("FEED_ID_AUTHORITY", raising=False)
    output = build_site(content, tmp_path / "output", "publishconf.py", SITEURL="https://news.example.com/desk",
                        FEED_DOMAIN="https://news.example.com/desk", FEED_ID_AUTHORITY="")
    ids, links = ids_and_links(output / "feeds" / "all.atom.xml")
    assert ids[0] == "tag:news.example.com,2024:feeds/all.atom.xml"
    assert all(identity.startswith("tag:news.example.com,2024:") for identity in ids), ids
    assert not [link for link in links if "example.org" in link]


def test_the_authority_can_be_set_from_the_environment(content, tmp_path, monkeypatch):
    monkeypatch.setenv("FEED_ID_AUTHORITY", "desk@example.net,2025-01")
    monkeypatch.delitem(sys.modules, "pelicanconf", raising=False)  # publishconf imports it; read it anew
    output = build_site(content, tmp_path / "output", "publishconf.py", SITEURL="https://news.example.com",
                        FEED_DOMAIN="https://news.example.com")
    ids, _ = ids_and_links(output / "feeds" / "all.atom.xml")
    assert ids[0] == "tag:desk@example.net,2025-01:feeds/all.atom.xml"


def test_serve_writes_feeds_for_the_port_it_serves(tmp_path):
    """`briefing serve --port 0` picks a free port; the feeds it builds name that port, not 8000."""
    from briefing.build.serve import serve

    site = tmp_path / "site"
    shutil.copytree(SITE_FIXTURES, site / "content")
    shutil.copy(ROOT / "pelicanconf.py", site / "pelicanconf.py")
    shutil.copytree(ROOT / "theme", site / "theme")
    lines: list[str] = []
    stop = threading.Event()
    serving = threading.Event()

    def echo(line: str) -> None:
        lines.append(line)
        if line.startswith("Serving"):
            serving.set()

    thread = threading.Thread(target=serve, args=(site / "pelicanconf.py", site / "output"), daemon=True,
                              kwargs={"port": 0, "content": site / "content", "cache_dir": site / "cache",
                                      "echo": echo, "stop": stop})
    thread.start()
    try:
        assert serving.wait(300), lines
        address = next(line for line in lines if line.startswith("Serving")).split(" at ")[1].split(" ")[0]
        assert not address.endswith(":8000/")
        feed = urllib.request.urlopen(address + "feeds/all.atom.xml", timeout=30).read().decode()
        root = ET.fromstring(feed)
        links = [element.get("href") for element in root.iter(f"{ATOM}link")]
        assert links and all(link.startswith(address) for link in links), (address, links[:3])
    finally:
        stop.set()
        thread.join(timeout=60)


def test_feed_ids_are_dated_by_the_earliest_briefing_and_stay_when_briefings_are_added(content, tmp_path, monkeypatch):
    """QA leftover: an unset authority was dated 2024 whatever the site; now the earliest briefing's year,
    the same from build to build as newer briefings come, and an incremental build follows a new earliest one."""
    import subprocess

    from conftest import briefing_command
    from editorial import write_ingested

    monkeypatch.delenv("FEED_ID_AUTHORITY", raising=False)

    def build(output: Path, *extra: str) -> list[str]:
        done = subprocess.run([*briefing_command("build"), "--content", str(content), "-o", str(output),
                               "--cache", str(tmp_path / "cache"), "--no-search", *extra],
                              capture_output=True, text=True, cwd=ROOT, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return [i for feed in sorted((output / "feeds").rglob("*.atom.xml")) for i in ids_and_links(feed)[0]]

    write_ingested(content, "old-talks", "Talks of 2019", ["Belarus"], ["Eastern Europe"], date=dt.date(2019, 3, 1))
    first = build(tmp_path / "output")
    assert first and all(identity.startswith("tag:127.0.0.1,2019:") for identity in first), first[:3]
    write_ingested(content, "new-talks", "Talks of 2026", ["Belarus"], ["Eastern Europe"], date=dt.date(2026, 1, 5))
    again = build(tmp_path / "output")
    assert set(first) <= set(again) and all(identity.startswith("tag:127.0.0.1,2019:") for identity in again)
    # A briefing older than all the others moves the date of every id, also in feeds the edit did not touch.
    # Tagged with nothing else's tags, so most feeds show none of the briefings it changes.
    write_ingested(content, "older-talks", "Talks of 2017", ["Chile"], ["South America"], date=dt.date(2017, 5, 2))
    moved = build(tmp_path / "output")
    assert all(identity.startswith("tag:127.0.0.1,2017:") for identity in moved), [i for i in moved if ",2017:" not in i][:3]
    assert moved == build(tmp_path / "clean", "--full")


def test_a_huge_briefing_goes_into_feeds_as_its_summary_and_a_link(content, tmp_path):
    """QA leftover: feeds carried each briefing's whole text, so one 1.2 MB article made the site's
    feed and each of its tags' and regions' feeds over a megabyte. A feed reader gets the whole text
    of an ordinary briefing, and the summary and a link to the page for one over 64 KB."""
    from checkers import ATOM_SCHEMA, jing_command, run
    from editorial import write_ingested

    paragraph = "The delegations met again in Minsk and agreed on nothing new. " * 20
    write_ingested(content, "huge-dossier", "A huge dossier on Belarus", ["Belarus"], ["Eastern Europe"],
                   body="\n\n".join([paragraph] * 1000), date=dt.date(2024, 7, 20))
    assert (content / "briefings/huge-dossier.md").stat().st_size > 1_200_000
    output = build_site(content, tmp_path / "output")
    for feed in ("feeds/all.atom.xml", "feeds/tag/belarus.atom.xml", "feeds/region/eastern-europe.atom.xml"):
        path = output / feed
        assert path.stat().st_size < 100_000, (feed, path.stat().st_size)
        entries = {entry.find(f"{ATOM}link").get("href"): entry for entry in ET.parse(path).getroot().iter(f"{ATOM}entry")}
        huge = entries.pop("http://127.0.0.1:8000/briefing/huge-dossier/")
        assert huge.find(f"{ATOM}content") is None
        summary = huge.find(f"{ATOM}summary").text
        assert summary.startswith("<p>A huge dossier on Belarus: what happened.</p>")
        assert '<a href="http://127.0.0.1:8000/briefing/huge-dossier/">Read the whole briefing on the site</a>' in summary
        # Every other briefing keeps its whole text.
        assert entries and all(entry.find(f"{ATOM}content").text for entry in entries.values())
    result = run([*jing_command(), "-c", str(ATOM_SCHEMA)], [output / "feeds/all.atom.xml"])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("limit", ["64 KB", -1, True])
def test_a_malformed_full_text_limit_stops_the_build_naming_it(content, tmp_path, limit):
    from briefing.plugin.feeds import FeedSettingError

    with pytest.raises(FeedSettingError, match=f"FEED_FULL_TEXT_MAX_BYTES = {limit!r}: expected a number of bytes"):
        build_site(content, tmp_path / "output", FEED_FULL_TEXT_MAX_BYTES=limit)
