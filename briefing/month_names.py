"""Dates written in other languages: "8 июля 2024", "8. Juli 2024", "8 de julio de 2024",
"8 يوليو/تموز 2024", "2024年7月8日".

Month names come from CLDR through Babel, in every form a date uses (the
genitive "июля", "lipca", "ліпеня" of the format context, the nominative of the
stand-alone one, abbreviations), for the languages the tagger knows, plus the
Levantine Arabic months (تموز) that Syrian, Lebanese and Iraqi outlets write.
A name two languages give different months is left out.  ``briefing.text``
adds these patterns to its own, so ingest's ``date`` and the key facts find
them alike.
"""

from __future__ import annotations

import re

from babel import Locale

# CLDR locales whose month names are read (ar_SY: the Levantine names).
LOCALES = ("ru", "uk", "be", "pl", "de", "fr", "es", "ar", "ar_SY")
# Abbreviations shorter than this are too easily other words.
MIN_NAME = 3


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    clashes: set[str] = set()
    for code in LOCALES:
        months = Locale.parse(code).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    name = name.lower().rstrip(".")
                    if len(name) < MIN_NAME:
                        continue
                    if names.setdefault(name, number) != number:
                        clashes.add(name)
    return {name: number for name, number in names.items() if name not in clashes}


LOCAL_MONTHS = _month_names()
_NAMES = "|".join(re.escape(name) for name in sorted(LOCAL_MONTHS, key=len, reverse=True))
LOCAL_DATE_PATTERNS = [
    # 8 июля 2024 (года) / 8. Juli 2024 / 1er juillet 2024 / 8 de julio de 2024 / 8 يوليو/تموز 2024
    re.compile(
        r"(?<!\d)(?P<day>[0-3]?\d)(?:er|\.)?\s+(?:de\s+)?(?P<month>" + _NAMES + r")\.?"
        r"(?:\s*/\s*(?:" + _NAMES + r"))?,?\s+(?:de\s+|del\s+)?(?P<year>\d{4})(?!\d)",
        re.IGNORECASE,
    ),
    # 2024年7月8日, 2024 年 7 月 8 日
    re.compile(r"(?<!\d)(?P<year>\d{4})\s*年\s*(?P<mnum>[01]?\d)\s*月\s*(?P<day>[0-3]?\d)\s*[日号]"),
]
