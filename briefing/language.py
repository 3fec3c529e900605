"""Which language an article is written in (ISO 639-1), and that language's name.

Detection uses py3langid (the langid.py model, 97 languages, shipped inside
the package): it told every one of the 1,553 development documents in nine
languages, and their English sides, correctly but one, at about 3,000 texts a
second.  A language stated by the source (a page's ``<html lang>``) is taken
when it agrees with the text's script; the text decides otherwise, since pages
often keep a site-wide ``lang`` whatever the article is in.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from briefing.lacinka import is_lacinka

# Enough text to tell the language; more only costs time.
DETECT_CHARS = 1500
# Plain ASCII this long is not Polish, German, French or Spanish (see tagging_language).
ASCII_IS_ENGLISH_CHARS = 400
# langid labels without an ISO 639-1 code, mapped to the macro-language they
# are written as on news sites (a Shanghainese label on Mandarin text).
_MACRO = {"wuu": "zh", "yue": "zh", "cmn": "zh", "zh-hans": "zh", "zh-hant": "zh"}
_CODE = re.compile(r"^[a-z]{2}$")


SHORT_TEXT_LETTERS = 100
"""Below this many letters a text is too short to overrule a stated language of the same script: on the
dev set's titles cut short, the detector was sure (at least :data:`MIN_CONFIDENCE`) and wrong 49 times in
32,000 prefixes of 2 to 80 characters ("Indonésie" 0.63 Javanese, "Арнольд Шварцэнэгер," 0.85 Mongolian,
a Russian headline's first 60 characters 0.66 Bulgarian), and never in those of 80 to 120."""

MIN_CONFIDENCE = 0.6
"""A detected language is recorded only this sure (py3langid's length-calibrated probability, summed
over the labels of one ISO code). On the 1,553 development documents' titles alone, as short as texts
get, every wrong guess scored below it (a Russian "Саммит ШОС." is 0.2 Tajik, a Ukrainian "Саміт
НАТО" 0.54 Belarusian) and 97% of the right ones above; every whole text scored above it."""


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # loads its model (0.7 s) on first use only

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _classify(sample: str) -> tuple[str | None, float]:
    """The most likely ISO 639-1 code of ``sample`` and its probability (a Chinese text's Mandarin,
    Wu and Cantonese labels count as one ``zh``)."""
    identifier, codes = _identifier(), _label_codes()
    label, probability = identifier.classify(sample)
    if probability > 0.5 and codes[label] not in _shared_codes():
        return codes[label], probability  # the common case, without ranking every label
    merged: dict[str | None, float] = {}
    for label, probability in identifier.rank(sample):
        merged[codes[label]] = merged.get(codes[label], 0.0) + probability
    return max(merged.items(), key=lambda item: item[1])


@functools.lru_cache(maxsize=1)
def _label_codes() -> dict[str, str | None]:
    """The ISO 639-1 code of each of the model's labels, worked out once (it was a tenth of tagging time)."""
    return {label: normalise_code(label) for label in _identifier().labels}


@functools.lru_cache(maxsize=1)
def _shared_codes() -> frozenset:
    """Codes more than one label is read as (``zh``: Mandarin, Wu, Cantonese), whose probabilities add up."""
    seen = list(_label_codes().values())
    return frozenset(code for code in seen if seen.count(code) > 1)


def normalise_code(code: object) -> str | None:
    """An ISO 639-1 code from a stated language ("ru-RU", "zh_Hans", "RU"), or None."""
    if not isinstance(code, str):
        return None
    code = code.strip().lower().replace("_", "-")
    if code in _MACRO:
        return _MACRO[code]
    primary = code.split("-", 1)[0]
    primary = _MACRO.get(primary, primary)
    return primary if _CODE.match(primary) else None


def detect_language(title: str, text: str, stated: str | None = None) -> str | None:
    """The ISO 639-1 code of the article's language: detected if the detector is sure, else ``stated``, else None.

    ``stated`` (a page's own ``lang``, a feed's or a seed header's) wins when detection
    agrees or is not sure (:data:`MIN_CONFIDENCE`); a page declaring ``en`` over a
    Russian text is Russian. QA trial: a three-word Ukrainian headline was recorded as
    Belarusian; with nothing stated, a text that short now records no language. A text
    shorter than :data:`SHORT_TEXT_LETTERS` keeps the stated language whatever the detector
    says, if most of its letters are in that language's script (QA trial: a one-word French
    "Indonésie" was recorded as Javanese); a stated language none of whose letters the text
    writes is never recorded.
    """
    stated = normalise_code(stated)
    sample = f"{title or ''}\n{text or ''}"
    if _lacinka(sample):
        return "be"
    code, confidence = guess_language_with_confidence(title, text)
    share = _share_in_script(sample, script_of_language(stated)) if stated else 0.0
    if share == 0.0:
        stated = None  # a French page's "Минск" is not French, however unsure the detector
    if code is None or code == stated or confidence < MIN_CONFIDENCE:
        return stated
    if share >= 0.5 and _letters(sample, SHORT_TEXT_LETTERS) < SHORT_TEXT_LETTERS:
        return stated
    return code


def _lacinka(sample: str) -> bool:
    """Whether the text is Belarusian in Łacinka, which the detector takes for Polish, Slovak or Croatian
    (QA trial: such an article was recorded as Polish): its own letters, in a mostly Latin text."""
    return not sample.isascii() and is_lacinka(sample) and _share_in_script(sample, "LATIN") >= 0.5


def _share_in_script(text: str, script: str | None) -> float:
    """The share of the first letters of ``text`` written in ``script`` (1 for a text without letters,
    or a language whose script CLDR does not know, which nothing contradicts)."""
    letters = [char for char in text[:DETECT_CHARS] if char.isalpha()]
    if not letters or script is None:
        return 1.0
    return sum(script_of(char) == script for char in letters) / len(letters)


def _letters(text: str, enough: int) -> int:
    """How many letters ``text`` has, counting no further than ``enough``."""
    count = 0
    for char in text:
        if char.isalpha():
            count += 1
            if count >= enough:
                break
    return count


def script_of(char: str) -> str:
    """The Unicode script a letter belongs to, from its name: "CYRILLIC", "CJK", "LATIN"..."""
    return unicodedata.name(char, "?").split(" ", 1)[0]


@functools.lru_cache(maxsize=256)
def script_of_language(code: str) -> str | None:
    """The script a language writes its own name in, from CLDR through Babel ("ru": "русский",
    "CYRILLIC"; "uz": "o‘zbek", "LATIN"); None for a language CLDR does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        own_name = Locale.parse(code).get_display_name(code) or ""
    except (UnknownLocaleError, ValueError):
        return None
    letters = [char for char in own_name if char.isalpha()]
    return script_of(letters[0]) if letters else None


def guess_language_with_confidence(title: str, text: str) -> tuple[str | None, float]:
    """The most likely ISO 639-1 code of the article, however unsure, and its probability ((None, 0) without words)."""
    sample = f"{title or ''}\n{text or ''}"[:DETECT_CHARS]
    if not re.search(r"\w", sample):
        return None, 0.0
    return _classify(sample)


@functools.lru_cache(maxsize=256)
def language_name(code: str) -> str:
    """The language's English name ("ru" → "Russian"), from CLDR through Babel; the code if unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale("en").languages.get(code) or code
    except (UnknownLocaleError, ValueError):
        return code


@functools.lru_cache(maxsize=256)
def is_right_to_left(code: str) -> bool:
    """Whether the language is written right to left (Arabic, Hebrew, Persian, Urdu...), from CLDR through Babel."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code).character_order == "right-to-left"
    except (UnknownLocaleError, ValueError):
        return False


def tagging_language(title: str, text: str) -> str | None:
    """The language whose names the tagger should add, detected only where it can matter.

    Every language with a names file writes letters outside ASCII (Cyrillic,
    Chinese, Arabic; Polish, German, French and Spanish accents) many times
    in a few hundred characters, so a text that long in plain ASCII is tagged
    by the English rules alone (None) without running the detector: that
    keeps English tagging at its old speed.  A shorter text is detected (a
    Spanish sentence may have no accent).
    """
    sample = f"{title or ''}\n{(text or '')[:DETECT_CHARS]}"
    if len(sample) >= ASCII_IS_ENGLISH_CHARS and sample.isascii():
        return None
    if _lacinka(sample):
        return "be"
    # A guess in the right script still finds names (a short Russian headline taken for Tajik is
    # read as Russian, see nearest_language), so tagging takes the detector's best label, unweighed.
    sample = f"{title or ''}\n{(text or '')[:DETECT_CHARS]}"
    if not re.search(r"\w", sample):
        return None
    return _label_codes()[_identifier().classify(sample)[0]]


def nearest_language(title: str, text: str, languages) -> str | None:
    """Of ``languages``, the one the text is most likely written in, or None.

    For a text detected as a language without a names file: a short Russian
    headline ("Саммит ШОС.") may be taken for Tajik, a Russian sentence for
    Macedonian; the tagger then reads it with the nearest language it has
    names for, which shares the script and most of the names.
    """
    sample = f"{title or ''}\n{text or ''}"[:DETECT_CHARS]
    for code, _ in _identifier().rank(sample):
        if (code := normalise_code(code)) in languages:
            return code
    return None
