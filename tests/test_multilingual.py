"""Tagging in other languages: per-language tables, language detection, the names files."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml

from briefing.errors import TaxonomyError
from briefing.language import detect_language, language_name, normalise_code
from briefing.local_names import NAMES_DIR, LocalMatcher, available_languages
from briefing.tag import default_tagger
from briefing.tag_jsonl import tag_stream
from briefing.taxonomy import load_taxonomy

TABLES = Path(__file__).parent / "data" / "multilingual"
LANGUAGES = ("ru", "uk", "be", "pl", "de", "fr", "es", "zh", "ar")


def rows(expect: str) -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(TABLES.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                kind, text, tag = line.split("\t")
                if kind == expect:
                    found.append((path.stem, text, tag))
    return found


def tag_phrase(lang: str, text: str):
    """Tag ``text`` as title and lede, in ``lang`` (as ingest would detect it)."""
    return default_tagger().tag(text, text, lang=lang)


@pytest.mark.parametrize("lang, text, tag", rows("match"))
def test_name_gives_tag(lang, text, tag):
    assert tag in tag_phrase(lang, text).tags


@pytest.mark.parametrize("lang, text, tag", rows("not"))
def test_should_not_match(lang, text, tag):
    assert tag not in tag_phrase(lang, text).tags


@pytest.mark.parametrize("lang, lede, towns, plain", [
    ("en", "Drills began.", "The army of Belarus trains near Brest, then near Grodno.", "The army of Belarus trains."),
    ("pl", "Ćwiczenia się zaczęły.", "Armia Białorusi ćwiczy pod Brześciem, a potem pod Grodnem.", "Armia Białorusi ćwiczy."),
    ("ru", "Учения начались.", "Армия Беларуси проводит учения под Брестом, а затем под Гродно.", "Армия Беларуси проводит учения."),
])
def test_inflected_towns_help_their_country_as_english_ones_do(lang, lede, towns, plain):
    """QA leftover: Polish "pod Brześciem", "w Mińsku" were read as nothing. A country named once in the
    body (1.0) and two of its towns (0.5 each) make a tag in every language alike; the towns are listed."""
    result = default_tagger().tag(lede, f"{lede}\n\n{towns}", lang=lang)
    assert "Belarus" in result.tags
    assert {"Brest", "Hrodna"} <= {place["name"] for place in result.places}
    # Without the towns, the one mention is too little.
    assert "Belarus" not in default_tagger().tag(lede, f"{lede}\n\n{plain}", lang=lang).tags


@pytest.mark.parametrize("title, text, tag, not_tag", [
    # Amman, beside Jordan's other evidence: the Jordanian capital, the king, "الأردن".
    ("زيارة إلى عمان", "وصل الوزير إلى عمان حيث التقى الملك عبد الله الثاني. وقال الأردن إن المحادثات كانت مثمرة.",
     "Jordan", "Oman"),
    ("اجتماع حكومي", "عقدت الحكومة الأردنية اجتماعا في عمان مع ممثلي الأردن.", "Jordan", "Oman"),
    # Oman, beside its capital Muscat, or alone.
    ("عمان توقع اتفاقا", "أعلنت عمان اليوم عن اتفاق جديد. وقال وزير الخارجية في مسقط إن الاتفاق مهم.", "Oman", "Jordan"),
    ("عمان", "أعلنت عمان اليوم عن خطة اقتصادية جديدة.", "Oman", "Jordan"),
])
def test_a_country_name_that_is_a_town_abroad_is_read_from_the_story(title, text, tag, not_tag):
    """QA leftover: Arabic "عمان" (Oman, and Amman, Jordan's capital) always tagged Oman. A country's
    name that GeoNames also gives a town abroad is read as choose_city reads towns: by the evidence."""
    result = default_tagger().tag(title, text, lang="ar")
    assert tag in result.tags and not_tag not in result.tags
    assert ("Amman" in [place["name"] for place in result.places]) == (tag == "Jordan")


def test_a_latin_script_text_in_a_language_without_names_is_read_with_the_nearest_one():
    """QA trial: a Belarusian article in Łacinka was taken for Slovak and tagged nothing; read as the
    nearest language with names (Polish), its capital counts. Plain ASCII keeps the English rules."""
    title = "Pieramovy ŭ Minsku praciahvajucca"
    text = "Pradstaŭniki Biełarusi i Polščy sustrelisia ŭ Minsku ŭ aŭtorak. Biełaruski bok zajaviŭ, što pieramovy buduć."
    assert "Belarus" in default_tagger().tag(title, text).tags
    assert default_tagger().tag("Equatorial Guinea", "Equatorial Guinea").tags == ["Equatorial Guinea"]


def test_every_language_has_names_and_tables():
    assert set(LANGUAGES) <= set(available_languages())
    for lang in LANGUAGES:
        assert sum(1 for row in rows("match") if row[0] == lang) >= 8, lang


def test_tags_stay_english_and_body_weighting_holds():
    # One passing mention in the body is not enough, as in English.
    tagger = default_tagger()
    result = tagger.tag("Погода в столице", "Сегодня тепло.\n\nВ Германии тоже тепло.", lang="ru")
    assert "Germany" not in result.tags
    result = tagger.tag("Выборы в Германии", "Сегодня прошли выборы.", lang="ru")
    assert result.tags == ["Germany"] and result.regions == ["Western Europe"]


@pytest.mark.parametrize("lang, title, text", [
    ("ru", "Минск принимает переговоры", "Переговоры в Минске продолжились во вторник."),
    ("uk", "Київ приймає переговори", "Переговори в Києві тривали у вівторок."),
    ("pl", "Rozmowy w Warszawie", "Rozmowy w Warszawie trwały we wtorek wieczorem."),
    ("de", "Gespräche in Berlin", "Die Gespräche in Berlin dauerten bis Dienstagabend."),
    ("fr", "Négociations à Paris", "Les négociations ont duré jusqu'à mardi soir à Paris."),
    ("es", "Negociaciones en Madrid", "Las negociaciones duraron hasta el martes por la noche."),
    ("zh", "北京举行会谈", "双方在北京举行会谈，会谈持续到周二晚上。"),
    ("ar", "محادثات في القاهرة", "استمرت المحادثات في القاهرة حتى مساء الثلاثاء."),
    ("be", "Перамовы ў Мінску", "Перамовы ў Мінску працягваліся да вечара аўторка."),
    ("en", "Talks in Minsk", "The talks in Minsk went on until Tuesday evening."),
])
def test_language_is_detected(lang, title, text):
    assert detect_language(title, text) == lang
    assert default_tagger().tag(title, text).lang == lang


def test_long_ascii_text_skips_detection():
    # Plain ASCII this long is tagged by the English rules alone, without the detector.
    text = "Belarus and Poland met in Minsk on Tuesday to discuss the border. " * 8
    result = default_tagger().tag("Minsk talks", text)
    assert result.lang is None and "Belarus" in result.tags
    assert default_tagger().tag("Minsk talks", text, lang="en").lang == "en"


def test_stated_language_yields_to_the_text():
    text = "Переговоры в Минске продолжились во вторник вечером."
    assert detect_language("Минск", text, stated="en") == "ru"
    assert detect_language("Минск", text, stated="ru-RU") == "ru"
    assert detect_language("", "", stated="pl") == "pl"
    assert normalise_code("zh_Hans") == "zh" and normalise_code(3) is None
    assert language_name("ru") == "Russian" and language_name("zh") == "Chinese"


@pytest.mark.parametrize("lang, title", [
    ("ru", "Саммит ШОС."), ("ru", "Москва ответила на санкции"), ("ru", "Новые санкции ЕС"),
    ("uk", "Саміт НАТО"), ("uk", "Нові санкції ЄС"), ("uk", "Україна отримала допомогу"),
    ("be", "Беларусь і Кітай"), ("be", "Новыя санкцыі ЕС"),
    ("pl", "Nowe sankcje UE"), ("pl", "Polska i Białoruś"),
    ("zh", "新制裁"), ("zh", "北京峰会"), ("zh", "上合组织峰会"),
])
def test_a_short_text_records_its_language_or_none_never_a_wrong_one(lang, title):
    """QA trial: ingest recorded "Саміт НАТО" as Belarusian, "Саммит ШОС." as Tajik; unsure, it now records none."""
    assert detect_language(title, "") in (lang, None)
    # A language the seed or feed states is kept when the text is too short to contradict it.
    assert detect_language(title, "", stated=lang) == lang


@pytest.mark.parametrize("stated, title, text", [
    ("fr", "Indonésie", ""),  # the detector: Javanese, 0.63
    ("be", "Арнольд Шварцэнэгер,", ""),  # Mongolian, 0.85
    ("be", "І жанчына", ""),  # Kyrgyz, 0.84
    ("be", "Японія", "У Робіна"),  # Ukrainian, 0.75
])
def test_a_short_text_keeps_the_stated_language_over_a_sure_wrong_guess(stated, title, text):
    """QA trial: a one-word French title was recorded as Javanese, a Belarusian name as Mongolian,
    though the page stated its language; a text this short cannot overrule it in the same script."""
    assert detect_language(title, text, stated=stated) == stated
    # ...but a stated language in another script than the text's still yields to it.
    assert detect_language("Минск", "Переговоры", stated="fr") in ("ru", "bg", "mk", None)
    assert detect_language("Переговоры в Минске", "продолжились во вторник вечером.", stated="en") == "ru"


def test_ingest_records_a_stated_language_for_a_short_text_and_none_for_a_guess(tmp_path):
    """A header's `language`, or a feed's `<language>`, is recorded for a text too short to tell."""
    import functools
    import http.server

    from click.testing import CliRunner

    from briefing import frontmatter
    from briefing.cli import main
    from conftest import local_server

    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    (seeds / "guess.txt").write_text("Саммит ШОС.\n\nСаммит ШОС.\n", encoding="utf-8")
    (seeds / "stated.txt").write_text("---\nlanguage: uk\n---\nСаміт у Вільнюсі\n\nСаміт НАТО у Вільнюсі.\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    story = "<p>Саміт НАТО.</p>"
    (site / "story.html").write_text(f"<html><head><title>Саміт НАТО</title></head><body><article><h1>Саміт НАТО"
                                     f"</h1>{story}</article></body></html>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    with local_server(handler) as base:
        (seeds / "news.xml").write_text(
            f"<?xml version='1.0'?><rss version='2.0'><channel><title>Новини</title><language>uk-UA</language>"
            f"<item><title>Саміт НАТО</title><link>{base}/story.html</link></item></channel></rss>", encoding="utf-8")
        result = CliRunner().invoke(main, ["ingest", "--no-progress", "--jobs", "1", str(seeds), "--content", str(content)])
    assert result.exit_code == 0, result.output
    langs = {}
    for path in (content / "briefings").glob("*.md"):
        meta, _ = frontmatter.parse(path.read_text(encoding="utf-8"), path)
        origin = meta["source"].get("path") or meta["source"].get("url")
        langs[origin.rsplit("/", 1)[-1]] = meta.get("lang")
    assert langs == {"guess.txt": None, "stated.txt": "uk", "story.html": "uk"}, result.output


def test_tag_command_reads_and_reports_lang():
    out = io.StringIO()
    stories = [{"id": 1, "title": "Выборы в Германии", "text": "Выборы в Германии прошли спокойно."},
               {"id": 2, "lang": "ru", "title": "Выборы в Германии", "text": "Выборы прошли."}]
    tag_stream(io.StringIO("\n".join(json.dumps(s) for s in stories)), out, default_tagger())
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["lang"] for r in records] == ["ru", "ru"]
    assert all(r["countries"] == [{"name": "Germany", "iso2": "DE"}] for r in records)


def write_names(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / f"{data.get('lang', 'xx')}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_names_file_duplicate_alias_is_an_error(tmp_path):
    path = write_names(tmp_path, {"lang": "ru", "morphology": {"kind": "pymorphy3", "lang": "ru"},
                                  "entries": {"Belarus": {"aliases": ["Беларусь"]},
                                              "Russia": {"aliases": ["Беларусь", "Россия"]},
                                              "Atlantis": {"aliases": ["Атлантида"]}}})
    with pytest.raises(TaxonomyError) as error:
        LocalMatcher.load(path, load_taxonomy())
    message = str(error.value)
    assert "duplicate alias 'Беларусь'" in message and "unknown entry 'Atlantis'" in message


def test_names_file_two_entries_reading_alike_is_an_error(tmp_path):
    # Polish morphology reads "Niger" and "Nigeria" as one stem: the file must choose.
    path = write_names(tmp_path, {"lang": "pl", "morphology": {"kind": "snowball", "algorithm": "polish"},
                                  "entries": {"Niger": {"aliases": ["Niger"]},
                                              "Nigeria": {"aliases": ["Nigeria"]}}})
    with pytest.raises(TaxonomyError, match="reads as 'Niger'"):
        LocalMatcher.load(path, load_taxonomy())


def test_names_file_bad_morphology_is_an_error(tmp_path):
    path = write_names(tmp_path, {"lang": "xx", "morphology": {"kind": "snowball", "algorithm": "klingon"},
                                  "entries": {}})
    with pytest.raises(TaxonomyError, match="no Snowball stemmer 'klingon'"):
        LocalMatcher.load(path, load_taxonomy())


def test_packaged_names_files_load():
    taxonomy = load_taxonomy()
    for path in sorted(NAMES_DIR.glob("*.yaml")):
        matcher = LocalMatcher.load(path, taxonomy)
        assert len(matcher.names) > 400, path.name


@pytest.mark.parametrize("text, phrase", [
    ("Встреча прошла 8 июля 2024 года в Минске.", "8 июля 2024"),
    ("Зустріч відбулася 8 липня 2024 року у Києві.", "8 липня 2024"),
    ("Сустрэча адбылася 8 ліпеня 2024 года ў Мінску.", "8 ліпеня 2024"),
    ("Spotkanie odbyło się 8 lipca 2024 r. w Warszawie.", "8 lipca 2024"),
    ("Das Treffen fand am 8. Juli 2024 in Berlin statt.", "8. Juli 2024"),
    ("La réunion a eu lieu le 8 juillet 2024 à Paris.", "8 juillet 2024"),
    ("La reunión se celebró el 8 de julio de 2024 en Madrid.", "8 de julio de 2024"),
    ("عقد الاجتماع في 8 يوليو/تموز 2024 في القاهرة.", "8 يوليو/تموز 2024"),
    ("عقد الاجتماع في ٨ تموز ٢٠٢٤ في دمشق.", "٨ تموز ٢٠٢٤"),
    ("会谈于2024年7月8日在北京举行。", "2024年7月8日"),
])
def test_dates_in_other_languages(text, phrase):
    from briefing.plugin.keyfacts import find_dates
    from briefing.text import find_date

    date, source = find_date(text)
    assert (date.date(), source) == (dt.date(2024, 7, 8), "text")
    assert find_dates(text) == [{"text": phrase, "date": dt.date(2024, 7, 8)}]


def test_month_names_cover_genitive_and_levantine_forms():
    from briefing.month_names import LOCAL_MONTHS

    # Dates use the genitive ("листопада", "lipca"); Levantine Arabic its own months (تموز).
    assert LOCAL_MONTHS["листопада"] == 11 and LOCAL_MONTHS["lipca"] == 7
    assert LOCAL_MONTHS["تموز"] == 7 and LOCAL_MONTHS["يوليو"] == 7 and LOCAL_MONTHS["июля"] == 7


def test_editors_lang_is_what_retag_tags_in(tmp_path):
    """Ingest records the detected language; an editor's correction is what retag then uses."""
    import shutil

    from click.testing import CliRunner

    from briefing import frontmatter
    from briefing.cli import main
    from briefing.retag import plan_retag

    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "multilingual" / "ru_minsk_talks.txt", seeds)
    result = CliRunner().invoke(main, ["ingest", "--no-progress", "-j", "1", str(seeds), "--content", str(content)])
    assert result.exit_code == 0, result.output
    (path,) = (content / "briefings").glob("*.md")
    meta, _ = frontmatter.parse(path.read_text(encoding="utf-8"), path)
    assert meta["lang"] == "ru" and "Belarus" in meta["tags"]
    assert not plan_retag(content).changes  # same language: nothing to change
    # The editor says the article is English: Russian names ("Польшей") no longer count; towns written
    # in another script than English still do, as in any English text ("Минск", "Пекин").
    path.write_text(path.read_text(encoding="utf-8").replace("lang: ru", "lang: en"), encoding="utf-8")
    (change,) = plan_retag(content).changes
    assert change.removed["tags"] == ["Poland"]
