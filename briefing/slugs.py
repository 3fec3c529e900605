"""The slug (the last part of a briefing's address) ingest and ``briefing new`` give a new briefing.

A headline in a script with vowels written as letters (Latin, Cyrillic, Greek...)
is transliterated with unidecode, as Pelican's own slugs are: "Лукашенко
встретился с Путиным" becomes ``lukashenko-vstretilsia-s-putinym``, and a Chinese
one gets its pinyin, syllable by syllable (``zhong-guo-yu-bai-e-luo-si``).

Two kinds of script stay as they are written, because no transliteration of
them can be read back:

* scripts that leave short vowels out (Arabic, Hebrew, Syriac, Thaana, N'Ko):
  unidecode turns "الصين وبيلاروسيا" into ``lsyn-wbylrwsy``;
* Japanese (kana with kanji): unidecode reads the kanji as Chinese and runs the
  kana together (``ri-ben-tohuiripingaxie``).

Pelican, Pagefind and the feeds handle such an address (the feeds carry it
percent-encoded, as URIs must be; browsers show it as written). A slug already
written in a briefing's front matter is never changed here: this only names
new briefings.
"""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_CHARS = 80
MAX_SLUG_BYTES = 200
"""A file or folder name holds at most 255 bytes; a Chinese or Arabic character takes 2 to 4."""
APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc`]")
KEPT_SCRIPTS = ("ARABIC", "HEBREW", "SYRIAC", "THAANA", "NKO")
"""Unicode character-name prefixes of the scripts kept as written (see the module docstring)."""
KANA = ("HIRAGANA", "KATAKANA")
NOT_A_SLUG_CHARACTER = re.compile(r"[\W_]+")
FALLBACK = "briefing"


def slugify(title: str) -> str:
    """A URL slug from a title: lower case and hyphens, at most 80 characters (see the module docstring)."""
    title = unicodedata.normalize("NFC", title)
    slug = native_slug(title) if keeps_script(title) else ascii_slug(title)
    return cut(slug) or FALLBACK


def keeps_script(title: str) -> bool:
    """Whether most of the title's letters are in a script kept as written (Japanese counts its kanji too)."""
    names = [unicodedata.name(character, "") for character in title if character.isalpha()]
    if not names:
        return False
    japanese = any(name.startswith(KANA) for name in names)
    kept = sum(name.startswith(KEPT_SCRIPTS) or (japanese and name.startswith(KANA + ("CJK",))) for name in names)
    return kept * 2 > len(names)


def ascii_slug(title: str) -> str:
    """Transliterated with unidecode; apostrophes join their word ("NATO’s" -> "natos")."""
    from unidecode import unidecode

    # Twice: unidecode writes the Ukrainian and Belarusian soft sign as "'" (Зеленський -> Zelens'kii).
    ascii_title = APOSTROPHES.sub("", unidecode(APOSTROPHES.sub("", title)))
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def native_slug(title: str) -> str:
    """The title's own words, lower case, joined by hyphens; vowel marks and joiners dropped, as URLs leave them out."""
    letters = "".join(character for character in APOSTROPHES.sub("", title)
                      if unicodedata.category(character) not in ("Mn", "Cf"))
    return NOT_A_SLUG_CHARACTER.sub("-", letters.lower()).strip("-")


def cut(slug: str) -> str:
    """``slug`` cut at a hyphen to :data:`MAX_SLUG_CHARS` characters and :data:`MAX_SLUG_BYTES` UTF-8 bytes."""
    if len(slug) <= MAX_SLUG_CHARS and len(slug.encode("utf-8")) <= MAX_SLUG_BYTES:
        return slug
    short = slug[:MAX_SLUG_CHARS]
    while len(short.encode("utf-8")) > MAX_SLUG_BYTES:
        short = short[:-1]
    # At the last hyphen, unless that throws most of it away (a script written without spaces).
    head = short.rsplit("-", 1)[0]
    return (head if len(head) * 2 > len(short) else short).strip("-")
