"""`briefing tag`: JSON lines in, the same tags ingest would give out."""

from __future__ import annotations

import json

from click.testing import CliRunner

from briefing.cli import main
from briefing.ingest import tag_article
from briefing.tag import default_tagger
from briefing.text import read_text_article
from conftest import SEED


def test_tag_reads_and_writes_json_lines():
    seed = read_text_article(SEED)
    stories = [
        {"id": "seed", "title": seed.title, "text": seed.body},
        {"id": 2, "title": "TOKYO STOCKS CLOSE HIGHER", "text": "TOKYO, March 3 - Japanese shares closed higher on Tuesday."},
        {"id": 3, "title": "Hamas agrees to truce talks", "text": "Hamas said it would send envoys to Cairo. Egypt hosts the talks."},
    ]
    stdin = "\n".join(json.dumps(story) for story in stories) + "\n"
    result = CliRunner().invoke(main, ["tag"], input=stdin)
    assert result.exit_code == 0, result.output
    first, second, third = [json.loads(line) for line in result.output.splitlines()]
    assert first["id"] == "seed" and second["id"] == 2
    assert set(first) == {"id", "lang", "tags", "countries", "organisations", "actors", "regions", "places"}
    assert {"Belarus", "China", "NATO"} <= set(first["tags"])
    assert {"name": "Belarus", "iso2": "BY"} in first["countries"]
    assert "NATO" in first["organisations"]
    assert {"Eastern Europe", "Eastern Asia"} <= set(first["regions"])
    assert any(place["name"] == "Brest" and place["country"] == "BY" for place in first["places"])
    assert [c["iso2"] for c in second["countries"]] == ["JP"]
    assert third["actors"] == ["Hamas"] and "Hamas" in third["tags"]
    assert "Hamas" not in third["organisations"] and {"name": "Egypt", "iso2": "EG"} in third["countries"]


def test_tag_gives_what_ingest_gives():
    seed = read_text_article(SEED)
    result = CliRunner().invoke(main, ["tag"], input=json.dumps({"id": 1, "title": seed.title, "text": seed.body}))
    assert json.loads(result.output)["tags"] == tag_article(seed, default_tagger()).tags


def test_a_bad_line_is_one_clear_error():
    result = CliRunner().invoke(main, ["tag"], input='{"id": 1, "title": "ok", "text": "fine"}\nnot json\n')
    assert result.exit_code == 1
    assert "stdin: line 2" in result.output
