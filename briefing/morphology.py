"""Word normalisers that let a name and its inflected forms meet on one key.

Each language's names file (``briefing/data/names/<lang>.yaml``) names the
adapter its language needs under ``morphology``; this module builds it.  An
adapter has two sides:

* ``alias_key(word)``: the one key of a word of a name as the data file writes
  it ("Беларусь" → "беларусь", "Niemcy" → "niemc");
* ``keys(word)``: every key a word in running text may stand for ("Беларуси"
  → {"беларусь", ...}, "Chinas" → {"chinas", "china"}).

A text word matches a name's word when the name's key is among the text
word's keys.  Offering several keys on the text side is what keeps the
adapters small: an ambiguous form ("Того", the pronoun or Togo) simply carries
both readings, and letter case and the longer-name rule decide.

The kinds:

* ``pymorphy3``: dictionary lemmas (Russian, Ukrainian), every parse's lemma;
* ``snowball``: a Snowball stemmer (``algorithm``: german, french, polish...);
* ``affixes``: principled tables of ``prefixes`` (Arabic conjunctions,
  prepositions and the article) and ``endings`` (case endings of a language
  without a stemmer, such as Belarusian) that may be stripped, down to
  ``min_stem`` letters; a name's own word loses only a ``citation_endings`` one
  (the nominative's);
* ``substring``: no words at all (Chinese): names are found inside the text,
  the longest name at each position winning.

Any kind may say ``inflected_given_names: true`` (Polish "Jerzego" is Jerzy's genitive), and add ``rewrites``: ``[ending, replacement]`` pairs tried on a text
word before the adapter sees it, for alternations a stemmer misses (Polish
"Polsce" → "Polska", German genitive "Chinas" → "China").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

KINDS = ("pymorphy3", "snowball", "affixes", "substring")
MIN_SNOWBALL_STEM = 4
# Given names are stemmed in groups that start with this many letters (see Adapter.given_name).
GIVEN_NAME_GROUP = 2
# Marks a stem shorter than that, read only as a word of a longer name (SnowballAdapter.phrase_key).
SHORT_STEM = "\x00"
# Text words are cached per adapter: news repeats its words, and a lemma lookup
# costs tens of microseconds where a cache hit costs one.
CACHE_SIZE = 200_000


class MorphologyError(ValueError):
    """A names file asks for an adapter that cannot be built."""


_STRESS = str.maketrans("", "", "\u0300\u0301")


def _fold(word: str) -> str:
    # "ё" is optional in Russian print: "Соединённые" and "Соединенные" are one word;
    # stress marks in learners' texts ("Росси́и") are not part of it either.
    return word.lower().replace("ё", "е").translate(_STRESS)


def _folding(letters: dict) -> dict:
    return str.maketrans({_fold(a): _fold(b) for a, b in letters.items()})


@dataclass
class Adapter:
    """Turns words into keys; see the module docstring for the two sides."""

    rewrites: tuple[tuple[str, str], ...] = ()
    substring: bool = False
    demonym_suffixes: tuple[str, ...] = ()
    """Substring languages: characters that make a name a demonym ("瑞士人" a Swiss, "法语" French)."""
    letters: dict = field(default_factory=dict)
    """Letters written either way, folded to one ("أ" → "ا"), or dropped (Arabic vowel
    marks, which most news leaves out): a spelling habit, not a form."""

    gate: int = 0
    """Letters of a word's start that its keys keep (0: no such promise)."""
    inflected_given_names: bool = False
    """Whether the language inflects given names, so that one is read by its stem too (see ``given_name``)."""

    def __post_init__(self):
        self.keys = functools.lru_cache(maxsize=CACHE_SIZE)(self._keys)
        self._letters = _folding(self.letters)
        self._starts: frozenset[str] | None = None
        self._short_starts = False
        self._given: tuple | None = None

    def expect(self, words) -> None:
        """Tell the adapter the names' words, so it skips text words that start like none of them.

        A lemma or stem keeps the first letters of its word ("Китая" → "китай"),
        so a word whose first ``gate`` letters start no name's word (or key)
        cannot match one, and the costly lookup is skipped: most words of a
        text are such words.
        """
        if self.gate:
            self._starts = frozenset(self.fold(w)[: self.gate] for w in words) | frozenset(
                self.alias_key(w)[: self.gate] for w in words)

    def gate_on(self, keys, letters: int) -> None:
        """Skip text words whose first ``letters`` letters start none of ``keys`` (a town list's)."""
        self.gate = self.gate or letters
        # A short name changes inside its last letters ("Орёл", "Орла"; "Львів", "Львові"):
        # its gate is shorter, down to two letters.
        self._starts = frozenset(key[: min(self.gate, max(2, len(key) - 2))] for key in keys)
        self._short_starts = self.gate > 2

    def fold(self, word: str) -> str:
        """Lower case, with the language's interchangeable letters made one."""
        return _fold(word).translate(self._letters)

    def alias_key(self, word: str) -> str:
        """The key of one word of a name as written in the data file."""
        return self.stem(self.fold(word))

    def citation_key(self, word: str) -> str:
        """The key of a word of a name from a long list (GeoNames' towns); by default ``alias_key``."""
        return self.alias_key(word)

    def phrase_key(self, word: str, key) -> str:
        """The key of a word of a name of several words, ``key`` being how a one-word name's
        word is read (``alias_key`` or ``citation_key``); by default the same."""
        return key(word)

    def _keys(self, word: str) -> frozenset[str]:
        word = self.fold(word)
        if self._starts is not None and word[: self.gate] not in self._starts and not (
                self._short_starts and any(word[:n] in self._starts for n in range(2, self.gate))):
            return frozenset((word,))
        forms = {word}
        for ending, replacement in self.rewrites:
            if word.endswith(ending) and len(word) > len(ending) + 2:
                forms.add(word[: len(word) - len(ending)] + replacement)
        keys: set[str] = set()
        for form in forms:
            keys.update(self.text_keys(form))
        return frozenset(keys)

    def stem(self, word: str) -> str:
        return word

    def given_name(self, word: str, names: frozenset[str]) -> bool:
        """Whether a text word is one of ``names`` (given names): as written, or, in a
        language that inflects them (``inflected_given_names``: Polish "Jerzego", "Karola"), in any form
        its stem reads. Not by the stem in German, whose nouns are capitalised too: "Namen" and "Willen"
        stem as given names do."""
        if word in names:
            return True
        if not self.inflected_given_names:
            return False
        if self._given is None or self._given[0] is not names:
            # Grouped by their first letters, which a stem keeps, on first use (most texts never ask);
            # a group is stemmed when a word that starts like it first asks.
            groups: dict[str, list[str]] = {}
            for name in names:
                groups.setdefault(name[:GIVEN_NAME_GROUP].lower(), []).append(name)
            self._given = (names, groups, {})
        start = word[:GIVEN_NAME_GROUP].lower()
        stems = self._given[2]
        if start not in stems:
            stems[start] = frozenset(map(self._bare_stem, self._given[1].get(start, ())))
        return self._bare_stem(word) in stems[start]

    def _bare_stem(self, word: str) -> str:
        return self.stem(self.fold(word))

    def text_keys(self, word: str):
        """Keys of one (folded, rewritten) text word; by default its stem."""
        return (self.stem(word),)


