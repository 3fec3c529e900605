"""Tell when a country's name is only a word of a person's or an organisation's name.

"Bill Holland" is a reporter, "Georgia Stevens" a teacher, "Mayor Virginia Raggi"
a politician, "China Daily" a newspaper and "Jordan Elementary" a school; none of
them is news about the Netherlands, Georgia, the United States, China or Jordan.
The rules are the patterns of English names, not a list of the names:

* a given name just before the alias makes the alias a surname ("Bill Holland");
* an alias that is itself a given name, followed by a capitalised word that is not
  a title, is a person's first name ("Georgia Stevens", but "China President");
* a title before the name marks a person ("Mayor Virginia Raggi", "Mr. Jordan",
  "photographer Zen Trinidad");
* a capitalised head word after the alias makes it part of an organisation's or a
  place's name ("China Daily", "Palestine Independent School District");
* a descriptor before it names a business ("the supermarket chain Iceland").

Given names come from Faker's person providers (every locale it ships; MIT
licensed and kept current by its maintainers), titles from nameparser's
vocabulary, and head words and descriptors from the taxonomy (editorial data).
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re

# Words Faker lists as someone's given name somewhere that are far more often an
# English word at the start of a sentence or a date ("Will China...", "In August
# Russia...", "North Korea").
NOT_GIVEN_NAMES = frozenset("""
    An Can Do Will May Said Say Long Little Young Major General North South East West
    Saint Santa San Hope Grace Faith Joy Rich Christian Sunny Art Guy Ma Song Van Von
    January February March April June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
""".split())
# nameparser's titles include modifiers that build longer titles ("British", "first",
# "foreign"): adjectives, not titles, when they stand alone before a country's name.
NOT_TITLES = frozenset("""
    british english foreign federal first grand high civil royal national air army
    district division family field flag group kingdom law business information knowledge
    credit computer financial legal corporate customs intelligence host his her
""".split())

# What inside_other_name finds: a word of a longer name, or a name of its own.
PART = "part"
WHOLE = "whole"
# Longest title abbreviated with a full stop ("Mr.", "Sen.", "Gov.", "Capt.").
MAX_ABBREVIATION = 4
# Titles of news copy that nameparser does not list.
EXTRA_TITLES = frozenset("sen reporter spokesman spokeswoman spokesperson anchor columnist".split())

_WORD_AFTER = re.compile(r"[ \t]+([A-Z][\w'’-]*)")


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Latin-script given names of every Faker locale, less common English words."""
    found = {name for names in _faker_given_names().values() for name in names if name.isascii()}
    return frozenset(name for name in found if len(name) > 1 and name[0].isupper()) - NOT_GIVEN_NAMES


@functools.lru_cache(maxsize=16)
def locale_given_names(lang: str) -> frozenset[str]:
    """Given names of the Faker locales of one language (``pl``: pl_PL; ``de``: de_DE, de_AT...), in
    its own script, with the Latin-script ones of every locale (a French text names "George
    Washington" too)."""
    own = {name for locale, names in _faker_given_names().items() if locale.split("_")[0] == lang
           for name in names}
    return frozenset(name for name in own if len(name) > 1 and name[0].isupper()) - NOT_GIVEN_NAMES | given_names()


@functools.lru_cache(maxsize=1)
def _faker_given_names() -> dict[str, frozenset[str]]:
    """Each Faker locale's given names (``first_names`` and their male, female and nonbinary lists)."""
    from faker.providers import person

    found: dict[str, frozenset[str]] = {}
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        names: set[str] = set()
        for attribute in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            # Read the class attribute itself: some providers turn it into a property.
            listed = next((vars(cls)[attribute] for cls in provider.__mro__ if attribute in vars(cls)), ())
            if isinstance(listed, (list, tuple, dict, set, frozenset)):
                names.update(name for name in listed if isinstance(name, str))
        found[module.name] = frozenset(names)
    return found


@functools.lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Lower-case titles and occupations that stand before a person's name ("mayor", "sen")."""
    from nameparser.config import CONSTANTS

    return (frozenset(title for title in CONSTANTS.titles if title.isalpha()) | EXTRA_TITLES) - NOT_TITLES


class NameRules:
    """Decides whether one alias match is a word of some longer name."""

    def __init__(self, heads: frozenset[str], descriptors: frozenset[str]):
        self.heads = heads
        self.descriptors = descriptors
        self.given = given_names()
        self.titles = titles()

    def inside_other_name(self, text: str, start: int, end: int, *, single_word: bool,
                          country: bool, title_case: bool) -> str | None:
        """Whether ``text[start:end]``, an alias, is a word of a person's or organisation's name.

        Returns None (it is not), ``PART`` (this mention is a word of a longer
        name: "China Daily", "Georgia Stevens") or ``WHOLE`` (the word itself names
        a person or a business, as a surname does: "Bill Holland", "the retailer
        Iceland"; later mentions in the same story mean the same one).
        ``title_case`` zones (headlines) capitalise every word, so only the head
        words, which are specific, are trusted there.
        """
        after = _WORD_AFTER.match(text, end)
        following = after.group(1) if after else ""
        if following in self.heads:
            return PART  # "China Daily", "Jordan Elementary", "Georgia Power"
        if title_case:
            return None
        before = _words_before(text, start, 2)
        previous = before[-1] if before else ""
        if country and previous.lower() in self.descriptors:
            return WHOLE  # "supermarket chain Iceland"
        if not single_word:
            return None
        name = text[start:end]
        given_name = bool(following) and name in self.given and following.lower() not in self.titles
        bare = previous.rstrip(".")
        abbreviated = previous.endswith(".") and len(bare) <= MAX_ABBREVIATION and bare.lower() in self.titles
        # After a full stop a new sentence starts, unless it ends an abbreviated title ("Mr.").
        if bare and bare[0].isupper() and not previous.endswith((",", ";", ":")) \
                and (abbreviated or not previous.endswith(".")):
            if bare.lower() in self.titles and (following or abbreviated):
                return PART if given_name else WHOLE  # "Mayor Virginia Raggi", "Mr. Jordan said"
            if bare in self.given and not abbreviated:
                return WHOLE  # "Bill Holland"
            first = before[0] if len(before) == 2 else ""
            # "a warrant. The ICC said": a sentence ends after the title-like word ("warrant").
            if first.rstrip(".").lower() in self.titles and not abbreviated and (
                    not first.endswith(".") or len(first) - 1 <= MAX_ABBREVIATION):
                return WHOLE  # "photographer Zen Trinidad", "Sgt. Zen Trinidad"
        if given_name:
            return PART  # "Georgia Stevens", but not "China President Xi"
        return None


def _words_before(text: str, start: int, count: int) -> list[str]:
    """Up to ``count`` space-separated words before ``start`` on the same line, nearest last."""
    words: list[str] = []
    end = start
    while len(words) < count and end > 0 and text[end - 1] in " \t":
        while end > 0 and text[end - 1] in " \t":
            end -= 1
        begin = max(text.rfind(" ", 0, end), text.rfind("\t", 0, end), text.rfind("\n", 0, end)) + 1
        if begin >= end:
            break
        words.insert(0, text[begin:end])
        end = begin
    return words
