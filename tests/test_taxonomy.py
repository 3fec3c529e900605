"""The taxonomy data file: the packaged one is complete, and bad files are rejected."""

from __future__ import annotations

import pycountry
import pytest
import yaml

from briefing.errors import TaxonomyError
from briefing.taxonomy import DEFAULT_PATH, load_taxonomy

REQUIRED_ORGANISATIONS = ["NATO", "EU", "UN", "OSCE", "CSTO", "SCO", "BRICS", "ASEAN",
                          "African Union", "G7", "G20", "OPEC", "IAEA", "WHO", "IMF", "World Bank"]


def write(tmp_path, data: dict):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def minimal() -> dict:
    return {
        "regions": [{"id": "eastern-europe", "name": "Eastern Europe"},
                    {"id": "eastern-asia", "name": "Eastern Asia"}],
        "entries": [
            {"name": "Belarus", "kind": "country", "iso2": "BY", "regions": ["eastern-europe"],
             "aliases": ["Belarus"], "capitals": ["Minsk"]},
            {"name": "China", "kind": "country", "iso2": "CN", "regions": ["eastern-asia"],
             "aliases": ["China", "PRC"], "exact_case": ["PRC"]},
            {"name": "NATO", "kind": "organisation", "aliases": ["NATO"]},
        ],
    }


def test_packaged_file_loads():
    taxonomy = load_taxonomy()
    assert taxonomy.path == DEFAULT_PATH
    assert load_taxonomy() is taxonomy  # cached: the CLI and the tagger share one load


def test_every_pycountry_country_is_present():
    codes = {entry.iso2 for entry in load_taxonomy().entries if entry.kind == "country"}
    missing = {c.alpha_2 for c in pycountry.countries} - codes
    assert not missing


@pytest.mark.parametrize("name", REQUIRED_ORGANISATIONS)
def test_required_organisation_is_present(name):
    entry = load_taxonomy().by_name[name]
    assert entry.kind == "organisation"
    assert entry.aliases


def test_every_country_has_a_known_region():
    taxonomy = load_taxonomy()
    for entry in taxonomy.entries:
        if entry.kind == "country":
            assert entry.regions and all(r in taxonomy.regions for r in entry.regions), entry.name


def test_seed_countries_have_their_un_subregion():
    taxonomy = load_taxonomy()
    assert taxonomy.regions[taxonomy.by_name["Belarus"].regions[0]].name == "Eastern Europe"
    assert taxonomy.regions[taxonomy.by_name["China"].regions[0]].name == "Eastern Asia"


def test_minimal_file_loads(tmp_path):
    taxonomy = load_taxonomy(write(tmp_path, minimal()))
    assert [e.name for e in taxonomy.entries] == ["Belarus", "China", "NATO"]
    assert taxonomy.by_name["China"].exact_case == {"PRC"}


def test_duplicate_alias_names_both_entries(tmp_path):
    data = minimal()
    data["entries"][1]["aliases"].append("minsk")  # case-insensitively equal to Belarus's capital
    with pytest.raises(TaxonomyError) as error:
        load_taxonomy(write(tmp_path, data))
    assert "'minsk'" in error.value.reason
    assert "'Belarus'" in error.value.reason and "'China'" in error.value.reason


def test_unknown_region_is_an_error(tmp_path):
    data = minimal()
    data["entries"][0]["regions"] = ["eastern-europa"]
    with pytest.raises(TaxonomyError, match="unknown region 'eastern-europa'"):
        load_taxonomy(write(tmp_path, data))


def test_all_problems_are_reported_together(tmp_path):
    data = minimal()
    data["entries"][0]["iso2"] = "XX"
    del data["entries"][1]["kind"]
    data["entries"][2]["aliases"].append("China")
    with pytest.raises(TaxonomyError) as error:
        load_taxonomy(write(tmp_path, data))
    reason = error.value.reason
    assert "iso2 'XX'" in reason
    assert "entry 'China': kind must be" in reason
    assert "duplicate alias 'China'" in reason
    assert str(tmp_path) in str(error.value)


def test_missing_fields_are_errors(tmp_path):
    data = minimal()
    del data["entries"][0]["regions"]
    data["entries"].append({"kind": "country", "iso2": "PL"})
    with pytest.raises(TaxonomyError) as error:
        load_taxonomy(write(tmp_path, data))
    assert "'Belarus': a country needs at least one region" in error.value.reason
    assert "entry #4: needs a 'name'" in error.value.reason


