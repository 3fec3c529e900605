"""Names of the taxonomy's countries and organisations in other languages.

One data file per language, ``briefing/data/names/<lang>.yaml`` (ISO 639-1),
maps the taxonomy's canonical English entry names to that language's names,
demonyms, capitals and cues, and names the morphology adapter that turns
inflected forms into the same keys (see ``briefing.morphology``).  Tags stay
the canonical English names: a Russian "Беларуси" counts for "Belarus".

Capitals the file lacks are added from CLDR (``briefing.cldr_cities``), as the
language names them.  Adding a language is adding a file (``tools/build_names.py`` seeds one from
CLDR and pycountry); the tagger is not edited.  Each file is validated on
load: an alias listed twice, or two entries whose aliases read as the same
words, or an entry the taxonomy does not have, is an error naming them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from briefing.cldr_cities import capital_names
from briefing.errors import TaxonomyError
from briefing.morphology import Adapter, MorphologyError, build_adapter
from briefing.names import locale_given_names
from briefing.places import sentence_start
from briefing.transliteration import transliteration_characters
from briefing.taxonomy import ALIAS_LISTS, Taxonomy, read_data_file

NAMES_DIR = Path(__file__).with_name("data") / "names"
TOP_KEYS = {"lang", "morphology", "entries", "decoys"}
# A word, with the combining marks some texts write inside it (Arabic vowel
# marks, Cyrillic stress), which Python's \w does not count as letters.
WORD = re.compile(r"(?:\w|[\u0300-\u036F\u0483-\u0489\u064B-\u065F\u0670])+")
# Names in a script without word spaces are matched inside the text; this
# guards how far one name may reach (the longest names have about 12 characters).
_MAX_SUBSTRING = 24


@dataclass(frozen=True)
class Mention:
    """One name found in a text: ``entry`` None is a decoy, hiding what it contains."""

    start: int
    end: int
    entry: str | None
    kind: str
    person: str = ""
    """The given name before a one-word name, which makes it a person's surname ("Jerzego Waszyngtona")."""


@dataclass(frozen=True)
class _Name:
    entry: str | None
    kind: str
    cased: bool  # written with a capital: a lower-case match is another word ("polish", "кіт")


def available_languages(names_dir: Path = NAMES_DIR) -> list[str]:
    """The languages that have a names file."""
    return sorted(path.stem for path in names_dir.glob("*.yaml"))


def local_matcher(taxonomy: Taxonomy, lang: str | None, names_dir: Path = NAMES_DIR):
    """The matcher for ``lang``'s names, or None when the language has no names file.

    Building one loads a dictionary or stemmer; callers keep it (the tagger
    keeps one per language it has seen).
    """
    if not lang or not re.fullmatch(r"[a-z]{2,3}", lang) or not (names_dir / f"{lang}.yaml").is_file():
        return None
    return LocalMatcher.load(names_dir / f"{lang}.yaml", taxonomy)