@dataclass
class PymorphyAdapter(Adapter):
    """Inflected forms from pymorphy3's dictionaries (Russian, Ukrainian).

    When told the names' words (``expect``), it generates every form of each
    ("Київ" → "Києва", "Києві", "Києвом"...) and a text word is then one
    dictionary lookup: no analysis of the text's words at all, and a word
    matches only if it really is a form of the name.  A name's word takes its
    place-name reading where it has one ("Того" is Togo, not the pronoun).
    """

    lang: str = "ru"
    analyzer: object = field(default=None, repr=False)
    guess: bool = True
    """Whether words the dictionary lacks get a guessed paradigm (pymorphy3's predictors,
    the costly part of a lookup); without it such a word matches only as written."""

    def __post_init__(self):
        super().__post_init__()
        import pymorphy3

        try:
            units = None if self.guess else [pymorphy3.units.DictionaryAnalyzer()]
            self.analyzer = pymorphy3.MorphAnalyzer(lang=self.lang, units=units)
        except Exception as exc:  # pymorphy3 raises a bare ValueError/ImportError per missing dictionary
            raise MorphologyError(f"pymorphy3 has no dictionary for {self.lang!r} "
                                  f"(install pymorphy3-dicts-{self.lang}): {exc}") from exc
        self._forms: dict[str, set[str]] | None = None
        self.stem = functools.lru_cache(maxsize=CACHE_SIZE)(self._alias_stem)

    def _name_parse(self, word: str):
        """The reading of a name's word: a nominative (names are written so in the data),
        a place or organisation name first; None if the word has no nominative reading
        ("Розо", Roseau, is only the vocative of "роза"), so it matches only as written."""
        parses = [parse for parse in self.analyzer.parse(word) if "nomn" in parse.tag.grammemes]
        for parse in parses:
            if {"Geox", "Orgn", "Abbr"} & set(parse.tag.grammemes):
                return parse
        return parses[0] if parses else None

    def _alias_stem(self, word: str) -> str:
        parse = self._name_parse(word)
        return _fold(parse.normal_form) if parse else word

    def citation_key(self, word: str) -> str:
        # A town's name is written in the nominative, its own lemma: analysing each of
        # thousands of names (most unknown to the dictionary) would cost seconds.
        return self.fold(word)

    def expect(self, words) -> None:
        forms: dict[str, set[str]] = {}
        for word in set(words):
            key = self.alias_key(word)
            forms.setdefault(self.fold(word), set()).add(key)
            parse = self._name_parse(self.fold(word))
            # A word the dictionary does not know gets a guessed paradigm, often
            # another word's: it matches only as written.
            for form in parse.lexeme if parse and parse.is_known else ():
                forms.setdefault(self.fold(form.word), set()).add(key)
        self._forms = forms

    def given_name(self, word: str, names: frozenset[str]) -> bool:
        # The dictionary marks given names ("Джорджа", "Івана"), inflected, whatever their origin.
        return any("Name" in parse.tag for parse in self.analyzer.parse(self.fold(word)))

    def text_keys(self, word: str):
        if self._forms is not None:
            return {word} | self._forms.get(word, set())
        keys = {_fold(parse.normal_form) for parse in self.analyzer.parse(word)}
        keys.add(word)
        return keys