def test_flags_must_name_own_aliases(tmp_path):
    data = minimal()
    data["entries"][0]["exact_case"] = ["BY"]
    with pytest.raises(TaxonomyError, match="exact_case lists 'BY'"):
        load_taxonomy(write(tmp_path, data))


def test_ambiguous_reading_must_name_an_entry(tmp_path):
    data = minimal()
    data["ambiguous"] = [{"alias": "the Alliance", "readings": [{"tag": "NATO", "needs": "Nato"}]}]
    with pytest.raises(TaxonomyError, match="unknown entry 'Nato'"):
        load_taxonomy(write(tmp_path, data))


def test_invalid_yaml_is_an_error(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text("entries: [\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="not valid YAML"):
        load_taxonomy(path)


def test_ambiguous_reading_words_must_be_a_list_of_words(tmp_path):
    data = minimal()
    data["ambiguous"] = [{"alias": "the Alliance", "readings": [{"tag": "NATO", "words": "alliance"},
                                                                {"tag": "NATO", "not_words": [""]}]}]
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(write(tmp_path, data))
    assert "'words' must be a list" in str(raised.value) and "'not_words' must be a list" in str(raised.value)


def test_ambiguous_reading_reads_words_of_the_story(tmp_path):
    """A reading taken only beside its words, and one ruled out by others (the ICC mechanism)."""
    from briefing.tag import Tagger

    data = minimal()
    data["ambiguous"] = [{"alias": "the Alliance", "exact_case": True, "readings": [
        {"tag": "NATO", "words": ["Brussels summit", "Article 5"], "not_words": ["wedding"]}]}]
    tagger = Tagger(load_taxonomy(write(tmp_path, data)))
    text = "the Alliance met. the Alliance agreed on Article 5 plans."
    assert "NATO" in tagger.tag("News", text, lang="en").tags
    assert "NATO" not in tagger.tag("News", text.replace("Article 5", "budget"), lang="en").tags
    assert "NATO" not in tagger.tag("News", text + " The wedding was lovely.", lang="en").tags
    # A capitalised word must be written so: "article 5" is not "Article 5".
    assert "NATO" not in tagger.tag("News", text.replace("Article 5", "article 5"), lang="en").tags


def test_a_broken_taxonomy_is_one_line_in_build_check_and_retag_alike(tmp_path):
    """QA trial: an editor added an entry with a misspelt region; `briefing check` and `retag` said what was
    wrong in one line, but `make html` (`briefing build`) ended in a Python traceback."""
    import subprocess

    from conftest import ROOT, briefing_command
    from editorial import write_ingested

    content = tmp_path / "content"
    write_ingested(content, "minsk-talks", "Minsk talks", ["Belarus"], ["Eastern Europe"])
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    broken = tmp_path / "taxonomy.yaml"
    broken.write_text(text.replace("entries:\n", "entries:\n- name: Wagner Group\n  kind: organisation\n"
                                   "  regions:\n  - eastern-europ\n", 1), encoding="utf-8")
    settings = tmp_path / "settings.py"
    settings.write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r}).items() if k.isupper()}})\n"
        f"THEME = {str(ROOT / 'theme')!r}\nTAXONOMY_PATH = {str(broken)!r}\n", encoding="utf-8")
    reason = f"{broken}: entry 'Wagner Group': unknown region 'eastern-europ'"
    runs = {
        "build": ["build", "-s", str(settings), "--content", str(content), "-o", str(tmp_path / "output"),
                  "--cache", str(tmp_path / "cache"), "--no-search"],
        "check": ["check", "--content", str(content), "--taxonomy", str(broken), "--since", ""],
        "retag": ["retag", "--content", str(content), "--taxonomy", str(broken), "--dry-run"],
    }
    for name, args in runs.items():
        result = subprocess.run(briefing_command(*args), capture_output=True, text=True, cwd=tmp_path, timeout=300)
        assert result.returncode == 1 and "Traceback" not in result.stderr, (name, result.stderr)
        assert f"Error: {reason}" in result.stderr.splitlines()[-1], (name, result.stderr)
