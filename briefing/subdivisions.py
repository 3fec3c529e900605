"""Names of states, provinces and regions (ISO 3166-2, from pycountry) and the country of each.

A story about water between Tamil Nadu and Karnataka is about India even if it
never says "India"; so the tagger treats a subdivision's name like a town's:
evidence for its country, counted beside other evidence or a second place of the
same country.  ISO 3166-2 writes names in the local language and often with a
type word ("Hebei Sheng", "Irkutskaya oblast'"); the type words are dropped
here, and the taxonomy's ``subdivision_names`` adds the English names editors
want ("Bavaria", "Donetsk region").

Names that are also everyday words or people's names ("Central", "Plateau",
"Kent") are left out: a single capitalised word is too weak to be a place.
"""

from __future__ import annotations

import functools
import re

import pycountry

from briefing.names import given_names

# Below the first level only Britain's counties are news as places ("Kent", "Fife");
# lower levels elsewhere are districts and municipalities.
SECOND_LEVEL_TYPES = {"GB": {"Two-tier county", "Council area", "Unitary authority"}}
# Type words ISO 3166-2 writes into names: "Hebei Sheng", "Donetska oblast", "Macao SAR".
_TYPE_WORDS = re.compile(
    r"\s+(?:sheng|shi|zizhiqu|sar|province|region|state|oblast'?|kray|respublika|"
    r"governorate|prefecture|department|district|county|city of)$", re.IGNORECASE)
# Words that make a name generic ("North West", "Central", "Capital District").
GENERIC_WORDS = frozenset("""
    north south east west northern southern eastern western central centre center middle
    upper lower capital coast coastal islands island lakes lake plateau highlands mountain
    mountains littoral river valley great federal territory district region city new
    free gulf pool mono unity volta para rivers cascade cascades glacis grad bloke savanes
    valle norte nord ouest sud est leste sahel delta reading
""".split())
MIN_LETTERS = 4


@functools.lru_cache(maxsize=4)
def subdivision_names(extra: frozenset[tuple[str, str]] = frozenset()) -> dict[str, frozenset[str]]:
    """Subdivision name → the ISO alpha-2 codes of the countries that have one so called.

    ``extra`` adds ``(iso2, name)`` pairs (the taxonomy's ``subdivision_names``).
    """
    people = given_names()
    found: dict[str, set[str]] = {}
    for subdivision in pycountry.subdivisions:
        country = subdivision.country_code
        if subdivision.parent_code is not None and subdivision.type not in SECOND_LEVEL_TYPES.get(country, ()):
            continue
        name = clean_name(subdivision.name)
        if name and _specific(name, people):
            found.setdefault(name, set()).add(country)
    for country, name in extra:
        found.setdefault(name, set()).add(country)
    return {name: frozenset(codes) for name, codes in found.items()}


def clean_name(name: str) -> str:
    """"Hebei Sheng" → "Hebei"; "Wales [Cymru GB-CYM]" → "Wales"; "Bristol, City of" → "Bristol"."""
    name = re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", name).strip()
    name = name.split(",")[0].strip()
    return _TYPE_WORDS.sub("", name).strip()


def _specific(name: str, people: frozenset[str]) -> bool:
    words = name.replace("-", " ").split()
    return (sum(c.isalpha() for c in name) >= MIN_LETTERS and name not in people
            and not all(word.lower() in GENERIC_WORDS for word in words))