@dataclass
class SnowballAdapter(Adapter):
    """A Snowball stemmer, the same on both sides."""

    algorithm: str = "english"
    stemmer: object = field(default=None, repr=False)
    gate: int = 4

    def __post_init__(self):
        super().__post_init__()
        import snowballstemmer

        if self.algorithm not in snowballstemmer.algorithms():
            raise MorphologyError(f"no Snowball stemmer {self.algorithm!r} "
                                  f"(known: {', '.join(snowballstemmer.algorithms())})")
        self.stemmer = snowballstemmer.stemmer(self.algorithm)

    def stem(self, word: str) -> str:
        stem = self.stemmer.stemWord(word)
        # A stem of three letters or fewer says too little: Spanish "Malí" and
        # "Malar" both stem to "mal". Such a name matches as written.
        return stem if len(stem) >= MIN_SNOWBALL_STEM else word

    def _bare_stem(self, word: str) -> str:
        # However short: "Jan" and "Jana" meet on "jan".
        return self.stemmer.stemWord(self.fold(word))

    def text_keys(self, word: str):
        stem = self.stemmer.stemWord(word)
        if len(stem) >= MIN_SNOWBALL_STEM:
            return (stem,)
        return (word, SHORT_STEM + stem)

    def phrase_key(self, word: str, key) -> str:
        # Inside a longer name a short stem is enough, the other words being there too:
        # Polish "Nowa Zelandia" is "Nowej Zelandii", "Nowy Jork" "w Nowym Jorku". Marked,
        # so that it never meets a one-word name ("Malí" is not "Malar").
        stem = self.stemmer.stemWord(self.fold(word))
        return key(word) if len(stem) >= MIN_SNOWBALL_STEM else SHORT_STEM + stem


