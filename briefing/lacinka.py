"""Belarusian written in Łacinka, the Latin alphabet: "Ŭrad Biełarusi i Polščy", read as Cyrillic.

Łacinka is a letter-for-letter spelling of Belarusian Cyrillic (the classical
rules, as in Taraškievič's grammar and the 2007 romanisation), so reading it
back gives the words the Belarusian names file and morphology know: "Polščy"
is "Польшчы", "Biełaruś" "Беларусь", "u Varšavie" "у Варшаве".  A detector
takes such text for Slovak, Croatian or Polish, whose names files have
neither "Polšča" nor "Biełaruś".

The letters that tell it: "ŭ" (the Belarusian short u, which no other language
of the detector writes but Esperanto) beside a háček or "ł"; Esperanto's own
letters (ĉ, ĝ, ĥ, ĵ, ŝ) say it is not Łacinka.
"""

from __future__ import annotations

import re

# A text is Łacinka when it has "ŭ", a letter of Łacinka's háček or "ł" set, and none of Esperanto's.
_SHORT_U = re.compile("[ŭŬ]")
_LACINKA_LETTERS = re.compile("[čšžłČŠŽŁ]")
_ESPERANTO = re.compile("[ĉĝĥĵŝĈĜĤĴŜ]")
SAMPLE_CHARS = 2000

_VOWELS = "aeiouy"
# After a consonant, "i" before a vowel only softens it: "ia" is "я", "ie" "е" ("Biełaruś").
_SOFT_VOWELS = {"a": "я", "e": "е", "o": "ё", "u": "ю"}
_HARD_VOWELS = {"a": "а", "e": "э", "o": "о", "u": "у", "y": "ы", "i": "і"}
_CONSONANTS = {
    "b": "б", "c": "ц", "ć": "ць", "č": "ч", "d": "д", "f": "ф", "g": "ґ", "h": "г", "k": "к",
    "ł": "л", "m": "м", "n": "н", "ń": "нь", "p": "п", "r": "р", "s": "с", "ś": "сь", "š": "ш",
    "t": "т", "v": "в", "z": "з", "ź": "зь", "ž": "ж", "ŭ": "ў", "w": "в", "x": "кс", "q": "к",
}
_WORD = re.compile(r"[^\W\d_]+")


def is_lacinka(text: str) -> bool:
    """Whether ``text`` (its start) is Belarusian in Łacinka."""
    sample = text[:SAMPLE_CHARS]
    return bool(_SHORT_U.search(sample) and _LACINKA_LETTERS.search(sample) and not _ESPERANTO.search(sample))


def to_cyrillic(text: str) -> str:
    """``text`` with its Łacinka words spelt in Belarusian Cyrillic, the rest as it is, of the same
    letter case word by word ("Polščy" → "Польшчы", "ŬRAD" → "ЎРАД")."""
    return _WORD.sub(lambda found: _word(found.group()), text)


def _word(word: str) -> str:
    lower = word.lower()
    if not any(char in _CONSONANTS or char in _VOWELS or char == "j" or char == "l" for char in lower):
        return word  # not a Latin word (a Cyrillic or Chinese one): as it is
    out: list[str] = []
    i = 0
    while i < len(lower):
        char, rest = lower[i], lower[i + 1:]
        after_consonant = i > 0 and lower[i - 1] not in _VOWELS and lower[i - 1] not in "ŭj"
        if char == "c" and rest[:1] == "h":
            out.append("х")
            i += 2
            continue
        if char == "j" and rest[:1] in _SOFT_VOWELS and rest[:1]:
            # "ja", "je" at a word's start or after a vowel; after a consonant with an apostrophe ("premjer").
            out.append(("'" if after_consonant else "") + _SOFT_VOWELS[rest[0]])
            i += 2
            continue
        if char == "j":
            out.append("й")
        elif char == "i" and after_consonant and rest[:1] in _SOFT_VOWELS and rest[:1]:
            out.append(_SOFT_VOWELS[rest[0]])  # "Biełaruś": the "i" softens, the vowel is "е"
            i += 2
            continue
        elif char == "l":
            # Łacinka's "l" is soft ("ль"), its "ł" hard ("л"); before a vowel the softness is the vowel's.
            if rest[:1] in _SOFT_VOWELS and rest[:1]:
                out.append("л" + _SOFT_VOWELS[rest[0]])
                i += 2
                continue
            out.append("л" if rest[:1] == "i" else "ль")
        elif char in _HARD_VOWELS:
            out.append(_HARD_VOWELS[char])
        elif char in _CONSONANTS:
            out.append(_CONSONANTS[char])
        else:
            out.append(char)
        i += 1
    cyrillic = "".join(out)
    if word.isupper() and len(word) > 1:
        return cyrillic.upper()
    return cyrillic[:1].upper() + cyrillic[1:] if word[:1].isupper() else cyrillic
