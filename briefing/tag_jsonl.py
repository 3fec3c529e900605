"""Tag a stream of JSON lines: the library half of the ``briefing tag`` command."""

from __future__ import annotations

import json
from typing import IO

from briefing.tag import Tagger


def tag_stream(infile: IO[str], outfile: IO[str], tagger: Tagger) -> int:
    """Read ``{"id", "title", "text"}`` lines from ``infile``, write one tag line each to ``outfile``.

    An optional ``"lang"`` (ISO 639-1) skips language detection.  Output lines
    are ``{"id", "lang", "tags", "countries": [{"name", "iso2"}],
    "organisations", "actors", "regions", "places"}``.  Blank lines are skipped.  A line
    that is not a JSON object raises ``ValueError`` naming its line number.
    Returns the number of lines written.
    """
    written = 0
    for number, line in enumerate(infile, 1):
        if not line.strip():
            continue
        try:
            story = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"line {number}: not valid JSON ({exc})") from exc
        if not isinstance(story, dict):
            raise ValueError(f"line {number}: expected a JSON object")
        lang = story.get("lang")
        result = tagger.tag(str(story.get("title") or ""), str(story.get("text") or ""),
                            lang=lang if isinstance(lang, str) and lang else None)
        record = {
            "id": story.get("id"),
            "lang": result.lang,
            "tags": result.tags,
            "countries": [{"name": c.name, "iso2": c.iso2} for c in result.countries],
            "organisations": result.organisations,
            "actors": result.actors,
            "regions": result.regions,
            "places": result.places,
        }
        outfile.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return written