@dataclass
class AffixAdapter(Adapter):
    """Strip a listed prefix and a listed ending, keeping at least ``min_stem`` letters.

    A name's word loses its ``article`` and its longest ending; a text word
    offers every way of stripping one prefix (clitics, alone or with the
    article) and one ending, so "والصين" ("and China") offers "صين", the key
    of "الصين".
    """

    prefixes: tuple[str, ...] = ()
    endings: tuple[str, ...] = ()
    article: tuple[str, ...] = ()
    min_stem: int = 3
    citation_endings: tuple[str, ...] = ()
    """The endings a name has in its citation form (the nominative), stripped from a name's word;
    empty: ``endings``. A name's "-ам" is no ending ("Амстэрдам"), as a text word's may be."""

    def __post_init__(self):
        super().__post_init__()
        self.prefixes = tuple(sorted({self.fold(p) for p in self.prefixes}, key=len, reverse=True))
        self.endings = tuple(sorted({self.fold(e) for e in self.endings}, key=len, reverse=True))
        self.article = tuple(sorted({self.fold(a) for a in self.article}, key=len, reverse=True))
        self.citation_endings = tuple(sorted({self.fold(e) for e in self.citation_endings}, key=len,
                                             reverse=True)) or self.endings

    def stem(self, word: str) -> str:
        # A name is written in the data file in its citation form: it may carry the
        # article ("الصين") but no conjunction or preposition ("بريطانيا" keeps its "ب").
        word = next((word[len(a):] for a in self.article
                     if word.startswith(a) and len(word) - len(a) >= self.min_stem), word)
        return next((word[: len(word) - len(e)] for e in self.citation_endings
                     if word.endswith(e) and len(word) - len(e) >= self.min_stem), word)

    def text_keys(self, word: str):
        keys = set()
        for prefix in ("",) + self.prefixes:
            if not word.startswith(prefix) or len(word) - len(prefix) < self.min_stem:
                continue
            base = word[len(prefix):]
            keys.add(base)
            keys.add(self.stem(base))  # as a name's word would be read ("الماني" → "ماني")
            keys.update(base[: len(base) - len(e)] for e in self.endings
                        if base.endswith(e) and len(base) - len(e) >= self.min_stem)
        return keys or {word}


def build_adapter(spec: object, where: str) -> Adapter:
    """Build the adapter a names file's ``morphology`` mapping describes."""
    if not isinstance(spec, dict) or spec.get("kind") not in KINDS:
        raise MorphologyError(f"{where}: morphology needs a 'kind', one of {', '.join(KINDS)}")
    rewrites = spec.get("rewrites") or []
    if not all(isinstance(pair, list) and len(pair) == 2 and all(isinstance(s, str) for s in pair)
               for pair in rewrites):
        raise MorphologyError(f"{where}: morphology rewrites must be [ending, replacement] pairs")
    letters = spec.get("letters") or {}
    if not isinstance(letters, dict) or not all(isinstance(k, str) and isinstance(v, str) and len(k) == 1
                                                 for k, v in letters.items()):
        raise MorphologyError(f"{where}: morphology letters must map one letter to its usual form "
                              "(or to '' to drop it)")
    folding = _folding(letters)
    rewrites = tuple((_fold(a).translate(folding), _fold(b).translate(folding)) for a, b in rewrites)
    common = {"rewrites": rewrites, "letters": letters,
              "inflected_given_names": bool(spec.get("inflected_given_names", False))}
    kind = spec["kind"]
    if kind == "pymorphy3":
        return PymorphyAdapter(**common, lang=str(spec.get("lang", "ru")), guess=bool(spec.get("guess", True)))
    if kind == "snowball":
        return SnowballAdapter(**common, algorithm=str(spec.get("algorithm", "")))
    if kind == "affixes":
        return AffixAdapter(**common, prefixes=tuple(spec.get("prefixes") or ()),
                            endings=tuple(spec.get("endings") or ()), article=tuple(spec.get("article") or ()),
                            min_stem=int(spec.get("min_stem", 3)),
                            citation_endings=tuple(spec.get("citation_endings") or ()))
    return Adapter(**common, substring=True, demonym_suffixes=tuple(spec.get("demonym_suffixes") or ()))