class LocalMatcher:
    """Finds one language's names in text, with that language's morphology."""

    def __init__(self, lang: str, adapter: Adapter, names: dict[tuple[str, ...], _Name]):
        self.lang = lang
        self.adapter = adapter
        self.names = names
        if adapter.substring:
            self._by_first: dict[str, list[tuple[str, _Name]]] = {}
            for key, name in names.items():
                self._by_first.setdefault(key[0][0], []).append((key[0], name))
            for candidates in self._by_first.values():
                candidates.sort(key=lambda item: -len(item[0]))
            self._firsts = re.compile("[" + "".join(map(re.escape, sorted(self._by_first))) + "]")
            self._spelling = transliteration_characters()  # read with the names, not in the first story
        else:
            self._trie: dict = {}
            for key, name in names.items():
                node = self._trie
                for part in key:
                    node = node.setdefault(part, {})
                node[None] = name

    @classmethod
    def load(cls, path: Path, taxonomy: Taxonomy) -> "LocalMatcher":
        """Read and validate one names file; raises ``TaxonomyError`` listing every problem."""
        raw = read_data_file(path)
        problems: list[str] = []
        if not isinstance(raw, dict):
            raise TaxonomyError(path, "top level must be a mapping with 'lang', 'morphology' and 'entries'")
        for key in sorted(set(raw) - TOP_KEYS):
            problems.append(f"unknown top-level key {key!r} (allowed: {', '.join(sorted(TOP_KEYS))})")
        if raw.get("lang") != path.stem:
            problems.append(f"'lang' must be {path.stem!r}, the file's name")
        try:
            adapter = build_adapter(raw.get("morphology"), "morphology")
        except MorphologyError as exc:
            raise TaxonomyError(path, "; ".join(problems + [str(exc)])) from exc
        names: dict[tuple[str, ...], _Name] = {}
        written: dict[tuple[str, ...], str] = {}
        seen: set[str] = set()

        def add(alias: object, entry: str | None, kind: str, where: str) -> None:
            if not isinstance(alias, str) or not alias.strip():
                problems.append(f"{where}: aliases must be non-empty strings")
                return
            folded = " ".join(alias.split()).casefold()
            if folded in seen:
                problems.append(f"duplicate alias {alias!r} ({where})")
                return
            seen.add(folded)
            key = name_key(adapter, alias)
            if not key:
                problems.append(f"{where}: alias {alias!r} has no letters")
                return
            other = names.get(key)
            if other is not None and other.entry != entry:
                problems.append(f"{where}: alias {alias!r} reads as {written[key]!r} of "
                                f"{other.entry or 'decoys'!r}")
                return
            cased = alias[:1].isupper()
            if other is None:
                names[key] = _Name(entry, kind, cased)
                written[key] = alias
            else:  # one entry's name and adjective read alike (French "Japon", "japonais")
                names[key] = _Name(entry, min(kind, other.kind, key=KIND_RANK.get), cased and other.cased)

        entries = raw.get("entries") or {}
        if not isinstance(entries, dict):
            problems.append("'entries' must map an English entry name to its lists")
            entries = {}
        known = taxonomy.by_name
        for entry, lists in entries.items():
            if entry not in known:
                problems.append(f"unknown entry {entry!r} (not in the taxonomy)")
                continue
            if not isinstance(lists, dict):
                problems.append(f"entry {entry!r}: must map list names to aliases")
                continue
            for kind in sorted(set(lists) - set(ALIAS_LISTS)):
                problems.append(f"entry {entry!r}: unknown list {kind!r} (allowed: {', '.join(ALIAS_LISTS)})")
            for kind in ALIAS_LISTS:
                for alias in lists.get(kind) or []:
                    add(alias, entry, kind, f"entry {entry!r} {kind}")
        for decoy in raw.get("decoys") or []:
            add(decoy, None, "aliases", "decoys")
        if problems:
            raise TaxonomyError(path, "; ".join(problems))
        for entry, capital in capital_names(path.stem, taxonomy):
            # CLDR's name of a capital the file lacks ("Wiedeń", "جاكرتا"), unless it reads as a name the
            # file has: "Andora" is the country, "عمّان" Oman's name too (the tagger reads Amman from the story).
            key = name_key(adapter, capital)
            if key and key not in names and capital.casefold() not in seen:
                names[key] = _Name(entry, "capitals", capital[:1].isupper())
                written[key] = capital
        adapter.expect(word for alias in written.values() for word in WORD.findall(alias))
        matcher = cls(path.stem, adapter, names)
        # What the language's towns index (briefing.local_towns) reads town names with.
        matcher.morphology = raw.get("morphology")
        matcher.letters = frozenset(char for alias in written.values() for char in alias if char.isalpha())
        matcher.written_words = frozenset(adapter.fold(word) for alias in written.values() for word in WORD.findall(alias))
        return matcher

    def find(self, text: str, shouting: bool = False) -> list[Mention]:
        """Every name in ``text``, longest first where names overlap, in reading order."""
        if self.adapter.substring:
            return self._find_substrings(text)
        matches = list(WORD.finditer(text))
        word_keys = list(map(self.adapter.keys, [m.group() for m in matches]))
        trie = self._trie
        found: list[Mention] = []
        i, count = 0, len(matches)
        while i < count:
            frontier = [child for key in word_keys[i] if (child := trie.get(key)) is not None]
            if not frontier:
                i += 1
                continue
            best = None
            j = i + 1
            while True:
                for node in frontier:
                    if None in node:
                        best = (j, node[None])
                if j == count:
                    break
                frontier = [child for node in frontier for key in word_keys[j]
                            if (child := node.get(key)) is not None]
                if not frontier:
                    break
                j += 1
            if best is None:
                i += 1
                continue
            end, name = best
            if name.cased and not shouting and not matches[i].group()[:1].isupper():
                i += 1
                continue
            after = matches[i].end()
            if end == i + 1 and text[after:after + 1] == "-" and text[after + 1:after + 2].isupper() and \
                    self.adapter.fold(matches[i].group()) not in self.written_words:
                # Read through an ending and joined to a capitalised word: a word of a longer name, as
                # "Berners" (not Bern's) in "Berners-Lee"; a name as written stays one ("US-Präsident").
                i += 1
                continue
            person = self._given_name_before(text, matches, i, found) if end == i + 1 and not shouting \
                and name.kind in PERSON_KINDS else ""
            found.append(Mention(matches[i].start(), matches[end - 1].end(), name.entry, name.kind, person))
            i = end
        return found

    def _given_name_before(self, text: str, matches: list, i: int, found: list[Mention]) -> str:
        """The word before ``matches[i]`` if it is a given name in any form, with only a space between
        ("Jerzego Waszyngtona", "Джорджа Вашингтона" name a person, as "George Washington" does in
        English, ``briefing.names``), else "". It must be capitalised, not a name found itself ("Izrael
        Jordania" in a list) and not at a sentence's start (French "Le FMI", "Les États-Unis": Faker lists
        "Le" and "Les" as given names), and the name capitalised but no abbreviation; the tagger also
        checks that the article never writes the given name in lower case ("… ont dit. Le Japon")."""
        if i == 0 or found and found[-1].end > matches[i - 1].start():
            return ""
        before = matches[i - 1]
        word, surname = before.group(), matches[i].group()
        if text[before.end():matches[i].start()] != " " or not word[:1].isupper() or sentence_start(
                text, before.start()) or not surname[:1].isupper() or surname.isupper():
            return ""
        return word if self.adapter.given_name(word, locale_given_names(self.lang)) else ""

    def _spelling_goes_on(self, text: str, alias: str, end: int) -> bool:
        """Whether a short name spelt in transliteration characters (马里) goes on in two more of them that
        start no name: a longer foreign name (马里尼德人, the Marinids) that only starts with it."""
        spelling = self._spelling
        following = text[end:end + TRANSLITERATION_RUN]
        return len(alias) <= MAX_SPELT_NAME and len(following) == TRANSLITERATION_RUN and \
            all(char in spelling for char in alias + following) and \
            not any(text.startswith(other, end) for other, _ in self._by_first.get(text[end], ()))

    def _find_substrings(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        position = 0
        while (hit := self._firsts.search(text, position)) is not None:
            start = hit.start()
            for alias, name in self._by_first[hit.group()]:
                if text.startswith(alias, start):
                    end = start + len(alias)
                    # "瑞士人" (a Swiss), "葡萄牙语" (Portuguese): weighed as a demonym, as in English.
                    kind = "demonyms" if text[end:end + 1] in self.adapter.demonym_suffixes \
                        and name.kind in ("aliases", "capitals") else name.kind
                    entry = None if self._spelling_goes_on(text, alias, end) else name.entry
                    found.append(Mention(start, end, entry, kind))
                    position = start + len(alias)
                    break
            else:
                position = start + 1
        return found


# A name of this many characters at most, spelt in transliteration characters, followed by this many
# more, is the start of a longer foreign name (see LocalMatcher._spelling_goes_on).
MAX_SPELT_NAME = 3
TRANSLITERATION_RUN = 2
# Kinds of names that are also people's surnames (Washington, Jordan, Chad); not a demonym.
PERSON_KINDS = ("aliases", "capitals")
# Where one language writes two lists' aliases alike, the stronger list wins.
KIND_RANK = {kind: rank for rank, kind in enumerate(ALIAS_LISTS)}


def name_key(adapter: Adapter, alias: str) -> tuple[str, ...]:
    """The keys a name's words reduce to (one string for a substring language)."""
    if adapter.substring:
        alias = "".join(alias.split())
        return (alias[:_MAX_SUBSTRING],) if alias else ()
    words = WORD.findall(alias)
    if len(words) == 1:
        return (adapter.alias_key(words[0]),)
    return tuple(adapter.phrase_key(word, adapter.alias_key) for word in words)
